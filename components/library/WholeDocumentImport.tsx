import type { SubscribedDocument } from '@/storage/database/database';
import type { ImportProblem } from '@/knowledge/files/file-problems';
import type { Locale } from '@/knowledge/settings/settings';
import { ProblemTable } from '@/components/shared/ProblemTable';
import type { LibraryText } from './library-text';

/** A document imported whole or not at all (taxonomy, lexicon): checked first, written only when the lead confirms. */
export type WholeImportState<T> =
  | { kind: 'idle' }
  | { kind: 'checked'; fileName: string; document: T | null; problems: ImportProblem[] }
  | { kind: 'working'; fileName: string }
  | { kind: 'imported'; fileName: string }
  /** `locked`: refused because the centre publishes the document. */
  | { kind: 'failed'; fileName: string; message: string; locked?: SubscribedDocument };

/** Where such an import stands, and what the lead can do with it. */
export interface WholeImport<T> {
  state: WholeImportState<T>;
  onChooseFile: (file: File) => void;
  onImport: () => void;
  onCancel: () => void;
}

/** What the document is, for the data attributes tests and scripts read (`data-taxonomy-check`, `import-lexicon`…). */
type DocumentName = 'taxonomy' | 'lexicon';

/** The button that opens a file of this kind; choosing the same file again re-checks it. */
export function ChooseDocumentFile(props: { name: DocumentName; label: string; onChoose: (file: File) => void; hidden?: boolean }) {
  return (
    <label class="iceberg-file-button" hidden={props.hidden}>
      {props.label}
      <input
        id={`${props.name}-file`}
        type="file"
        accept=".csv,.json,.txt,text/csv,application/json"
        onChange={(event) => {
          const input = event.target as HTMLInputElement;
          const file = input.files?.[0];
          if (file) props.onChoose(file);
          input.value = '';
        }}
      />
    </label>
  );
}

/** What became of the chosen file: its problems and what it holds, then the import's outcome. */
export function WholeImportStatus<T>(props: {
  name: DocumentName;
  import: WholeImport<T>;
  /** What a valid file holds, in a few words (12 个分类 · v3). */
  summary: (document: T) => string;
  importedText: string;
  t: LibraryText;
  locale: Locale;
}) {
  const { name, t } = props;
  const { state } = props.import;
  if (state.kind === 'checked') {
    return (
      <div class="iceberg-import-check" {...{ [`data-${name}-check`]: state.document ? 'ok' : 'blocked' }}>
        <h3>{state.fileName}</h3>
        {state.problems.length === 0 ? <p>{t.noProblems}</p> : <ProblemTable problems={state.problems} locale={props.locale} />}
        {state.document ? <p>{props.summary(state.document)}</p> : <p role="alert">{t.fileBlocked}</p>}
        <p class="iceberg-actions">
          <button type="button" data-action={`import-${name}`} disabled={!state.document} onClick={props.import.onImport}>
            {t.doImport}
          </button>
          <button type="button" onClick={props.import.onCancel}>
            {t.cancel}
          </button>
        </p>
      </div>
    );
  }
  if (state.kind === 'working') {
    return (
      <p role="status">
        <progress /> {state.fileName}: {t.working}
      </p>
    );
  }
  if (state.kind === 'imported') {
    return (
      <p role="status" {...{ [`data-${name}-result`]: 'imported' }}>
        {state.fileName}: {props.importedText}
      </p>
    );
  }
  if (state.kind === 'failed') {
    return (
      <p role="alert" class="iceberg-settings-error" {...{ [`data-${name}-result`]: 'failed' }}>
        {state.fileName}: {state.locked ? t.publishedLocked[state.locked] : `${t.wholeFailed[name]}${state.message}`}
      </p>
    );
  }
  return null;
}
