import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  // WxtVitest adds WXT's aliases, auto-imports and fake browser; it does not add our Vite plugins.
  plugins: [WxtVitest({ root }), preact()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto'],
    environment: 'node',
    restoreMocks: true,
    // The agents' zone, so day boundaries in tests do not depend on the machine running them;
    // tests about other zones set process.env.TZ themselves.
    env: { TZ: 'Asia/Shanghai' },
  },
});
