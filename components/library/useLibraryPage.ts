import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ImportMode } from '@/knowledge/case-library/library-diff';
import type { ExportedFile, LibraryPageBackend, LibraryPageData } from '@/storage/pages/case-library';
import type { ImportProblem } from '@/knowledge/files/file-problems';
import type { ImportState, LibraryManagerProps } from './LibraryManager';
import type { AttachState } from './MissedSearches';
import type { WholeImport, WholeImportState } from './WholeDocumentImport';
import { usePageData } from '@/components/shared/usePageData';
import type { SubscribedDocument } from '@/storage/database/database';
import { PublishedDocumentLocked } from '@/storage/pages/published-lock';

const reportLoadFailure = (error: unknown) => console.error('Iceberg: the library page could not load', error);

function download(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A failed job as the page shows it: a refusal because the centre publishes the document (in the page's own words), or the error's message. */
const failureOf = (error: unknown): { message: string; locked?: SubscribedDocument } =>
  error instanceof PublishedDocumentLocked ? { message: error.message, locked: error.document } : { message: error instanceof Error ? error.message : String(error) };

/**
 * The library page's state over its backend: the library, taxonomy and lexicon in force, where the
 * lead is in an import (nothing is written before they confirm), and the missed searches.
 */
export function useLibraryPage(backend: LibraryPageBackend): LibraryManagerProps | null {
  const [importState, setImportState] = useState<ImportState>({ kind: 'idle' });
  const [attachStates, setAttachStates] = useState<Record<string, AttachState>>({});
  const setAttachState = (query: string, state: AttachState) => setAttachStates((states) => ({ ...states, [query]: state }));
  const [checking, setChecking] = useState(false);

  // Read again only when stored data changed: reading a big library on every progress step would stall the page.
  const load = useCallback(() => backend.load(), [backend]);
  const { data, reload } = usePageData<LibraryPageData>(load, reportLoadFailure);
  // The background takes a newly published library (or refuses it) while the page is open.
  useEffect(() => backend.onChange(() => void reload()), [backend, reload]);

  const taxonomyImport = useWholeImport(
    (file) => backend.checkTaxonomyFile(file).then(({ taxonomy, problems }) => ({ document: taxonomy, problems })),
    (taxonomy) => backend.importTaxonomy(taxonomy),
    reload,
  );
  const lexiconImport = useWholeImport(
    (file) => backend.checkLexiconFile(file).then(({ lexicon, problems }) => ({ document: lexicon, problems })),
    (lexicon, fileName) => backend.importLexicon(lexicon, fileName),
    reload,
  );

  if (!data) return null;
  return {
    locale: data.locale,
    library: data.library,
    taxonomy: data.taxonomy,
    usage: data.usage,
    misses: data.misses,
    scripts: data.scripts,
    lexicon: data.lexicon,
    importState,
    onChooseFile: (file, encoding) => {
      const fileName = file.name;
      setImportState({ kind: 'working', fileName, stage: 'reading' });
      backend
        .checkLibraryFile(file, encoding, (stage) => setImportState({ kind: 'working', fileName, stage }))
        .then(
          ({ check, preview }) => setImportState({ kind: 'checked', fileName, check, preview }),
          (error: unknown) => setImportState({ kind: 'failed', fileName, ...failureOf(error) }),
        );
    },
    onImport: (mode: ImportMode) => {
      if (importState.kind !== 'checked') return;
      const { fileName } = importState;
      setImportState({ kind: 'working', fileName, stage: 'writing' });
      backend.applyLibraryImport(mode).then(
        // The library in force is read again first: the confirmation never shows beside the old count.
        ({ scriptCount }) => void reload().finally(() => setImportState({ kind: 'imported', fileName, mode, scriptCount })),
        (error: unknown) => setImportState({ kind: 'failed', fileName, ...failureOf(error) }),
      );
    },
    onCancelImport: () => setImportState({ kind: 'idle' }),
    onExport: (format) => void backend.exportLibrary(format).then(download),
    // Refused only when the centre began publishing after the page was drawn: the page drawn again says so.
    onRestoreDefault: () => void backend.restoreDefaultLibrary().then(reload, reload),
    taxonomyImport,
    onExportTaxonomy: (format) => void backend.exportTaxonomy(format).then(download),
    lexiconImport,
    onRestoreDefaultLexicon: () => void backend.importLexicon(null).then(reload),
    onExportLexicon: (format) => void backend.exportLexicon(format).then(download),
    attachStates,
    onAttach: (query, scriptId) => {
      setAttachState(query, { kind: 'working' });
      backend.attachSearch(query, scriptId).then(
        (result) => {
          if (!result.ok) return setAttachState(query, { kind: 'refused', problem: result.problem });
          setAttachState(query, { kind: 'attached', alias: result.alias, scriptId });
          void reload();
        },
        (error: unknown) => setAttachState(query, { kind: 'failed', message: failureOf(error).message }),
      );
    },
    published: {
      ...data.published,
      checking,
      onCheckNow: () => {
        setChecking(true);
        void backend
          .checkPublished()
          .then(reload)
          .finally(() => setChecking(false));
      },
    },
  };
}

/** A document imported whole (taxonomy, lexicon): check the file, then write it when the lead confirms. */
function useWholeImport<T>(
  check: (file: File) => Promise<{ document: T | null; problems: ImportProblem[] }>,
  write: (document: T, fileName: string) => Promise<void>,
  /** Reads the page's data again; the confirmation waits for it, as a library import's does. */
  written: () => Promise<void>,
): WholeImport<T> {
  const [state, setState] = useState<WholeImportState<T>>({ kind: 'idle' });
  return {
    state,
    onChooseFile: (file) =>
      void check(file).then(
        ({ document, problems }) => setState({ kind: 'checked', fileName: file.name, document, problems }),
        (error: unknown) => setState({ kind: 'failed', fileName: file.name, ...failureOf(error) }),
      ),
    onImport: () => {
      if (state.kind !== 'checked' || !state.document) return;
      const { fileName, document } = state;
      setState({ kind: 'working', fileName });
      write(document, fileName).then(
        () => void written().finally(() => setState({ kind: 'imported', fileName })),
        (error: unknown) => setState({ kind: 'failed', fileName, ...failureOf(error) }),
      );
    },
    onCancel: () => setState({ kind: 'idle' }),
  };
}
