/**
 * What goes wrong when a team lead imports a file, said so they can fix it. Each problem has a
 * stable `code` with `params` (for UIs that localise themselves) and a ready `message` in
 * Chinese and English (for everyone else: the CLI, logs, tests). The catalogue is documented in
 * docs/library-format.md; keep the two in step.
 */

export type ProblemCode =
  // the file as a whole
  | 'empty-file'
  | 'file-too-large'
  | 'workbook-file'
  | 'binary-file'
  | 'undecodable-text'
  | 'unknown-encoding'
  | 'doubtful-encoding'
  | 'encoding-from-bom'
  | 'not-json'
  | 'json-shape'
  | 'unsupported-schema-version'
  | 'csv-syntax'
  | 'missing-columns'
  | 'unknown-columns'
  | 'duplicate-columns'
  | 'no-rows'
  | 'too-many-rows'
  // one row (a CSV row, or one entry of a JSON array)
  | 'missing-field'
  | 'too-long'
  | 'too-many-items'
  | 'wrong-type'
  | 'invalid-date'
  | 'invalid-id'
  | 'invalid-keyword'
  | 'invalid-category-id'
  | 'invalid-boolean'
  | 'invalid-color'
  | 'invalid-shortcut'
  | 'invalid-value'
  | 'extra-cells'
  | 'duplicate-id'
  | 'unknown-category'
  | 'retired-category'
  | 'duplicate-shortcut'
  | 'invalid-parent';

/** Errors keep a row (or the whole file) out; warnings are shown but do not block. */
export type ProblemSeverity = 'error' | 'warning';

export interface LocalizedMessage {
  zh: string;
  en: string;
}

export type ProblemParams = Record<string, string | number>;

export interface ImportProblem {
  code: ProblemCode;
  severity: ProblemSeverity;
  /** CSV: the row as a spreadsheet shows it (the header is row 1, the first script row 2). */
  row?: number;
  /** CSV: the text line the row starts on; differs from `row` after cells with line breaks. */
  line?: number;
  /** JSON: the 1-based position in `scripts` (or `categories`). */
  entry?: number;
  /** The column as written in the file's header (e.g. "标题"), or the JSON property. */
  column?: string;
  /** The canonical field (e.g. "title"), when the problem is about one field. */
  field?: string;
  params: ProblemParams;
  message: LocalizedMessage;
}

type Template = (params: ProblemParams) => LocalizedMessage;

const TYPE_NAMES_ZH: Readonly<Record<string, string>> = { array: '列表（数组）', string: '文本', object: '对象', boolean: '是/否', number: '数字' };

const TEMPLATES: Record<ProblemCode, Template> = {
  'empty-file': () => ({ zh: '文件是空的。', en: 'The file is empty.' }),
  'file-too-large': (p) => ({
    zh: `文件大小为 ${p.size}，超过上限 ${p.limit}。请拆分成几个较小的文件再导入。`,
    en: `The file is ${p.size}, over the ${p.limit} limit. Split it into smaller files.`,
  }),
  'workbook-file': () => ({
    zh: '这是 Excel/WPS 工作簿（.xlsx/.xls/.et），不是 CSV。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”，再导入保存的文件。',
    en: 'This is an Excel or WPS workbook (.xlsx/.xls/.et), not a CSV file. In Excel choose Save As → "CSV UTF-8 (Comma delimited)" or "CSV (Comma delimited)" and import that file.',
  }),
  'binary-file': () => ({
    zh: '这不是文本文件（含有二进制内容）。请导入 CSV 或 JSON 文件。',
    en: 'This is not a text file (it contains binary data). Import a CSV or JSON file.',
  }),
  'undecodable-text': (p) => ({
    zh: `按 ${p.encoding} 解码时有 ${p.count} 处无法识别的字符（第一处在第 ${p.line} 行）。请选择正确的编码，或在 Excel 中另存为“CSV UTF-8”。`,
    en: `${p.count} characters cannot be decoded as ${p.encoding} (the first on line ${p.line}). Choose the right encoding, or save the file as "CSV UTF-8" in Excel.`,
  }),
  'unknown-encoding': (p) => ({
    zh: `文件既不是 UTF-8 也不是 GB18030/GBK 编码（第 ${p.line} 行起有无法识别的字节）。请在 Excel 中另存为“CSV UTF-8”，或手动选择编码。`,
    en: `The file is neither UTF-8 nor GB18030/GBK (undecodable bytes from line ${p.line}). Save it as "CSV UTF-8" in Excel, or choose the encoding by hand.`,
  }),
  'encoding-from-bom': (p) => ({
    zh: `文件开头的字节顺序标记（BOM）表明它是 ${p.encoding} 编码，已按 ${p.encoding} 读取，而不是所选的 ${p.chosen}。`,
    en: `The file starts with a byte-order mark for ${p.encoding}, so it was read as ${p.encoding}, not the chosen ${p.chosen}.`,
  }),
  'doubtful-encoding': (p) => ({
    zh: `按 ${p.encoding} 解码后出现大量生僻字，编码可能不对。请在预览中核对文字，必要时手动选择编码。`,
    en: `Decoded as ${p.encoding}, the text has many rare characters, so the encoding may be wrong. Check the preview and choose the encoding by hand if needed.`,
  }),
  'not-json': (p) => ({
    zh: `JSON 格式错误（第 ${p.line} 行第 ${p.column} 列附近）：${p.detail}`,
    en: `The JSON is malformed near line ${p.line}, column ${p.column}: ${p.detail}`,
  }),
  'json-shape': (p) => ({
    zh: `JSON 的顶层必须是${p.expected === 'taxonomy' ? '分类表对象 {"schemaVersion": 1, "name", "version", "categories": […]}' : p.expected === 'lexicon' ? '口语词典对象 {"schemaVersion": 1, "name", "version", "entries": […]}' : '案例库对象 {"schemaVersion": 1, "name", "version", "scripts": […]}，或话术数组 […]'}。`,
    en: `The JSON must be ${p.expected === 'taxonomy' ? 'a taxonomy object {"schemaVersion": 1, "name", "version", "categories": […]}' : p.expected === 'lexicon' ? 'a lexicon object {"schemaVersion": 1, "name", "version", "entries": […]}' : 'a library object {"schemaVersion": 1, "name", "version", "scripts": […]} or an array of scripts […]'}.`,
  }),
  'unsupported-schema-version': (p) => ({
    zh: `不支持 schemaVersion ${p.value}，本版本只支持 ${p.supported}。`,
    en: `schemaVersion ${p.value} is not supported; this version reads ${p.supported}.`,
  }),
  'csv-syntax': (p) => ({
    zh:
      p.detail === 'unclosed-quote'
        ? 'CSV 格式错误：这一行有一个引号没有闭合，从这里起的内容都会被读成一个单元格。'
        : 'CSV 格式错误：这一行有个以引号开头的单元格，引号闭合后又跟了别的字符。单元格里的引号要写成两个（""）。',
    en:
      p.detail === 'unclosed-quote'
        ? 'CSV syntax error: a quote on this row is never closed, so everything from here on reads as one cell.'
        : 'CSV syntax error: a cell on this row starts with a quote and has more text after the closing quote. Write a quote inside a cell as two quotes ("").',
  }),
  'missing-columns': (p) => ({
    zh: `缺少必填列：${p.columns}。第一行必须是表头，列名可用英文或中文（如 id/编号、title/标题、scenario/场景、solution/方案、script/话术）。`,
    en: `Missing required columns: ${p.columns}. The first row must be the header, with English or Chinese names (id/编号, title/标题, scenario/场景, solution/方案, script/话术).`,
  }),
  'unknown-columns': (p) => ({
    zh: `无法识别的列，其内容不会导入：${p.columns}。可用的列：${p.accepted}。`,
    en: `Unknown columns, not imported: ${p.columns}. Accepted columns: ${p.accepted}.`,
  }),
  'duplicate-columns': (p) => ({
    zh: `列“${p.column}”出现了不止一次（表头第 ${p.first} 列和第 ${p.second} 列）。`,
    en: `Column "${p.column}" appears more than once (header columns ${p.first} and ${p.second}).`,
  }),
  'no-rows': () => ({ zh: '文件只有表头，没有任何数据行。', en: 'The file has a header but no rows.' }),
  'too-many-rows': (p) => ({
    zh: `共有 ${p.count} 行，超过上限 ${p.limit} 行。`,
    en: `The file has ${p.count} rows, over the limit of ${p.limit}.`,
  }),
  'missing-field': (p) => ({
    zh: `必填项“${p.column}”是空的。`,
    en: `Required field "${p.column}" is empty.`,
  }),
  'too-long': (p) => ({
    zh: `“${p.column}”有 ${p.length} 个字符，超过上限 ${p.limit} 个。`,
    en: `"${p.column}" has ${p.length} characters, over the limit of ${p.limit}.`,
  }),
  'too-many-items': (p) => ({
    zh: `“${p.column}”有 ${p.count} 项，最多 ${p.limit} 项。`,
    en: `"${p.column}" has ${p.count} items; at most ${p.limit} are allowed.`,
  }),
  'wrong-type': (p) => ({
    zh: `“${p.column}”的类型不对：应为${TYPE_NAMES_ZH[String(p.expected)] ?? p.expected}，实际是 ${p.value}。`,
    en: `"${p.column}" has the wrong type: expected ${p.expected}, got ${p.value}.`,
  }),
  'invalid-date': (p) => ({
    zh: `“${p.column}”的日期“${p.value}”无效，应为 YYYY-MM-DD，例如 2026-11-23。`,
    en: `"${p.column}" has the date "${p.value}", which is not a valid YYYY-MM-DD date such as 2026-11-23.`,
  }),
  'invalid-id': (p) => ({
    zh: `编号“${p.value}”无效：只能用英文字母、数字和 _ . -，以字母或数字开头，最多 64 个字符。`,
    en: `Id "${p.value}" is invalid: use only letters, digits, "_", "." and "-", starting with a letter or digit, at most 64 characters.`,
  }),
  'invalid-keyword': (p) => ({
    zh: `关键词“${p.value}”无效：每个关键词 1–30 个字符，且不能含 | ; ； 、 ， , 或换行（它们用来分隔关键词）。`,
    en: `Keyword "${p.value}" is invalid: each keyword is 1–30 characters and may not contain | ; ； 、 ， , or a line break (they separate keywords).`,
  }),
  'invalid-category-id': (p) => ({
    zh: `分类编号“${p.value}”格式不对：应为 2–40 个小写字母、数字或 -，以字母开头。`,
    en: `Category id "${p.value}" is malformed: use 2–40 lower-case letters, digits or "-", starting with a letter.`,
  }),
  'invalid-boolean': (p) => ({
    zh: `“${p.column}”的值“${p.value}”无效，请填 是/否、true/false 或 1/0。`,
    en: `"${p.column}" has "${p.value}"; use true/false, yes/no, 1/0 or 是/否.`,
  }),
  'invalid-color': (p) => ({
    zh: `颜色“${p.value}”无效，应为 #RRGGBB，例如 #d9480f。`,
    en: `Colour "${p.value}" is invalid; use #RRGGBB, e.g. #d9480f.`,
  }),
  'invalid-shortcut': (p) => ({
    zh: `快捷键“${p.value}”无效：只能是一个数字或小写字母，i、k、z 留给撤销、侧栏和搜索。`,
    en: `Shortcut "${p.value}" is invalid: use one digit or lower-case letter; i, k and z are reserved.`,
  }),
  'invalid-value': (p) => ({
    zh: `“${p.column}”的值${p.value === '' ? '' : `“${p.value}”`}无效：${p.detail}`,
    en: `"${p.column}" has an invalid value${p.value === '' ? '' : ` "${p.value}"`}: ${p.detail}`,
  }),
  'extra-cells': (p) => ({
    zh: `这一行比表头多出 ${p.count} 个非空单元格（可能是某个单元格里的逗号没有加引号）。`,
    en: `This row has ${p.count} non-empty cells beyond the header (perhaps a comma inside a cell was not quoted).`,
  }),
  'duplicate-id': (p) => {
    const zh = p.otherRow !== undefined ? `第 ${p.otherRow} 行` : `第 ${p.otherEntry} 条`;
    const en = p.otherRow !== undefined ? `row ${p.otherRow}` : `entry ${p.otherEntry}`;
    return {
      zh: `编号“${p.value}”重复：${zh}已经用过。只导入${zh}，这里的不导入。`,
      en: `Id "${p.value}" is already used by ${en}. Only ${en} is imported, not this one.`,
    };
  },
  'unknown-category': (p) => ({
    zh: `分类“${p.value}”不在分类表中。请改成已有的分类编号，或先导入包含它的分类表。`,
    en: `Category "${p.value}" is not in the taxonomy. Use an existing category id, or import a taxonomy that has it first.`,
  }),
  'retired-category': (p) => ({
    zh: `分类“${p.value}”已停用：话术仍会导入，但坐席点击时不再看到这个分类。`,
    en: `Category "${p.value}" is retired: the script is imported, but agents no longer see this category.`,
  }),
  'duplicate-shortcut': (p) => ({
    zh: `快捷键“${p.value}”已被分类“${p.other}”使用。`,
    en: `Shortcut "${p.value}" is already used by category "${p.other}".`,
  }),
  'invalid-parent': (p) => ({
    zh:
      p.reason === 'nested'
        ? `上级分类“${p.value}”本身是子分类；分类只能有两级。`
        : `上级分类“${p.value}”不存在。`,
    en:
      p.reason === 'nested'
        ? `Parent "${p.value}" is itself a sub-category; only two levels are allowed.`
        : `Parent category "${p.value}" does not exist.`,
  }),
};

export interface ProblemLocation {
  row?: number;
  line?: number;
  entry?: number;
  column?: string;
  field?: string;
}

const WARNINGS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'doubtful-encoding',
  'encoding-from-bom',
  'unknown-columns',
  'retired-category',
]);

export function problem(code: ProblemCode, params: ProblemParams = {}, location: ProblemLocation = {}): ImportProblem {
  const located: ImportProblem = {
    code,
    severity: WARNINGS.has(code) ? 'warning' : 'error',
    params,
    message: TEMPLATES[code](params),
  };
  if (location.row !== undefined) located.row = location.row;
  if (location.line !== undefined) located.line = location.line;
  if (location.entry !== undefined) located.entry = location.entry;
  if (location.column !== undefined) located.column = location.column;
  if (location.field !== undefined) located.field = location.field;
  return located;
}

export function isBlocking(found: ImportProblem): boolean {
  return found.severity === 'error';
}

/** Where a problem is, as the import page and the CLI show it: "第 3 行（文本第 5 行）", "entry 2", "文件". */
export function problemPlace(found: ImportProblem, locale: 'zh' | 'en'): string {
  const zh = locale === 'zh';
  if (found.row !== undefined) {
    const line = found.line !== undefined && found.line !== found.row ? (zh ? `（文本第 ${found.line} 行）` : ` (text line ${found.line})`) : '';
    return zh ? `第 ${found.row} 行${line}` : `row ${found.row}${line}`;
  }
  if (found.entry !== undefined) return zh ? `第 ${found.entry} 条` : `entry ${found.entry}`;
  return zh ? '文件' : 'file';
}

/** One line as the CLI prints it: "错误 · 第 3 行 · 标题: …" / "error · row 3 · title: …". */
export function formatProblem(found: ImportProblem, locale: 'zh' | 'en'): string {
  const zh = locale === 'zh';
  const tag = found.severity === 'warning' ? (zh ? '提示' : 'warning') : zh ? '错误' : 'error';
  return `${tag} · ${problemPlace(found, locale)}${found.column ? ` · ${found.column}` : ''}: ${found.message[locale]}`;
}

/** Bytes as people read them: 20 MB, 1.5 KB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
