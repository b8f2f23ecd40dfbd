import type { CentreStatus } from '@/knowledge/centre/centre-status';
import type { SettingsInForce } from '@/knowledge/settings/managed-settings';
import { currentLibrary } from '@/storage/database/case-library';
import { centreStatus } from '@/storage/database/centre-status';
import type { IcebergDatabase } from '@/storage/database/database';
import { pruneRawEvents, retentionPolicy, setRetentionDays } from '@/storage/database/retention';
import type { BackgroundEvent } from '@/storage/messaging/protocol';
import type { RequestHandlers } from '@/storage/messaging/server';
import { CentreSubscriptions } from './centre-subscriptions';
import { CentreUploads } from './centre-upload';
import type { ConfigCache } from './config-cache';

/** Footers need no more than this many updates a second while clicks come in. */
const STATUS_PUSH_MS = 500;

/**
 * This browser's link to its centre: uploads, the published library and taxonomy, and what a
 * policy says about keeping raw events. Follows the settings in force (policy included).
 */
export class CentreLink {
  readonly uploads: CentreUploads;
  readonly subscriptions: CentreSubscriptions;
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private applied: { upload: string; subscriptions: string; retention: string } | null = null;
  /** The library in force's name and version, read again after the library changed. */
  private library: Promise<{ name: string; version: string }> | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly config: ConfigCache,
    private readonly push: (event: BackgroundEvent) => Promise<void>,
  ) {
    const settings = async () => (await config.current()).settings;
    this.uploads = new CentreUploads(db, settings, () => this.statusChanged());
    this.subscriptions = new CentreSubscriptions(db, settings, () => this.statusChanged());
  }

  async status(): Promise<CentreStatus> {
    this.library ??= currentLibrary(this.db).then(({ name, version }) => ({ name, version }));
    const library = this.library;
    library.catch(() => (this.library = null));
    return centreStatus(this.db, (await this.config.current()).settings, library);
  }

  /** The library in force changed (a publication, an import): the footers say so. */
  libraryChanged(): void {
    this.library = null;
    this.statusChanged();
  }

  /** At start and whenever the settings in force changed: acts on what changed. */
  async follow(inForce: SettingsInForce): Promise<void> {
    const { settings, locked } = inForce;
    const next = {
      upload: JSON.stringify(settings.upload ?? null),
      subscriptions: JSON.stringify([settings.taxonomyUrl, settings.libraryUrl, settings.libraryCheckMinutes]),
      retention: locked.includes('keepRawEventsDays') ? JSON.stringify(settings.keepRawEventsDays ?? null) : '',
    };
    const previous = this.applied;
    this.applied = next;
    if (previous?.subscriptions !== next.subscriptions) {
      await this.subscriptions.schedule();
      // At a worker's start only when due; after a change of the addresses at once.
      void (previous ? this.subscriptions.check() : this.subscriptions.checkIfDue());
    }
    // A new target is tried at once, whatever the backoff for the old one said.
    if (previous && previous.upload !== next.upload) void this.uploads.run({ ignoreBackoff: true });
    else await this.uploads.schedule();
    if (next.retention && previous?.retention !== next.retention) await this.applyPolicyRetention(settings.keepRawEventsDays ?? null);
  }

  /** "Keep raw events N days" set by the centre's policy replaces the dashboard's choice. */
  private async applyPolicyRetention(days: number | null): Promise<void> {
    if ((await retentionPolicy(this.db)).keepRawEventsDays === days) return;
    await setRetentionDays(this.db, days);
    await pruneRawEvents(this.db, new Date());
  }

  /** Tells the sidebars, at most every STATUS_PUSH_MS (the last state always goes out). */
  statusChanged(): void {
    if (this.pushTimer !== undefined) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void this.status()
        .then((centre) => this.push({ type: 'centreStatusChanged', centre }))
        .catch(() => undefined);
    }, STATUS_PUSH_MS);
  }
}

/** What a person can ask of the centre link: upload now, check the published files now. */
export function centreHandlers(centre: CentreLink): Pick<RequestHandlers, 'uploadNow' | 'checkSubscriptions'> {
  return {
    async uploadNow() {
      await centre.uploads.run({ ignoreBackoff: true });
      return centre.status();
    },
    async checkSubscriptions() {
      await centre.subscriptions.checkFromNow();
      return centre.status();
    },
  };
}
