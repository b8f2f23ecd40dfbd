import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The backup file: NDJSON (one JSON value per line, UTF-8, LF), written and read as a stream.
 *
 *   {"format":"iceberg-backup","backupVersion":1,"databaseVersion":2,"createdAt":"…","tables":["events",…]}
 *   {"$table":"events"}
 *   {…one row of events…}
 *   …
 *   {"$table":"settings"}
 *   …
 *   {"$end":{"rows":{"events":1234,"settings":1,…},"sha256":"…"}}
 *
 * Every table of the database is in it, whatever its name, so tables added later are backed up
 * without changing this format. The closing line's counts catch a truncated file.
 *
 * Version 2 adds `sha256`: the SHA-256 of every line before the closing one, each as UTF-8 with
 * its LF (for a file as written, `head -n -1 backup.ndjson | sha256sum`). Restore recomputes it
 * over the lines it reads, so a file re-saved in another encoding or with CRLF line ends still
 * verifies, while any change to its content, or a cut, does not. It is a checksum, not a
 * signature: it catches accidental and naive changes, not someone who recomputes it.
 */
export const BACKUP_FORMAT = 'iceberg-backup';
export const BACKUP_VERSION = 2;
/** Versions this Iceberg reads: 1 (no checksum) and 2. */
export const READABLE_BACKUP_VERSIONS = [1, 2] as const;

export const BackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT, { error: 'this is not an Iceberg backup file' }),
  backupVersion: z.number().int(),
  databaseVersion: z.number().int().min(1),
  createdAt: z.string(),
  tables: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

export const BackupSection = z.object({ $table: z.string().min(1) }).strict();
export const BackupEnd = z
  .object({ $end: z.object({ rows: z.record(z.string(), z.number().int().nonnegative()), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional() }).strict() })
  .strict();

export function backupHeaderLine(header: BackupHeader): string {
  return JSON.stringify(header) + '\n';
}

export function backupSectionLine(table: string): string {
  return JSON.stringify({ $table: table }) + '\n';
}

export function backupEndLine(rows: Record<string, number>, checksum: string): string {
  return JSON.stringify({ $end: { rows, sha256: checksum } }) + '\n';
}

/** The running checksum of a backup's lines (see the format above). */
export class BackupChecksum {
  private readonly hash = sha256.create();
  private readonly encoder = new TextEncoder();

  /** Text exactly as written: whole lines with their LF. */
  addText(text: string): void {
    this.hash.update(this.encoder.encode(text));
  }

  /** One line as read, without its line end. */
  addLine(line: string): void {
    this.addText(`${line}\n`);
  }

  hex(): string {
    return bytesToHex(this.hash.digest());
  }
}
