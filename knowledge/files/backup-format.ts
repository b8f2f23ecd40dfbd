import { z } from 'zod';

/**
 * The backup file: NDJSON (one JSON value per line, UTF-8, LF), written and read as a stream.
 *
 *   {"format":"iceberg-backup","backupVersion":1,"databaseVersion":2,"createdAt":"…","tables":["events",…]}
 *   {"$table":"events"}
 *   {…one row of events…}
 *   …
 *   {"$table":"settings"}
 *   …
 *   {"$end":{"rows":{"events":1234,"settings":1,…}}}
 *
 * Every table of the database is in it, whatever its name, so tables added later are backed up
 * without changing this format. The closing line's counts catch a truncated file.
 */
export const BACKUP_FORMAT = 'iceberg-backup';
export const BACKUP_VERSION = 1;

export const BackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT, { error: 'this is not an Iceberg backup file' }),
  backupVersion: z.literal(BACKUP_VERSION, { error: `unknown backup version (this Iceberg reads version ${BACKUP_VERSION})` }),
  databaseVersion: z.number().int().min(1),
  createdAt: z.string(),
  tables: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

export const BackupSection = z.object({ $table: z.string().min(1) }).strict();
export const BackupEnd = z.object({ $end: z.object({ rows: z.record(z.string(), z.number().int().nonnegative()) }) }).strict();

export function backupHeaderLine(header: BackupHeader): string {
  return JSON.stringify(header) + '\n';
}

export function backupSectionLine(table: string): string {
  return JSON.stringify({ $table: table }) + '\n';
}

export function backupEndLine(rows: Record<string, number>): string {
  return JSON.stringify({ $end: { rows } }) + '\n';
}
