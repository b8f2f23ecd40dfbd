import type { Locale } from '@/knowledge/settings/settings';
import type { LibraryText } from './library-text';

/** A document a lead imports (library, lexicon): name, version, size, and where it came from. */
export function DocumentInForce(props: {
  document: { name: string; version: string; importedAt: string; fileName?: string; isDefault: boolean };
  /** Its size in words (72 条话术). */
  size: string;
  /** Data attributes for tests and scripts (`data-script-count`…). */
  data: Record<`data-${string}`, string | number>;
  locale: Locale;
  t: LibraryText;
}) {
  const { document, t } = props;
  return (
    <p {...props.data}>
      <strong>{document.name}</strong> · v{document.version} · {props.size}
      {document.isDefault ? t.builtIn : ''}
      {document.importedAt && (
        <>
          {' '}
          · {t.importedAt} {new Date(document.importedAt).toLocaleString(props.locale)}
          {document.fileName ? ` (${document.fileName})` : ''}
        </>
      )}
    </p>
  );
}

/** Export as JSON or as CSV for Excel. */
export function ExportButtons(props: { onExport: (format: 'json' | 'csv') => void; t: LibraryText }) {
  return (
    <>
      <button type="button" onClick={() => props.onExport('json')}>
        {props.t.exportJson}
      </button>
      <button type="button" onClick={() => props.onExport('csv')}>
        {props.t.exportCsv}
      </button>
    </>
  );
}
