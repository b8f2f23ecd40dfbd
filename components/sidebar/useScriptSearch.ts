import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EscalationWarning } from '@/knowledge/search/sensitive-words';
import type { ScriptHit } from '@/knowledge/search/script-search';
import type { ScriptUseAction } from '@/knowledge/case-library/script-usage';
import type { ScriptClient } from '@/storage/messaging/client';

/** Keystrokes closer than this make one search. */
const SEARCH_DEBOUNCE_MS = 60;
/** A query that found nothing and stayed this long is what the agent really looked for. */
const MISS_SETTLE_MS = 1500;

export interface ScriptSearch {
  query: string;
  setQuery: (query: string) => void;
  categoryFilter: string;
  setCategoryFilter: (categoryId: string) => void;
  hits: ScriptHit[];
  /** Whether the shown hits answer the current query (false while typing). */
  settled: boolean;
  scriptCount: number | null;
  error: string | null;
  notesHits: ScriptHit[];
  warning: EscalationWarning | null;
  dismissWarning: () => void;
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
  const [hits, setHits] = useState<ScriptHit[]>([]);
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
      setHits([]);
      setAnswered(requestKey);
      return;
    }
    const timer = setTimeout(() => {
      client
        .search({
          query,
          categoryFilter: categoryFilter || undefined,
          boostCategoryId: context.boostCategoryId,
          limit: 20,
        })
        .then((result) => {
          if (request !== latest.current) return; // a newer keystroke's answer is coming
          setHits(result.hits);
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

  // Log a search that found nothing once the agent has stopped typing it.
  useEffect(() => {
    const trimmed = query.trim();
    if (!settled || hits.length > 0 || trimmed === '') return;
    const timer = setTimeout(() => {
      void client.recordMiss(trimmed, categoryFilter || null).catch(() => undefined);
    }, MISS_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [client, settled, hits, query, categoryFilter]);

  const showsTab = useRef(context.showsTab);
  showsTab.current = context.showsTab;
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'notesSuggestions' && (showsTab.current?.(event.tabId) ?? true)) {
          setNotesHits(event.hits);
          setWarning(event.warning);
        } else if (event.type === 'libraryChanged') {
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
        void client.recordUse({ id: crypto.randomUUID(), scriptId: hit.script.id, action, workOrderRef }).catch(() => undefined);
      }
      return done;
    },
    [client, workOrderRef, copyText],
  );

  return {
    query,
    setQuery,
    categoryFilter,
    setCategoryFilter,
    hits,
    settled,
    scriptCount,
    error,
    notesHits,
    warning,
    dismissWarning: () => setWarning(null),
    useScript,
  };
}
