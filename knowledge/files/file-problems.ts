import { findPhoneNumbers, maskPhoneNumbers } from '../privacy/phone-numbers';

/**
 * The problem catalogue: everything that can go wrong when a team lead imports a library or a
 * taxonomy, or a QA reviewer merges click logs or restores a backup, keyed by a stable `code`.
 * Each problem says where (file, row or line, column), what value (masked by the privacy gate and
 * shortened), what is wrong and what to do, in Simplified Chinese and English, so a page renders
 * `message[locale]` and the CLI prints the same codes. docs/library-format.md lists the codes;
 * a unit test keeps the two in step.
 */

export const PROBLEM_CODES = [
  // the file as a whole: reading it
  'empty-file',
  'file-too-large',
  'workbook-file',
  'binary-file',
  'undecodable-text',
  'unknown-encoding',
  'mixed-encoding',
  'truncated-character',
  'utf16-without-bom',
  'doubtful-encoding',
  'encoding-detected',
  'encoding-from-bom',
  // the file as a whole: its shape
  'not-json',
  'json-too-deep',
  'json-shape',
  'unsupported-schema-version',
  'csv-syntax',
  'wrong-delimiter',
  'missing-columns',
  'unknown-columns',
  'duplicate-columns',
  'no-rows',
  'too-many-rows',
  'not-a-click-log',
  'backup-given',
  'not-a-backup',
  'unsupported-backup-version',
  'backup-from-newer-iceberg',
  'backup-cut-short',
  'backup-row-count',
  'backup-modified',
  'backup-unverified',
  'text-after-end',
  'unknown-table',
  'duplicate-table',
  'table-missing',
  'malformed-line',
  'row-before-table',
  'phone-number-masked',
  // one row (a CSV row, a JSON entry, an NDJSON or backup line)
  'short-row',
  'extra-cells',
  'last-row-unterminated',
  'duplicate-key',
  'missing-field',
  'too-long',
  'too-many-items',
  'wrong-type',
  'invalid-date',
  'invalid-time',
  'implausible-time',
  'day-mismatch',
  'voided-before-click',
  'voided-at-without-undo',
  'invalid-id',
  'invalid-keyword',
  'invalid-category-id',
  'invalid-boolean',
  'invalid-choice',
  'invalid-color',
  'invalid-shortcut',
  'invalid-value',
  'duplicate-id',
  'duplicate-event',
  'conflicting-event',
  'unknown-category',
  'retired-category',
  'duplicate-shortcut',
  'invalid-parent',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** Errors keep a row (or the whole file) out; warnings are shown but do not block. */
export type ProblemSeverity = 'error' | 'warning';

export interface LocalizedMessage {
  zh: string;
  en: string;
}

export type ProblemParams = Record<string, string | number>;

/** Where a problem is: as much of it as the file's kind has. */
export interface ProblemLocation {
  /** The file's name, when the caller gave it. */
  file?: string;
  /** CSV: the row as a spreadsheet shows it (the header is row 1, the first data row 2). */
  row?: number;
  /** The text line: where a CSV row starts (differs from `row` after cells with line breaks), or an NDJSON or backup line. */
  line?: number;
  /** JSON: the 1-based position in `scripts` (or `categories`). */
  entry?: number;
  /** Backup: the table the line belongs to. */
  table?: string;
  /** The column as written in the file's header (e.g. "标题"), or the JSON property or path. */
  column?: string;
  /** The canonical field (e.g. "title"), when the problem is about one field. */
  field?: string;
}

export interface ImportProblem extends ProblemLocation {
  code: ProblemCode;
  severity: ProblemSeverity;
  /** The value at fault, masked and shortened, when there is one. */
  value?: string;
  params: ProblemParams;
  /** What is wrong and what to do. */
  message: LocalizedMessage;
}

type Template = (params: ProblemParams) => LocalizedMessage;

const TYPE_NAMES_ZH: Readonly<Record<string, string>> = { array: '列表（数组）', string: '文本', object: '对象', boolean: '是/否', number: '数字' };
const DELIMITER_NAMES: Readonly<Record<string, LocalizedMessage>> = {
  ';': { zh: '分号（;）', en: 'semicolons (;)' },
  '\t': { zh: '制表符（Tab）', en: 'tabs' },
  '|': { zh: '竖线（|）', en: 'vertical bars (|)' },
};
const SAVE_AS_CSV_UTF8 = {
  zh: '请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”',
  en: 'In Excel choose Save As → "CSV UTF-8 (Comma delimited)"',
};
const EXPORT_AGAIN = {
  zh: '请让坐席在 Iceberg 中重新导出，不要用 Excel 或其他程序改动后再保存。',
  en: 'Ask the agent to export again from Iceberg, and do not re-save it from Excel or another program.',
};
const BACKUP_AGAIN = {
  zh: '请用 Iceberg 重新备份，或找回原始备份文件。数据库未作任何改动。',
  en: 'Make a new backup with Iceberg, or find the original file. Nothing was changed.',
};

const TEMPLATES: Record<ProblemCode, Template> = {
  'empty-file': () => ({ zh: '文件是空的。请确认选对了文件。', en: 'The file is empty. Check that you picked the right file.' }),
  'file-too-large': (p) => ({
    zh: `文件大小为 ${p.size}，超过上限 ${p.limit}。请拆分成几个较小的文件再导入。`,
    en: `The file is ${p.size}, over the ${p.limit} limit. Split it into smaller files.`,
  }),
  'workbook-file': () => ({
    zh: `这是 Excel/WPS 工作簿（.xlsx/.xls/.et），不是 CSV。${SAVE_AS_CSV_UTF8.zh}或“CSV（逗号分隔）”，再导入保存的文件。`,
    en: `This is an Excel or WPS workbook (.xlsx/.xls/.et), not a CSV file. ${SAVE_AS_CSV_UTF8.en} or "CSV (Comma delimited)" and import that file.`,
  }),
  'binary-file': () => ({
    zh: '这不是文本文件（含有二进制内容）。请导入 CSV、JSON 或 NDJSON 文件。',
    en: 'This is not a text file (it contains binary data). Import a CSV, JSON or NDJSON file.',
  }),
  'undecodable-text': (p) => ({
    zh: `按 ${p.encoding} 解码时有 ${p.count} 处无法识别的字符（第一处在第 ${p.line} 行）。请选择正确的编码，或${SAVE_AS_CSV_UTF8.zh}。`,
    en: `${p.count} characters cannot be decoded as ${p.encoding} (the first on line ${p.line}). Choose the right encoding, or ${SAVE_AS_CSV_UTF8.en.replace('In', 'in')}.`,
  }),
  'unknown-encoding': (p) => ({
    zh: `文件既不是 UTF-8 也不是 GB18030/GBK、Big5 或 EUC-KR 编码（第 ${p.line} 行起有无法识别的字节）。${SAVE_AS_CSV_UTF8.zh}，或手动选择编码。`,
    en: `The file is neither UTF-8 nor GB18030/GBK, Big5 or EUC-KR (undecodable bytes from line ${p.line}). ${SAVE_AS_CSV_UTF8.en}, or choose the encoding by hand.`,
  }),
  'mixed-encoding': (p) => ({
    zh: `文件混用了两种编码：前面是 UTF-8，第 ${p.line} 行起出现了其他编码的字节（可能是把两个文件拼在一起了）。请分别导出后再导入，或统一另存为 UTF-8。`,
    en: `The file mixes two encodings: UTF-8 first, then bytes of another encoding from line ${p.line} (perhaps two files were joined). Import them separately, or save the whole file as UTF-8.`,
  }),
  'truncated-character': (p) => ({
    zh: `文件在一个字符的中间结束（按 ${p.encoding} 读取，第 ${p.line} 行）：文件看起来被截断了。请重新导出或重新复制完整的文件。`,
    en: `The file ends in the middle of a character (read as ${p.encoding}, line ${p.line}): it looks cut short. Export or copy the whole file again.`,
  }),
  'utf16-without-bom': (p) => ({
    zh:
      p.canChoose === 'yes'
        ? '文件看起来是没有字节顺序标记（BOM）的 UTF-16 文本。请在“文件编码”中选择 UTF-16（小端）或 UTF-16BE，或另存为“CSV UTF-8”。'
        : `文件看起来是没有字节顺序标记（BOM）的 UTF-16 文本，无法确定字节顺序。${EXPORT_AGAIN.zh}`,
    en:
      p.canChoose === 'yes'
        ? 'The file looks like UTF-16 text without a byte-order mark. Choose UTF-16 (little-endian) or UTF-16BE as the encoding, or save it as "CSV UTF-8".'
        : `The file looks like UTF-16 text without a byte-order mark, so its byte order is unknown. ${EXPORT_AGAIN.en}`,
  }),
  'doubtful-encoding': (p) => ({
    zh: `按 ${p.encoding} 解码后出现大量生僻字，编码可能不对。请在预览中核对文字，必要时手动选择编码。`,
    en: `Decoded as ${p.encoding}, the text has many rare characters, so the encoding may be wrong. Check the preview and choose the encoding by hand if needed.`,
  }),
  'encoding-detected': (p) => ({
    zh: `文件不是 UTF-8，已按 ${p.encoding} 读取。请核对读出的文字；如果不对，请手动选择编码或另存为 UTF-8。`,
    en: `The file is not UTF-8; it was read as ${p.encoding}. Check the text read; if it is wrong, choose the encoding by hand or save the file as UTF-8.`,
  }),
  'encoding-from-bom': (p) => ({
    zh: `文件开头的字节顺序标记（BOM）表明它是 ${p.encoding} 编码，已按 ${p.encoding} 读取，而不是所选的 ${p.chosen}。`,
    en: `The file starts with a byte-order mark for ${p.encoding}, so it was read as ${p.encoding}, not the chosen ${p.chosen}.`,
  }),
  'not-json': (p) => ({
    zh: `JSON 格式错误（第 ${p.line} 行第 ${p.column} 列附近）：${p.detail}。请修正这一处，或重新导出文件。`,
    en: `The JSON is malformed near line ${p.line}, column ${p.column}: ${p.detail}. Fix it there, or export the file again.`,
  }),
  'json-too-deep': (p) => ({
    zh: `JSON 嵌套超过 ${p.limit} 层（第 ${p.line} 行第 ${p.column} 列），不是 Iceberg 的文件格式，没有读取。请检查文件来源。`,
    en: `The JSON is nested more than ${p.limit} levels deep (line ${p.line}, column ${p.column}); that is not an Iceberg file, so it was not read. Check where the file came from.`,
  }),
  'json-shape': (p) => ({
    zh: `JSON 的顶层必须是${p.expected === 'taxonomy' ? '分类表对象 {"schemaVersion": 1, "name", "version", "categories": […]}' : p.expected === 'lexicon' ? '口语词典对象 {"schemaVersion": 1, "name", "version", "entries": […]}' : '案例库对象 {"schemaVersion": 1, "name", "version", "scripts": […]}，或话术数组 […]'}。请确认选对了文件。`,
    en: `The JSON must be ${p.expected === 'taxonomy' ? 'a taxonomy object {"schemaVersion": 1, "name", "version", "categories": […]}' : p.expected === 'lexicon' ? 'a lexicon object {"schemaVersion": 1, "name", "version", "entries": […]}' : 'a library object {"schemaVersion": 1, "name", "version", "scripts": […]} or an array of scripts […]'}. Check that you picked the right file.`,
  }),
  'unsupported-schema-version': (p) => ({
    zh: `不支持 schemaVersion ${p.value}，本版本只支持 ${p.supported}。请升级 Iceberg，或用本版本的模板重新制作文件。`,
    en: `schemaVersion ${p.value} is not supported; this version reads ${p.supported}. Update Iceberg, or remake the file from this version's template.`,
  }),
  'csv-syntax': (p) => ({
    zh:
      p.detail === 'unclosed-quote'
        ? `CSV 格式错误：从这里（${p.columnNumber ? `第 ${p.columnNumber} 个单元格` : '这一行'}）开始的引号一直没有闭合，其后 ${p.following ?? 0} 行都会被读成这一个单元格，所以都没有读取。请补上闭合的引号，或把单元格里的引号写成两个（""）。`
        : `CSV 格式错误：${p.columnNumber ? `第 ${p.columnNumber} 个单元格` : '有个单元格'}以引号开头，引号闭合后又跟了别的字符。单元格里的引号要写成两个（""）。`,
    en:
      p.detail === 'unclosed-quote'
        ? `CSV syntax error: a quote that opens here (${p.columnNumber ? `cell ${p.columnNumber}` : 'this row'}) is never closed, so the ${p.following ?? 0} rows after it would read as this one cell and none of them was read. Close the quote, or write a quote inside a cell as two quotes ("").`
        : `CSV syntax error: ${p.columnNumber ? `cell ${p.columnNumber}` : 'a cell'} starts with a quote and has more text after the closing quote. Write a quote inside a cell as two quotes ("").`,
  }),
  'wrong-delimiter': (p) => {
    const name = DELIMITER_NAMES[String(p.delimiter)] ?? { zh: `“${p.delimiter}”`, en: `"${p.delimiter}"` };
    return {
      zh: `表头用${name.zh}分隔各列，而 Iceberg 的点击日志用逗号。这通常是在 Excel 中另存过的文件。${EXPORT_AGAIN.zh}`,
      en: `The header separates its columns with ${name.en}, but Iceberg click logs use commas. This usually means the file was re-saved from Excel. ${EXPORT_AGAIN.en}`,
    };
  },
  'missing-columns': (p) => ({
    zh:
      p.kind === 'click-log'
        ? `缺少列：${p.columns}。${EXPORT_AGAIN.zh}`
        : `缺少必填列：${p.columns}。第一行必须是表头，列名可用英文或中文（如 id/编号、title/标题、scenario/场景、solution/方案、script/话术）。`,
    en:
      p.kind === 'click-log'
        ? `Missing columns: ${p.columns}. ${EXPORT_AGAIN.en}`
        : `Missing required columns: ${p.columns}. The first row must be the header, with English or Chinese names (id/编号, title/标题, scenario/场景, solution/方案, script/话术).`,
  }),
  'unknown-columns': (p) => ({
    zh: `${p.count} 个无法识别的列，其内容不会导入：${p.columns}。可用的列：${p.accepted}。如有拼写错误请改正列名。`,
    en: `Unknown columns (${p.count}), not imported: ${p.columns}. Accepted columns: ${p.accepted}. Correct the header if one is misspelt.`,
  }),
  'duplicate-columns': (p) => ({
    zh: `列“${p.column}”出现了不止一次（表头第 ${p.first} 列和第 ${p.second} 列）。请删除或改名其中一列。`,
    en: `Column "${p.column}" appears more than once (header columns ${p.first} and ${p.second}). Delete or rename one of them.`,
  }),
  'no-rows': () => ({ zh: '文件只有表头，没有任何数据行。请确认选对了文件。', en: 'The file has a header but no rows. Check that you picked the right file.' }),
  'too-many-rows': (p) => ({
    zh: `共有 ${p.count} 行，超过上限 ${p.limit} 行。请拆分文件。`,
    en: `The file has ${p.count} rows, over the limit of ${p.limit}. Split the file.`,
  }),
  'not-a-click-log': (p) => ({
    zh: `这不是 Iceberg 的点击日志：${p.kind === 'ndjson' ? '各行缺少 event_id 和 schema_version' : `第一行应是列名 ${p.columns}…`}。请选择 Iceberg“导出点击日志”得到的 CSV 或 NDJSON 文件。`,
    en: `This is not an Iceberg click log: ${p.kind === 'ndjson' ? 'its lines lack event_id and schema_version' : `its first line should name the columns ${p.columns}…`}. Pick a CSV or NDJSON file from Iceberg's "Export click log".`,
  }),
  'backup-given': () => ({
    zh: '这是 Iceberg 的备份文件，不是点击日志：请在“备份与恢复”中恢复它。',
    en: 'This is an Iceberg backup, not a click log: restore it in "Backup and restore" instead.',
  }),
  'not-a-backup': (p) => ({
    zh: `这不是 Iceberg 的备份文件（第一行${p.detail ? `：${p.detail}` : '不是备份文件头'}）。请选择 Iceberg“备份”得到的 .ndjson 文件。`,
    en: `This is not an Iceberg backup (its first line ${p.detail ? `has ${p.detail}` : 'is not a backup header'}). Pick the .ndjson file Iceberg's "Back up" wrote.`,
  }),
  'unsupported-backup-version': (p) => ({
    zh: `备份格式版本 ${p.value} 无法识别（本版本读取 ${p.supported}）。请升级 Iceberg 后再恢复。`,
    en: `Backup format version ${p.value} is unknown (this Iceberg reads ${p.supported}). Update Iceberg, then restore.`,
  }),
  'backup-from-newer-iceberg': (p) => ({
    zh: `备份来自更新版本的 Iceberg（数据库版本 ${p.value}，本版本为 ${p.supported}）。请升级 Iceberg 后再恢复。`,
    en: `The backup comes from a newer Iceberg (database version ${p.value}; this one has ${p.supported}). Update Iceberg, then restore.`,
  }),
  'backup-cut-short': () => ({
    zh: `备份缺少结束行：文件被截断了。${BACKUP_AGAIN.zh}`,
    en: `The backup's closing line is missing: the file is cut short. ${BACKUP_AGAIN.en}`,
  }),
  'backup-row-count': (p) => ({
    zh: `结束行记录表“${p.table}”有 ${p.expected} 行，文件中只有 ${p.found} 行：文件不完整或被改动过。${BACKUP_AGAIN.zh}`,
    en: `The closing line says table "${p.table}" has ${p.expected} rows; the file holds ${p.found}: it is incomplete or was changed. ${BACKUP_AGAIN.en}`,
  }),
  'backup-modified': () => ({
    zh: `备份的校验和与内容不符：文件在备份之后被改动过（或已损坏），不能当作原始备份恢复。${BACKUP_AGAIN.zh}`,
    en: `The backup's checksum does not match its content: the file was changed after the backup was made (or is damaged), so it cannot be restored as genuine. ${BACKUP_AGAIN.en}`,
  }),
  'backup-unverified': () => ({
    zh: '这个备份由旧版本 Iceberg 写出，没有校验和，无法确认它在备份之后没有被改动。已按内容检查后恢复。',
    en: 'This backup was written by an older Iceberg and has no checksum, so changes made after the backup cannot be detected. It was restored after checking its content.',
  }),
  'text-after-end': () => ({
    zh: `结束行之后还有内容：文件被拼接或改动过。${BACKUP_AGAIN.zh}`,
    en: `There is text after the closing line: the file was joined with another or changed. ${BACKUP_AGAIN.en}`,
  }),
  'unknown-table': (p) => ({
    zh: `本版本 Iceberg 没有表“${p.table}”。请确认备份来自 Iceberg，必要时升级 Iceberg。`,
    en: `This Iceberg has no table "${p.table}". Check that the backup comes from Iceberg; update Iceberg if needed.`,
  }),
  'duplicate-table': (p) => ({
    zh: `表“${p.table}”在备份中出现了两次：文件被拼接或改动过。${BACKUP_AGAIN.zh}`,
    en: `Table "${p.table}" appears twice in the backup: the file was joined or changed. ${BACKUP_AGAIN.en}`,
  }),
  'table-missing': (p) => ({
    zh: `文件头列出了表“${p.table}”，但文件里没有它的内容。${BACKUP_AGAIN.zh}`,
    en: `The header lists table "${p.table}", but the file has no section for it. ${BACKUP_AGAIN.en}`,
  }),
  'malformed-line': (p) => ({
    zh: `${p.kind === 'end' ? '结束行' : '表的起始行'}格式不对。${BACKUP_AGAIN.zh}`,
    en: `The ${p.kind === 'end' ? 'closing line' : 'table line'} is malformed. ${BACKUP_AGAIN.en}`,
  }),
  'row-before-table': () => ({
    zh: `这一行数据出现在任何表之前。${BACKUP_AGAIN.zh}`,
    en: `This row comes before any table line. ${BACKUP_AGAIN.en}`,
  }),
  'phone-number-masked': (p) =>
    p.place === undefined
      ? {
          zh: `“${p.column}”中的电话号码已遮盖为“${p.value}”后再保存：Iceberg 不保存完整的电话号码。如果这是公开的服务号码，请改用 400/800 号码或占位符（如 [服务电话]）。`,
          en: `The phone number in "${p.column}" was masked to "${p.value}" before storing: Iceberg keeps no full phone number. If it is a public service number, use a 400/800 number or a placeholder such as [service number].`,
        }
      : {
          zh: `“${p.column}”中有 ${p.count} 处电话号码（第一处在${p.place}），已遮盖为“${p.value}”这样的形式后再保存：Iceberg 不保存完整的电话号码。`,
          en: `"${p.column}" held ${p.count} phone numbers (the first at ${p.placeEn}); they were masked, like "${p.value}", before storing: Iceberg keeps no full phone number.`,
        },
  'short-row': (p) => ({
    zh: `这一行只有 ${p.count} 个单元格，表头有 ${p.expected} 个（缺少 ${p.columns}）：这一行可能被截断了，或有单元格合并进了别的单元格。请补全这一行。`,
    en: `This row has ${p.count} cells; the header has ${p.expected} (missing: ${p.columns}). The row may be cut short, or cells may have run together. Complete the row.`,
  }),
  'extra-cells': (p) => ({
    zh: `这一行有 ${p.count} 个单元格，比表头多 ${p.extra} 个：很可能是某个单元格里的逗号没有加引号，后面的内容都右移了一列。请给含逗号的单元格加上引号。`,
    en: `This row has ${p.count} cells, ${p.extra} more than the header: most likely a comma inside a cell was not quoted and the cells after it moved one column right. Quote the cell that holds the comma.`,
  }),
  'last-row-unterminated': (p) => ({
    zh:
      p.imported === 'yes'
        ? `最后一行没有换行结尾，文件可能被截断：请核对这一行最后一个单元格（“${p.column}”）是否完整。`
        : `最后一行没有换行结尾：文件看起来被截断了，这一行没有导入。${EXPORT_AGAIN.zh}`,
    en:
      p.imported === 'yes'
        ? `The last row has no line end, so the file may be cut short: check that its last cell ("${p.column}") is complete.`
        : `The last row has no line end: the file looks cut short, so this row was not imported. ${EXPORT_AGAIN.en}`,
  }),
  'duplicate-key': (p) => ({
    zh: `属性“${p.key}”在同一个对象里出现了两次（第 ${p.line} 行第 ${p.column} 列），无法确定该用哪一个值。请删除其中一个。`,
    en: `Property "${p.key}" appears twice in one object (line ${p.line}, column ${p.column}), so which value counts is unclear. Delete one of them.`,
  }),
  'missing-field': (p) => ({
    zh: `必填项“${p.column}”是空的。请填写。`,
    en: `Required field "${p.column}" is empty. Fill it in.`,
  }),
  'too-long': (p) => ({
    zh: `“${p.column}”有 ${p.length} 个字符，超过上限 ${p.limit} 个。请缩短。`,
    en: `"${p.column}" has ${p.length} characters, over the limit of ${p.limit}. Shorten it.`,
  }),
  'too-many-items': (p) => ({
    zh: `“${p.column}”有 ${p.count} 项，最多 ${p.limit} 项。请删去一些。`,
    en: `"${p.column}" has ${p.count} items; at most ${p.limit} are allowed. Remove some.`,
  }),
  'wrong-type': (p) => ({
    zh: `“${p.column}”的类型不对：应为${TYPE_NAMES_ZH[String(p.expected)] ?? p.expected}，实际是 ${p.found}。`,
    en: `"${p.column}" has the wrong type: expected ${p.expected}, got ${p.found}.`,
  }),
  'invalid-date': (p) => ({
    zh: `“${p.column}”的日期“${p.value}”无效，应为 YYYY-MM-DD，例如 2026-11-23。`,
    en: `"${p.column}" has the date "${p.value}", which is not a valid YYYY-MM-DD date such as 2026-11-23.`,
  }),
  'invalid-time': (p) => ({
    zh: `“${p.column}”的时间“${p.value}”无效：应为带时区的 ISO-8601 时间，例如 2026-11-23T09:31:05.120+08:00，且日期真实存在。${EXPORT_AGAIN.zh}`,
    en: `"${p.column}" has the time "${p.value}", which is not a real ISO-8601 time with its offset such as 2026-11-23T09:31:05.120+08:00. ${EXPORT_AGAIN.en}`,
  }),
  'implausible-time': (p) => ({
    zh:
      p.reason === 'future'
        ? `“${p.column}”的时间“${p.value}”在导入时间之后超过 ${p.margin}：不可能发生。请检查导出该文件的电脑时钟，并重新导出。`
        : `“${p.column}”的时间“${p.value}”早于 1970 年：不可能发生。请重新导出。`,
    en:
      p.reason === 'future'
        ? `"${p.column}" has the time "${p.value}", more than ${p.marginEn} after the import: impossible. Check the clock of the computer that exported the file, and export again.`
        : `"${p.column}" has the time "${p.value}", before 1970: impossible. Export again.`,
  }),
  'day-mismatch': (p) => ({
    zh: `“day”是“${p.value}”，但 occurred_at 的本地日期是 ${p.expected}。${EXPORT_AGAIN.zh}`,
    en: `"day" is "${p.value}", but the local date of occurred_at is ${p.expected}. ${EXPORT_AGAIN.en}`,
  }),
  'voided-before-click': (p) => ({
    zh: `撤销时间“${p.value}”早于点击时间 ${p.occurredAt}：不可能发生。${EXPORT_AGAIN.zh}`,
    en: `The undo time "${p.value}" is before the click time ${p.occurredAt}: impossible. ${EXPORT_AGAIN.en}`,
  }),
  'voided-at-without-undo': () => ({
    zh: `填了撤销时间（voided_at），但 voided 为 false。${EXPORT_AGAIN.zh}`,
    en: `voided_at is set but voided is false. ${EXPORT_AGAIN.en}`,
  }),
  'invalid-id': (p) => ({
    zh:
      p.kind === 'event'
        ? `事件编号“${p.value}”不是 UUID。${EXPORT_AGAIN.zh}`
        : `编号“${p.value}”无效：只能用英文字母、数字和 _ . -，以字母或数字开头，最多 64 个字符。`,
    en:
      p.kind === 'event'
        ? `Event id "${p.value}" is not a UUID. ${EXPORT_AGAIN.en}`
        : `Id "${p.value}" is invalid: use only letters, digits, "_", "." and "-", starting with a letter or digit, at most 64 characters.`,
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
  'invalid-choice': (p) => ({
    zh: `“${p.column}”的值“${p.value}”无效：应为空，或 ${p.options} 之一。`,
    en: `"${p.column}" has "${p.value}"; leave it empty or use one of ${p.options}.`,
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
    zh: `“${p.column}”的值${p.value === '' || p.value === undefined ? '' : `“${p.value}”`}无效${p.detailZh ? `：${p.detailZh}` : ''}。请改正。`,
    en: `"${p.column}" has an invalid value${p.value === '' || p.value === undefined ? '' : ` "${p.value}"`}${p.detail ? `: ${p.detail}` : ''}. Correct it.`,
  }),
  'duplicate-id': (p) => {
    const zh = p.otherRow !== undefined ? `第 ${p.otherRow} 行` : p.otherLine !== undefined ? `第 ${p.otherLine} 行` : `第 ${p.otherEntry} 条`;
    const en = p.otherRow !== undefined ? `row ${p.otherRow}` : p.otherLine !== undefined ? `line ${p.otherLine}` : `entry ${p.otherEntry}`;
    return {
      zh: `编号“${p.value}”重复：${zh}已经用过。只导入${zh}，这里的不导入。请给这一行换一个编号，或删除重复的一行。`,
      en: `Id "${p.value}" is already used by ${en}. Only ${en} is imported, not this one. Give this row another id, or delete the repeated row.`,
    };
  },
  'duplicate-event': (p) => ({
    zh: `事件“${p.value}”在第 ${p.otherRow} 行已经出现过，内容相同：只计一次。`,
    en: `Event "${p.value}" already appears at row ${p.otherRow} with the same content: it counts once.`,
  }),
  'conflicting-event': (p) => {
    const zh = p.against === 'own' ? '本浏览器自己记录的同一点击' : p.against === 'stored' ? '之前导入的同一事件' : `第 ${p.otherRow} 行的同一事件`;
    const en = p.against === 'own' ? "this browser's own record of the click" : p.against === 'stored' ? 'the same event imported before' : `the same event at row ${p.otherRow}`;
    return {
      zh: `事件“${p.value}”与${zh}不一致（${p.columns}）：保留已有的，这一行不导入。请核对两个文件中哪个是该坐席最新的导出。`,
      en: `Event "${p.value}" differs from ${en} (${p.columns}): the existing one is kept and this row is not imported. Check which file is the agent's latest export.`,
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
    zh: `快捷键“${p.value}”已被分类“${p.other}”使用。请换一个快捷键。`,
    en: `Shortcut "${p.value}" is already used by category "${p.other}". Choose another shortcut.`,
  }),
  'invalid-parent': (p) => ({
    zh:
      p.reason === 'nested'
        ? `上级分类“${p.value}”本身是子分类；分类只能有两级。请改用一个顶级分类。`
        : `上级分类“${p.value}”不存在。请先添加它，或改用已有的分类。`,
    en:
      p.reason === 'nested'
        ? `Parent "${p.value}" is itself a sub-category; only two levels are allowed. Use a top-level category.`
        : `Parent category "${p.value}" does not exist. Add it first, or use an existing category.`,
  }),
};


const WARNINGS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'doubtful-encoding',
  'encoding-detected',
  'encoding-from-bom',
  'unknown-columns',
  'retired-category',
  'backup-unverified',
  'phone-number-masked',
  'duplicate-event',
]);

export function severityOf(code: ProblemCode): ProblemSeverity {
  return WARNINGS.has(code) ? 'warning' : 'error';
}

/** The longest value a problem repeats. */
const MAX_VALUE_LENGTH = 80;

/** A value as a problem shows it: phone numbers masked, cut to a readable length. */
export function shownValue(value: string, limit = MAX_VALUE_LENGTH): string {
  const cut = value.length > limit * 4 ? value.slice(0, limit * 4) : value;
  const masked = maskPhoneNumbers(cut);
  return masked.length > limit ? `${masked.slice(0, limit - 1)}…` : masked;
}

/** Parameters that repeat one value from the file; the others (lists, details) may be longer. */
const SINGLE_VALUE_PARAMS = new Set(['value', 'column', 'key', 'table', 'other', 'chosen']);

/**
 * A problem with its messages. Every text parameter passes the privacy gate and is shortened,
 * since values come from the file: a message never repeats a phone number or a whole huge cell.
 */
export function problem(
  code: ProblemCode,
  params: ProblemParams = {},
  location: ProblemLocation = {},
  severity: ProblemSeverity = severityOf(code),
): ImportProblem {
  const shown: ProblemParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) shown[key] = typeof value === 'string' ? shownValue(value, SINGLE_VALUE_PARAMS.has(key) ? MAX_VALUE_LENGTH : 800) : value;
  }
  const located: ImportProblem = { code, severity, params: shown, message: TEMPLATES[code](shown) };
  if (location.file !== undefined) located.file = location.file;
  if (location.row !== undefined) located.row = location.row;
  if (location.line !== undefined) located.line = location.line;
  if (location.entry !== undefined) located.entry = location.entry;
  if (location.table !== undefined) located.table = location.table;
  if (location.column !== undefined) located.column = shownValue(location.column);
  if (location.field !== undefined) located.field = location.field;
  if (typeof shown.value === 'string') located.value = shown.value;
  return located;
}

/** The same problem located in a file (the checkers do not know the file's name). */
export function inFile<T extends ImportProblem>(found: T, file: string | undefined): T {
  return file === undefined || found.file !== undefined ? found : { ...found, file: shownValue(file) };
}

export function isBlocking(found: ImportProblem): boolean {
  return found.severity === 'error';
}

/** Where a problem is, as the pages and the CLI show it: "第 3 行（文本第 5 行）", "entry 2", "line 7 (events)", "文件". */
export function problemPlace(found: ImportProblem, locale: 'zh' | 'en'): string {
  const zh = locale === 'zh';
  const table = found.table ? (zh ? `（表 ${found.table}）` : ` (${found.table})`) : '';
  if (found.row !== undefined) {
    const line = found.line !== undefined && found.line !== found.row ? (zh ? `（文本第 ${found.line} 行）` : ` (text line ${found.line})`) : '';
    return zh ? `第 ${found.row} 行${line}` : `row ${found.row}${line}`;
  }
  if (found.entry !== undefined) return zh ? `第 ${found.entry} 条` : `entry ${found.entry}`;
  if (found.line !== undefined) return zh ? `第 ${found.line} 行${table}` : `line ${found.line}${table}`;
  if (found.table) return zh ? `表 ${found.table}` : `table ${found.table}`;
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

/** At most `limit` names of a list, then how many more: keeps a message short whatever the file holds. */
export function boundedList(names: readonly string[], limit = 10): string {
  const shown = names.slice(0, limit).map((name) => shownValue(name).slice(0, 40));
  return names.length > limit ? `${shown.join(', ')} … (+${names.length - limit})` : shown.join(', ');
}

/**
 * The warning for a cell whose phone numbers the privacy gate masked (the schemas mask them):
 * null when the values held none. Values may be a text or a list of texts.
 */
export function maskedCellProblem(values: unknown, location: ProblemLocation & { column: string }): ImportProblem | null {
  const texts = Array.isArray(values) ? values : [values];
  const numbers = texts.flatMap((text) => (typeof text === 'string' ? findPhoneNumbers(text) : []));
  return numbers.length === 0 ? null : problem('phone-number-masked', { column: location.column, value: numbers[0]!.masked }, location);
}

/** The warning for a column of a merged or restored file: how many numbers were masked and where the first was. */
export function maskedColumnProblem(
  column: string,
  masked: { count: number; value: string },
  first: { row?: number; line?: number },
  location: ProblemLocation = {},
): ImportProblem {
  const at = first.row ?? first.line ?? 0;
  const unit = first.row !== undefined ? 'row' : 'line';
  return problem('phone-number-masked', { column, count: masked.count, value: masked.value, place: `第 ${at} 行`, placeEn: `${unit} ${at}` }, { ...first, column, ...location });
}
