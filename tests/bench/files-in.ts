// Files-in benchmark, printed and never asserted: `npx tsx tests/bench/files-in.ts`.
// What the strict reading of issue 10 costs in Node (no IndexedDB): decoding detection, the
// click-log reader, the library check, the privacy gate and the backup checksum. The merge and
// restore as a whole (with IndexedDB) are measured in Chromium by tests/bench/console.mjs.
// BENCH_MERGE_ROWS (default 100000) sizes the click log.
import os from 'node:os';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { sampleEvents } from '@/knowledge/reports/sample-events';
import { clickLogCsvHeader, clickLogCsvWriter, toClickLogRecord } from '@/knowledge/files/click-log-format';
import { readClickLog } from '@/knowledge/files/click-log-reader';
import { decodedChunks, detectEncoding } from '@/knowledge/files/text-decoding';
import { checkLibraryFile } from '@/knowledge/case-library/library-check';
import { libraryToCsv } from '@/knowledge/files/library-files';
import { BackupChecksum } from '@/knowledge/files/backup-format';
import { maskPhoneNumbers } from '@/knowledge/privacy/phone-numbers';
import { generateLibrary } from './generated-library';
import { defaultLibrary } from '@/knowledge/case-library/default-library';

const ROWS = Number(process.env.BENCH_MERGE_ROWS) || 100_000;

function best(runs: number, run: () => void | Promise<void>): Promise<number> {
  return (async () => {
    let fastest = Infinity;
    for (let round = 0; round < runs; round += 1) {
      const started = performance.now();
      await run();
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest;
  })();
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
console.log(`files-in benchmark · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version}`);

// A click-log export of ROWS events.
const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
const line = clickLogCsvWriter();
let text = clickLogCsvHeader();
for (const event of sampleEvents(ROWS, 42)) text += line(toClickLogRecord(event, directory));
const bytes = new TextEncoder().encode(text);
console.log(`click log: ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 2 ** 20).toFixed(1)} MB`);

const detect = await best(3, () => {
  detectEncoding(bytes, { expectUtf8: true });
});
console.log(`  encoding detection (strict UTF-8 pass): ${ms(detect)}`);
let accepted = 0;
const read = await best(3, async () => {
  accepted = 0;
  const detected = detectEncoding(bytes, { expectUtf8: true });
  if (!detected.ok) throw new Error(detected.problem.code);
  for await (const batch of readClickLog(decodedChunks(bytes, detected.decoding), { fileName: 'bench.csv', batchSize: 10_000 })) accepted += batch.rows.length;
});
console.log(`  detect + decode + tokenize + check every row: ${ms(read)} (${accepted.toLocaleString('en')} rows accepted)`);

// A 10,000-script library CSV.
const library = libraryToCsv({ ...defaultLibrary(), scripts: generateLibrary(defaultLibrary().scripts, 10_000) });
const libraryBytes = new TextEncoder().encode(library);
const checked = await best(3, () => {
  checkLibraryFile(libraryBytes, { fileName: 'big.csv', taxonomy: DEFAULT_TAXONOMY, today: '2026-11-30' });
});
console.log(`library: 10,000 scripts, ${(libraryBytes.length / 2 ** 20).toFixed(1)} MB CSV: checked in ${ms(checked)}`);

// The privacy gate.
const refs = ['CASE-2026-0001', 'CALL-20261123-0931-13812345678', '来电 +86 138 1234 5678 已回访', '客户反映本月话费异常，要求核查'];
const calls = 400_000;
const gate = await best(3, () => {
  for (let index = 0; index < calls; index += 1) maskPhoneNumbers(refs[index & 3]!);
});
console.log(`privacy gate: ${((gate * 1000) / calls).toFixed(2)} µs per text (mix of references with and without numbers)`);

// The backup checksum.
const checksum = await best(3, () => {
  const sum = new BackupChecksum();
  for (let at = 0; at < text.length; at += 1 << 20) sum.addText(text.slice(at, at + (1 << 20)));
  sum.hex();
});
console.log(`backup checksum (SHA-256 of ${(bytes.length / 2 ** 20).toFixed(1)} MB of lines): ${ms(checksum)} (${(bytes.length / 2 ** 20 / (checksum / 1000)).toFixed(0)} MB/s)`);
