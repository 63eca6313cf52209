import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in Debian's Chromium, against the sandbox. One file at a time, since
// each starts its own browser and servers and the machine has two cores.
export default defineConfig({
  // The extension's code imports by @/ (tsconfig.json's paths); the tests import it, so they resolve it too.
  resolve: { alias: { '@/': fileURLToPath(new URL('../', import.meta.url)) } },
  test: {
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
