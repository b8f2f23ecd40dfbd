// An outbox in memory with the semantics the browser's must have (one entry per event, a newer
// change replaces it, acknowledge removes only the version sent), for tests and the ingest
// benchmark's simulated agents.
import type { EventLike } from '@/knowledge/clicks/stored-event';
import type { OutboxEntry, UploadOutbox } from '@/knowledge/centre/upload-queue';
import { VersionClock } from '@/knowledge/centre/upload-row';

export class MemoryOutbox implements UploadOutbox {
  /** Insertion order is upload order: changes are written with non-decreasing queuedAt. */
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly stored = new Map<string, EventLike>();
  private readonly clock: VersionClock;
  /** Makes the next acknowledge fail, as if the service worker stopped after the insert. */
  failNextAcknowledge = false;

  /** `forgetUploaded`: drop an event once uploaded (the benchmark's agents would not fit in memory otherwise). */
  constructor(lastVersion = 0, private readonly forgetUploaded = false) {
    this.clock = new VersionClock(lastVersion);
  }

  /** One change of an event (click, undo, details), stored and queued with a new version. */
  write(event: EventLike, nowMs: number): OutboxEntry {
    this.stored.set(event.id, event);
    const entry = { eventId: event.id, version: this.clock.next(nowMs), queuedAt: nowMs };
    this.entries.delete(event.id);
    this.entries.set(event.id, entry);
    return entry;
  }

  get pending(): number {
    return this.entries.size;
  }

  async oldest(limit: number): Promise<OutboxEntry[]> {
    const found: OutboxEntry[] = [];
    for (const entry of this.entries.values()) {
      if (found.length >= limit) break;
      found.push(entry);
    }
    return found;
  }

  async events(ids: readonly string[]): Promise<Array<EventLike | undefined>> {
    return ids.map((id) => this.stored.get(id));
  }

  async acknowledge(entries: readonly OutboxEntry[]): Promise<void> {
    if (this.failNextAcknowledge) {
      this.failNextAcknowledge = false;
      throw new Error('service worker stopped');
    }
    for (const entry of entries) {
      if (this.entries.get(entry.eventId)?.version !== entry.version) continue;
      this.entries.delete(entry.eventId);
      if (this.forgetUploaded) this.stored.delete(entry.eventId);
    }
  }
}
