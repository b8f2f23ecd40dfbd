import { useState } from 'preact/hooks';
import type { Locale } from '@/knowledge/settings/settings';
import type { SaveProgress } from '@/storage/pages/dashboard';
import { dashboardText, formatNumber } from './dashboard-text';

/** Where a running export (or backup) is. `total` is unknown for some kinds. */

export type ExportStateName = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export function exportStateName(state: SaveProgress | null): ExportStateName {
  if (!state) return 'idle';
  if (state.error !== undefined) return 'error';
  if (state.cancelled) return 'cancelled';
  return state.done ? 'done' : 'running';
}

/** A progress bar with a cancel button and the outcome; shared by exports and backups. */
export function ExportProgress(props: { locale: Locale; state: SaveProgress | null; onCancel: () => void; id: string }) {
  const t = dashboardText(props.locale);
  const { state } = props;
  const name = exportStateName(state);
  if (!state) return <div data-export-state="idle" data-export-id={props.id} />;
  const fraction = state.total ? Math.min(1, (state.read ?? state.written) / state.total) : undefined;
  const n = (value: number | undefined) => (value === undefined ? null : formatNumber(props.locale, value));
  const progressText = t.rowsWritten(n(state.written)!, n(state.read), n(state.total));
  return (
    <div
      class="iceberg-export-progress"
      data-export-state={name}
      data-export-id={props.id}
      data-export-kind={state.kind}
      data-export-written={state.written}
      data-export-read={state.read ?? ''}
      data-export-total={state.total ?? ''}
      data-export-file={state.fileName ?? ''}
    >
      {name === 'running' && (
        <p role="status">
          <label>
            {t.exporting}{' '}
            <progress max={1} value={fraction} aria-valuetext={progressText} />
          </label>{' '}
          <span>{progressText}</span>{' '}
          <button type="button" data-action="cancel-export" onClick={props.onCancel}>
            {t.cancel}
          </button>
        </p>
      )}
      {name === 'done' && (
        <p role="status" class="iceberg-settings-ok">
          {t.exported(n(state.written)!)}
          {state.fileName ? ` ${t.exportedFile}: ${state.fileName}` : ''}
        </p>
      )}
      {name === 'cancelled' && <p role="status">{t.exportCancelled}</p>}
      {name === 'error' && (
        <p role="alert" class="iceberg-settings-error">
          {t.exportFailed}
          {state.error}
        </p>
      )}
    </div>
  );
}

export interface ExportPanelProps<K extends string> {
  locale: Locale;
  kinds: ReadonlyArray<{ kind: K; label: string }>;
  state: SaveProgress | null;
  /** Whether the browser can stream straight to a file the user picks (File System Access). */
  canPickLocation: boolean;
  onExport: (kind: K, options: { pickLocation: boolean }) => void;
  onCancel: () => void;
}

/** "Choose where to save" (streams to disk) or a download built in memory. */
export function PickLocationOption(props: { locale: Locale; canPickLocation: boolean; checked: boolean; onChange: (checked: boolean) => void }) {
  const t = dashboardText(props.locale);
  if (!props.canPickLocation) return <p class="iceberg-help">{t.pickUnavailable}</p>;
  return (
    <>
      <label>
        <input
          type="checkbox"
          data-pick-location
          checked={props.checked}
          onChange={(event) => props.onChange((event.target as HTMLInputElement).checked)}
        />
        {t.pickLocation}
      </label>
      <p class="iceberg-help">{t.downloadNote}</p>
    </>
  );
}

/** Export buttons, the save-to-disk choice and the running export's progress. */
export function ExportPanel<K extends string>(props: ExportPanelProps<K>) {
  const t = dashboardText(props.locale);
  const [pickLocation, setPickLocation] = useState(props.canPickLocation);
  const running = exportStateName(props.state) === 'running';
  return (
    <div class="iceberg-export-panel">
      <p class="iceberg-actions" role="group" aria-label={t.exportTitle}>
        {props.kinds.map(({ kind, label }) => (
          <button key={kind} type="button" data-export={kind} disabled={running} onClick={() => props.onExport(kind, { pickLocation })}>
            {label}
          </button>
        ))}
      </p>
      <PickLocationOption locale={props.locale} canPickLocation={props.canPickLocation} checked={pickLocation} onChange={setPickLocation} />
      <ExportProgress locale={props.locale} state={props.state} onCancel={props.onCancel} id="export" />
    </div>
  );
}
