// Search benchmark, printed and never asserted: `npx tsx tests/bench/search.ts` (run by `npm run bench`).
// Measures Iceberg's script search and, in the same run, Fuse.js with default options as the
// reference. Figures go into docs/benchmarks.md by hand, with the machine they were measured on.
// BENCH_SCRIPTS (default 10000) sizes the generated library; BENCH_FUSE_QUERIES (default 20) is
// how many queries default Fuse runs at that size (each takes seconds).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import Fuse from 'fuse.js';
import type { CaseScript } from '@/knowledge/case-library/case-script';
import { DEFAULT_LIBRARY } from '@/knowledge/case-library/default-library';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { buildScriptIndex, scriptIndexSnapshot, searchScripts } from '@/knowledge/search/script-search';
import { COLLOQUIAL_QUERIES, NOTES_TEXTS } from '../unit/search/colloquial-queries';
import { RELEVANCE_QUERIES } from '../unit/search/relevance-queries';
import { formatRelevance, measureRelevance } from '../unit/search/relevance-metrics';
import { generateLibrary } from './generated-library';

const SCRIPTS = Number(process.env.BENCH_SCRIPTS) || 10_000;
const FUSE_QUERIES = Number(process.env.BENCH_FUSE_QUERIES) || 20;
const REPEATS = 5;
const BUILDS = 5;
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

/** CPU time of this process (all its threads): steadier than wall time when others load the machine. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
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
const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');
console.log(`Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}; load average ${load()}`);

// Through JSON, as the service worker gets it (from IndexedDB): flat strings, not concatenations.
const [library, generateMs] = timed(() => JSON.parse(JSON.stringify(generateLibrary(DEFAULT_LIBRARY.scripts, SCRIPTS))) as CaseScript[]);
const characters = library.reduce((sum, s) => sum + s.title.length + s.scenario.length + s.solution.length + s.script.length + s.keywords.join('、').length, 0);
console.log(`Library: ${library.length} generated scripts, ${(characters / 1e6).toFixed(1)} M characters (generated in ${generateMs.toFixed(0)} ms)`);

// --- Iceberg: building
const memoryAtStart = await memoryUsedMiB();
const builds: Array<{ wall: number; cpu: number }> = [];
let index = buildScriptIndex([]);
let previous = index;
for (let build = 0; build < BUILDS; build++) {
  const cpuBefore = cpuMs();
  const [built, wall] = timed(() => buildScriptIndex(library));
  builds.push({ wall, cpu: cpuMs() - cpuBefore });
  previous = index;
  index = built;
  if (build === 0) console.log(`\nIceberg search\n  memory: ≈ ${((await memoryUsedMiB()) - memoryAtStart).toFixed(1)} MiB with the first index (lexicon, pinyin and folding tables), JS heap + array buffers`);
  if (build === 1) console.log(`  memory: ≈ ${((await memoryUsedMiB()) - memoryAtStart).toFixed(1)} MiB with two indexes held (the second costs the difference)`);
}
if (previous.scriptCount !== index.scriptCount) throw new Error('index sizes differ');
const rebuilds = builds.slice(1);
console.log(
  `  index build: ${builds[0]!.wall.toFixed(0)} ms first (${builds[0]!.cpu.toFixed(0)} ms CPU); rebuilds median ${percentile(rebuilds.map((b) => b.wall), 50).toFixed(0)} ms, ` +
    `min ${Math.min(...rebuilds.map((b) => b.wall)).toFixed(0)} ms (CPU median ${percentile(rebuilds.map((b) => b.cpu), 50).toFixed(0)} ms)`,
);

// --- Warm from the first keystroke: a stored snapshot restored in a fresh process (a woken worker)
const [snapshotBytes, snapshotMs] = timed(() => v8.serialize(scriptIndexSnapshot(index)));
const work = mkdtempSync(path.join(os.tmpdir(), 'iceberg-bench-'));
const snapshotFile = path.join(work, 'snapshot.bin');
writeFileSync(snapshotFile, snapshotBytes);
console.log(`  snapshot: ${(snapshotBytes.length / 2 ** 20).toFixed(1)} MiB structured-clone bytes (what IndexedDB stores), taken in ${snapshotMs.toFixed(0)} ms`);
const wakeScript = fileURLToPath(new URL('./search-wake.ts', import.meta.url));
const firstQueries = ['信号不好', 'llb', '寬頻斷網', '喂你好我那个宽带又断网了', 'heyueji'];
for (const query of firstQueries) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', wakeScript, snapshotFile, query], { encoding: 'utf8' });
  console.log(`  after a wake, first search "${query}": ${output.trim()}`);
}
rmSync(work, { recursive: true, force: true });

// --- Latency
const libraryWorded = RELEVANCE_QUERIES.map((query) => query.query);
const colloquial = COLLOQUIAL_QUERIES.map((query) => query.query);
for (const [label, fullQueries] of [['library-worded', libraryWorded], ['colloquial', colloquial]] as const) {
  const typed = keystrokes(fullQueries);
  for (const query of typed) searchScripts(index, query); // warm-up
  const perKeystroke: number[] = [];
  const perQuery: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const query of typed) perKeystroke.push(timed(() => searchScripts(index, query))[1]);
    for (const query of fullQueries) perQuery.push(timed(() => searchScripts(index, query))[1]);
  }
  console.log(`  ${label} queries (${fullQueries.length} × ${REPEATS}): ${describe(perQuery)}   target p95 ≤ 5 ms`);
  console.log(`  ${label}, every keystroke (${typed.length} prefixes × ${REPEATS}): ${describe(perKeystroke)}   target p95 ≤ 5 ms`);
  const slowest = typed
    .map((query) => ({ query, ms: Math.min(...Array.from({ length: 3 }, () => timed(() => searchScripts(index, query))[1])) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  console.log(`    slowest: ${slowest.map(({ query, ms }) => `"${query}" ${ms.toFixed(1)} ms`).join(', ')}`);
}

// Notes suggestions run (debounced) while the agent types in the CRM: time them as the notes grow.
const notesTimes: number[] = [];
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const { query: notes } of NOTES_TEXTS) {
    for (let end = 4; end <= notes.length; end += 4) notesTimes.push(timed(() => suggestFromNotes(index, notes.slice(0, end), { limit: 3 }))[1]);
  }
}
console.log(`  notes suggestions (${NOTES_TEXTS.length} notes, every 4 characters × ${REPEATS}): ${describe(notesTimes)}`);

// --- Relevance on the default library, both sets, with default Fuse.js side by side
const defaultIndex = buildScriptIndex(DEFAULT_LIBRARY.scripts);
const defaultFuse = new Fuse(DEFAULT_LIBRARY.scripts, { keys: DEFAULT_FUSE_KEYS });
const ours = (query: string) => searchScripts(defaultIndex, query, { limit: 3 }).map((match) => match.script.id);
const fuseIds = (query: string) => defaultFuse.search(query, { limit: 3 }).map((result) => result.item.id);
const report = (label: string, queries: typeof RELEVANCE_QUERIES, rank: (query: string) => string[]) => {
  const measured = measureRelevance(rank, queries);
  console.log('\n' + formatRelevance(label, measured) + `\n  empty answers: ${measured.empty.length}${measured.empty.length ? ` (${measured.empty.map((query) => query.query).join(', ')})` : ''}`);
};
report(`Iceberg, library-worded set (${DEFAULT_LIBRARY.scripts.length} scripts)`, RELEVANCE_QUERIES, ours);
report('Iceberg, colloquial set', COLLOQUIAL_QUERIES, ours);
report('Iceberg notes suggestions, notes set', NOTES_TEXTS, (text) => suggestFromNotes(defaultIndex, text, { limit: 3 }).map((match) => match.script.id));
report('Fuse.js defaults, library-worded set', RELEVANCE_QUERIES, fuseIds);
report('Fuse.js defaults, colloquial set', COLLOQUIAL_QUERIES, fuseIds);
report('Fuse.js defaults, notes set (the note as the query)', NOTES_TEXTS, fuseIds);

// --- Fuse.js with default options at 10,000 scripts: the reference
console.log(`\nFuse.js ${Fuse.version}, default options, keys ${DEFAULT_FUSE_KEYS.join(', ')}`);
const fuseHeapBefore = await memoryUsedMiB();
const [fuse, fuseBuildMs] = timed(() => new Fuse(library, { keys: DEFAULT_FUSE_KEYS }));
console.log(`  index build: ${fuseBuildMs.toFixed(0)} ms, ≈ ${((await memoryUsedMiB()) - fuseHeapBefore).toFixed(1)} MiB`);
const sample = libraryWorded.filter((_, i) => i % Math.max(1, Math.floor(libraryWorded.length / FUSE_QUERIES)) === 0).slice(0, FUSE_QUERIES);
const fuseTimes = sample.map((query) => timed(() => fuse.search(query, { limit: 10 }))[1]);
console.log(`  latency, full queries (${sample.length} of the set, once each): ${describe(fuseTimes)}`);
console.log(`\nload average at the end: ${load()}`);
