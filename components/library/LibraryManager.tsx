import type { SubscribedDocument } from '@/storage/database/database';
import { useState } from 'preact/hooks';
import type { ImportMode, ImportPreview } from '@/knowledge/case-library/library-diff';
import { isBlocking } from '@/knowledge/files/file-problems';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import type { ScriptUsageRow } from '@/knowledge/case-library/script-usage';
import type { ImportCheckSummary } from '@/storage/pages/library-worker-protocol';
import type { ImportStage, LibrarySummary, TaxonomySummary } from '@/storage/pages/case-library';
import type { Locale } from '@/knowledge/settings/settings';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import { EncodingNote, ProblemTable } from '@/components/shared/ProblemTable';
import { libraryText, type LibraryText } from './library-text';
import { LexiconSection, type LexiconSectionProps } from './LexiconSection';
import { MissedSearches, type MissedSearchesProps } from './MissedSearches';
import { DocumentInForce, ExportButtons } from './DocumentInForce';
import { ChooseDocumentFile, WholeImportStatus, type WholeImport } from './WholeDocumentImport';
import { PublishedLibraryNotice, type PublishedLibraryProps } from './PublishedLibraryNotice';

/** Where the lead is in an import; nothing is written before `onImport`. */
export type ImportState =
  | { kind: 'idle' }
  | { kind: 'working'; fileName: string; stage: ImportStage }
  | { kind: 'checked'; fileName: string; check: ImportCheckSummary; preview: ImportPreview }
  | { kind: 'imported'; fileName: string; mode: ImportMode; scriptCount: number }
  /** `locked`: refused because the centre publishes the library. */
  | { kind: 'failed'; fileName: string; message: string; locked?: SubscribedDocument };

export interface LibraryManagerProps extends LexiconSectionProps, MissedSearchesProps {
  taxonomy: TaxonomySummary;
  taxonomyImport: WholeImport<Taxonomy>;
  onExportTaxonomy: (format: 'json' | 'csv') => void;
  locale: Locale;
  library: LibrarySummary;
  usage: ScriptUsageRow[];
  importState: ImportState;
  onChooseFile: (file: File, encoding: TextEncodingName | undefined) => void;
  onImport: (mode: ImportMode) => void;
  onCancelImport: () => void;
  onExport: (format: 'json' | 'csv') => void;
  onRestoreDefault: () => void;
  /** What the centre publishes; manual import of a published document is off. */
  published?: PublishedLibraryProps;
}

/** What the lead may choose: every encoding the decoder reads (SUPPORTED_ENCODINGS), or detection. */
const ENCODINGS: ReadonlyArray<{ value: TextEncodingName | ''; 'zh-CN': string; en: string }> = [
  { value: '', 'zh-CN': '自动检测', en: 'Detect' },
  { value: 'utf-8', 'zh-CN': 'UTF-8', en: 'UTF-8' },
  { value: 'gb18030', 'zh-CN': 'GB18030 / GBK（Excel 中文默认）', en: 'GB18030 / GBK (Chinese Excel default)' },
  { value: 'big5', 'zh-CN': 'Big5（繁体中文）', en: 'Big5 (Traditional Chinese)' },
  { value: 'euc-kr', 'zh-CN': 'EUC-KR（韩文）', en: 'EUC-KR (Korean)' },
  { value: 'utf-16le', 'zh-CN': 'UTF-16LE（Excel “Unicode 文本”）', en: 'UTF-16LE (Excel "Unicode Text")' },
  { value: 'utf-16be', 'zh-CN': 'UTF-16BE', en: 'UTF-16BE' },
];

/** The team lead's page: the library in force, import with checks and preview, usage. */
export function LibraryManager(props: LibraryManagerProps) {
  const t = libraryText(props.locale);
  const [encoding, setEncoding] = useState<TextEncodingName | ''>('');
  const [dragging, setDragging] = useState(false);
  const choose = (file: File | undefined) => {
    if (file) props.onChooseFile(file, encoding || undefined);
  };
  const { library, importState } = props;

  return (
    <main class="iceberg-settings iceberg-library" lang={props.locale}>
      <h1>{t.title}</h1>
      {props.published && (
        <PublishedLibraryNotice {...props.published} locale={props.locale} problemTable={(problems) => <ProblemTable problems={problems} locale={props.locale} />} />
      )}
      <section aria-labelledby="library-current">
        <h2 id="library-current">{t.current}</h2>
        <DocumentInForce
          document={library}
          size={`${library.scriptCount} ${t.scripts}`}
          data={{ 'data-library-name': library.name, 'data-script-count': library.scriptCount }}
          locale={props.locale}
          t={t}
        />
        <p class="iceberg-actions">
          <ExportButtons onExport={props.onExport} t={t} />
          {!library.isDefault && !props.published?.library && (
            <button type="button" onClick={props.onRestoreDefault}>
              {t.restore}
            </button>
          )}
        </p>
      </section>

      <section aria-labelledby="library-import" hidden={Boolean(props.published?.library)}>
        <h2 id="library-import">{t.importTitle}</h2>
        <p class="iceberg-help">{t.importHelp}</p>
        <label>
          {t.encoding}{' '}
          <select id="library-encoding" value={encoding} onChange={(event) => setEncoding(ENCODINGS.find((option) => option.value === (event.target as HTMLSelectElement).value)?.value ?? '')}>
            {ENCODINGS.map((option) => (
              <option key={option.value} value={option.value}>
                {option[props.locale]}
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
        <ImportStatus state={importState} t={t} locale={props.locale} onImport={props.onImport} onCancel={props.onCancelImport} />
      </section>

      <TaxonomySection {...props} t={t} />

      <LexiconSection {...props} t={t} />

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
        <MissedSearches {...props} attachLocked={Boolean(props.published?.library)} t={t} />
      </section>
    </main>
  );
}

function ImportStatus(props: {
  state: ImportState;
  t: LibraryText;
  locale: Locale;
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
        {state.fileName}: {state.locked ? t.publishedLocked[state.locked] : `${t.failed}${state.message}`}
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
            <EncodingNote encoding={check.encoding} detected={check.encodingDetected} locale={props.locale} /> ·{' '}
          </>
        )}
        {t.rows}: {check.rowCount} · {t.invalidRows}: <span data-invalid-rows={check.invalidRowCount}>{check.invalidRowCount}</span>
      </p>
      <h4>{t.problems}</h4>
      {check.problems.length === 0 ? <p>{t.noProblems}</p> : <ProblemTable problems={check.problems} locale={props.locale} />}
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

function TaxonomySection(props: LibraryManagerProps & { t: LibraryText }) {
  const { t, taxonomy } = props;
  return (
    <section aria-labelledby="taxonomy-title">
      <h2 id="taxonomy-title">{t.taxonomyTitle}</h2>
      <p data-taxonomy-version={taxonomy.version}>
        <strong>{taxonomy.name}</strong> · v{taxonomy.version} · {taxonomy.activeCount} {t.activeCategories}
        {taxonomy.retiredCount > 0 ? ` · ${taxonomy.retiredCount} ${t.retiredCategories}` : ''}
      </p>
      <p class="iceberg-actions">
        <ExportButtons onExport={props.onExportTaxonomy} t={t} />
        <ChooseDocumentFile name="taxonomy" label={t.importTaxonomy} onChoose={props.taxonomyImport.onChooseFile} hidden={Boolean(props.published?.taxonomy)} />
      </p>
      <p class="iceberg-help">{t.taxonomyHelp}</p>
      <WholeImportStatus
        name="taxonomy"
        import={props.taxonomyImport}
        summary={(document) => `${document.categories.length} ${t.activeCategories} · v${document.version}`}
        importedText={t.taxonomyImported}
        t={t}
        locale={props.locale}
      />
    </section>
  );
}
