#!/usr/bin/env node
// Entry of the `iceberg` bin. It loads the TypeScript CLI through tsx, so the command runs the
// same knowledge/ code as the extension without a build step. The tsconfig next to it maps "@/"
// to the repository root and does not depend on WXT's generated .wxt/ folder.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

// `iceberg validate … | head`: once the reader has gone, stop writing and keep the exit code
// the checks give, instead of dying on EPIPE with a stack trace.
let stdoutOpen = true;
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') stdoutOpen = false;
  else {
    process.stderr.write(`iceberg: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(2);
  }
});

const tsconfig = fileURLToPath(new URL('./tsconfig.cli.json', import.meta.url));
try {
  const { runIceberg } = await tsImport('./main.ts', { parentURL: import.meta.url, tsconfig });
  process.exitCode = await runIceberg(process.argv.slice(2), {
    stdout: (text) => {
      if (stdoutOpen) process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
  });
} catch (error) {
  process.stderr.write(`iceberg: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 3;
}
