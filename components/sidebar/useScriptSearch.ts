import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { EscalationWarning } from '@/knowledge/search/sensitive-words';
import type { ScriptHit, ScriptSearchAnswer } from '@/knowledge/search/script-search';
import { MAX_SEARCH_QUERY_LENGTH, SearchSessionLog, type ScriptUseAction, type UnusedSearch } from '@/knowledge/case-library/script-usage';
import type { ScriptClient } from '@/storage/messaging/client';
import { MAX_NOTES_LENGTH, MAX_PENDING_SEARCHES } from '@/storage/messaging/wire';
import type { RequestOf } from '@/storage/messaging/protocol';

/** Keystrokes closer than this make one search. */
const SEARCH_DEBOUNCE_MS = 60;
/** A query whose answer stayed this long is what the agent really looked for (a settled search). */
const SEARCH_SETTLE_MS = 1500;

export interface ScriptSearch {
  query: string;
  setQuery: (query: string) => void;
  categoryFilter: string;
  setCategoryFilter: (categoryId: string) => void;
  hits: ScriptHit[];
  /** The answer shown, with what became of the query's terms; null before the first. */
  answer: ScriptSearchAnswer | null;
  /** Whether the shown hits answer the current query (false while typing). */
  settled: boolean;
  scriptCount: number | null;
  error: string | null;
  notesHits: ScriptHit[];
  warning: EscalationWarning | null;
  dismissWarning: () => void;
  /** The cursor is in the search box: has the background load its index before the first keystroke. */
  prepare: () => void;
  /** Copies or inserts a script's text and logs the use. Resolves false when it could not. */
  useScript: (hit: ScriptHit, text: string, action: ScriptUseAction) => Promise<boolean>;
}

export function useScriptSearch(
  client: ScriptClient,
  context: {
    boostCategoryId?: string;
    workOrderRef: string | null;
    copyText: (text: string) => Promise<boolean>;
    /** Notes suggestions are for one tab's sidebar. */
    showsTab?: (tabId: number) => boolean;
  },
): ScriptSearch {
  const [query, setQuery] = useState('');
  const [categoryFilter, setCategoryFilter] = useState('');
  const [answer, setAnswer] = useState<ScriptSearchAnswer | null>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const [scriptCount, setScriptCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notesHits, setNotesHits] = useState<ScriptHit[]>([]);
  const [warning, setWarning] = useState<EscalationWarning | null>(null);
  const [libraryVersion, setLibraryVersion] = useState(0);
  const latest = useRef(0);

  const requestKey = `${query}\u0000${categoryFilter}\u0000${context.boostCategoryId ?? ''}\u0000${libraryVersion}`;

  useEffect(() => {
    const request = ++latest.current;
    // An empty box asks nothing: no needless wake-ups of the background's service worker.
    if (query.trim() === '') {
      setAnswer(null);
      setAnswered(requestKey);
      return;
    }
    const timer = setTimeout(() => {
      client
        .search({
          // Pasted text: the search takes its start and says so (`truncated`).
          query: query.slice(0, MAX_NOTES_LENGTH),
          categoryFilter: categoryFilter || undefined,
          boostCategoryId: context.boostCategoryId,
          limit: 20,
        })
        .then((result) => {
          if (request !== latest.current) return; // a newer keystroke's answer is coming
          setAnswer(result);
          setScriptCount(result.scriptCount);
          setAnswered(requestKey);
          setError(null);
        })
        .catch((failure: Error) => {
          if (request === latest.current) setError(failure.message);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // requestKey stands for query, filter, boost and library version together.
  }, [client, requestKey, query, categoryFilter, context.boostCategoryId]);

  const settled = answered === requestKey;
  const hits = query.trim() === '' ? [] : (answer?.hits ?? []);
  const session = useSearchSession(client, settled && answer !== null && !answer.provisional ? { query, categoryFilter, hits } : null);

  const showsTab = useRef(context.showsTab);
  showsTab.current = context.showsTab;
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'notesSuggestions' && (showsTab.current?.(event.tabId) ?? true)) {
          setNotesHits(event.hits);
          setWarning(event.warning);
        } else if (event.type === 'libraryChanged' || event.type === 'searchIndexReady') {
          setLibraryVersion((version) => version + 1);
        }
      }),
    [client],
  );

  const workOrderRef = context.workOrderRef;
  const copyText = context.copyText;
  const useScript = useCallback(
    async (hit: ScriptHit, text: string, action: ScriptUseAction) => {
      const done = action === 'copy' ? await copyText(text) : await client.insertIntoPage(text).catch(() => false);
      if (done) {
        session.used(hit.script.id);
        void client.recordUse({ id: crypto.randomUUID(), scriptId: hit.script.id, action, workOrderRef }).catch(() => undefined);
      }
      return done;
    },
    [client, workOrderRef, copyText, session],
  );

  // A woken service worker reads the index when first asked: asked on focus, it is usually in
  // memory by the first keystroke (the agent's move from click to key takes longer than the read).
  const prepare = useCallback(() => void client.prepare().catch(() => undefined), [client]);

  return {
    query,
    setQuery,
    prepare,
    categoryFilter,
    setCategoryFilter,
    hits,
    answer: query.trim() === '' ? null : answer,
    settled,
    scriptCount,
    error,
    notesHits,
    warning,
    dismissWarning: () => setWarning(null),
    useScript,
  };
}

/**
 * The agent's searches and script uses in this sidebar, for the team lead: a search the agent
 * settled on (stopped typing for a moment) that found nothing, or whose scripts went unused, is
 * logged with what it showed and the script used instead (see `unusedSearches`). The background
 * also keeps what is not decided yet, and logs it if the tab closes first.
 */
function useSearchSession(client: ScriptClient, shown: { query: string; categoryFilter: string; hits: ScriptHit[] } | null): { used: (scriptId: string) => void } {
  const log = useRef(new SearchSessionLog());
  const [decideAt, setDecideAt] = useState<number | null>(null);
  const pendingSent = useRef('[]');

  const report = useCallback(
    (searches: UnusedSearch[]) => {
      for (const search of searches) void client.recordMiss(missReport(search)).catch(() => undefined);
      const pending = log.current.undecided().slice(-MAX_PENDING_SEARCHES).map(missReport);
      const pendingText = JSON.stringify(pending);
      if (pendingText !== pendingSent.current) {
        pendingSent.current = pendingText;
        void client.reportPending(pending).catch(() => undefined);
      }
      setDecideAt(log.current.nextDecisionAt());
    },
    [client],
  );

  // What is shown now, read when it settles or when the agent uses one of its scripts first.
  const query = shown?.query.trim().slice(0, MAX_SEARCH_QUERY_LENGTH) ?? '';
  const categoryId = shown?.categoryFilter || null;
  const shownScriptIds = shown?.hits.map((hit) => hit.script.id) ?? [];
  const key = query === '' ? null : [query, categoryId, ...shownScriptIds].join('\u0000');
  const current = useRef<{ key: string; query: string; categoryId: string | null; shownScriptIds: string[] } | null>(null);
  current.current = key === null ? null : { key, query, categoryId, shownScriptIds };
  const settledKey = useRef<string | null>(null);
  const settle = useCallback(() => {
    const search = current.current;
    if (!search || search.key === settledKey.current) return;
    settledKey.current = search.key;
    const { key: _key, ...event } = search;
    report(log.current.add({ kind: 'search', at: Date.now(), ...event }));
  }, [report]);

  useEffect(() => {
    if (key === null) return;
    const timer = setTimeout(settle, SEARCH_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, settle]);

  // Searches nobody follows up are decided when their window closes.
  useEffect(() => {
    if (decideAt === null) return;
    const timer = setTimeout(() => report(log.current.decided(Date.now())), Math.max(0, decideAt - Date.now()));
    return () => clearTimeout(timer);
  }, [decideAt, report]);

  // Closing the sidebar, or leaving the page it sits in (the next work order, a reload: nothing is
  // unmounted then), decides what is left. Best effort: closing the tab itself can tear the frame
  // down before its message is out.
  useEffect(() => {
    const decideAll = () => report(log.current.decided(Number.POSITIVE_INFINITY));
    addEventListener('pagehide', decideAll);
    return () => {
      removeEventListener('pagehide', decideAll);
      decideAll();
    };
  }, [report]);

  return useMemo(
    () => ({
      used: (scriptId: string) => {
        // Used before the search settled: it was the search the agent meant.
        settle();
        report(log.current.add({ kind: 'use', scriptId, at: Date.now() }));
      },
    }),
    [settle, report],
  );
}

/** A search as the sidebar reports it to the background. */
function missReport({ query, categoryId, outcome, shownScriptIds, usedInsteadScriptId }: UnusedSearch): RequestOf<'recordSearchMiss'> {
  return { query, categoryId, outcome, shownScriptIds, usedInsteadScriptId };
}
