// One simulated service-worker wake, run in a fresh Node process by search.ts: load the search
// code, read a stored index snapshot (structured-clone bytes, as IndexedDB keeps them), restore
// it and answer the first query. Prints the times on one line.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';

const [snapshotFile, query] = process.argv.slice(2) as [string, string];
let started = performance.now();
const { restoreScriptIndex, searchLibrary } = await import('@/knowledge/search/script-search');
const loadMs = performance.now() - started;
const bytes = readFileSync(snapshotFile);
started = performance.now();
const snapshot = v8.deserialize(bytes) as unknown;
const readMs = performance.now() - started;
started = performance.now();
const index = restoreScriptIndex(snapshot);
if (!index) throw new Error('snapshot refused');
const restoreMs = performance.now() - started;
started = performance.now();
const result = searchLibrary(index, query);
const searchMs = performance.now() - started;
console.log(
  `${(readMs + restoreMs + searchMs).toFixed(1)} ms = read ${readMs.toFixed(1)} + restore ${restoreMs.toFixed(1)} + search ${searchMs.toFixed(1)} ` +
    `(top ${result.matches[0]?.script.id ?? 'none'}; loading the search code took ${loadMs.toFixed(0)} ms, paid when the worker's script starts)`,
);
