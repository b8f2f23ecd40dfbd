import { useState } from 'preact/hooks';
import type { AgentSettings, Locale } from '@/knowledge/settings/settings';
import type { CrmSite } from '@/knowledge/work-orders/work-order-rule';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { matchPatternForAddress } from '@/knowledge/work-orders/crm-sites';

export interface StorageStatus {
  persisted: boolean | null;
  usageBytes: number | null;
  quotaBytes: number | null;
}

export interface SettingsFormProps {
  settings: AgentSettings;
  /** Match patterns the browser has granted; a configured site without a grant shows no sidebar. */
  granted: string[];
  storage: StorageStatus;
  onSave: (patch: Partial<AgentSettings>) => Promise<void>;
  /** Asks the browser for the host permission (needs the click's user gesture). */
  onGrant: (pattern: string) => Promise<boolean>;
  /** The shipped escalation words, shown until the lead edits them. */
  defaultSensitiveWords: readonly string[];
}

const text = {
  'zh-CN': {
    title: 'Iceberg 冰山 · 设置',
    agent: '坐席工号',
    agentHelp: '每次点击都会记录此工号，QA 合并多位坐席数据时依靠它区分。',
    language: '界面语言',
    sites: 'CRM 站点',
    sitesHelp: '侧边栏只出现在这里列出且已授权的站点上。',
    address: 'CRM 地址',
    selector: '工单号 CSS 选择器（可选）',
    urlPattern: '工单号 URL 正则（可选，第一个分组）',
    add: '添加并授权',
    remove: '移除',
    grant: '授权',
    granted: '已授权',
    notGranted: '未授权',
    save: '保存',
    saved: '已保存',
    storage: '本地存储',
    persisted: '持久存储：已开启（浏览器不会自动清除）',
    notPersisted: '持久存储：未开启，浏览器在空间不足时可能清除数据',
    used: '已用',
    library: '话术库与分类表：导入、导出、使用统计 →',
    dashboard: 'QA 与组长看板：报表、导出、合并、备份 →',
    sensitiveWords: '升级预警敏感词',
    sensitiveHelp: '坐席在 CRM 备注中写到这些词时，侧边栏会提示升级风险等级。用逗号、顿号或换行分隔。',
    restoreWords: '恢复默认敏感词',
  },
  en: {
    title: 'Iceberg · Settings',
    agent: 'Agent id',
    agentHelp: 'Stored with every click; QA tells agents apart by it when merging exports.',
    language: 'Language',
    sites: 'CRM sites',
    sitesHelp: 'The sidebar appears only on the sites listed and granted here.',
    address: 'CRM address',
    selector: 'Work-order number: CSS selector (optional)',
    urlPattern: 'Work-order number: URL regex (optional, first group)',
    add: 'Add and grant',
    remove: 'Remove',
    grant: 'Grant',
    granted: 'granted',
    notGranted: 'not granted',
    save: 'Save',
    saved: 'Saved',
    storage: 'Local storage',
    persisted: 'Persistent storage: on (the browser will not evict it)',
    notPersisted: 'Persistent storage: off; the browser may clear data when disk is low',
    used: 'Used',
    library: 'Script library and taxonomy: import, export, usage →',
    dashboard: 'QA and team-lead console: reports, export, merge, backup →',
    sensitiveWords: 'Escalation words',
    sensitiveHelp: 'When an agent writes one of these in the CRM notes, the sidebar suggests a higher risk grade. Separate with commas or line breaks.',
    restoreWords: 'Restore the default words',
  },
} satisfies Record<Locale, Record<string, string>>;

/** The agent's settings page: who I am, which CRMs, which language. */
export function SettingsForm(props: SettingsFormProps) {
  const [agentId, setAgentId] = useState(props.settings.agentId);
  const [words, setWords] = useState((props.settings.sensitiveWords ?? props.defaultSensitiveWords).join('、'));
  const [address, setAddress] = useState('');
  const [selector, setSelector] = useState('');
  const [urlPattern, setUrlPattern] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const locale = props.settings.locale;
  const t = text[locale];

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
        {props.storage.usageBytes !== null && (
          <p>
            {t.used}: {(props.storage.usageBytes / 1024).toFixed(1)} KiB
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
