import { useEffect, useRef, useState } from 'preact/hooks';
import type { Locale } from '@/knowledge/settings/settings';
import type { ImportRecord } from '@/knowledge/clicks/import-record';
import { ExportProgress, PickLocationOption, exportStateName } from './ExportPanel';
import type { SaveProgress } from '@/storage/pages/dashboard';
import { dashboardText, formatBytes, formatNumber, type DashboardText } from './dashboard-text';
import type { ImportSummary } from '@/storage/database/merge';
import type { ImportProblem } from '@/knowledge/files/file-problems';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import { EncodingNote, ProblemTable } from '@/components/shared/ProblemTable';
import type { StorageStatus } from '@/storage/database/storage-status';
import { centreText } from '@/components/shared/centre-text';

/** One chosen file in a merge import, as the page learns about it. */
export type ImportFileState = Pick<
  ImportSummary,
  'fileName' | 'rowsRead' | 'added' | 'duplicates' | 'updated' | 'beforeRetention' | 'rejected' | 'problemCount' | 'encoding' | 'fileWarnings'
> & {
  status: 'waiting' | 'running' | 'done' | 'failed' | 'skipped';
  /** How the import ended in the database (complete, cancelled, …). */
  importStatus?: ImportRecord['status'];
  /** Problems with rows, or (when the file failed) the problem that stopped it. */
  problems: ImportProblem[];
  /** Why the file failed, when no catalogue problem says it (storage full, cancelled…). */
  message?: string;
};

export interface MergeImportPanelProps {
  locale: Locale;
  files: ImportFileState[];
  imports: ImportRecord[];
  onImportFiles: (files: File[]) => void;
  onCancelImport: () => void;
  onRemoveImport: (importId: string) => void;
}

export function MergeImportPanel(props: MergeImportPanelProps) {
  const t = dashboardText(props.locale);
  const busy = props.files.some((file) => file.status === 'running' || file.status === 'waiting');
  return (
    <>
      <p class="iceberg-help">{t.importHelp}</p>
      <p class="iceberg-actions">
        <label class="iceberg-file-button">
          {t.chooseFiles}
          <input
            id="merge-files"
            type="file"
            multiple
            disabled={busy}
            accept=".csv,.ndjson,.jsonl,.json,.txt,text/csv,application/x-ndjson"
            data-import-input
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              const files = [...(input.files ?? [])];
              input.value = ''; // the same files can be chosen again
              if (files.length) props.onImportFiles(files);
            }}
          />
        </label>
        {busy && (
          <button type="button" data-action="cancel-import" onClick={props.onCancelImport}>
            {t.cancel}
          </button>
        )}
      </p>
      {props.files.length > 0 && (
        <ul class="iceberg-import-files" aria-live="polite">
          {props.files.map((file, index) => (
            <ImportFileSummary key={`${index}-${file.fileName}`} file={file} t={t} locale={props.locale} />
          ))}
        </ul>
      )}
      <h3 id="imports-list">{t.importsTitle}</h3>
      <ImportList imports={props.imports} t={t} locale={props.locale} onRemove={props.onRemoveImport} />
    </>
  );
}

function ImportFileSummary(props: { file: ImportFileState; t: DashboardText; locale: Locale }) {
  const { file, t, locale } = props;
  const n = (value: number) => formatNumber(locale, value);
  // Warnings about the whole file (its encoding, masked phone numbers) first, then the rows'.
  const problems = [...file.fileWarnings, ...file.problems];
  return (
    <li
      class="iceberg-import-file"
      data-import-file={file.fileName}
      data-import-status={file.status}
      data-import-added={file.added}
      data-import-duplicates={file.duplicates}
      data-import-updated={file.updated}
      data-import-bad={file.rejected}
      data-import-rows={file.rowsRead}
    >
      <strong>{file.fileName}</strong>{' '}
      {file.status === 'waiting' && <span>· {t.waiting}</span>}
      {file.status === 'skipped' && <span>· {t.importSkipped}</span>}
      {file.status === 'running' && (
        <span role="status">
          · <progress aria-label={t.importing} /> {t.importing}
        </span>
      )}
      {file.status === 'failed' && (
        <p role="alert" class="iceberg-settings-error">
          {t.importFailed}
          {file.problems.length === 0 && file.message}
        </p>
      )}
      {(file.status === 'running' || file.status === 'done') && (
        <p>
          <EncodingNote encoding={file.encoding} locale={locale} />
          {file.encoding && ' · '}
          {t.rowsRead} {n(file.rowsRead)} · {t.added} <strong>{n(file.added)}</strong> · {t.duplicates} {n(file.duplicates)}
          {file.updated > 0 && ` · ${t.updated} ${n(file.updated)}`}
          {file.beforeRetention > 0 && ` · ${t.beforeRetention} ${n(file.beforeRetention)}`} · {t.bad}{' '}
          <strong class={file.rejected > 0 ? 'iceberg-settings-error' : undefined}>{n(file.rejected)}</strong>
          {file.importStatus === 'cancelled' && <> · {t.importCancelled}</>}
        </p>
      )}
      {file.status === 'failed' ? (
        <ProblemTable problems={file.problems} locale={locale} />
      ) : (
        problems.length > 0 && (
          <details open={problems.length <= 10} data-import-problems>
            <summary>{t.problemsFound(n(file.problemCount + file.fileWarnings.length))}</summary>
            <ProblemTable problems={problems} total={file.problemCount + file.fileWarnings.length} locale={locale} />
          </details>
        )
      )}
    </li>
  );
}

function ImportList(props: { imports: ImportRecord[]; t: DashboardText; locale: Locale; onRemove: (importId: string) => void }) {
  const { t, locale } = props;
  const [confirming, setConfirming] = useState<string | null>(null);
  if (props.imports.length === 0) return <p data-imports-empty>{t.noImports}</p>;
  return (
    <table class="iceberg-table" data-table="imports" aria-labelledby="imports-list">
      <thead>
        <tr>
          <th scope="col">{t.exportedFile}</th>
          <th scope="col">{t.source}</th>
          <th scope="col">{t.importedAt}</th>
          <th scope="col">{t.agents}</th>
          <th scope="col">{t.events}</th>
          <th scope="col">{t.status}</th>
          <th scope="col">
            <span class="iceberg-visually-hidden">{t.remove}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.imports.map((record) => (
          <tr key={record.id} data-import-id={record.id} data-import-source={`import:${record.id}`} data-import-events={record.eventCount}>
            <td>{record.fileName}</td>
            <td>
              <code>import:{record.id}</code>
            </td>
            <td>{new Date(record.importedAt).toLocaleString(locale)}</td>
            <td>{record.agentIds.join(', ')}</td>
            <td>{formatNumber(locale, record.eventCount)}</td>
            <td>{t.statuses[record.status] ?? record.status}</td>
            <td>
              {confirming === record.id ? (
                <span role="group" aria-label={t.confirmRemove(record.fileName)}>
                  {t.confirmRemove(record.fileName)}{' '}
                  <button
                    type="button"
                    data-action="confirm-remove-import"
                    onClick={() => {
                      setConfirming(null);
                      props.onRemove(record.id);
                    }}
                  >
                    {t.confirm}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t.cancel}
                  </button>
                </span>
              ) : (
                <button type="button" data-action="remove-import" aria-label={`${t.remove}: ${record.fileName}`} onClick={() => setConfirming(record.id)}>
                  {t.remove}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type RestoreState =
  | { kind: 'idle' }
  | { kind: 'running'; fileName: string }
  | { kind: 'done'; fileName: string; rows: number; encoding: TextEncodingName | null; warnings: ImportProblem[] }
  | { kind: 'failed'; fileName: string; message: string; problems: ImportProblem[] };

export interface BackupPanelProps {
  locale: Locale;
  backupState: SaveProgress | null;
  canPickLocation: boolean;
  onBackup: (options: { pickLocation: boolean }) => void;
  onCancelBackup: () => void;
  restoreState: RestoreState;
  /** Called only after the user confirmed that everything is replaced. */
  onRestore: (file: File) => void;
}

export function BackupPanel(props: BackupPanelProps) {
  const t = dashboardText(props.locale);
  const [chosen, setChosen] = useState<File | null>(null);
  const [pickLocation, setPickLocation] = useState(props.canPickLocation);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (chosen) confirmButton.current?.focus();
  }, [chosen]);
  const { restoreState: state } = props;
  const busy = state.kind === 'running';
  return (
    <>
      <p class="iceberg-help">{t.backupHelp}</p>
      <p class="iceberg-actions">
        <button type="button" data-action="backup" onClick={() => props.onBackup({ pickLocation })} disabled={exportStateName(props.backupState) === 'running'}>
          {t.backup}
        </button>
        <label class="iceberg-file-button">
          {t.restore}
          <input
            id="restore-file"
            type="file"
            accept=".ndjson,.jsonl,.json,.txt"
            disabled={busy}
            data-restore-input
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              setChosen(input.files?.[0] ?? null);
              input.value = '';
            }}
          />
        </label>
      </p>
      <PickLocationOption locale={props.locale} canPickLocation={props.canPickLocation} checked={pickLocation} onChange={setPickLocation} />
      <ExportProgress locale={props.locale} state={props.backupState} onCancel={props.onCancelBackup} id="backup" />
      {chosen && (
        <div class="iceberg-confirm" role="alertdialog" aria-labelledby="restore-confirm-text" data-restore-confirm>
          <p id="restore-confirm-text">
            <strong>{t.restoreConfirm(chosen.name)}</strong>
          </p>
          <p class="iceberg-actions">
            <button
              type="button"
              class="iceberg-danger"
              data-action="confirm-restore"
              ref={confirmButton}
              onClick={() => {
                const file = chosen;
                setChosen(null);
                props.onRestore(file);
              }}
            >
              {t.restoreGo}
            </button>
            <button type="button" data-action="cancel-restore" onClick={() => setChosen(null)}>
              {t.cancel}
            </button>
          </p>
        </div>
      )}
      <div data-restore-state={state.kind}>
        {state.kind === 'running' && (
          <p role="status">
            <progress aria-label={t.restoring} /> {state.fileName}: {t.restoring}
          </p>
        )}
        {state.kind === 'done' && (
          <>
            <p role="status" class="iceberg-settings-ok" data-restored-rows={state.rows}>
              {state.fileName}: {t.restored(state.rows)} <EncodingNote encoding={state.encoding} locale={props.locale} />
            </p>
            <ProblemTable problems={state.warnings} locale={props.locale} />
          </>
        )}
        {state.kind === 'failed' && (
          <div role="alert" class="iceberg-settings-error" data-restore-error>
            <p>
              {state.fileName}: {t.restoreFailed}
            </p>
            {state.problems.length > 0 ? <ProblemTable problems={state.problems} locale={props.locale} /> : <p>{state.message}</p>}
          </div>
        )}
      </div>
    </>
  );
}

/** Storage figures, as storage/database/retention.ts `storageStatus` returns them. */
export type StorageFigures = StorageStatus;

export interface RetentionPanelProps {
  locale: Locale;
  storage: StorageFigures;
  /** Set by IT's policy: shown, not editable here. */
  locked?: boolean;
  /** Saves N (null keeps everything) and prunes; resolves with how many raw events went. */
  onSaveRetention: (days: number | null) => Promise<{ deleted: number }>;
}

export function RetentionPanel(props: RetentionPanelProps) {
  const t = dashboardText(props.locale);
  const { storage, locale } = props;
  const [days, setDays] = useState(storage.keepRawEventsDays === null ? '' : String(storage.keepRawEventsDays));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (event: Event) => {
    event.preventDefault();
    const text = days.trim();
    const value = text === '' ? null : Number(text);
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > 36_500)) {
      setMessage({ kind: 'error', text: t.invalidDays });
      return;
    }
    setSaving(true);
    try {
      const result = await props.onSaveRetention(value);
      setMessage({ kind: 'ok', text: t.saved(result.deleted) });
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <form onSubmit={(event) => void save(event)} data-retention-form>
        <label for="keep-days">{t.keepDays}</label>
        <input
          id="keep-days"
          type="number"
          inputMode="numeric"
          min={1}
          max={36500}
          step={1}
          value={days}
          aria-describedby="keep-days-help"
          data-retention-days={storage.keepRawEventsDays ?? ''}
          disabled={props.locked}
          title={props.locked ? centreText(locale).lockedByPolicy : undefined}
          onInput={(event) => setDays((event.target as HTMLInputElement).value)}
        />{' '}
        {t.days}{' '}
        <button type="submit" disabled={saving || props.locked} data-action="save-retention">
          {t.save}
        </button>
        <p id="keep-days-help" class="iceberg-help">
          {t.keepDaysHelp}
        </p>
      </form>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} class={`iceberg-settings-${message.kind}`}>
          {message.text}
        </p>
      )}
      {storage.rawDetailStartsAt && <p data-raw-detail-starts-at={storage.rawDetailStartsAt}>{t.rawDetail(storage.rawDetailStartsAt)}</p>}
      <dl class="iceberg-storage" data-storage-usage={storage.usage ?? ''} data-storage-quota={storage.quota ?? ''} data-persisted={String(storage.persisted)}>
        <dt>{t.storageUsed}</dt>
        <dd>{formatBytes(locale, storage.usage, t.unknown)}</dd>
        <dt>{t.quota}</dt>
        <dd>{formatBytes(locale, storage.quota, t.unknown)}</dd>
        <dt>{t.persistent}</dt>
        <dd>{storage.persisted === null ? t.unknown : storage.persisted ? t.yes : t.no}</dd>
        {Object.entries(storage.tables)
          .filter(([table]) => table in t.tables)
          .map(([table, rows]) => (
            <div key={table} class="iceberg-storage-row" data-table-rows={table} data-rows={rows}>
              <dt>{t.tables[table]}</dt>
              <dd>
                {formatNumber(locale, rows)} {t.rows}
              </dd>
            </div>
          ))}
      </dl>
    </>
  );
}
