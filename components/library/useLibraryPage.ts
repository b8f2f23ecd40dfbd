import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ImportMode } from '@/knowledge/case-library/library-diff';
import type { ExportedFile, LibraryPageBackend, LibraryPageData } from '@/storage/pages/case-library';
import type { ImportState, LibraryManagerProps, TaxonomyImportState } from './LibraryManager';

function download(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The library page's state over its backend: the library and taxonomy in force, and where the
 * lead is in an import (nothing is written before they confirm).
 */
export function useLibraryPage(backend: LibraryPageBackend): LibraryManagerProps | null {
  const [data, setData] = useState<LibraryPageData | null>(null);
  const [importState, setImportState] = useState<ImportState>({ kind: 'idle' });
  const [taxonomyState, setTaxonomyState] = useState<TaxonomyImportState>({ kind: 'idle' });
  const [checking, setChecking] = useState(false);

  // Read again only when stored data changed: reading a big library on every progress step would stall the page.
  const reload = useCallback(
    () =>
      backend.load().then(setData, (error: unknown) => console.error('Iceberg: the library page could not load', error)),
    [backend],
  );
  useEffect(() => void reload(), [reload]);
  // The background takes a newly published library (or refuses it) while the page is open.
  useEffect(() => backend.onChange(() => void reload()), [backend, reload]);

  if (!data) return null;
  return {
    locale: data.locale,
    library: data.library,
    taxonomy: data.taxonomy,
    usage: data.usage,
    misses: data.misses,
    importState,
    onChooseFile: (file, encoding) => {
      const fileName = file.name;
      setImportState({ kind: 'working', fileName, stage: 'reading' });
      backend
        .checkLibraryFile(file, encoding, (stage) => setImportState({ kind: 'working', fileName, stage }))
        .then(
          ({ check, preview }) => setImportState({ kind: 'checked', fileName, check, preview }),
          (error: unknown) => setImportState({ kind: 'failed', fileName, message: messageOf(error) }),
        );
    },
    onImport: (mode: ImportMode) => {
      if (importState.kind !== 'checked') return;
      const { fileName } = importState;
      setImportState({ kind: 'working', fileName, stage: 'writing' });
      backend.applyLibraryImport(mode).then(
        ({ scriptCount }) => {
          setImportState({ kind: 'imported', fileName, mode, scriptCount });
          void reload();
        },
        (error: unknown) => setImportState({ kind: 'failed', fileName, message: messageOf(error) }),
      );
    },
    onCancelImport: () => setImportState({ kind: 'idle' }),
    onExport: (format) => void backend.exportLibrary(format).then(download),
    onRestoreDefault: () => void backend.restoreDefaultLibrary().then(reload),
    taxonomyState,
    onChooseTaxonomyFile: (file) =>
      void backend.checkTaxonomyFile(file).then(({ taxonomy, problems }) =>
        setTaxonomyState({ kind: 'checked', fileName: file.name, taxonomy, problems }),
      ),
    onImportTaxonomy: () => {
      if (taxonomyState.kind !== 'checked' || !taxonomyState.taxonomy) return;
      const { fileName, taxonomy } = taxonomyState;
      backend.importTaxonomy(taxonomy).then(
        () => {
          setTaxonomyState({ kind: 'imported', fileName });
          void reload();
        },
        (error: unknown) => setTaxonomyState({ kind: 'failed', fileName, message: messageOf(error) }),
      );
    },
    onCancelTaxonomy: () => setTaxonomyState({ kind: 'idle' }),
    onExportTaxonomy: (format) => void backend.exportTaxonomy(format).then(download),
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
