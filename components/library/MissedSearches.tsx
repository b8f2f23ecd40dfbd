import { useState } from 'preact/hooks';
import type { AttachProblem } from '@/knowledge/case-library/script-aliases';
import type { SearchMissSummary } from '@/knowledge/case-library/script-usage';
import type { LibraryText } from './library-text';

/** Where attaching a missed search stands, per query. */
export type AttachState =
  | { kind: 'working' }
  | { kind: 'attached'; alias: string; scriptId: string }
  | { kind: 'refused'; problem: AttachProblem }
  | { kind: 'failed'; message: string };

export interface MissedSearchesProps {
  misses: SearchMissSummary[];
  scripts: Array<{ id: string; title: string }>;
  attachStates: Readonly<Record<string, AttachState>>;
  onAttach: (query: string, scriptId: string) => void;
  /** The centre publishes the library: an alias attached here would be lost at its next update. */
  attachLocked?: boolean;
}

/**
 * Searches that found nothing or whose scripts went unused, most frequent first, each with the
 * script agents used instead proposed as the one to attach it to (one step: the search becomes
 * that script's alias).
 */
export function MissedSearches(props: MissedSearchesProps & { t: LibraryText }) {
  const { t } = props;
  const titles = new Map(props.scripts.map((script) => [script.id, script.title]));
  return (
    <>
      <h2 id="library-misses">{t.missesTitle}</h2>
      <p class="iceberg-help">{t.missesHelp}</p>
      {Object.entries(props.attachStates).map(([query, state]) =>
        state.kind === 'attached' && !props.misses.some((miss) => miss.query === query) ? (
          <p key={query} role="status" data-attach-result="attached">
            {t.attached(state.alias, state.scriptId)}
          </p>
        ) : null,
      )}
      {props.attachLocked && props.misses.length > 0 && <p class="iceberg-help" data-attach-locked>{t.attachPublished}</p>}
      {props.misses.length === 0 ? (
        <p>{t.noMisses}</p>
      ) : (
        <table class="iceberg-table" data-table="misses">
          <thead>
            <tr>
              <th scope="col">{t.missQuery}</th>
              <th scope="col">{t.missCounts}</th>
              <th scope="col">{t.attachTo}</th>
            </tr>
          </thead>
          <tbody>
            {props.misses.map((miss) => (
              <MissRow key={miss.query} miss={miss} titles={titles} state={props.attachStates[miss.query]} onAttach={props.onAttach} locked={props.attachLocked ?? false} t={t} />
            ))}
          </tbody>
        </table>
      )}
      <datalist id="library-script-ids">
        {props.scripts.map((script) => (
          <option key={script.id} value={script.id}>
            {script.title}
          </option>
        ))}
      </datalist>
    </>
  );
}

function MissRow(props: {
  miss: SearchMissSummary;
  titles: ReadonlyMap<string, string>;
  state: AttachState | undefined;
  onAttach: (query: string, scriptId: string) => void;
  locked: boolean;
  t: LibraryText;
}) {
  const { miss, t, state } = props;
  const suggested = miss.usedInsteadScriptIds.find((id) => props.titles.has(id)) ?? '';
  const [scriptId, setScriptId] = useState(suggested);
  const title = props.titles.get(scriptId.trim());
  return (
    <tr data-miss-query={miss.query}>
      <td>“{miss.query}”</td>
      <td data-miss-count={miss.count}>
        {miss.count} {t.times}
        <br />
        <span class="iceberg-help">
          {t.noResultsCount(miss.noResults)} · {t.notUsedCount(miss.notUsed)}
        </span>
      </td>
      <td>
        <form
          class="iceberg-actions"
          onSubmit={(event) => {
            event.preventDefault();
            if (scriptId.trim() !== '') props.onAttach(miss.query, scriptId.trim());
          }}
        >
          <input
            name="script-id"
            list="library-script-ids"
            value={scriptId}
            placeholder={t.attachPlaceholder}
            aria-label={`${t.attachTo}: ${miss.query}`}
            onInput={(event) => setScriptId((event.target as HTMLInputElement).value)}
          />
          <button type="submit" data-action="attach" disabled={props.locked || scriptId.trim() === '' || state?.kind === 'working'}>
            {t.attach}
          </button>
        </form>
        {title && <span class="iceberg-help">{title}</span>}
        {suggested && suggested === scriptId.trim() && (
          <span class="iceberg-help" data-used-instead={suggested}>
            {' '}
            ({t.usedInstead}
            {suggested})
          </span>
        )}
        {state?.kind === 'working' && <p role="status">{t.working}</p>}
        {state?.kind === 'attached' && (
          <p role="status" data-attach-result="attached">
            {t.attached(state.alias, state.scriptId)}
          </p>
        )}
        {state?.kind === 'refused' && (
          <p role="alert" data-attach-result={state.problem}>
            {t.attachProblems[state.problem]}
          </p>
        )}
        {state?.kind === 'failed' && (
          <p role="alert" data-attach-result="failed">
            {t.failed}
            {state.message}
          </p>
        )}
      </td>
    </tr>
  );
}
