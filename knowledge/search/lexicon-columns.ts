import type { ColumnSpec } from '../files/library-files';

/**
 * The search lexicon's CSV columns (docs/search-lexicon.md). Apart from lexicon-files.ts so that
 * telling a file's kind (file-kinds.ts) loads none of the search's dictionaries.
 */
export const LEXICON_COLUMNS: readonly ColumnSpec<'libraryTerms' | 'spokenPhrases' | 'note'>[] = [
  { field: 'libraryTerms', required: true, aliases: ['libraryTerms', '书面用语', '案例库用语'] },
  { field: 'spokenPhrases', required: true, aliases: ['spokenPhrases', '口语说法', '客户说法'] },
  { field: 'note', required: false, aliases: ['note', '说明', '备注'] },
];
