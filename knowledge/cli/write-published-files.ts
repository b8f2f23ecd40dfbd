// `npm run schema`: regenerates the published JSON Schemas and templates in docs/ from the Zod
// schemas. tests/unit/library/published-contract.test.ts fails when the committed copies differ.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedFiles } from '../files/published-contract';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
for (const file of publishedFiles()) {
  const target = resolve(root, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.content);
  console.warn(`wrote ${file.path}`);
}
