import { centreText, localized, statusTime } from '@/components/shared/centre-text';
import type { CentreStatus } from '@/knowledge/centre/centre-status';
import { uploadErrorMessage, uploadHealth } from '@/knowledge/centre/upload-status';
import type { Locale } from '@/knowledge/settings/settings';

/**
 * The footer's word on the centre: whether the agent's clicks reach it (how many wait, the
 * reason when they do not, and that they are safe meanwhile), and which published case library
 * is in force. Nothing when the browser works alone.
 */
export function CentreStatusLine({ centre, locale }: { centre: CentreStatus | null; locale: Locale }) {
  if (!centre) return null;
  const t = centreText(locale);
  const { upload, library } = centre;
  const health = uploadHealth(upload.status, upload.configured);
  const error = uploadErrorMessage(upload.status);
  const subscription = library.subscription;
  if (health === 'off' && !subscription) return null;
  return (
    <div class="iceberg-centre-status" role="status">
      {health !== 'off' && (
        <p class="iceberg-muted" data-upload-health={health} data-upload-pending={upload.status.pending}>
          {health === 'up-to-date' ? `✓ ${t.uploadUpToDate}` : health === 'waiting' ? `⇡ ${t.uploadWaiting(upload.status.pending)}` : `⚠ ${t.uploadRetrying}`}
          {upload.status.lastSuccessAt && ` · ${t.lastSuccess} ${statusTime(upload.status.lastSuccessAt, locale)}`}
        </p>
      )}
      {error && (
        <p class="iceberg-warning" data-upload-error={upload.status.lastError?.kind}>
          {localized(error, locale)}
        </p>
      )}
      {subscription && (
        <p class="iceberg-muted" data-library-version={library.version} data-library-checked-at={subscription.checkedAt ?? ''}>
          {t.library} {library.name} v{library.version} · {subscription.checkedAt ? `${t.checkedAt} ${statusTime(subscription.checkedAt, locale)}` : t.notChecked}
          {subscription.trouble && <span class="iceberg-warning"> · ⚠ {localized(subscription.trouble.message, locale)}</span>}
        </p>
      )}
    </div>
  );
}
