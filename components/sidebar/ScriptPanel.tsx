import { useState } from 'preact/hooks';
import type { Ref } from 'preact';
import type { SearchField } from '@/knowledge/search/script-index';
import type { ScriptHit } from '@/knowledge/search/script-search';
import { searchNotices, type SearchNotice } from '@/knowledge/search/search-notices';
import { MAX_SEARCH_QUERY_LENGTH } from '@/knowledge/case-library/script-usage';
import type { RiskGrade } from '@/knowledge/clicks/click-event';
import type { ComplaintCategory } from '@/knowledge/taxonomy/taxonomy';
import type { Locale } from '@/knowledge/settings/settings';
import type { ScriptUseAction } from '@/knowledge/case-library/script-usage';
import { fillPlaceholders, placeholdersIn } from '@/knowledge/case-library/placeholders';
import { categoryName } from '@/knowledge/taxonomy/taxonomy-lookup';
import type { SidebarText } from './sidebar-text';
import type { ScriptSearch } from './useScriptSearch';

export interface ScriptPanelProps {
  search: ScriptSearch;
  categories: ComplaintCategory[];
  locale: Locale;
  t: SidebarText;
  searchInputRef?: Ref<HTMLInputElement>;
}

/** The case library in the sidebar: search, suggestions from the notes, escalation warning. */
export function ScriptPanel({ search, categories, locale, t, searchInputRef }: ScriptPanelProps) {
  const [status, setStatus] = useState<{ text: string; failed: boolean } | null>(null);
  const showing = search.hits;
  const provisional = search.answer?.provisional ?? false;
  // What became of the query, once per settled answer: shown below the status, and what changes the results' meaning also spoken in it.
  const answer = search.settled ? search.answer : null;
  const notices = answer ? searchNotices(answer, answer.hits) : [];
  const onUsed = (done: boolean, action: ScriptUseAction) =>
    setStatus(
      done
        ? { text: action === 'copy' ? t.copied : t.inserted, failed: false }
        : { text: action === 'copy' ? t.copyFailed : t.insertFailed, failed: true },
    );

  return (
    <section class="iceberg-scripts" aria-labelledby="iceberg-scripts-title">
      <h2 class="iceberg-subtitle" id="iceberg-scripts-title">
        {t.scripts}
      </h2>
      <div class="iceberg-search-row">
        <input
          ref={searchInputRef}
          type="search"
          class="iceberg-script-search"
          value={search.query}
          placeholder={t.scriptSearch}
          title={`${t.scriptSearch} (Alt+Shift+K)`}
          aria-label={t.scriptSearch}
          aria-keyshortcuts="Alt+Shift+K"
          aria-controls="iceberg-script-results"
          autocomplete="off"
          spellcheck={false}
          onFocus={search.prepare}
          onInput={(event) => {
            setStatus(null);
            search.setQuery((event.target as HTMLInputElement).value);
          }}
        />
        <select
          class="iceberg-script-filter"
          aria-label={t.categoryFilter}
          value={search.categoryFilter}
          onChange={(event) => search.setCategoryFilter((event.target as HTMLSelectElement).value)}
        >
          <option value="">{t.allCategories}</option>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.parentId ? '　' : ''}
              {categoryName(category, locale)}
            </option>
          ))}
        </select>
      </div>
      <p class="iceberg-muted" role="status" aria-live="polite">
        {search.error
          ? `${t.searchFailed}${search.error}`
          : search.query.trim() === ''
            ? search.scriptCount !== null
              ? `${search.scriptCount} ${t.libraryHint}`
              : ''
            : !search.settled
              ? t.searching
              : search.hits.length === 0
                ? t.noResults
                : `${search.hits.length} ${t.resultCount}`}
        {!search.error && <NoticesSpoken notices={notices} t={t} />}
      </p>
      {answer && <SearchNotices notices={notices} provisional={provisional} t={t} />}
      {status && (
        <p class={status.failed ? 'iceberg-error' : 'iceberg-info'} role="status" data-script-status={status.failed ? 'failed' : 'done'}>
          {status.text}
        </p>
      )}
      <ScriptList id="iceberg-script-results" label={t.scriptResults} hits={showing} provisional={provisional} search={search} t={t} onUsed={onUsed} />
      {showing.length === 0 && search.notesHits.length > 0 && (
        <>
          <h3 class="iceberg-subtitle">{t.fromNotes}</h3>
          <ScriptList id="iceberg-notes-suggestions" label={t.fromNotes} hits={search.notesHits} search={search} t={t} onUsed={onUsed} />
        </>
      )}
    </section>
  );
}

function noticeText(notice: SearchNotice, t: SidebarText): string {
  switch (notice.kind) {
    case 'truncated':
      return t.queryTruncated(MAX_SEARCH_QUERY_LENGTH);
    case 'dropped':
      return t.termsDropped + notice.terms.join('、');
    case 'ignored':
      return t.termsIgnored + notice.terms.join('、');
    case 'not-found':
      return t.termsNotFound + notice.terms.join('、');
    case 'partial':
      return t.partialMatches;
    case 'partial-after':
      return t.partialAfter(notice.complete);
  }
}

/**
 * Notices that change what the results mean, once more inside the live status for screen readers:
 * they hear the result count when a search settles, and should also hear that the query was cut,
 * that words found nothing or that the results match only in part. Ignored filler words are left
 * to the list below: spoken at every search they would drown the rest.
 */
const SPOKEN_NOTICES: ReadonlySet<SearchNotice['kind']> = new Set(['truncated', 'dropped', 'not-found', 'partial', 'partial-after']);

function NoticesSpoken({ notices, t }: { notices: readonly SearchNotice[]; t: SidebarText }) {
  const spoken = notices.filter((notice) => SPOKEN_NOTICES.has(notice.kind));
  return spoken.length > 0 ? <span class="iceberg-visually-hidden">{spoken.map((notice) => ` ${noticeText(notice, t)}`).join('')}</span> : null;
}

/** What became of the query: cut, dropped or ignored words, words the library lacks, partial matches. */
function SearchNotices({ notices, provisional, t }: { notices: readonly SearchNotice[]; provisional: boolean; t: SidebarText }) {
  if (notices.length === 0 && !provisional) return null;
  return (
    <ul class="iceberg-search-notices">
      {provisional && <li data-notice="provisional">{t.provisional}</li>}
      {notices.map((notice) => (
        <li key={notice.kind} data-notice={notice.kind}>
          {noticeText(notice, t)}
        </li>
      ))}
    </ul>
  );
}

/** Why a script matched, one chip per word of the query, and the words it lacks greyed out. */
function MatchReasons({ hit, t }: { hit: ScriptHit; t: SidebarText }) {
  if (hit.reasons.length === 0 && hit.missingTerms.length === 0) return null;
  return (
    <p class="iceberg-reasons" aria-label={t.matchedBecause}>
      {hit.reasons.map((reason) => (
        <span key={`${reason.term}\u0000${reason.how}`} class="iceberg-reason" data-how={reason.how} title={reason.term}>
          {t.matchHow[reason.how]} {reason.found || reason.term}
        </span>
      ))}
      {hit.missingTerms.length > 0 && (
        <span class="iceberg-missing" data-missing-terms={hit.missingTerms.join(' ')}>
          {t.missingTerms}
          <s>{hit.missingTerms.join('、')}</s>
        </span>
      )}
    </p>
  );
}

/**
 * Raised when the notes mention regulators, media, lawyers…: suggests a higher risk grade.
 * Sticks to the bottom of the sidebar so it stays in view without moving any button.
 */
export function EscalationBanner({
  search,
  t,
  onApplyRisk,
}: {
  search: ScriptSearch;
  t: SidebarText;
  /** Sets the suggested risk grade on the agent's last click, when there is one. */
  onApplyRisk?: (grade: RiskGrade) => void;
}) {
  if (!search.warning) return null;
  return (
        <div class="iceberg-escalation" role="alert" data-escalation-words={search.warning.words.join(',')}>
          <p>
            <strong>⚠ {t.escalation}</strong>：{search.warning.words.join('、')}
          </p>
          {search.warning.suggestedRisk && (
            <p>
              {t.suggestedRisk}：
              <strong data-suggested-risk={search.warning.suggestedRisk}>
                {t.riskNames[search.warning.suggestedRisk]}
              </strong>
            </p>
          )}
          <p class="iceberg-actions">
            {search.warning.suggestedRisk && onApplyRisk && (
              <button type="button" onClick={() => onApplyRisk(search.warning!.suggestedRisk!)}>
                {t.applyRisk}
              </button>
            )}
            <button type="button" onClick={search.dismissWarning}>
              {t.dismiss}
            </button>
          </p>
        </div>
  );
}

function ScriptList(props: {
  id: string;
  label: string;
  hits: ScriptHit[];
  /** Hits of the naming index: titles and keywords only, their text still loading. */
  provisional?: boolean;
  search: ScriptSearch;
  t: SidebarText;
  onUsed: (done: boolean, action: ScriptUseAction) => void;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  if (props.hits.length === 0) return <ul id={props.id} class="iceberg-script-results" aria-label={props.label} />;
  return (
    <ul id={props.id} class="iceberg-script-results" aria-label={props.label}>
      {props.hits.map((hit) => (
        <ScriptResult
          key={hit.script.id}
          hit={hit}
          open={openId === hit.script.id}
          onToggle={() => setOpenId(openId === hit.script.id ? null : hit.script.id)}
          provisional={props.provisional ?? false}
          search={props.search}
          t={props.t}
          onUsed={props.onUsed}
        />
      ))}
    </ul>
  );
}

function ScriptResult(props: {
  hit: ScriptHit;
  open: boolean;
  onToggle: () => void;
  provisional: boolean;
  search: ScriptSearch;
  t: SidebarText;
  onUsed: (done: boolean, action: ScriptUseAction) => void;
}) {
  const { hit, t } = props;
  const { script } = hit;
  const [pendingAction, setPendingAction] = useState<ScriptUseAction | null>(null);
  const placeholders = placeholdersIn(script.script);
  const bodyId = `iceberg-script-${script.id}`;

  const run = async (action: ScriptUseAction, text: string) => {
    const done = await props.search.useScript(hit, text, action);
    setPendingAction(null);
    props.onUsed(done, action);
  };
  const start = (action: ScriptUseAction) => {
    if (placeholders.length > 0) setPendingAction(action);
    else void run(action, script.script);
  };

  return (
    <li class="iceberg-script" data-script-id={script.id}>
      <button type="button" class="iceberg-script-title" aria-expanded={props.open} aria-controls={bodyId} onClick={props.onToggle}>
        <Highlighted text={script.title} ranges={hit.highlights.title} />
      </button>
      <p class="iceberg-script-scenario">
        <Highlighted text={script.scenario} ranges={hit.highlights.scenario} />
      </p>
      {script.keywords.length > 0 && (
        <p class="iceberg-muted iceberg-keywords">
          <Highlighted text={script.keywords.join('、')} ranges={hit.highlights.keywords} />
        </p>
      )}
      <MatchReasons hit={hit} t={t} />
      {props.open && props.provisional && (
        <p id={bodyId} class="iceberg-muted" role="status">
          {t.loading}
        </p>
      )}
      {props.open && !props.provisional && (
        <div id={bodyId} class="iceberg-script-body">
          <FieldText label={t.solution} text={script.solution} hit={hit} field="solution" />
          <FieldText label={t.script} text={script.script} hit={hit} field="script" />
          {pendingAction ? (
            <PlaceholderForm
              text={script.script}
              names={placeholders.map((placeholder) => placeholder.name)}
              action={pendingAction}
              t={t}
              onSubmit={(filled) => void run(pendingAction, filled)}
              onCancel={() => setPendingAction(null)}
            />
          ) : (
            <p class="iceberg-actions">
              <button type="button" data-action="copy" onClick={() => start('copy')}>
                {t.copy}
              </button>
              <button type="button" data-action="insert" onClick={() => start('insert')}>
                {t.insert}
              </button>
            </p>
          )}
        </div>
      )}
    </li>
  );
}

function FieldText(props: { label: string; text: string; hit: ScriptHit; field: SearchField }) {
  return (
    <div class="iceberg-script-field" data-field={props.field}>
      <span class="iceberg-label">{props.label}</span>
      <p>
        <Highlighted text={props.text} ranges={props.hit.highlights[props.field]} />
      </p>
    </div>
  );
}

/** The script's placeholders as a small inline form; the filled text is previewed live. */
function PlaceholderForm(props: {
  text: string;
  names: string[];
  action: ScriptUseAction;
  t: SidebarText;
  onSubmit: (filled: string) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const filled = fillPlaceholders(props.text, values);
  return (
    <form
      class="iceberg-placeholder-form"
      aria-label={props.t.fillPlaceholders}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(filled);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      {props.names.map((name, index) => (
        <label key={name} class="iceberg-field">
          {name}
          <input
            data-placeholder={name}
            value={values[name] ?? ''}
            autoFocus={index === 0}
            onInput={(event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value })}
          />
        </label>
      ))}
      <p class="iceberg-placeholder-preview">{filled}</p>
      <p class="iceberg-actions">
        <button type="submit" data-action={`confirm-${props.action}`}>
          {props.action === 'copy' ? props.t.copy : props.t.insert}
        </button>
        <button type="button" onClick={props.onCancel}>
          {props.t.cancel}
        </button>
      </p>
    </form>
  );
}

/** Text with the matched ranges in <mark>; ranges may overlap or come unsorted. */
export function Highlighted({ text, ranges }: { text: string; ranges?: Array<[number, number]> }) {
  if (!ranges || ranges.length === 0) return <>{text}</>;
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(0, start);
    const to = Math.min(text.length, end);
    if (to <= from) continue;
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const parts = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
