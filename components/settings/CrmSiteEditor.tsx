import { useState } from 'preact/hooks';
import type { Locale } from '@/knowledge/settings/settings';
import { matchPatternForAddress } from '@/knowledge/work-orders/crm-sites';
import { DEFAULT_WORK_ORDER_RULE, type WorkOrderRulePreview } from '@/knowledge/work-orders/work-order-reference';
import type { CrmSite, WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import { settingsText, type SettingsText } from './settings-text';

export interface CrmSiteEditorProps {
  locale: Locale;
  sites: CrmSite[];
  /** Match patterns the browser has granted; a configured site without a grant shows no sidebar. */
  granted: string[];
  onSaveSites: (sites: CrmSite[]) => Promise<void>;
  /** Shows the browser's permission prompt (from the click); true when the lead allowed it. */
  onGrant: (pattern: string) => Promise<boolean>;
  /** What the rule finds now on an open tab of the site. */
  onPreview: (pattern: string, rule: WorkOrderRule) => Promise<WorkOrderRulePreview>;
  /** Set by IT's policy: the sites can be granted and tried, not added or removed. */
  locked?: boolean;
}

/** A permission prompt the lead has not answered after this long may be hidden behind a window. */
const PROMPT_HINT_AFTER_MS = 15_000;

type Notice = { kind: 'ok' | 'error' | 'waiting'; text: string } | null;

/**
 * The CRM sites and their work-order rules, as a team lead sets them up: the address exactly as
 * typed (scheme and port kept, the scheme asked for when left out), several rules for one host
 * by path, nothing replaced without asking, each rule tried on an open tab before it is trusted,
 * and a clear word when the browser's permission prompt is dismissed or never answered.
 */
export function CrmSiteEditor(props: CrmSiteEditorProps) {
  const t = settingsText(props.locale);
  const [address, setAddress] = useState('');
  const [scheme, setScheme] = useState<'https' | 'http'>('https');
  const [path, setPath] = useState('');
  const [selector, setSelector] = useState('');
  const [urlPattern, setUrlPattern] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [replacing, setReplacing] = useState<CrmSite | null>(null);
  const [preview, setPreview] = useState<{ pattern: string; result: WorkOrderRulePreview | { error: string } } | null>(null);

  const typedScheme = /^[a-z]+:\/\//i.test(address.trim());
  const parsed = address.trim() ? matchPatternForAddress(address, { scheme, path }) : null;
  const draftRule: WorkOrderRule =
    selector.trim() || urlPattern.trim() ? { selector: selector.trim() || undefined, urlPattern: urlPattern.trim() || undefined } : DEFAULT_WORK_ORDER_RULE;

  const grant = async (pattern: string): Promise<boolean> => {
    setNotice({ kind: 'waiting', text: t.grantWaiting(pattern) });
    const hint = setTimeout(() => setNotice({ kind: 'waiting', text: `${t.grantWaiting(pattern)} ${t.grantNoPrompt}` }), PROMPT_HINT_AFTER_MS);
    try {
      const granted = await props.onGrant(pattern);
      setNotice(granted ? { kind: 'ok', text: t.grantDone(pattern) } : { kind: 'error', text: t.grantRefused(pattern) });
      return granted;
    } catch (error) {
      setNotice({ kind: 'error', text: `${t.grantFailed(pattern)} ${error instanceof Error ? error.message : String(error)}` });
      return false;
    } finally {
      clearTimeout(hint);
    }
  };

  const store = async (site: CrmSite) => {
    // The permission first, inside the click that added the site: the prompt needs that gesture.
    const wasGranted = props.granted.includes(site.matchPattern);
    const asked = wasGranted ? true : grant(site.matchPattern);
    const others = props.sites.filter((existing) => existing.matchPattern !== site.matchPattern);
    await props.onSaveSites([...others, site]);
    setReplacing(null);
    setAddress('');
    setPath('');
    setSelector('');
    setUrlPattern('');
    if (wasGranted) setNotice({ kind: 'ok', text: t.saved });
    else await asked;
  };

  const add = (event: Event) => {
    event.preventDefault();
    if (!parsed || 'error' in parsed) return setNotice({ kind: 'error', text: parsed?.error ?? t.address });
    const site: CrmSite = { matchPattern: parsed.pattern, workOrderRule: draftRule };
    const existing = props.sites.find((other) => other.matchPattern === site.matchPattern);
    if (existing) return setReplacing(site); // never replaced without asking
    void store(site);
  };

  const tryRule = async (pattern: string, rule: WorkOrderRule) => {
    setPreview({ pattern, result: { error: t.trying } });
    try {
      setPreview({ pattern, result: await props.onPreview(pattern, rule) });
    } catch (error) {
      setPreview({ pattern, result: { error: error instanceof Error ? error.message : String(error) } });
    }
  };

  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t.sites}</h2>
      <p class="iceberg-help">{t.sitesHelp}</p>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} class={`iceberg-settings-${notice.kind === 'waiting' ? 'status' : notice.kind}`} data-site-notice={notice.kind}>
          {notice.text}
        </p>
      )}
      <ul data-list="crm-sites">
        {props.sites.map((site) => {
          const isGranted = props.granted.includes(site.matchPattern);
          return (
            <li key={site.matchPattern} data-site={site.matchPattern}>
              <code>{site.matchPattern}</code> {site.label ? `(${site.label})` : ''} — {isGranted ? t.granted : t.notGranted}
              <br />
              <small>{ruleText(site.workOrderRule, t)}</small>{' '}
              {!isGranted && (
                <button type="button" onClick={() => void grant(site.matchPattern)}>
                  {t.grant}
                </button>
              )}
              <button type="button" data-action="try-rule" onClick={() => void tryRule(site.matchPattern, site.workOrderRule)}>
                {t.tryRule}
              </button>
              {!props.locked && (
                <button type="button" onClick={() => void props.onSaveSites(props.sites.filter((other) => other.matchPattern !== site.matchPattern))}>
                  {t.remove}
                </button>
              )}
            </li>
          );
        })}
      </ul>

      {!props.locked && (
        <form onSubmit={add} aria-label={t.addSite}>
          <label>
            {t.address} <input name="address" value={address} required placeholder="crm.example.com:8443" onInput={(e) => setAddress((e.target as HTMLInputElement).value)} />
          </label>
          {!typedScheme && (
            <label>
              {t.scheme}{' '}
              <select name="scheme" value={scheme} onChange={(e) => setScheme((e.target as HTMLSelectElement).value as 'https' | 'http')}>
                <option value="https">https</option>
                <option value="http">http</option>
              </select>
            </label>
          )}
          <label>
            {t.path} <input name="path" value={path} placeholder="/*" onInput={(e) => setPath((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t.selector} <input name="selector" value={selector} placeholder="#case-ref" onInput={(e) => setSelector((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t.urlPattern} <input name="urlPattern" value={urlPattern} placeholder="/cases/([A-Z0-9-]+)" onInput={(e) => setUrlPattern((e.target as HTMLInputElement).value)} />
          </label>
          {parsed && (
            <p data-site-pattern={'pattern' in parsed ? parsed.pattern : ''}>
              {'pattern' in parsed ? (
                <>
                  {t.willAdd} <code>{parsed.pattern}</code>
                </>
              ) : (
                <span class="iceberg-settings-error">{parsed.error}</span>
              )}
            </p>
          )}
          <button type="submit">{t.add}</button>{' '}
          <button type="button" data-action="try-draft" disabled={!parsed || 'error' in parsed} onClick={() => parsed && 'pattern' in parsed && void tryRule(parsed.pattern, draftRule)}>
            {t.tryRule}
          </button>
        </form>
      )}

      {replacing && (
        <div role="alertdialog" aria-label={t.replaceTitle} data-replace={replacing.matchPattern}>
          <p>{t.replaceQuestion(replacing.matchPattern)}</p>
          <button type="button" data-action="confirm-replace" onClick={() => void store(replacing)}>
            {t.replace}
          </button>{' '}
          <button type="button" onClick={() => setReplacing(null)}>
            {t.cancel}
          </button>
        </div>
      )}

      {preview && <RulePreview pattern={preview.pattern} result={preview.result} t={t} />}
    </section>
  );
}

function ruleText(rule: WorkOrderRule, t: SettingsText): string {
  return [rule.selector && `${t.selector}: ${rule.selector}`, rule.urlPattern && `${t.urlPattern}: ${rule.urlPattern}`].filter(Boolean).join(' · ');
}

function RulePreview(props: { pattern: string; result: WorkOrderRulePreview | { error: string }; t: SettingsText }) {
  const { result, t } = props;
  return (
    <div class="iceberg-rule-preview" role="status" data-preview-pattern={props.pattern}>
      <h3>{t.previewTitle(props.pattern)}</h3>
      {'error' in result ? (
        <p>{result.error}</p>
      ) : !result.tab ? (
        <p data-preview="no-tab">{t.previewNoTab}</p>
      ) : (
        <>
          <p>
            {result.tab.title} <code>{result.tab.url}</code>
          </p>
          <ul>
            {result.frames.map((frame, index) => (
              <li key={index} data-preview-ref={frame.workOrderRef ?? ''}>
                <code>{frame.url}</code>: {frame.workOrderRef ?? t.previewNothing}
                {frame.selectorMatches === -1 ? ` · ${t.previewBadSelector}` : frame.selectorMatches > 1 ? ` · ${t.previewManyMatches(frame.selectorMatches)}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
