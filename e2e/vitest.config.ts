import { defineConfig } from 'vitest/config';

// End-to-end: the built extension in Debian's Chromium, against the sandbox. One file at a time, since
// each starts its own browser and servers and the machine has two cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
