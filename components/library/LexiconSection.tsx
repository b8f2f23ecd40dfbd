import type { ImportProblem } from '@/knowledge/files/file-problems';
import type { SearchLexicon } from '@/knowledge/search/lexicon';
import type { Locale } from '@/knowledge/settings/settings';
import type { LexiconSummary } from '@/storage/pages/case-library';
import { ProblemTable } from './ProblemTable';
import type { LibraryText } from './library-text';

/** A lexicon file on its way in; it replaces the lexicon whole or not at all. */
export type LexiconImportState =
  | { kind: 'idle' }
  | { kind: 'checked'; fileName: string; lexicon: SearchLexicon | null; problems: ImportProblem[] }
  | { kind: 'working'; fileName: string }
  | { kind: 'imported'; fileName: string }
  | { kind: 'failed'; fileName: string; message: string };

export interface LexiconSectionProps {
  locale: Locale;
  lexicon: LexiconSummary;
  lexiconState: LexiconImportState;
  onChooseLexiconFile: (file: File) => void;
  onImportLexicon: () => void;
  onCancelLexicon: () => void;
  onRestoreDefaultLexicon: () => void;
  onExportLexicon: (format: 'json' | 'csv') => void;
}

/** The search lexicon in force, its export, and the import of a lead's own (checked first, like a library file). */
export function LexiconSection(props: LexiconSectionProps & { t: LibraryText; lang: 'zh' | 'en' }) {
  const { t, lexicon, lexiconState: state } = props;
  return (
    <section aria-labelledby="lexicon-title">
      <h2 id="lexicon-title">{t.lexiconTitle}</h2>
      <p data-lexicon-version={lexicon.version} data-lexicon-entries={lexicon.entryCount}>
        <strong>{lexicon.name}</strong> · v{lexicon.version} · {lexicon.entryCount} {t.lexiconEntries}
        {lexicon.isDefault ? t.builtIn : ''}
        {lexicon.importedAt && (
          <>
            {' '}
            · {t.importedAt} {new Date(lexicon.importedAt).toLocaleString(props.locale)}
            {lexicon.fileName ? ` (${lexicon.fileName})` : ''}
          </>
        )}
      </p>
      <p class="iceberg-actions">
        <button type="button" onClick={() => props.onExportLexicon('json')}>
          {t.exportJson}
        </button>
        <button type="button" onClick={() => props.onExportLexicon('csv')}>
          {t.exportCsv}
        </button>
        <label class="iceberg-file-button">
          {t.importLexicon}
          <input
            id="lexicon-file"
            type="file"
            accept=".csv,.json,.txt,text/csv,application/json"
            onChange={(event) => {
              const input = event.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) props.onChooseLexiconFile(file);
              input.value = ''; // choosing the same file again re-checks it
            }}
          />
        </label>
        {!lexicon.isDefault && (
          <button type="button" onClick={props.onRestoreDefaultLexicon}>
            {t.restoreLexicon}
          </button>
        )}
      </p>
      <p class="iceberg-help">{t.lexiconHelp}</p>
      {state.kind === 'checked' && (
        <div class="iceberg-import-check" data-lexicon-check={state.lexicon ? 'ok' : 'blocked'}>
          <h3>{state.fileName}</h3>
          <ProblemTable problems={state.problems} t={t} lang={props.lang} />
          {state.lexicon ? (
            <p>
              {state.lexicon.entries.length} {t.lexiconEntries} · v{state.lexicon.version}
            </p>
          ) : (
            <p role="alert">{t.fileBlocked}</p>
          )}
          <p class="iceberg-actions">
            <button type="button" data-action="import-lexicon" disabled={!state.lexicon} onClick={props.onImportLexicon}>
              {t.doImport}
            </button>
            <button type="button" onClick={props.onCancelLexicon}>
              {t.cancel}
            </button>
          </p>
        </div>
      )}
      {state.kind === 'working' && (
        <p role="status">
          <progress /> {state.fileName}: {t.working}
        </p>
      )}
      {state.kind === 'imported' && (
        <p role="status" data-lexicon-result="imported">
          {state.fileName}: {t.lexiconImported}
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" class="iceberg-settings-error" data-lexicon-result="failed">
          {state.fileName}: {t.failed}
          {state.message}
        </p>
      )}
    </section>
  );
}
