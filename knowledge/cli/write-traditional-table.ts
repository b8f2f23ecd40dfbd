// Regenerates knowledge/search/traditional-characters.ts from OpenCC (after an opencc-js update).
// tests/unit/search/text-folding.test.ts fails when the committed table differs.
import { writeFileSync } from 'node:fs';
import { traditionalCharactersModule } from '../search/traditional-table-source';

writeFileSync(new URL('../search/traditional-characters.ts', import.meta.url), traditionalCharactersModule());
console.warn('wrote knowledge/search/traditional-characters.ts');
