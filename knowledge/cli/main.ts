import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_TAXONOMY } from '../taxonomy/default-taxonomy';
import { localDay } from '../clicks/local-time';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { CaseScript } from '../case-library/case-script';
import { normalizeEncodingName, type TextEncodingName } from '../files/text-decoding';
import { DEFAULT_LIBRARY } from '../case-library/default-library';
import { checkLibraryFile, type LibraryImportCheck } from '../case-library/library-check';
import { formatProblem, isBlocking, type ImportProblem } from '../files/file-problems';
import { libraryToCsv, libraryToJson, taxonomyToCsv, taxonomyToJson } from '../files/library-files';
import { TEMPLATE_LIBRARY } from '../files/published-contract';
import { MAX_SEARCH_QUERY_LENGTH } from '../case-library/script-usage';
import { searchNotices } from '../search/search-notices';
import type { ScriptSearchResult } from '../search/script-search';
import { checkTaxonomyFile } from '../taxonomy/taxonomy-check';

/**
 * `iceberg`: the team lead's command line for the case library. It runs the same knowledge/ code
 * as the extension's import page and sidebar search, so "valid here" means "imports there".
 * Exit codes: 0 done, 1 blocking problems in a file, 2 wrong usage or unreadable file.
 */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

type Locale = 'zh' | 'en';

const USAGE = `iceberg — 案例库命令行 / case-library command line

  iceberg validate [--library FILE] [--taxonomy FILE] [--encoding ENC] [--json] [--lang zh|en]
      检查案例库文件（CSV 或 JSON），列出每个问题的行、列和原因；有错误时退出码为 1。
      Checks a library file as an import would; exit code 1 when anything blocks the import.

  iceberg search [--library FILE] [--taxonomy FILE] [--lexicon FILE] [--encoding ENC]
                 [--category ID] [--boost ID] [--limit N] [--json] "查询 query"
      按相关度列出话术编号、标题和匹配原因；上级分类包含其子分类。
      Prints ranked script ids, titles and why each matched; a parent category takes its
      sub-categories, as in the sidebar.

  iceberg export-template [--format csv|json] [--kind library|taxonomy]
      输出模板到标准输出。 Writes a template to standard output.

Without --library the default library is used; without --taxonomy, the default taxonomy.
ENC: utf-8, gb18030 (gbk), utf-16le, utf-16be; detected when not given.`;

class UsageError extends Error {}

export async function runIceberg(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return validate(rest, io);
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
      io.stderr(`iceberg: cannot read ${error.path}: ${error.code}\n`);
      return 2;
    }
    throw error;
  }
}

const SHARED_OPTIONS = {
  library: { type: 'string' },
  taxonomy: { type: 'string' },
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
  if (!encoding) throw new UsageError(`unsupported encoding "${value}" (use utf-8, gb18030, utf-16le or utf-16be)`);
  return encoding;
}

const DEFAULT_LIBRARY_FILE = new URL('../case-library/default-library.json', import.meta.url);

interface LoadedTaxonomy {
  taxonomy: Taxonomy | null;
  problems: ImportProblem[];
}

function loadTaxonomy(file: string | undefined, encoding: TextEncodingName | undefined): LoadedTaxonomy {
  if (!file) return { taxonomy: DEFAULT_TAXONOMY, problems: [] };
  const check = checkTaxonomyFile(readFileSync(file), {
    fileName: basename(file),
    today: localDay(new Date()),
    ...(encoding ? { encoding } : {}),
  });
  return { taxonomy: check.taxonomy, problems: check.problems };
}

function checkLibrary(file: string | undefined, taxonomy: Taxonomy, encoding: TextEncodingName | undefined): LibraryImportCheck {
  const bytes = readFileSync(file ?? DEFAULT_LIBRARY_FILE);
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

function validate(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse(args, SHARED_OPTIONS);
  const locale = localeOf(values.lang);
  const encoding = encodingOf(values.encoding);
  // `iceberg validate FILE` is what people type first; accept it as --library.
  const libraryFile = values.library ?? positionals[0];
  const zh = locale === 'zh';

  const loaded = loadTaxonomy(values.taxonomy, encoding);
  if (!loaded.taxonomy) {
    if (values.json) io.stdout(`${JSON.stringify({ taxonomy: { file: values.taxonomy, problems: loaded.problems } }, null, 2)}\n`);
    else {
      printProblems(io, loaded.problems, locale, zh ? '分类表 · ' : 'taxonomy · ');
      io.stdout(zh ? '分类表有错误，无法检查案例库。\n' : 'The taxonomy has errors; the library was not checked.\n');
    }
    return 1;
  }
  const check = checkLibrary(libraryFile, loaded.taxonomy, encoding);
  const blocking = check.problems.filter(isBlocking).length;
  const blockingTaxonomy = loaded.problems.filter(isBlocking).length;

  if (values.json) {
    const { valid, ...summary } = check;
    io.stdout(
      `${JSON.stringify({ file: libraryFile ?? null, ...summary, validCount: valid.length, taxonomyProblems: loaded.problems }, null, 2)}\n`,
    );
    return blocking + blockingTaxonomy > 0 ? 1 : 0;
  }

  printProblems(io, loaded.problems, locale, zh ? '分类表 · ' : 'taxonomy · ');
  const encodingNote = check.encoding
    ? `${check.encoding.toUpperCase()}${check.encodingDetected ? (zh ? '（自动识别）' : ' (detected)') : zh ? '（指定）' : ' (chosen)'}`
    : '—';
  const fileLabel = libraryFile ?? (zh ? '默认案例库' : 'default library');
  io.stdout(
    zh
      ? `${fileLabel} · ${check.format.toUpperCase()} · 编码 ${encodingNote} · ${check.rowCount} 行 · 案例库“${check.name}” 版本 ${check.version}\n`
      : `${fileLabel} · ${check.format.toUpperCase()} · encoding ${encodingNote} · ${check.rowCount} rows · library "${check.name}" version ${check.version}\n`,
  );
  printProblems(io, check.problems, locale);
  const warnings = check.problems.length - blocking;
  if (check.fileProblem) io.stdout(zh ? '无法导入这个文件。\n' : 'This file cannot be imported.\n');
  else if (blocking === 0) {
    io.stdout(zh ? `可以导入：${check.valid.length} 条话术，${warnings} 个提示。\n` : `OK to import: ${check.valid.length} scripts, ${warnings} warnings.\n`);
  } else {
    io.stdout(
      zh
        ? `${check.invalidRowCount} 行有错误（共 ${blocking} 个错误，${warnings} 个提示）；只导入有效行时可导入 ${check.valid.length} 条话术。\n`
        : `${check.invalidRowCount} rows have errors (${blocking} errors, ${warnings} warnings); importing only valid rows would import ${check.valid.length} scripts.\n`,
    );
  }
  return blocking + blockingTaxonomy > 0 ? 1 : 0;
}

async function search(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...SHARED_OPTIONS,
    lexicon: { type: 'string' },
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
  let scripts: readonly CaseScript[] = DEFAULT_LIBRARY.scripts;
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
  return searchNotices(result, result.matches.length).map((notice) => {
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

function isFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'path' in error;
}
