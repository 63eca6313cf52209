import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: the extension's code under WXT's fake browser and fake-indexeddb, and the sandbox's.
// The end-to-end suite (real Chromium) has its own config in e2e/.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['utils/**/*.test.ts', 'components/**/*.test.tsx', 'entrypoints/**/*.test.ts', 'sandbox/**/*.test.ts', 'scripts/**/*.test.mjs', 'tools/**/*.test.mjs'],
    // The code lists are data files the background loads on first need; every test file starts with them loaded.
    setupFiles: ['fake-indexeddb/auto', './utils/vocabulary/testing/load-for-tests.ts'],
    // Saved EPR pages link stylesheets and frames that unit tests neither have nor need.
    environmentOptions: { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: true } } },
  },
});
