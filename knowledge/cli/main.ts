import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_TAXONOMY } from '../taxonomy/default-taxonomy';
import { localDay } from '../clicks/local-time';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { CaseScript } from '../case-library/case-script';
import { normalizeEncodingName, type TextEncodingName } from '../files/text-decoding';
import { defaultLibrary } from '../case-library/default-library';
import { checkLibraryFile, type LibraryImportCheck } from '../case-library/library-check';
import { formatProblem, isBlocking, shownValue, type ImportProblem } from '../files/file-problems';
import { checkClickLogFile } from '../files/click-log-check';
import { BackupError, readBackup } from '../files/backup-reader';
import { FILE_KINDS, detectFileKind, type FileKind } from '../files/file-kinds';
import { libraryToCsv, libraryToJson, taxonomyToCsv, taxonomyToJson } from '../files/library-files';
import { TEMPLATE_LIBRARY } from '../files/published-contract';
import { MAX_SEARCH_QUERY_LENGTH } from '../case-library/script-usage';
import { searchNotices } from '../search/search-notices';
import type { ScriptSearchResult } from '../search/script-search';
import { checkTaxonomyFile } from '../taxonomy/taxonomy-check';

/**
 * `iceberg`: the command line for team leads and QA. It runs the same knowledge/ code as the
 * extension's import pages, merge and restore, so "valid here" means "imports there".
 * Exit codes: 0 every file can be read in (warnings allowed), 1 a file has problems that block
 * it (or a row of it), 2 wrong usage or a file that cannot be read, 3 an internal error.
 */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

type Locale = 'zh' | 'en';

const USAGE = `iceberg — 案例库与导入文件命令行 / command line for libraries and imported files

  iceberg validate [PATH…] [--library FILE] [--taxonomy FILE] [--lexicon FILE] [--click-log FILE] [--backup FILE]
                   [--kind auto|library|taxonomy|lexicon|click-log|backup] [--encoding ENC] [--json] [--lang zh|en]
      检查扩展会读取的每一种文件：案例库、分类表、口语词典、点击日志导出（合并前）、备份（恢复前）。
      PATH 可以是文件或文件夹（检查其中每个文件）；种类自动识别，或用 --kind 指定。
      Checks every kind of file the extension reads, as it would read it. PATH may be a file or a
      folder (every file in it); the kind is detected unless --kind says it.
      --json: one JSON object per file, one per line. Values in the output are masked.
      Exit codes: 0 OK (warnings allowed), 1 blocking problems, 2 usage or unreadable file, 3 internal error.

  iceberg search [--library FILE] [--taxonomy FILE] [--lexicon FILE] [--encoding ENC]
                 [--category ID] [--boost ID] [--limit N] [--json] "查询 query"
      按相关度列出话术编号、标题和匹配原因；上级分类包含其子分类。
      Prints ranked script ids, titles and why each matched; a parent category takes its
      sub-categories, as in the sidebar.

  iceberg export-template [--format csv|json] [--kind library|taxonomy]
      输出模板到标准输出。 Writes a template to standard output.

Without a file the default library is checked; without --taxonomy, the default taxonomy is used.
ENC (library, taxonomy and lexicon): utf-8, gb18030 (gbk), big5, euc-kr, utf-16le, utf-16be; detected when not given.`;

class UsageError extends Error {}

export async function runIceberg(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validate(rest, io);
      case 'search':
        return await search(rest, io);
      case 'export-template':
        return exportTemplate(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`iceberg: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (isFileError(error)) {
      io.stderr(`iceberg: ${fileErrorText(error)}\n`);
      return 2;
    }
    // Never a stack trace: one line that says what happened.
    io.stderr(`iceberg: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
}

function fileErrorText(error: FileReadError): string {
  const file = shownValue(error.path, 200);
  if (error.code === 'EISDIR') return `cannot read ${file}: it is a folder (EISDIR); give a file, or the folder as PATH to check every file in it`;
  if (error.code === 'ENOENT') return `cannot read ${file}: no such file (ENOENT)`;
  if (error.code === 'EACCES') return `cannot read ${file}: permission denied (EACCES)`;
  return `cannot read ${file}: ${error.code}`;
}

const SHARED_OPTIONS = {
  library: { type: 'string' },
  taxonomy: { type: 'string' },
  lexicon: { type: 'string' },
  'click-log': { type: 'string' },
  backup: { type: 'string' },
  kind: { type: 'string', default: 'auto' },
  encoding: { type: 'string' },
  json: { type: 'boolean', default: false },
  lang: { type: 'string', default: 'zh' },
} as const;

function parse<const Options extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function localeOf(value: string | undefined): Locale {
  if (value === 'zh' || value === 'en') return value;
  throw new UsageError(`--lang must be zh or en, not "${value}"`);
}

function encodingOf(value: string | undefined): TextEncodingName | undefined {
  if (value === undefined) return undefined;
  const encoding = normalizeEncodingName(value);
  if (!encoding) throw new UsageError(`unsupported encoding "${value}" (use utf-8, gb18030, big5, euc-kr, utf-16le or utf-16be)`);
  return encoding;
}

const DEFAULT_LIBRARY_FILE = new URL('../case-library/default-library.json', import.meta.url);

interface LoadedTaxonomy {
  taxonomy: Taxonomy | null;
  problems: ImportProblem[];
}

function loadTaxonomy(file: string | undefined, encoding: TextEncodingName | undefined): LoadedTaxonomy {
  if (!file) return { taxonomy: DEFAULT_TAXONOMY, problems: [] };
  const check = checkTaxonomyFile(readFile(file), {
    fileName: basename(file),
    today: localDay(new Date()),
    ...(encoding ? { encoding } : {}),
  });
  return { taxonomy: check.taxonomy, problems: check.problems };
}

function checkLibrary(file: string | undefined, taxonomy: Taxonomy, encoding: TextEncodingName | undefined, content?: Uint8Array): LibraryImportCheck {
  const bytes = content ?? readFile(file ?? DEFAULT_LIBRARY_FILE);
  return checkLibraryFile(bytes, {
    fileName: basename(file ?? 'default-library.json'),
    taxonomy,
    today: localDay(new Date()),
    ...(encoding ? { encoding } : {}),
  });
}

function printProblems(io: CliIo, problems: readonly ImportProblem[], locale: Locale, prefix = ''): void {
  for (const found of problems) io.stdout(`${prefix}${formatProblem(found, locale)}\n`);
}

interface Target {
  path: string | undefined;
  kind: FileKind | 'auto';
}

/** Files of a folder, sorted, hidden ones left out; a file stands for itself. */
function expand(target: Target): Target[] {
  if (target.path === undefined || !isFolder(target.path)) return [target];
  return readdirSync(target.path, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ path: join(target.path!, name), kind: target.kind }));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading it says why
  }
}

function kindOf(value: string | undefined): FileKind | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if ((FILE_KINDS as readonly string[]).includes(value)) return value as FileKind;
  throw new UsageError(`--kind must be auto, ${FILE_KINDS.join(', ')}, not "${value}"`);
}

interface FileReport {
  /** Text lines for people; `json` for scripts. */
  lines: string[];
  json: Record<string, unknown>;
  blocking: boolean;
}

const KIND_LABELS: Record<FileKind, { zh: string; en: string }> = {
  library: { zh: '案例库', en: 'library' },
  taxonomy: { zh: '分类表', en: 'taxonomy' },
  lexicon: { zh: '口语词典', en: 'search lexicon' },
  'click-log': { zh: '点击日志', en: 'click log' },
  backup: { zh: '备份', en: 'backup' },
};

/** Documents imported whole or not at all: what a report counts, and what it says when one cannot be imported. */
const WHOLE_DOCUMENTS = {
  taxonomy: {
    counted: { zh: '个分类', en: 'categories' },
    countKey: 'categoryCount',
    refused: { zh: '分类表有错误，无法导入（分类表只能整体导入）。', en: 'The taxonomy has errors and cannot be imported (a taxonomy imports whole or not at all).' },
  },
  lexicon: {
    counted: { zh: '条对应', en: 'entries' },
    countKey: 'entryCount',
    refused: { zh: '口语词典有错误，无法导入（口语词典只能整体导入）。', en: 'The lexicon has errors and cannot be imported (a lexicon imports whole or not at all).' },
  },
} as const;

async function validate(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, SHARED_OPTIONS);
  const locale = localeOf(values.lang);
  const encoding = encodingOf(values.encoding);
  const zh = locale === 'zh';
  const kind = kindOf(values.kind);

  const loaded = loadTaxonomy(values.taxonomy, encoding);
  const targets: Target[] = [
    ...(values.library !== undefined ? [{ path: values.library, kind: 'library' as const }] : []),
    ...(values.lexicon !== undefined ? [{ path: values.lexicon, kind: 'lexicon' as const }] : []),
    ...(values['click-log'] !== undefined ? [{ path: values['click-log'], kind: 'click-log' as const }] : []),
    ...(values.backup !== undefined ? [{ path: values.backup, kind: 'backup' as const }] : []),
    ...positionals.map((path) => ({ path, kind })),
  ];
  if (!loaded.taxonomy) {
    if (values.json) io.stdout(`${JSON.stringify({ file: values.taxonomy, kind: 'taxonomy', ok: false, problems: loaded.problems })}\n`);
    else {
      printProblems(io, loaded.problems, locale, zh ? '分类表 · ' : 'taxonomy · ');
      io.stdout(zh ? '分类表有错误，无法检查案例库。\n' : 'The taxonomy has errors; the library was not checked.\n');
    }
    return 1;
  }
  // Nothing to check but a taxonomy: the default library is checked against it, as before.
  if (targets.length === 0) targets.push({ path: undefined, kind: 'library' });

  let code = 0;
  const files = targets.flatMap(expand);
  if (files.length === 0) {
    io.stderr(zh ? 'iceberg: 文件夹里没有可检查的文件。\n' : 'iceberg: the folder holds no file to check.\n');
    return 2;
  }
  for (const [index, target] of files.entries()) {
    let content: Uint8Array | undefined;
    try {
      content = target.path === undefined ? undefined : readFile(target.path);
    } catch (error) {
      if (!isFileError(error)) throw error;
      io.stderr(`iceberg: ${fileErrorText(error)}\n`);
      code = 2;
      continue;
    }
    const fileKind = target.kind === 'auto' ? detectFileKind(content ?? new Uint8Array()) : target.kind;
    const report = await validateFile(target.path, fileKind, content, { locale, encoding, taxonomy: loaded.taxonomy, taxonomyProblems: loaded.problems });
    if (values.json) io.stdout(`${JSON.stringify(report.json)}\n`);
    else {
      if (index > 0) io.stdout('\n');
      for (const line of report.lines) io.stdout(`${line}\n`);
    }
    if (report.blocking && code === 0) code = 1;
  }
  return code;
}

async function validateFile(
  path: string | undefined,
  kind: FileKind,
  content: Uint8Array | undefined,
  context: { locale: Locale; encoding: TextEncodingName | undefined; taxonomy: Taxonomy; taxonomyProblems: ImportProblem[] },
): Promise<FileReport> {
  const { locale } = context;
  const zh = locale === 'zh';
  const fileLabel = path === undefined ? (zh ? '默认案例库' : 'default library') : shownValue(path, 200);
  const lines: string[] = [];
  const place = (problems: readonly ImportProblem[], prefix = '') => problems.forEach((found) => lines.push(`${prefix}${formatProblem(found, locale)}`));
  const counts = (problems: readonly ImportProblem[]) => {
    const blocking = problems.filter(isBlocking).length;
    return { blocking, warnings: problems.length - blocking };
  };
  const encodingNote = (encoding: string | null, detected = true) =>
    encoding ? `${encoding.toUpperCase()}${detected ? (zh ? '（自动识别）' : ' (detected)') : zh ? '（指定）' : ' (chosen)'}` : '—';

  if (kind === 'library') {
    const check = checkLibrary(path, context.taxonomy, context.encoding, content);
    const { blocking, warnings } = counts(check.problems);
    const blockingTaxonomy = counts(context.taxonomyProblems).blocking;
    place(context.taxonomyProblems, zh ? '分类表 · ' : 'taxonomy · ');
    lines.push(
      zh
        ? `${fileLabel} · ${check.format.toUpperCase()} · 编码 ${encodingNote(check.encoding, check.encodingDetected)} · ${check.rowCount} 行 · 案例库“${check.name}” 版本 ${check.version}`
        : `${fileLabel} · ${check.format.toUpperCase()} · encoding ${encodingNote(check.encoding, check.encodingDetected)} · ${check.rowCount} rows · library "${check.name}" version ${check.version}`,
    );
    place(check.problems);
    if (check.fileProblem) lines.push(zh ? '无法导入这个文件。' : 'This file cannot be imported.');
    else if (blocking === 0) lines.push(zh ? `可以导入：${check.valid.length} 条话术，${warnings} 个提示。` : `OK to import: ${check.valid.length} scripts, ${warnings} warnings.`);
    else {
      lines.push(
        zh
          ? `${check.invalidRowCount} 行有错误（共 ${blocking} 个错误，${warnings} 个提示）；只导入有效行时可导入 ${check.valid.length} 条话术。`
          : `${check.invalidRowCount} rows have errors (${blocking} errors, ${warnings} warnings); importing only valid rows would import ${check.valid.length} scripts.`,
      );
    }
    const { valid, ...summary } = check;
    return {
      lines,
      json: { file: path ?? null, kind, ok: blocking + blockingTaxonomy === 0, ...summary, validCount: valid.length, taxonomyProblems: context.taxonomyProblems },
      blocking: blocking + blockingTaxonomy > 0,
    };
  }

  const bytes = content ?? new Uint8Array();
  if (kind === 'taxonomy' || kind === 'lexicon') {
    const options = { fileName: basename(path ?? ''), today: localDay(new Date()), ...(context.encoding ? { encoding: context.encoding } : {}) };
    const { taxonomy, lexicon, ...summary } =
      kind === 'taxonomy'
        ? { ...checkTaxonomyFile(bytes, options), lexicon: undefined }
        : // Loaded here: the lexicon's checks bring the search's folding tables.
          { ...(await import('../search/lexicon-files')).checkLexiconFile(bytes, options), taxonomy: undefined };
    const count = taxonomy ? taxonomy.categories.length : lexicon ? lexicon.entries.length : null;
    const texts = WHOLE_DOCUMENTS[kind];
    const { blocking, warnings } = counts(summary.problems);
    lines.push(`${fileLabel} · ${KIND_LABELS[kind][locale]} · ${summary.format.toUpperCase()} · ${zh ? '编码' : 'encoding'} ${encodingNote(summary.encoding)} · ${summary.rowCount} ${zh ? '行' : 'rows'}`);
    place(summary.problems);
    lines.push(
      count === null
        ? texts.refused[locale]
        : zh
          ? `可以导入：${count} ${texts.counted.zh}，${warnings} 个提示。`
          : `OK to import: ${count} ${texts.counted.en}, ${warnings} warnings.`,
    );
    return { lines, json: { file: path ?? null, kind, ok: blocking === 0, ...summary, [texts.countKey]: count ?? 0 }, blocking: blocking > 0 };
  }

  if (kind === 'click-log') {
    const check = await checkClickLogFile(bytes, { fileName: basename(path ?? '') });
    const { blocking } = counts(check.problems);
    lines.push(
      `${fileLabel} · ${KIND_LABELS['click-log'][locale]} · ${(check.format ?? '—').toUpperCase()} · ${zh ? '编码' : 'encoding'} ${encodingNote(check.encoding)} · ${check.rowsRead} ${zh ? '行' : 'rows'}`,
    );
    place(check.problems);
    if (check.fileProblem) lines.push(zh ? '无法合并这个文件。' : 'This file cannot be merged.');
    else {
      lines.push(
        zh
          ? `可以合并：${check.events} 个事件；${check.rejected} 行有错误，不会合并；${check.repeated} 行重复。`
          : `OK to merge: ${check.events} events; ${check.rejected} rows with errors are left out; ${check.repeated} rows repeat an event.`,
      );
    }
    return { lines, json: { file: path ?? null, kind, ok: blocking === 0, ...check }, blocking: blocking > 0 };
  }

  // A backup is checked by the restore's own reader, against this version's tables (no database is opened).
  try {
    const read = await readBackup(bytes);
    const rows = Object.fromEntries([...read.rows].map(([table, tableRows]) => [table, tableRows.length]));
    const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
    lines.push(`${fileLabel} · ${KIND_LABELS.backup[locale]} · ${zh ? '编码' : 'encoding'} ${encodingNote(read.encoding)} · ${total} ${zh ? '行' : 'rows'}`);
    place(read.warnings);
    lines.push(zh ? `可以恢复：${total} 行，${read.warnings.length} 个提示。` : `OK to restore: ${total} rows, ${read.warnings.length} warnings.`);
    return {
      lines,
      json: { file: path ?? null, kind, ok: true, databaseVersion: read.header.databaseVersion, createdAt: read.header.createdAt, rows, encoding: read.encoding, problems: read.warnings },
      blocking: false,
    };
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    lines.push(`${fileLabel} · ${KIND_LABELS.backup[locale]}`);
    place(error.problems);
    lines.push(zh ? '无法恢复这个备份。' : 'This backup cannot be restored.');
    return { lines, json: { file: path ?? null, kind, ok: false, problems: error.problems }, blocking: true };
  }
}

async function search(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SHARED_OPTIONS,
    category: { type: 'string' },
    boost: { type: 'string' },
    limit: { type: 'string', default: '10' },
  });
  const locale = localeOf(values.lang);
  const zh = locale === 'zh';
  const encoding = encodingOf(values.encoding);
  const query = positionals.join(' ').trim();
  if (query === '') throw new UsageError('search needs a query, e.g. iceberg search "5G 降速"');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);

  const loaded = loadTaxonomy(values.taxonomy, encoding);
  if (!loaded.taxonomy) {
    printProblems(io, loaded.problems, locale, 'taxonomy · ');
    return 1;
  }
  let scripts: readonly CaseScript[] = defaultLibrary().scripts;
  if (values.library) {
    const check = checkLibrary(values.library, loaded.taxonomy, encoding);
    if (check.fileProblem) {
      for (const found of check.problems) io.stderr(`${formatProblem(found, locale)}\n`);
      return 1;
    }
    const skipped = check.invalidRowCount;
    if (skipped > 0) {
      io.stderr(zh ? `注意：${skipped} 行有错误，未参与搜索（用 iceberg validate 查看）。\n` : `Note: ${skipped} rows with errors are left out (see iceberg validate).\n`);
    }
    scripts = check.valid;
  }

  // Loaded here, not at the top: validate should not pay for the search dictionaries.
  const [{ buildScriptIndex, searchLibrary }, { checkLexiconFile }] = await Promise.all([
    import('../search/script-search'),
    import('../search/lexicon-files'),
  ]);
  let lexicon;
  if (values.lexicon) {
    const check = checkLexiconFile(readFileSync(values.lexicon), { fileName: basename(values.lexicon), today: localDay(new Date()), ...(encoding ? { encoding } : {}) });
    if (!check.lexicon) {
      printProblems(io, check.problems, locale, zh ? '口语词典 · ' : 'lexicon · ');
      return 1;
    }
    lexicon = check.lexicon;
  }
  const index = buildScriptIndex(scripts, lexicon ? { lexicon } : {});
  // The same call as the sidebar's: a parent category also finds its sub-categories' scripts.
  const result = searchLibrary(index, query, {
    limit,
    taxonomy: loaded.taxonomy,
    ...(values.category ? { categoryFilter: values.category } : {}),
    ...(values.boost ? { boostCategoryId: values.boost } : {}),
  });
  if (values.json) {
    const rows = result.matches.map((hit, rank) => ({
      rank: rank + 1,
      id: hit.script.id,
      title: hit.script.title,
      score: hit.score,
      categoryIds: hit.script.categoryIds,
      partial: hit.partial,
      missingTerms: hit.missingTerms,
      reasons: hit.reasons,
    }));
    const { matches: _matches, ...about } = result;
    io.stdout(`${JSON.stringify({ query, count: rows.length, ...about, results: rows }, null, 2)}\n`);
    return 0;
  }
  for (const line of searchNotes(result, zh)) io.stdout(`${line}\n`);
  if (result.matches.length === 0) {
    io.stdout(zh ? `没有找到与“${query}”匹配的话术。\n` : `No script matches "${query}".\n`);
    return 0;
  }
  const width = Math.max(...result.matches.map((hit) => hit.script.id.length));
  result.matches.forEach((hit, rank) => {
    const why = hit.reasons.map((reason) => (reason.found === reason.term ? reason.term : `${reason.term}→${reason.found}`) + `(${reason.how})`).join(' ');
    io.stdout(`${String(rank + 1).padStart(2)}. ${hit.script.id.padEnd(width)}  ${hit.script.title}  · ${why}\n`);
  });
  return 0;
}

/** What became of the query, for the lines above the results (the sidebar shows the same notices). */
function searchNotes(result: ScriptSearchResult, zh: boolean): string[] {
  return searchNotices(result, result.matches).map((notice) => {
    switch (notice.kind) {
      case 'truncated':
        return zh ? `注意：查询过长，只搜索了前 ${MAX_SEARCH_QUERY_LENGTH} 个字。` : `Note: the query is too long; only its first ${MAX_SEARCH_QUERY_LENGTH} characters were searched.`;
      case 'dropped':
        return (zh ? '未搜索（词太多）：' : 'Not searched (too many terms): ') + notice.terms.join(' ');
      case 'ignored':
        return (zh ? '已忽略：' : 'Ignored: ') + notice.terms.join(' ');
      case 'not-found':
        return (zh ? '案例库中没有：' : 'Not in the library: ') + notice.terms.join(' ');
      case 'partial':
        return zh ? '部分匹配：没有话术包含全部词语。' : 'Partial matches: no script holds every term.';
      case 'partial-after':
        if (zh) return `前 ${notice.complete} 条包含全部词语，其后的只包含部分词语。`;
        return notice.complete === 1 ? 'The first result holds every term; the ones after it hold only some.' : `The first ${notice.complete} hold every term; the ones after them hold only some.`;
    }
  });
}

function exportTemplate(args: readonly string[], io: CliIo): number {
  const { values } = parse(args, {
    format: { type: 'string', default: 'csv' },
    kind: { type: 'string', default: 'library' },
  });
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format must be csv or json');
  if (values.kind === 'library') io.stdout(values.format === 'csv' ? libraryToCsv(TEMPLATE_LIBRARY) : libraryToJson(TEMPLATE_LIBRARY));
  else if (values.kind === 'taxonomy') io.stdout(values.format === 'csv' ? taxonomyToCsv(DEFAULT_TAXONOMY) : taxonomyToJson(DEFAULT_TAXONOMY));
  else throw new UsageError('--kind must be library or taxonomy');
  return 0;
}

/** A file that cannot be read, with the path as given (Node leaves it out of some errors, e.g. EISDIR). */
class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${code}: ${path}`);
  }
}

function readFile(path: string | URL): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new FileReadError(String(path), code);
    throw error;
  }
}

function isFileError(error: unknown): error is FileReadError {
  return error instanceof FileReadError;
}
