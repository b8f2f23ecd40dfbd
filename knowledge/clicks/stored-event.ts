import { z } from 'zod';
import { ClickEvent } from './click-event';

/**
 * Where a stored event came from: the agent's own clicks, or one merge import of other agents'
 * exports. Merged data is kept apart by this tag so QA can remove one import without touching
 * the agent's own log (issue 5, "Provenance").
 */
export const OWN_SOURCE = 'own';
export const IMPORT_SOURCE_PREFIX = 'import:';

export const ImportId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'import id must be 1–64 letters, digits, "_" or "-"');

export const EventSource = z.union([
  z.literal(OWN_SOURCE),
  z.string().regex(/^import:[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'source must be "own" or "import:<id>"'),
]);
export type EventSource = z.infer<typeof EventSource>;

export function importSource(importId: string): string {
  return `${IMPORT_SOURCE_PREFIX}${importId}`;
}

export function isImportedSource(source: string): boolean {
  return source.startsWith(IMPORT_SOURCE_PREFIX);
}

/** An event as it is stored from schema v3 on: the click plus its provenance. */
export const StoredClickEvent = ClickEvent.extend({ source: EventSource });
export type StoredClickEvent = z.infer<typeof StoredClickEvent>;

/** An event with or without its provenance; a missing source means the agent's own click. */
export type EventLike = ClickEvent & { source?: string };

export function sourceOf(event: EventLike): string {
  return event.source ?? OWN_SOURCE;
}

/**
 * Source filters used by reports and exports: an exact source, or the aliases "own" and
 * "imported" (every import).
 */
export const IMPORTED_ALIAS = 'imported';

export function sourceMatches(source: string, wanted: readonly string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return wanted.some((filter) => filter === source || (filter === IMPORTED_ALIAS && isImportedSource(source)));
}
