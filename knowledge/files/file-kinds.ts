import { CLICK_LOG_COLUMNS } from './click-log-format';
import { BACKUP_FORMAT } from './backup-format';
import { TAXONOMY_COLUMNS, headerKey } from './library-files';
import { LEXICON_COLUMNS } from '../search/lexicon-columns';

/** Every kind of file Iceberg reads. */
export const FILE_KINDS = ['library', 'taxonomy', 'lexicon', 'click-log', 'backup'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

const SNIFF_BYTES = 64 * 1024;

/**
 * Which kind a file is, from its first line: a backup header, click-log columns or NDJSON events,
 * a taxonomy (its "categories", or the colour and English-name columns), a search lexicon (its
 * library-terms and spoken-phrase columns, or entries with "spokenPhrases"), else a library. Reads
 * the start leniently: deciding the kind is not decoding, which each checker does strictly.
 */
export function detectFileKind(bytes: Uint8Array): FileKind {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  const text = new TextDecoder(utf16 ?? 'utf-8').decode(head).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r\n|\n|\r|$/)).trim();
  if (firstLine.startsWith('{')) {
    if (firstLine.includes(`"${BACKUP_FORMAT}"`)) return 'backup';
    if (/"(event_id|schema_version)"\s*:/.test(firstLine)) return 'click-log';
    if (/"categories"\s*:/.test(text)) return 'taxonomy';
    if (/"spokenPhrases"\s*:/.test(text)) return 'lexicon';
    return 'library';
  }
  if (firstLine.startsWith('[')) return 'library';
  const cells = firstLine.split(/[,;\t|]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
  const known = new Set<string>(CLICK_LOG_COLUMNS);
  if (cells.filter((cell) => known.has(cell)).length >= 3) return 'click-log';
  const taxonomyOnly = new Set(TAXONOMY_COLUMNS.filter((column) => ['nameEn', 'color'].includes(column.field)).flatMap((column) => column.aliases.map(headerKey)));
  if (cells.some((cell) => taxonomyOnly.has(headerKey(cell)))) return 'taxonomy';
  // Both required lexicon columns: a library's aliases column may also be headed 客户说法.
  const lexiconColumns = LEXICON_COLUMNS.filter((column) => column.required).map((column) => new Set(column.aliases.map(headerKey)));
  if (lexiconColumns.every((names) => cells.some((cell) => names.has(headerKey(cell))))) return 'lexicon';
  return 'library';
}
