// Regenerates knowledge/search/pinyin-readings.ts from pinyin-pro (after a pinyin-pro update).
// tests/unit/search/pinyin-table.test.ts fails when the committed table differs.
import { writeFileSync } from 'node:fs';
import { pinyinReadingsModule } from '../search/pinyin-table-source';

writeFileSync(new URL('../search/pinyin-readings.ts', import.meta.url), pinyinReadingsModule());
console.warn('wrote knowledge/search/pinyin-readings.ts');
