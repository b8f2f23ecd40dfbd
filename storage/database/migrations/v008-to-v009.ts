/**
 * Schema → v9: the browser's link to the centre (issue 12). New tables only, so the data of
 * every earlier version is untouched and nothing needs converting:
 * - `outbox`: one entry per event with a change not yet uploaded (the event id, the change's
 *   version and when it was queued), written in the same transaction as the change;
 * - `centreState`: one record per key — the largest version uploaded (the version clock), the
 *   upload status and the state of each library subscription.
 * Both stay out of backups (they describe this browser, not the agent's data).
 */
export const V9_STORES = {
  outbox: 'eventId, [queuedAt+eventId], version',
  centreState: 'key',
} as const;
