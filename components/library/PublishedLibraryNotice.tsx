import type { ComponentChildren } from 'preact';
import { centreText, localized, statusTime } from '@/components/shared/centre-text';
import type { ImportProblem } from '@/knowledge/files/file-problems';
import type { Locale } from '@/knowledge/settings/settings';
import type { PublishedDocument } from '@/storage/pages/case-library';

export interface PublishedLibraryProps {
  library: PublishedDocument | null;
  taxonomy: PublishedDocument | null;
  checking: boolean;
  onCheckNow: () => void;
}

/**
 * When the centre publishes the case library (or the taxonomy): what every agent gets, when it
 * was last checked, and why a published file was refused. The team lead publishes by exporting
 * from this page and putting the file at the address.
 */
export function PublishedLibraryNotice(
  props: PublishedLibraryProps & { locale: Locale; problemTable: (problems: readonly ImportProblem[]) => ComponentChildren },
) {
  const { locale } = props;
  const c = centreText(locale);
  if (!props.library && !props.taxonomy) return null;
  const documents: Array<[string, PublishedDocument | null, string]> = [
    [c.library, props.library, c.managedLibrary],
    [c.taxonomy, props.taxonomy, c.managedTaxonomy],
  ];
  return (
    <section aria-labelledby="library-published" class="iceberg-notice" data-section="published">
      <h2 id="library-published">{c.published}</h2>
      {documents.map(([label, published, help]) =>
        !published ? null : (
          <div key={label} data-published={published.url} data-published-version={published.state?.version ?? ''}>
            <p>{help}</p>
            <p>
              {label}: <code>{published.url}</code> ·{' '}
              {published.state?.checkedAt ? `${c.checkedAt} ${statusTime(published.state.checkedAt, locale)}` : c.notChecked}
              {published.state?.appliedAt && ` · ${published.state.name ?? ''} v${published.state.version ?? ''} ${c.appliedAt} ${statusTime(published.state.appliedAt, locale)}`}
            </p>
            {published.state?.trouble && (
              <div role="alert" class="iceberg-settings-error" data-published-trouble={published.state.trouble.why}>
                <p>
                  {c.refused}: {localized(published.state.trouble.message, locale)} ({published.state.trouble.detail})
                </p>
                {published.state.trouble.problems.length > 0 && props.problemTable(published.state.trouble.problems)}
              </div>
            )}
          </div>
        ),
      )}
      <button type="button" data-action="check-published" disabled={props.checking} onClick={props.onCheckNow}>
        {c.checkNow}
      </button>
    </section>
  );
}
