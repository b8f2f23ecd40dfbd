// Part of `npm run schema`: regenerates Chrome's managed_schema.json (the policies a centre may
// set) from the Zod settings schema. tests/unit/settings/managed-settings.test.ts fails when the
// committed copy differs.
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANAGED_SCHEMA_PATH, managedSchemaJson } from '../settings/managed-schema';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
writeFileSync(resolve(root, MANAGED_SCHEMA_PATH), managedSchemaJson());
console.warn(`wrote ${MANAGED_SCHEMA_PATH}`);
