import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { centreText } from '@/components/shared/centre-text';
import type { ManagedKey } from '@/knowledge/settings/managed-settings';
import { settingsText } from './settings-text';
import type { AgentSettings, Locale } from '@/knowledge/settings/settings';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import type { WorkOrderRulePreview } from '@/knowledge/work-orders/work-order-reference';
import { CrmSiteEditor } from './CrmSiteEditor';
import type { StorageEstimate } from '@/storage/database/storage-status';

export interface SettingsFormProps {
  settings: AgentSettings;
  /** Keys IT's policy sets: shown, not editable. */
  locked?: readonly ManagedKey[];
  /** First on the page: what IT's policy locks. */
  policy?: ComponentChildren;
  /** After the sites: the centre (uploads, published library). */
  centre?: ComponentChildren;
  /** Match patterns the browser has granted; a configured site without a grant shows no sidebar. */
  granted: string[];
  storage: StorageEstimate;
  onSave: (patch: Partial<AgentSettings>) => Promise<void>;
  /** Asks the browser for the host permission (needs the click's user gesture). */
  onGrant: (pattern: string) => Promise<boolean>;
  /** The shipped escalation words, shown until the lead edits them. */
  defaultSensitiveWords: readonly string[];
  /** What a work-order rule finds now on an open tab of its site. */
  onPreview: (pattern: string, rule: WorkOrderRule) => Promise<WorkOrderRulePreview>;
}


/** The agent's settings page: who I am, which CRMs, which language. */
export function SettingsForm(props: SettingsFormProps) {
  const [agentId, setAgentId] = useState(props.settings.agentId);
  const [words, setWords] = useState((props.settings.sensitiveWords ?? props.defaultSensitiveWords).join('、'));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const locale = props.settings.locale;
  const t = settingsText(locale);
  const isLocked = (key: ManagedKey) => props.locked?.includes(key) ?? false;
  const lockedTitle = centreText(locale).lockedByPolicy;

  const save = async (patch: Partial<AgentSettings>) => {
    try {
      await props.onSave(patch);
      setMessage({ kind: 'ok', text: t.saved });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <main class="iceberg-settings" lang={locale}>
      <h1>{t.title}</h1>
      <p>
        <a href="library.html">{t.library}</a>
      </p>
      <p>
        <a href="dashboard.html">{t.dashboard}</a>
      </p>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} class={`iceberg-settings-${message.kind}`}>
          {message.text}
        </p>
      )}
      {props.policy}
      <section>
        <label for="agent-id">{t.agent}</label>
        <input id="agent-id" value={agentId} maxLength={64} onInput={(e) => setAgentId((e.target as HTMLInputElement).value)} />
        <button type="button" onClick={() => void save({ agentId: agentId.trim() })}>
          {t.save}
        </button>
        <p class="iceberg-help">{t.agentHelp}</p>
      </section>
      <section>
        <label for="locale">{t.language}</label>
        <select
          id="locale"
          value={locale}
          disabled={isLocked('locale')}
          title={isLocked('locale') ? lockedTitle : undefined}
          onChange={(e) => void save({ locale: (e.target as HTMLSelectElement).value as Locale })}
        >
          <option value="zh-CN">简体中文</option>
          <option value="en">English</option>
        </select>
      </section>
      {/* Locked sites can still be granted (the browser asks each agent) and tried, not edited. */}
      <CrmSiteEditor
        locale={locale}
        sites={props.settings.crmSites}
        granted={props.granted}
        locked={isLocked('crmSites')}
        onSaveSites={(crmSites) => save({ crmSites })}
        onGrant={props.onGrant}
        onPreview={props.onPreview}
      />
      {props.centre}
      <section>
        <label for="sensitive-words">{t.sensitiveWords}</label>
        <textarea
          id="sensitive-words"
          rows={3}
          value={words}
          disabled={isLocked('sensitiveWords')}
          title={isLocked('sensitiveWords') ? lockedTitle : undefined}
          onInput={(e) => setWords((e.target as HTMLTextAreaElement).value)}
        />
        <p class="iceberg-help">{t.sensitiveHelp}</p>
        <button type="button" data-action="save-words" disabled={isLocked('sensitiveWords')} onClick={() => void save({ sensitiveWords: splitWords(words) })}>
          {t.save}
        </button>{' '}
        <button
          type="button"
          disabled={isLocked('sensitiveWords')}
          onClick={() => {
            setWords(props.defaultSensitiveWords.join('、'));
            void save({ sensitiveWords: [...props.defaultSensitiveWords] });
          }}
        >
          {t.restoreWords}
        </button>
      </section>
      <section>
        <h2>{t.storage}</h2>
        <p data-persisted={String(props.storage.persisted)}>{props.storage.persisted ? t.persisted : t.notPersisted}</p>
        {props.storage.usage !== null && (
          <p>
            {t.used}: {(props.storage.usage / 1024).toFixed(1)} KiB
          </p>
        )}
      </section>
    </main>
  );
}

/** Words as a lead types them: separated by commas (any width), 、 or line breaks. */
function splitWords(text: string): string[] {
  return [...new Set(text.split(/[,，、;；\n\r]+/).map((word) => word.trim()).filter(Boolean))];
}
