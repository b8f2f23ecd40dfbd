import type { CategoryDirectory } from '../reports/category-directory';
import { clickLogCsvHeader, clickLogCsvWriter, clickLogNdjsonLine, toClickLogRecord } from './click-log-format';
import type { EventLike } from '../clicks/stored-event';

export type ClickLogFormat = 'csv' | 'ndjson';

/**
 * Streams a click log: one string chunk per batch of events (plus the BOM and header first for
 * CSV), so a million-event export never becomes one big string. The caller decides the batch
 * size (storage/database/export.ts reads a local day at a time, in chunks of up to 5,000).
 */
export async function* clickLogChunks(
  batches: AsyncIterable<readonly EventLike[]> | Iterable<readonly EventLike[]>,
  format: ClickLogFormat,
  directory: CategoryDirectory,
): AsyncGenerator<string> {
  if (format === 'csv') yield clickLogCsvHeader();
  const line = format === 'csv' ? clickLogCsvWriter() : clickLogNdjsonLine;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let chunk = '';
    for (const event of batch) chunk += line(toClickLogRecord(event, directory));
    yield chunk;
  }
}
