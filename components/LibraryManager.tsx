import { useState } from 'preact/hooks';
import type { ImportMode, ImportPreview } from '@/knowledge/case-library/library-diff';
import { isBlocking, problemPlace, type ImportProblem } from '@/knowledge/files/file-problems';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import type { SearchMissSummary } from '@/knowledge/case-library/script-usage';
import type { Locale } from '@/knowledge/settings/settings';

/** What the page learns of a checked file: everything but the scripts themselves. */
export interface ImportCheckSummary {
  encoding: string | null;
  encodingDetected: boolean;
  rowCount: number;
  invalidRowCount: number;
  validCount: number;
  fileProblem: boolean;
  problems: ImportProblem[];
}

export type ImportStage = 'reading' | 'checking' | 'comparing' | 'writing';

/** Where the lead is in an import; nothing is written before `onImport`. */
export type ImportState =
  | { kind: 'idle' }
  | { kind: 'working'; fileName: string; stage: ImportStage }
  | { kind: 'checked'; fileName: string; check: ImportCheckSummary; preview: ImportPreview }
  | { kind: 'imported'; fileName: string; mode: ImportMode; scriptCount: number }
  | { kind: 'failed'; fileName: string; message: string };

export interface LibrarySummary {
  name: string;
  version: string;
  scriptCount: number;
  importedAt: string;
  fileName?: string;
  isDefault: boolean;
}

export interface ScriptUsageRow {
  scriptId: string;
  title: string;
  count: number;
  lastUsedAt: number;
}

/** A taxonomy file on its way in; it replaces the taxonomy whole or not at all. */
export type TaxonomyImportState =
  | { kind: 'idle' }
  | { kind: 'checked'; fileName: string; taxonomy: Taxonomy | null; problems: ImportProblem[] }
  | { kind: 'imported'; fileName: string }
  | { kind: 'failed'; fileName: string; message: string };

export interface LibraryManagerProps {
  taxonomy: { name: string; version: string; activeCount: number; retiredCount: number };
  taxonomyState: TaxonomyImportState;
  onChooseTaxonomyFile: (file: File) => void;
  onImportTaxonomy: () => void;
  onExportTaxonomy: (format: 'json' | 'csv') => void;
  onCancelTaxonomy: () => void;
  locale: Locale;
  library: LibrarySummary;
  usage: ScriptUsageRow[];
  misses: SearchMissSummary[];
  importState: ImportState;
  onChooseFile: (file: File, encoding: string | undefined) => void;
  onImport: (mode: ImportMode) => void;
  onCancelImport: () => void;
  onExport: (format: 'json' | 'csv') => void;
  onRestoreDefault: () => void;
}

const ENCODINGS = [
  { value: '', zh: '自动检测', en: 'Detect' },
  { value: 'utf-8', zh: 'UTF-8', en: 'UTF-8' },
  { value: 'gb18030', zh: 'GB18030 / GBK（Excel 中文默认）', en: 'GB18030 / GBK (Chinese Excel default)' },
  { value: 'utf-16le', zh: 'UTF-16', en: 'UTF-16' },
  { value: 'big5', zh: 'Big5（繁体）', en: 'Big5 (Traditional)' },
];

const TEXT = {
  zh: {
    title: 'Iceberg 冰山 · 话术库',
    current: '当前话术库',
    builtIn: '（内置默认库）',
    scripts: '条话术',
    importedAt: '导入时间',
    exportJson: '导出 JSON',
    exportCsv: '导出 CSV',
    restore: '恢复内置默认库',
    importTitle: '导入话术库',
    importHelp: '支持 JSON 与 CSV（UTF-8、带 BOM 的 UTF-8、GB18030/GBK）。先检查，确认后才写入；格式见 docs/library-format.md。',
    chooseFile: '选择文件',
    dropHere: '或把文件拖到这里',
    encoding: '文件编码',
    stage: { reading: '读取文件…', checking: '逐行检查…', comparing: '与当前话术库比较…', writing: '写入…' },
    readAs: '按以下编码读取',
    detected: '（自动检测）',
    rows: '数据行',
    invalidRows: '有错误的行',
    problems: '发现的问题',
    noProblems: '没有发现问题。',
    where: '位置',
    column: '列',
    reason: '原因',
    preview: '导入预览',
    added: '新增',
    changed: '修改',
    unchanged: '不变',
    removed: '删除',
    merge: '合并：新增并覆盖同编号话术，不删除',
    replace: '替换：话术库变成文件中的话术',
    onlyValid: (n: number) => `仅导入没有错误的 ${n} 行（有错误的行不会导入）`,
    fileBlocked: '整个文件无法导入，请按上面的提示修改后重新选择。',
    doImport: '导入',
    cancel: '取消',
    imported: (n: number) => `导入完成，当前话术库共 ${n} 条话术。`,
    failed: '导入失败，原话术库未改动：',
    usageTitle: '话术使用次数',
    dashboardLink: '广义投诉报表、TOP-10 与导出见 QA 与组长看板 →',
    noUsage: '还没有坐席使用过话术。',
    missesTitle: '没有搜到结果的搜索（话术库可能缺少的内容）',
    noMisses: '暂无。',
    times: '次',
    taxonomyTitle: '投诉分类表',
    activeCategories: '个分类',
    retiredCategories: '个已停用',
    importTaxonomy: '导入分类表…',
    taxonomyHelp: '分类表整体替换：已有点击记录的分类即使不在新文件中也会保留为“已停用”，历史与导出不受影响。',
    taxonomyImported: '分类表已更新，坐席侧边栏立即生效。',
  },
  en: {
    title: 'Iceberg · Script library',
    current: 'Current library',
    builtIn: ' (shipped default)',
    scripts: 'scripts',
    importedAt: 'Imported',
    exportJson: 'Export JSON',
    exportCsv: 'Export CSV',
    restore: 'Restore the shipped library',
    importTitle: 'Import a library',
    importHelp: 'JSON and CSV (UTF-8, UTF-8 with BOM, GB18030/GBK). Checked first, written only when you confirm; see docs/library-format.md.',
    chooseFile: 'Choose file',
    dropHere: 'or drop a file here',
    encoding: 'File encoding',
    stage: { reading: 'Reading the file…', checking: 'Checking every row…', comparing: 'Comparing with the current library…', writing: 'Writing…' },
    readAs: 'Read as',
    detected: ' (detected)',
    rows: 'Data rows',
    invalidRows: 'Rows with errors',
    problems: 'Problems found',
    noProblems: 'No problems found.',
    where: 'Where',
    column: 'Column',
    reason: 'Reason',
    preview: 'Preview',
    added: 'Added',
    changed: 'Changed',
    unchanged: 'Unchanged',
    removed: 'Removed',
    merge: 'Merge: add and overwrite scripts with the same id, remove nothing',
    replace: 'Replace: the library becomes the scripts in the file',
    onlyValid: (n: number) => `Import only the ${n} rows without errors (rows with errors are left out)`,
    fileBlocked: 'This file cannot be imported at all; fix what is listed above and choose it again.',
    doImport: 'Import',
    cancel: 'Cancel',
    imported: (n: number) => `Imported. The library now has ${n} scripts.`,
    failed: 'Import failed; the previous library is unchanged: ',
    usageTitle: 'Script uses',
    dashboardLink: 'Complaint reports, TOP-10 and exports: QA and team-lead console →',
    noUsage: 'No agent has used a script yet.',
    missesTitle: 'Searches that found nothing (what the library may be missing)',
    noMisses: 'None yet.',
    times: '×',
    taxonomyTitle: 'Complaint taxonomy',
    activeCategories: 'categories',
    retiredCategories: 'retired',
    importTaxonomy: 'Import taxonomy…',
    taxonomyHelp: 'A taxonomy is replaced whole: categories that clicks use stay as retired even when the new file drops them, so history and exports keep them.',
    taxonomyImported: 'Taxonomy updated; agents’ sidebars use it at once.',
  },
};

const MAX_PROBLEMS_SHOWN = 500;

/** The team lead's page: the library in force, import with checks and preview, usage. */
export function LibraryManager(props: LibraryManagerProps) {
  const lang = props.locale === 'en' ? 'en' : 'zh';
  const t = TEXT[lang];
  const [encoding, setEncoding] = useState('');
  const [dragging, setDragging] = useState(false);
  const choose = (file: File | undefined) => {
    if (file) props.onChooseFile(file, encoding || undefined);
  };
  const { library, importState } = props;

  return (
    <main class="iceberg-settings iceberg-library" lang={props.locale}>
      <h1>{t.title}</h1>
      <section aria-labelledby="library-current">
        <h2 id="library-current">{t.current}</h2>
        <p data-library-name={library.name} data-script-count={library.scriptCount}>
          <strong>{library.name}</strong> · v{library.version} · {library.scriptCount} {t.scripts}
          {library.isDefault ? t.builtIn : ''}
          {library.importedAt && (
            <>
              {' '}
              · {t.importedAt} {new Date(library.importedAt).toLocaleString(props.locale)}
              {library.fileName ? ` (${library.fileName})` : ''}
            </>
          )}
        </p>
        <p class="iceberg-actions">
          <button type="button" onClick={() => props.onExport('json')}>
            {t.exportJson}
          </button>
          <button type="button" onClick={() => props.onExport('csv')}>
            {t.exportCsv}
          </button>
          {!library.isDefault && (
            <button type="button" onClick={props.onRestoreDefault}>
              {t.restore}
            </button>
          )}
        </p>
      </section>

      <section aria-labelledby="library-import">
        <h2 id="library-import">{t.importTitle}</h2>
        <p class="iceberg-help">{t.importHelp}</p>
        <label>
          {t.encoding}{' '}
          <select id="library-encoding" value={encoding} onChange={(event) => setEncoding((event.target as HTMLSelectElement).value)}>
            {ENCODINGS.map((option) => (
              <option key={option.value} value={option.value}>
                {option[lang]}
              </option>
            ))}
          </select>
        </label>
        <div
          class={dragging ? 'iceberg-drop-zone iceberg-drop-zone-active' : 'iceberg-drop-zone'}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            choose(event.dataTransfer?.files[0]);
          }}
        >
          <label class="iceberg-file-button">
            {t.chooseFile}
            <input
              id="library-file"
              type="file"
              accept=".csv,.json,.txt,text/csv,application/json"
              onChange={(event) => {
                const input = event.target as HTMLInputElement;
                choose(input.files?.[0]);
                input.value = ''; // choosing the same file again re-checks it
              }}
            />
          </label>{' '}
          {t.dropHere}
        </div>
        <ImportStatus state={importState} t={t} lang={lang} onImport={props.onImport} onCancel={props.onCancelImport} />
      </section>

      <TaxonomySection {...props} t={t} lang={lang} />

      <section aria-labelledby="library-usage">
        <h2 id="library-usage">{t.usageTitle}</h2>
        <p>
          <a href="dashboard.html">{t.dashboardLink}</a>
        </p>
        {props.usage.length === 0 ? (
          <p>{t.noUsage}</p>
        ) : (
          <table class="iceberg-table" data-table="usage">
            <tbody>
              {props.usage.map((row) => (
                <tr key={row.scriptId} data-script-id={row.scriptId}>
                  <td>
                    <code>{row.scriptId}</code>
                  </td>
                  <td>{row.title}</td>
                  <td data-use-count={row.count}>
                    {row.count} {t.times}
                  </td>
                  <td>{new Date(row.lastUsedAt).toLocaleString(props.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2 id="library-misses">{t.missesTitle}</h2>
        {props.misses.length === 0 ? (
          <p>{t.noMisses}</p>
        ) : (
          <ul data-list="misses">
            {props.misses.map((miss) => (
              <li key={miss.query} data-miss-query={miss.query}>
                “{miss.query}” · {miss.count} {t.times}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

function ImportStatus(props: {
  state: ImportState;
  t: (typeof TEXT)['zh'];
  lang: 'zh' | 'en';
  onImport: (mode: ImportMode) => void;
  onCancel: () => void;
}) {
  const { state, t } = props;
  const [mode, setMode] = useState<ImportMode>('merge');
  const [onlyValid, setOnlyValid] = useState(false);
  if (state.kind === 'idle') return null;
  if (state.kind === 'working') {
    return (
      <p role="status" data-import-stage={state.stage}>
        <progress /> {state.fileName}: {t.stage[state.stage]}
      </p>
    );
  }
  if (state.kind === 'failed') {
    return (
      <p role="alert" class="iceberg-settings-error" data-import-result="failed">
        {state.fileName}: {t.failed}
        {state.message}
      </p>
    );
  }
  if (state.kind === 'imported') {
    return (
      <p role="status" class="iceberg-settings-status" data-import-result="imported">
        {state.fileName}: {t.imported(state.scriptCount)}
      </p>
    );
  }
  const { check, preview } = state;
  const blocking = check.problems.filter(isBlocking);
  const diff = preview[mode];
  const canImport = !check.fileProblem && check.validCount > 0 && (blocking.length === 0 || onlyValid);
  return (
    <div class="iceberg-import-check" data-file-problem={String(check.fileProblem)} data-blocking-count={blocking.length}>
      <h3>{state.fileName}</h3>
      <p>
        {check.encoding && (
          <>
            {t.readAs}: <strong data-encoding={check.encoding}>{check.encoding.toUpperCase()}</strong>
            {check.encodingDetected ? t.detected : ''} ·{' '}
          </>
        )}
        {t.rows}: {check.rowCount} · {t.invalidRows}: <span data-invalid-rows={check.invalidRowCount}>{check.invalidRowCount}</span>
      </p>
      <h4>{t.problems}</h4>
      <ProblemTable problems={check.problems} t={t} lang={props.lang} />
      {check.fileProblem ? (
        <p role="alert">{t.fileBlocked}</p>
      ) : (
        <>
          <h4>{t.preview}</h4>
          <fieldset>
            <label>
              <input type="radio" name="import-mode" value="merge" checked={mode === 'merge'} onChange={() => setMode('merge')} />
              {t.merge}
            </label>
            <label>
              <input type="radio" name="import-mode" value="replace" checked={mode === 'replace'} onChange={() => setMode('replace')} />
              {t.replace}
            </label>
          </fieldset>
          <p data-preview={mode}>
            {t.added} <strong data-added={diff.added.length}>{diff.added.length}</strong> · {t.changed}{' '}
            <strong data-changed={diff.changed.length}>{diff.changed.length}</strong> · {t.unchanged}{' '}
            <strong data-unchanged={diff.unchanged.length}>{diff.unchanged.length}</strong> · {t.removed}{' '}
            <strong data-removed={diff.removed.length}>{diff.removed.length}</strong>
          </p>
          {blocking.length > 0 && (
            <label>
              <input type="checkbox" name="only-valid" checked={onlyValid} onChange={(event) => setOnlyValid((event.target as HTMLInputElement).checked)} />
              {t.onlyValid(check.validCount)}
            </label>
          )}
        </>
      )}
      <p class="iceberg-actions">
        <button type="button" data-action="import" disabled={!canImport} onClick={() => props.onImport(mode)}>
          {t.doImport}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t.cancel}
        </button>
      </p>
    </div>
  );
}

function ProblemTable(props: { problems: readonly ImportProblem[]; t: (typeof TEXT)['zh']; lang: 'zh' | 'en' }) {
  const { t } = props;
  if (props.problems.length === 0) return <p>{t.noProblems}</p>;
  return (
    <table class="iceberg-table" data-table="problems">
      <thead>
        <tr>
          <th scope="col">{t.where}</th>
          <th scope="col">{t.column}</th>
          <th scope="col">{t.reason}</th>
        </tr>
      </thead>
      <tbody>
        {props.problems.slice(0, MAX_PROBLEMS_SHOWN).map((found, index) => (
          <tr key={index} data-problem-code={found.code} data-severity={found.severity} data-row={found.row ?? ''}>
            <td>{problemPlace(found, props.lang)}</td>
            <td>{found.column ?? ''}</td>
            <td>{found.message[props.lang]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TaxonomySection(props: LibraryManagerProps & { t: (typeof TEXT)['zh']; lang: 'zh' | 'en' }) {
  const { t, taxonomy, taxonomyState: state } = props;
  return (
    <section aria-labelledby="taxonomy-title">
      <h2 id="taxonomy-title">{t.taxonomyTitle}</h2>
      <p data-taxonomy-version={taxonomy.version}>
        <strong>{taxonomy.name}</strong> · v{taxonomy.version} · {taxonomy.activeCount} {t.activeCategories}
        {taxonomy.retiredCount > 0 ? ` · ${taxonomy.retiredCount} ${t.retiredCategories}` : ''}
      </p>
      <p class="iceberg-actions">
        <button type="button" onClick={() => props.onExportTaxonomy('json')}>
          {t.exportJson}
        </button>
        <button type="button" onClick={() => props.onExportTaxonomy('csv')}>
          {t.exportCsv}
        </button>
        <label class="iceberg-file-button">
          {t.importTaxonomy}
          <input
            id="taxonomy-file"
            type="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) props.onChooseTaxonomyFile(file);
              input.value = '';
            }}
          />
        </label>
      </p>
      <p class="iceberg-help">{t.taxonomyHelp}</p>
      {state.kind === 'checked' && (
        <div class="iceberg-import-check" data-taxonomy-check={state.taxonomy ? 'ok' : 'blocked'}>
          <h3>{state.fileName}</h3>
          <ProblemTable problems={state.problems} t={t} lang={props.lang} />
          {state.taxonomy ? (
            <p>
              {state.taxonomy.categories.length} {t.activeCategories} · v{state.taxonomy.version}
            </p>
          ) : (
            <p role="alert">{t.fileBlocked}</p>
          )}
          <p class="iceberg-actions">
            <button type="button" data-action="import-taxonomy" disabled={!state.taxonomy} onClick={props.onImportTaxonomy}>
              {t.doImport}
            </button>
            <button type="button" onClick={props.onCancelTaxonomy}>
              {t.cancel}
            </button>
          </p>
        </div>
      )}
      {state.kind === 'imported' && (
        <p role="status" data-taxonomy-result="imported">
          {state.fileName}: {t.taxonomyImported}
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" class="iceberg-settings-error" data-taxonomy-result="failed">
          {state.fileName}: {t.failed}
          {state.message}
        </p>
      )}
    </section>
  );
}
