import { useState } from 'preact/hooks';
import { settingsText } from './settings-text';
import type { AgentSettings, Locale } from '@/knowledge/settings/settings';
import type { CrmSite } from '@/knowledge/work-orders/work-order-rule';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { matchPatternForAddress } from '@/knowledge/work-orders/crm-sites';
import type { StorageEstimate } from '@/storage/database/storage-status';

export interface SettingsFormProps {
  settings: AgentSettings;
  /** Match patterns the browser has granted; a configured site without a grant shows no sidebar. */
  granted: string[];
  storage: StorageEstimate;
  onSave: (patch: Partial<AgentSettings>) => Promise<void>;
  /** Asks the browser for the host permission (needs the click's user gesture). */
  onGrant: (pattern: string) => Promise<boolean>;
  /** The shipped escalation words, shown until the lead edits them. */
  defaultSensitiveWords: readonly string[];
}


/** The agent's settings page: who I am, which CRMs, which language. */
export function SettingsForm(props: SettingsFormProps) {
  const [agentId, setAgentId] = useState(props.settings.agentId);
  const [words, setWords] = useState((props.settings.sensitiveWords ?? props.defaultSensitiveWords).join('、'));
  const [address, setAddress] = useState('');
  const [selector, setSelector] = useState('');
  const [urlPattern, setUrlPattern] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const locale = props.settings.locale;
  const t = settingsText(locale);

  const save = async (patch: Partial<AgentSettings>) => {
    try {
      await props.onSave(patch);
      setMessage({ kind: 'ok', text: t.saved });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  const addSite = async (event: Event) => {
    event.preventDefault();
    const parsed = matchPatternForAddress(address);
    if ('error' in parsed) {
      setMessage({ kind: 'error', text: parsed.error });
      return;
    }
    const granted = await props.onGrant(parsed.pattern);
    const site: CrmSite = {
      matchPattern: parsed.pattern,
      workOrderRule:
        selector || urlPattern
          ? { selector: selector || undefined, urlPattern: urlPattern || undefined }
          : DEFAULT_WORK_ORDER_RULE,
    };
    const others = props.settings.crmSites.filter((existing) => existing.matchPattern !== site.matchPattern);
    await save({ crmSites: [...others, site] });
    if (!granted) setMessage({ kind: 'error', text: `${parsed.pattern}: ${t.notGranted}` });
    setAddress('');
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
          onChange={(e) => void save({ locale: (e.target as HTMLSelectElement).value as Locale })}
        >
          <option value="zh-CN">简体中文</option>
          <option value="en">English</option>
        </select>
      </section>
      <section aria-labelledby="sites-title">
        <h2 id="sites-title">{t.sites}</h2>
        <p class="iceberg-help">{t.sitesHelp}</p>
        <ul>
          {props.settings.crmSites.map((site) => {
            const isGranted = props.granted.includes(site.matchPattern);
            return (
              <li key={site.matchPattern}>
                <code>{site.matchPattern}</code> — {isGranted ? t.granted : t.notGranted}{' '}
                {!isGranted && (
                  <button type="button" onClick={() => void props.onGrant(site.matchPattern)}>
                    {t.grant}
                  </button>
                )}
                <button
                  type="button"
                  onClick={() =>
                    void save({ crmSites: props.settings.crmSites.filter((other) => other.matchPattern !== site.matchPattern) })
                  }
                >
                  {t.remove}
                </button>
              </li>
            );
          })}
        </ul>
        <form onSubmit={addSite}>
          <label>
            {t.address} <input value={address} required placeholder="crm.example.com" onInput={(e) => setAddress((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t.selector} <input value={selector} placeholder="#case-ref" onInput={(e) => setSelector((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t.urlPattern} <input value={urlPattern} placeholder="/cases/([A-Z0-9-]+)" onInput={(e) => setUrlPattern((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">{t.add}</button>
        </form>
      </section>
      <section>
        <label for="sensitive-words">{t.sensitiveWords}</label>
        <textarea id="sensitive-words" rows={3} value={words} onInput={(e) => setWords((e.target as HTMLTextAreaElement).value)} />
        <p class="iceberg-help">{t.sensitiveHelp}</p>
        <button type="button" data-action="save-words" onClick={() => void save({ sensitiveWords: splitWords(words) })}>
          {t.save}
        </button>{' '}
        <button
          type="button"
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
