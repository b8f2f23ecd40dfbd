import type { ClickEvent } from './click-event';

/**
 * One event seen twice (in one file, or in a file and in the database): what the second sighting
 * means. An agent's later export of the same click may only *complete* it: undo it (a click is
 * never un-done) and fill in details it lacked. Anything else that differs is a conflict, and the
 * event already known is kept: nobody can tell which sighting is right. The agent's own clicks
 * are never completed by an import: their browser is the truth.
 *
 * Folding the sightings one after another gives the same result however they are grouped, so a
 * merge gives the same counts whether or not a chunk boundary falls between two rows of an event.
 */

export type Reconciliation =
  | { kind: 'same' }
  | { kind: 'completed'; event: ClickEvent }
  | { kind: 'conflict'; columns: ClickLogField[] };

/** Click-log column names, as conflicts are reported in the file's own terms. */
export type ClickLogField =
  | 'occurred_at'
  | 'day'
  | 'agent_id'
  | 'category_id'
  | 'case_ref'
  | 'site'
  | 'counting_rule'
  | 'emotion'
  | 'risk_grade'
  | 'ticket_raised'
  | 'voided'
  | 'voided_at';

const FIXED: ReadonlyArray<[keyof ClickEvent, ClickLogField]> = [
  ['occurredAt', 'occurred_at'],
  ['day', 'day'],
  ['agentId', 'agent_id'],
  ['categoryId', 'category_id'],
  ['workOrderRef', 'case_ref'],
  ['site', 'site'],
];

const DETAILS: ReadonlyArray<[keyof ClickEvent, ClickLogField]> = [
  ['countingRule', 'counting_rule'],
  ['emotion', 'emotion'],
  ['riskGrade', 'risk_grade'],
  ['ticketRaised', 'ticket_raised'],
];

export function reconcileEvent(known: ClickEvent, incoming: ClickEvent, options: { knownIsOwn: boolean }): Reconciliation {
  const conflicts: ClickLogField[] = [];
  for (const [field, column] of FIXED) if (known[field] !== incoming[field]) conflicts.push(column);
  const next: ClickEvent = { ...known };
  let changed = false;
  for (const [field, column] of DETAILS) {
    if (incoming[field] === undefined || incoming[field] === known[field]) continue;
    if (known[field] === undefined && !options.knownIsOwn) {
      (next as Record<string, unknown>)[field] = incoming[field];
      changed = true;
    } else conflicts.push(column);
  }
  if (incoming.voided && !known.voided) {
    if (options.knownIsOwn) conflicts.push('voided');
    else {
      next.voided = true;
      if (incoming.voidedAt) next.voidedAt = incoming.voidedAt;
      else delete next.voidedAt;
      changed = true;
    }
  } else if (incoming.voided && known.voided && incoming.voidedAt !== undefined && known.voidedAt !== undefined && incoming.voidedAt !== known.voidedAt) {
    conflicts.push('voided_at');
  }
  // An older export of a click undone since (voided false here, true known) is simply older.
  if (conflicts.length > 0) return { kind: 'conflict', columns: conflicts };
  return changed ? { kind: 'completed', event: next } : { kind: 'same' };
}
