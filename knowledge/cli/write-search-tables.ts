// Regenerates the search's generated tables (after an opencc-js, pinyin-pro or Node update):
// character-table.ts and pinyin-readings.ts in knowledge/search.
// tests/unit/search/text-folding.test.ts and pinyin-table.test.ts fail when a committed table differs.
import { writeFileSync } from 'node:fs';
import { characterTableModule } from '../search/character-table-source';
import { pinyinReadingsModule } from '../search/pinyin-table-source';

for (const [file, contents] of [
  ['character-table.ts', characterTableModule()],
  ['pinyin-readings.ts', pinyinReadingsModule()],
] as const) {
  writeFileSync(new URL(`../search/${file}`, import.meta.url), contents);
  console.warn(`wrote knowledge/search/${file}`);
}
