import type { ClickEvent } from '../clicks/click-event';
import { reconcileEvent } from '../clicks/event-reconciliation';
import { ClickLogFileError, readClickLog, type ImportFormat } from './click-log-reader';
import { rowProblem } from './click-log-format';
import { isBlocking, type ImportProblem } from './file-problems';
import { fileText, type TextEncodingName } from './text-decoding';

/**
 * A click-log export checked as the merge reads it, without a database: decoding, structure,
 * every row, and events given twice in the file (the same, completed, or in conflict). What the
 * CLI reports before QA merges a folder of agents' exports.
 */

export interface ClickLogCheck {
  format: ImportFormat | null;
  encoding: TextEncodingName | null;
  rowsRead: number;
  /** Distinct events the merge would take from this file. */
  events: number;
  /** Rows refused (their problems are listed). */
  rejected: number;
  /** Rows repeating an event of the file (the same, or completing it). */
  repeated: number;
  problems: ImportProblem[];
  /** A problem with the whole file: nothing of it can be merged. */
  fileProblem: boolean;
}

export async function checkClickLogFile(
  bytes: Uint8Array,
  options: { fileName: string; now?: Date; maxProblems?: number },
): Promise<ClickLogCheck> {
  const maxProblems = options.maxProblems ?? 1000;
  const check: ClickLogCheck = { format: null, encoding: null, rowsRead: 0, events: 0, rejected: 0, repeated: 0, problems: [], fileProblem: false };
  const read = fileText(bytes, { expectUtf8: true });
  if (!read.ok) return { ...check, problems: [read.problem], fileProblem: true };
  check.encoding = read.encoding;
  const problems: ImportProblem[] = [...read.warnings];
  const add = (found: ImportProblem) => {
    if (problems.length < maxProblems) problems.push(found);
  };
  const seen = new Map<string, { event: ClickEvent; row: number }>();
  try {
    for await (const batch of readClickLog(read.chunks, { fileName: options.fileName, ...(options.now ? { now: options.now } : {}) })) {
      check.format = batch.format;
      check.rowsRead = batch.rowsRead;
      check.rejected += batch.rejected;
      batch.problems.forEach(add);
      batch.warnings.forEach(add);
      for (const row of batch.rows) {
        const earlier = seen.get(row.event.id);
        if (!earlier) {
          seen.set(row.event.id, { event: row.event, row: row.row });
          continue;
        }
        const result = reconcileEvent(earlier.event, row.event, { knownIsOwn: false });
        if (result.kind === 'conflict') {
          check.rejected += 1;
          add(rowProblem('conflicting-event', { value: row.event.id, columns: result.columns.join(', '), against: 'file', otherRow: earlier.row }, { row: row.row, column: result.columns[0]! }));
        } else {
          check.repeated += 1;
          if (result.kind === 'completed') earlier.event = result.event;
          else add(rowProblem('duplicate-event', { value: row.event.id, otherRow: earlier.row }, { row: row.row, column: 'event_id' }));
        }
      }
    }
  } catch (error) {
    if (!(error instanceof ClickLogFileError)) throw error;
    return { ...check, problems: [...problems, error.problem], fileProblem: true };
  }
  check.events = seen.size;
  check.problems = problems;
  check.fileProblem = false;
  return check;
}

export function isCleanClickLog(check: ClickLogCheck): boolean {
  return !check.problems.some(isBlocking);
}
