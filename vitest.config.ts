import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests: the extension's code under WXT's fake browser and fake-indexeddb, and the sandbox's.
// The end-to-end suite (real Chromium) has its own config in e2e/.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['utils/**/*.test.ts', 'components/**/*.test.tsx', 'entrypoints/**/*.test.ts', 'sandbox/**/*.test.ts', 'scripts/**/*.test.mjs', 'tools/**/*.test.mjs'],
    // A layout for happy-dom (readers read only what is on screen), and the code lists loaded, as the
    // background loads them from its package before it first normalises a record.
    setupFiles: ['fake-indexeddb/auto', './testing/static-layout.ts', './testing/load-vocabulary.ts'],
    // Saved EPR pages link stylesheets and frames that unit tests neither have nor need.
    environmentOptions: { happyDOM: { settings: { handleDisabledFileLoadingAsSuccess: true } } },
  },
});
