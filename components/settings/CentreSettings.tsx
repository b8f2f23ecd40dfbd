import { useState } from 'preact/hooks';
import { centreText, localized, statusTime, type CentreText } from '@/components/shared/centre-text';
import type { CentreStatus } from '@/knowledge/centre/centre-status';
import { failureMessage } from '@/knowledge/centre/clickhouse-failure';
import type { ClickHouseConnection } from '@/knowledge/centre/clickhouse-http';
import type { SubscriptionState } from '@/knowledge/centre/library-subscription';
import { uploadHealth } from '@/knowledge/centre/upload-status';
import type { ManagedKey, SettingsProblem } from '@/knowledge/settings/managed-settings';
import type { AgentSettings, Locale, SettingsPatch } from '@/knowledge/settings/settings';

export interface CentreSettingsProps {
  locale: Locale;
  settings: AgentSettings;
  locked: readonly ManagedKey[];
  problems: readonly SettingsProblem[];
  centre: CentreStatus;
  taxonomySubscription: SubscriptionState | null;
  ungrantedCentreHosts: readonly string[];
  onSave: (patch: SettingsPatch) => Promise<void>;
  onGrantCentreHost: (pattern: string) => Promise<boolean>;
  onUploadNow: () => Promise<void>;
}

/** IT's policy: which settings it locks, and which of its values could not be used. */
export function PolicyNotice(props: Pick<CentreSettingsProps, 'locale' | 'locked' | 'problems'>) {
  const t = centreText(props.locale);
  if (props.locked.length === 0 && props.problems.length === 0) return null;
  const fromPolicy = props.problems.filter((found) => found.from === 'policy');
  const stored = props.problems.filter((found) => found.from === 'stored');
  return (
    <section aria-labelledby="policy-title" data-section="policy" data-locked={props.locked.join(' ')}>
      <h2 id="policy-title">{t.policyTitle}</h2>
      {props.locked.length > 0 && <p>{t.policyLocked(props.locked.map((key) => t.settingNames[key]).join('、'))}</p>}
      {[
        [t.policyProblems, fromPolicy],
        [t.storedProblems, stored],
      ].map(([title, list]) =>
        (list as SettingsProblem[]).length === 0 ? null : (
          <div key={title as string} role="alert" class="iceberg-settings-error">
            {title as string}
            <ul>
              {(list as SettingsProblem[]).map((found) => (
                <li key={`${found.from}:${found.key}`} data-problem-key={found.key}>
                  <code>{found.key}</code>: {found.message}
                </li>
              ))}
            </ul>
          </div>
        ),
      )}
    </section>
  );
}

function SubscriptionLine({ label, state, t, locale }: { label: string; state: SubscriptionState | null; t: CentreText; locale: Locale }) {
  if (!state) return null;
  return (
    <div data-subscription={state.url}>
      <p>
        {label}: <code>{state.url}</code> · {state.checkedAt ? `${t.checkedAt} ${statusTime(state.checkedAt, locale)}` : t.notChecked}
        {state.appliedAt && ` · ${state.name ?? ''} v${state.version ?? ''} ${t.appliedAt} ${statusTime(state.appliedAt, locale)}`}
      </p>
      {state.trouble && (
        <p role="alert" class="iceberg-settings-error" data-subscription-trouble={state.trouble.why}>
          {localized(state.trouble.message, locale)} ({state.trouble.detail})
        </p>
      )}
    </div>
  );
}

/** Where clicks go and where the library comes from: status for everyone, the addresses for whoever sets them up. */
export function CentreSettings(props: CentreSettingsProps) {
  const t = centreText(props.locale);
  const { centre, locale } = props;
  const status = centre.upload.status;
  const health = uploadHealth(status, centre.upload.configured);
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="centre-title" data-section="centre">
      <h2 id="centre-title">{t.centreTitle}</h2>
      <p class="iceberg-help">{t.centreHelp}</p>

      <div data-upload-health={health} data-upload-pending={status.pending}>
        <p>
          {health === 'off' ? t.uploadOff : health === 'up-to-date' ? t.uploadUpToDate : health === 'waiting' ? t.uploadWaiting(status.pending) : t.uploadRetrying}
        </p>
        {centre.upload.configured && (
          <dl class="iceberg-storage">
            <dt>{t.pending}</dt>
            <dd>{status.pending}</dd>
            <dt>{t.uploaded}</dt>
            <dd>{status.uploaded}</dd>
            <dt>{t.lastSuccess}</dt>
            <dd>{status.lastSuccessAt ? statusTime(status.lastSuccessAt, locale) : t.never}</dd>
            {status.lastError && (
              <>
                <dt>{t.lastError}</dt>
                <dd>
                  <span role="alert" class="iceberg-settings-error" data-upload-error={status.lastError.kind}>
                    {localized(failureMessage(status.lastError), locale)} ({status.lastError.detail}, {statusTime(status.lastError.at, locale)})
                  </span>
                </dd>
              </>
            )}
            {status.retryAfter && (
              <>
                <dt>{t.nextAttempt}</dt>
                <dd>{statusTime(status.retryAfter, locale)}</dd>
              </>
            )}
          </dl>
        )}
        {centre.upload.configured && status.pending > 0 && (
          <button type="button" data-action="upload-now" disabled={busy} onClick={() => void act(props.onUploadNow)}>
            {t.uploadNow}
          </button>
        )}
      </div>
      {props.ungrantedCentreHosts.map((pattern) => (
        <p key={pattern} class="iceberg-settings-error" data-ungranted-host={pattern}>
          {t.needsAccess(pattern)}{' '}
          <button type="button" disabled={busy} onClick={() => void act(() => props.onGrantCentreHost(pattern))}>
            {t.allowAccess}
          </button>
        </p>
      ))}
      <SubscriptionLine label={t.taxonomy} state={props.taxonomySubscription} t={t} locale={locale} />
      <SubscriptionLine label={t.library} state={centre.library.subscription} t={t} locale={locale} />

      <CentreAddresses {...props} t={t} />
    </section>
  );
}

type ConnectionDraft = { url: string; user: string; key: string };

const draftOf = (connection: ClickHouseConnection | undefined): ConnectionDraft => ({ url: connection?.url ?? '', user: connection?.user ?? '', key: '' });

/** A connection as typed: empty address = none; an empty password keeps the stored one. */
function connectionOf<T extends ClickHouseConnection>(draft: ConnectionDraft, current: T | undefined): Partial<T> | undefined {
  if (!draft.url.trim()) return undefined;
  return { ...current, url: draft.url.trim(), user: draft.user.trim(), key: draft.key || current?.key || '' } as Partial<T>;
}

/** The addresses and users, editable unless IT's policy sets them. Passwords are never shown. */
function CentreAddresses(props: CentreSettingsProps & { t: CentreText }) {
  const { t, settings, locked } = props;
  const [libraryUrl, setLibraryUrl] = useState(settings.libraryUrl ?? '');
  const [taxonomyUrl, setTaxonomyUrl] = useState(settings.taxonomyUrl ?? '');
  const [upload, setUpload] = useState(draftOf(settings.upload));
  const [table, setTable] = useState(settings.upload?.table ?? 'click_events');
  const [reports, setReports] = useState(draftOf(settings.centreReports));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const isLocked = (key: ManagedKey) => locked.includes(key);
  const every: ManagedKey[] = ['libraryUrl', 'taxonomyUrl', 'upload', 'centreReports'];
  if (every.every(isLocked)) return null;

  const save = async (event: Event) => {
    event.preventDefault();
    const uploadTarget = connectionOf(upload, settings.upload);
    const patch = {
      ...(isLocked('libraryUrl') ? {} : { libraryUrl: libraryUrl.trim() || undefined }),
      ...(isLocked('taxonomyUrl') ? {} : { taxonomyUrl: taxonomyUrl.trim() || undefined }),
      ...(isLocked('upload') ? {} : { upload: uploadTarget && { ...uploadTarget, table: table.trim() || 'click_events' } }),
      ...(isLocked('centreReports') ? {} : { centreReports: connectionOf(reports, settings.centreReports) }),
    } as SettingsPatch;
    try {
      await props.onSave(patch);
      setMessage({ kind: 'ok', text: '✓' });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };
  const field = (id: string, label: string, value: string, onInput: (value: string) => void, key: ManagedKey, type: 'text' | 'url' | 'password' = 'text', placeholder?: string) => {
    const attributes = {
      id,
      value,
      disabled: isLocked(key),
      title: isLocked(key) ? t.lockedByPolicy : undefined,
      placeholder,
      autocomplete: 'off',
      onInput: (event: Event) => onInput((event.target as HTMLInputElement).value),
    };
    return (
      <label for={id}>
        {label}
        {type === 'password' ? <input type="password" {...attributes} /> : type === 'url' ? <input type="url" {...attributes} /> : <input type="text" {...attributes} />}
      </label>
    );
  };
  const keyHint = (connection: ClickHouseConnection | undefined) => (connection?.key ? t.keySet : undefined);
  return (
    <form onSubmit={(event) => void save(event)} data-centre-form>
      {field('centre-library-url', t.libraryUrl, libraryUrl, setLibraryUrl, 'libraryUrl', 'url')}
      {field('centre-taxonomy-url', t.taxonomyUrl, taxonomyUrl, setTaxonomyUrl, 'taxonomyUrl', 'url')}
      {field('centre-upload-url', t.uploadUrl, upload.url, (url) => setUpload({ ...upload, url }), 'upload', 'url')}
      {field('centre-upload-user', t.uploadUser, upload.user, (user) => setUpload({ ...upload, user }), 'upload')}
      {field('centre-upload-key', t.uploadKey, upload.key, (key) => setUpload({ ...upload, key }), 'upload', 'password', keyHint(settings.upload))}
      {field('centre-upload-table', t.uploadTable, table, setTable, 'upload')}
      {field('centre-reports-url', t.reportsUrl, reports.url, (url) => setReports({ ...reports, url }), 'centreReports', 'url')}
      {field('centre-reports-user', t.reportsUser, reports.user, (user) => setReports({ ...reports, user }), 'centreReports')}
      {field('centre-reports-key', t.reportsKey, reports.key, (key) => setReports({ ...reports, key }), 'centreReports', 'password', keyHint(settings.centreReports))}
      <button type="submit" data-action="save-centre">
        {t.save}
      </button>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} class={`iceberg-settings-${message.kind}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
