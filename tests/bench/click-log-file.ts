// Writes a generated click-log export (the format agents export) for the console benchmark:
//   tsx tests/bench/click-log-file.ts OUT.csv EVENTS SEED [END_DAY] [DAYS]
// Streams to disk, so a million events never sit in memory at once.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { sampleEvents } from '@/knowledge/reports/sample-events';
import { clickLogCsvHeader, clickLogCsvWriter, toClickLogRecord } from '@/knowledge/files/click-log-format';

const [out, eventsArg, seedArg, endDay, daysArg] = process.argv.slice(2);
if (!out || !eventsArg) {
  console.error('usage: tsx tests/bench/click-log-file.ts OUT.csv EVENTS SEED [END_DAY] [DAYS]');
  process.exit(2);
}
const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
const file = createWriteStream(out);
file.write(clickLogCsvHeader());
const csvLine = clickLogCsvWriter();
let chunk = '';
let written = 0;
for (const event of sampleEvents(Number(eventsArg), Number(seedArg ?? 1), { endDay, days: daysArg ? Number(daysArg) : undefined })) {
  chunk += csvLine(toClickLogRecord(event, directory));
  written += 1;
  if (written % 5000 === 0) {
    if (!file.write(chunk)) await once(file, 'drain');
    chunk = '';
  }
}
file.end(chunk);
await once(file, 'finish');
