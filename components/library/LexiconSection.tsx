import type { SearchLexicon } from '@/knowledge/search/lexicon';
import type { Locale } from '@/knowledge/settings/settings';
import type { LexiconSummary } from '@/storage/pages/case-library';
import { DocumentInForce, ExportButtons } from './DocumentInForce';
import { ChooseDocumentFile, WholeImportStatus, type WholeImport } from './WholeDocumentImport';
import type { LibraryText } from './library-text';

export interface LexiconSectionProps {
  locale: Locale;
  lexicon: LexiconSummary;
  lexiconImport: WholeImport<SearchLexicon>;
  onRestoreDefaultLexicon: () => void;
  onExportLexicon: (format: 'json' | 'csv') => void;
}

/** The search lexicon in force, its export, and the import of a lead's own (checked first, like a library file). */
export function LexiconSection(props: LexiconSectionProps & { t: LibraryText }) {
  const { t, lexicon } = props;
  return (
    <section aria-labelledby="lexicon-title">
      <h2 id="lexicon-title">{t.lexiconTitle}</h2>
      <DocumentInForce
        document={lexicon}
        size={`${lexicon.entryCount} ${t.lexiconEntries}`}
        data={{ 'data-lexicon-version': lexicon.version, 'data-lexicon-entries': lexicon.entryCount }}
        locale={props.locale}
        t={t}
      />
      <p class="iceberg-actions">
        <ExportButtons onExport={props.onExportLexicon} t={t} />
        <ChooseDocumentFile name="lexicon" label={t.importLexicon} onChoose={props.lexiconImport.onChooseFile} />
        {!lexicon.isDefault && (
          <button type="button" onClick={props.onRestoreDefaultLexicon}>
            {t.restoreLexicon}
          </button>
        )}
      </p>
      <p class="iceberg-help">{t.lexiconHelp}</p>
      <WholeImportStatus
        name="lexicon"
        import={props.lexiconImport}
        summary={(document) => `${document.entries.length} ${t.lexiconEntries} · v${document.version}`}
        importedText={t.lexiconImported}
        t={t}
        locale={props.locale}
      />
    </section>
  );
}
