// One process's index builds, run by tests/bench/search.ts for the code in this tree and for the
// code at the start of issue 11 (a copy of that commit's knowledge/ with this file beside it), so
// both are measured alike in the same run: `tsx tests/bench/search-build.ts LIBRARY.json BUILDS`.
// Prints one JSON line: the wall time of each build, in order (the first includes warming up).
import { readFileSync } from 'node:fs';
import type { CaseScript } from '@/knowledge/case-library/case-script';
import { buildScriptIndex } from '@/knowledge/search/script-search';

const [libraryFile, builds] = process.argv.slice(2) as [string, string];
const scripts = (JSON.parse(readFileSync(libraryFile, 'utf8')) as { scripts: CaseScript[] }).scripts;
const walls: number[] = [];
let kept: unknown;
for (let build = 0; build < Number(builds); build++) {
  const started = performance.now();
  kept = buildScriptIndex(scripts);
  walls.push(performance.now() - started);
}
console.log(JSON.stringify({ walls, kept: kept !== undefined }));
