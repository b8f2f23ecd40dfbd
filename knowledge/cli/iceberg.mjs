#!/usr/bin/env node
// Entry of the `iceberg` bin. It loads the TypeScript CLI through tsx, so the command runs the
// same knowledge/ code as the extension without a build step. The tsconfig next to it maps "@/"
// to the repository root and does not depend on WXT's generated .wxt/ folder.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('./tsconfig.cli.json', import.meta.url));
const { runIceberg } = await tsImport('./main.ts', { parentURL: import.meta.url, tsconfig });
process.exitCode = await runIceberg(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
