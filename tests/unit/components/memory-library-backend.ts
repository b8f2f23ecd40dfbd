import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { applyImport, previewImport, type ImportMode } from '@/knowledge/case-library/library-diff';
import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import { attachQueryInLibrary, openMisses } from '@/knowledge/case-library/script-aliases';
import { summarizeMisses, type SearchMiss } from '@/knowledge/case-library/script-usage';
import { defaultSearchLexicon, type SearchLexicon } from '@/knowledge/search/lexicon';
import { checkLexiconFile } from '@/knowledge/search/lexicon-files';
import type { Locale } from '@/knowledge/settings/settings';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { LibraryPageBackend, LibraryPageData } from '@/storage/pages/case-library';
import { TODAY } from '../library/library-fixtures';

/** The page's backend over the real checks, diff and alias attaching, kept in memory (no worker, no IndexedDB). */
export function memoryBackend(
  current: CaseLibrary,
  { misses = [], locale = 'zh-CN', published = { library: null, taxonomy: null } }: { misses?: SearchMiss[]; locale?: Locale; published?: LibraryPageData['published'] } = {},
) {
  let checked: LibraryImportCheck | null = null;
  let lexicon: SearchLexicon = defaultSearchLexicon();
  const applied: ImportMode[] = [];
  const backend: LibraryPageBackend = {
    load: async () => ({
      locale,
      published,
      library: { name: current.name, version: current.version, scriptCount: current.scripts.length, importedAt: '', isDefault: false },
      taxonomy: { name: DEFAULT_TAXONOMY.name, version: DEFAULT_TAXONOMY.version, activeCount: DEFAULT_TAXONOMY.categories.length, retiredCount: 0 },
      lexicon: { name: lexicon.name, version: lexicon.version, entryCount: lexicon.entries.length, importedAt: '', isDefault: lexicon === defaultSearchLexicon() },
      usage: [],
      misses: openMisses(summarizeMisses(misses), current),
      scripts: current.scripts.map(({ id, title }) => ({ id, title })),
    }),
    checkLibraryFile: async (file, encoding, onStage) => {
      onStage('checking');
      checked = checkLibraryFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, taxonomy: DEFAULT_TAXONOMY, today: TODAY, encoding });
      const { valid, ...summary } = checked;
      return { check: { ...summary, validCount: valid.length }, preview: previewImport(current, valid) };
    },
    applyLibraryImport: async (mode) => {
      applied.push(mode);
      current = applyImport(current, incomingLibrary(checked!), mode);
      return { scriptCount: current.scripts.length };
    },
    restoreDefaultLibrary: async () => undefined,
    attachSearch: async (query, scriptId) => {
      const attached = attachQueryInLibrary(current, scriptId, query, TODAY);
      if (!attached.ok) return attached;
      current = attached.library;
      return { ok: true, alias: attached.alias };
    },
    checkLexiconFile: async (file) => {
      const check = checkLexiconFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, today: TODAY });
      return { lexicon: check.lexicon, problems: check.problems };
    },
    importLexicon: async (next) => {
      lexicon = next ?? defaultSearchLexicon();
    },
    checkTaxonomyFile: async () => ({ taxonomy: null, problems: [] }),
    importTaxonomy: async () => undefined,
    exportLibrary: async () => ({ text: '', fileName: 'x.csv', mime: 'text/csv' }),
    exportTaxonomy: async () => ({ text: '', fileName: 'x.csv', mime: 'text/csv' }),
    exportLexicon: async () => ({ text: '', fileName: 'x.csv', mime: 'text/csv' }),
    checkPublished: async () => undefined,
    onChange: () => () => undefined,
  };
  return { backend, applied, current: () => current, lexicon: () => lexicon };
}
