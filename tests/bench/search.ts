// Search benchmark, printed and never asserted: `npx tsx tests/bench/search.ts`.
// Measures Iceberg's script search and, in the same run, Fuse.js with default options as the
// reference. Figures go into docs/benchmarks.md by hand, with the machine they were measured on.
// BENCH_SCRIPTS (default 10000) sizes the generated library; BENCH_FUSE_QUERIES (default 20) is
// how many queries default Fuse runs at that size (each takes seconds).
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import Fuse from 'fuse.js';
import type { CaseScript } from '@/knowledge/case-library/case-script';
import { DEFAULT_LIBRARY } from '@/knowledge/case-library/default-library';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { buildScriptIndex, searchScripts } from '@/knowledge/search/script-search';
import { RELEVANCE_QUERIES } from '../unit/search/relevance-queries';
import { formatRelevance, measureRelevance } from '../unit/search/relevance-metrics';
import { generateLibrary } from './generated-library';

const SCRIPTS = Number(process.env.BENCH_SCRIPTS) || 10_000;
const FUSE_QUERIES = Number(process.env.BENCH_FUSE_QUERIES) || 20;
const REPEATS = 5;
const DEFAULT_FUSE_KEYS = ['title', 'scenario', 'solution', 'script', 'keywords'];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function describe(values: readonly number[]): string {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return `p50 ${ms(percentile(values, 50))}, p95 ${ms(percentile(values, 95))}, max ${ms(Math.max(...values))} (n=${values.length})`;
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const result = run();
  return [result, performance.now() - started];
}

// Exposes gc() without a node flag, so the plain `npx tsx` command measures memory steadily.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as (() => void) | undefined;
/**
 * JS heap plus typed-array buffers (the index keeps its postings in Int32Arrays, outside the
 * heap), after a full collection and a pause for the buffers it freed to be released.
 */
async function memoryUsedMiB(): Promise<number> {
  for (let round = 0; round < 2; round++) {
    collectGarbage?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const usage = process.memoryUsage();
  return (usage.heapUsed + usage.arrayBuffers) / 2 ** 20;
}

/** What an agent's search box sees: every prefix of every query, keystroke by keystroke. */
function keystrokes(queries: readonly string[]): string[] {
  const typed = new Set<string>();
  for (const query of queries) for (let end = 1; end <= query.length; end++) typed.add(query.slice(0, end));
  return [...typed];
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`);

// Through JSON, as the service worker gets it (from IndexedDB): flat strings, not concatenations.
const [library, generateMs] = timed(() => JSON.parse(JSON.stringify(generateLibrary(DEFAULT_LIBRARY.scripts, SCRIPTS))) as CaseScript[]);
const characters = library.reduce((sum, s) => sum + s.title.length + s.scenario.length + s.solution.length + s.script.length + s.keywords.join('、').length, 0);
console.log(`Library: ${library.length} generated scripts, ${(characters / 1e6).toFixed(1)} M characters (generated in ${generateMs.toFixed(0)} ms)`);

// --- Iceberg
const memoryAtStart = await memoryUsedMiB();
const [firstIndex, coldBuildMs] = timed(() => buildScriptIndex(library));
const memoryAfterFirst = await memoryUsedMiB();
const [index, warmBuildMs] = timed(() => buildScriptIndex(library));
const memoryAfterSecond = await memoryUsedMiB();
console.log(`\nIceberg search`);
console.log(`  index build: ${coldBuildMs.toFixed(0)} ms first (loads OpenCC and pinyin tables), ${warmBuildMs.toFixed(0)} ms rebuild`);
console.log(
  `  memory: ≈ ${(memoryAfterSecond - memoryAfterFirst).toFixed(1)} MiB per index, ` +
    `${(memoryAfterFirst - memoryAtStart).toFixed(1)} MiB with the first (OpenCC and pinyin tables), JS heap + array buffers`,
);
if (firstIndex.scriptCount !== index.scriptCount) throw new Error("index sizes differ");

const fullQueries = RELEVANCE_QUERIES.map((query) => query.query);
const typed = keystrokes(fullQueries);
for (const query of typed) searchScripts(index, query); // warm-up
const perKeystroke: number[] = [];
const perQuery: number[] = [];
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const query of typed) perKeystroke.push(timed(() => searchScripts(index, query))[1]);
  for (const query of fullQueries) perQuery.push(timed(() => searchScripts(index, query))[1]);
}
console.log(`  latency, full queries (${fullQueries.length} × ${REPEATS}): ${describe(perQuery)}   target p95 ≤ 5 ms`);
console.log(`  latency, every keystroke (${typed.length} prefixes × ${REPEATS}): ${describe(perKeystroke)}   target p95 ≤ 5 ms`);
const slowest = typed
  .map((query) => ({ query, ms: Math.min(...Array.from({ length: 3 }, () => timed(() => searchScripts(index, query))[1])) }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 5);
console.log(`  slowest keystrokes: ${slowest.map(({ query, ms }) => `"${query}" ${ms.toFixed(1)} ms`).join(', ')}`);

// Notes suggestions run (debounced) while the agent types in the CRM: time them as the notes grow.
const NOTES = [
  '客户说这个月流量用超了，没收到任何短信提醒，要求减免套外流量费，情绪很激动',
  '客户反映宽带每晚8点后断网，已经第三次来电，前两次都让重启光猫，说再不修好就找媒体曝光',
  '老人手机被订了好几个增值业务，女儿陪着来电要求退订并退费',
];
const notesTimes: number[] = [];
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const notes of NOTES) {
    for (let end = 4; end <= notes.length; end += 4) notesTimes.push(timed(() => suggestFromNotes(index, notes.slice(0, end), { limit: 3 }))[1]);
  }
}
console.log(`  notes suggestions (${NOTES.length} notes, every 4 characters × ${REPEATS}): ${describe(notesTimes)}`);

const defaultIndex = buildScriptIndex(DEFAULT_LIBRARY.scripts);
const ours = measureRelevance((query) => searchScripts(defaultIndex, query, { limit: 3 }).map((match) => match.script.id));
console.log('\n' + formatRelevance(`Iceberg relevance on the default library (${DEFAULT_LIBRARY.scripts.length} scripts)`, ours));

// --- Fuse.js with default options: the reference
console.log(`\nFuse.js ${Fuse.version}, default options, keys ${DEFAULT_FUSE_KEYS.join(', ')}`);
const fuseHeapBefore = await memoryUsedMiB();
const [fuse, fuseBuildMs] = timed(() => new Fuse(library, { keys: DEFAULT_FUSE_KEYS }));
console.log(`  index build: ${fuseBuildMs.toFixed(0)} ms, ≈ ${((await memoryUsedMiB()) - fuseHeapBefore).toFixed(1)} MiB`);
const sample = fullQueries.filter((_, i) => i % Math.max(1, Math.floor(fullQueries.length / FUSE_QUERIES)) === 0).slice(0, FUSE_QUERIES);
const fuseTimes = sample.map((query) => timed(() => fuse.search(query, { limit: 10 }))[1]);
console.log(`  latency, full queries (${sample.length} of the set, once each): ${describe(fuseTimes)}`);
const defaultFuse = new Fuse(DEFAULT_LIBRARY.scripts, { keys: DEFAULT_FUSE_KEYS });
const reference = measureRelevance((query) => defaultFuse.search(query, { limit: 3 }).map((result) => result.item.id));
console.log('\n' + formatRelevance(`Fuse.js default relevance on the default library`, reference));
