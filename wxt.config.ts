import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** PDF.js's own builds, copied into the package for the letter reader. */
const PDFJS_FILES = ['pdf.min.mjs', 'pdf.worker.min.mjs'];

/** The sandbox's hosts (any port), for demo builds only. */
const LOCAL = ['http://localhost/*', 'http://127.0.0.1/*'];
/** `npm run build:demo` (`--mode demo`) and `wxt dev`: see utils/policy/build.ts. */
const isDemo = (mode: string) => mode === 'demo' || mode === 'development';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // Each built-in reader's file is its own script, `reader-<id>.js` (utils/page/readers/define-reader.ts):
    // a reader is declared in one place, and no entrypoint file repeats it.
    'entrypoints:found': (_wxt, infos) => {
      const dir = fileURLToPath(new URL('./utils/page/readers/built-in/', import.meta.url));
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
        infos.push({ name: `reader-${file.replace(/\.ts$/, '')}`, inputPath: `${dir}${file}`, type: 'unlisted-script' });
      }
    },
    // The content script runs on every EPR page and must stay small: it uses only runtime messaging and
    // runtime.id, which are promise-based in every MV3 browser, so it takes the browser's own `browser`
    // instead of webextension-polyfill (about 3 KB gzip). So do the extension's pages (side panel, options,
    // My tasks): every API they call (storage, tabs, windows, permissions, commands, scripting) is
    // promise-based in MV3 Chrome, Edge and Firefox, and the side panel has a size budget too. The pages
    // also take Dexie's modern build (ES2018 modules, the same code): some 2 KB gzip smaller than the ES5
    // build its package exports by default. The background keeps the polyfill, and takes Dexie's modern build too.
    // PDF.js as Mozilla builds it, for the letter reader (utils/record/sources/letter-reader-service.ts): loaded
    // from the package only when a PDF letter is read, never bundled into a page or the background.
    'build:publicAssets': (_wxt, files) => {
      for (const file of PDFJS_FILES) files.push({ absoluteSrc: fileURLToPath(import.meta.resolve(`pdfjs-dist/build/${file}`)), relativeDest: `pdfjs/${file}` });
    },
    'prepare:publicPaths': (_wxt, paths) => {
      for (const file of PDFJS_FILES) paths.push(`pdfjs/${file}`);
    },
    'vite:build:extendConfig': (entrypoints, config) => {
      const background = entrypoints.some((e) => e.type === 'background');
      const own = [
        // The background keeps the polyfill (its promise and message semantics across browsers); every
        // bundle takes Dexie's modern build.
        ...(background ? [] : [{ find: /^wxt\/browser$/, replacement: fileURLToPath(import.meta.resolve('wxt/browser')) }]),
        { find: /^dexie$/, replacement: fileURLToPath(import.meta.resolve('dexie/dist/modern/dexie.mjs')) },
      ];
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) alias.unshift(...own);
      else config.resolve = { ...config.resolve, alias: [...own, ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }))] };
    },
  },
  vite: (env) => ({
    // Development JSX (file paths and line numbers in every element) and Preact's devtools hooks only where
    // someone debugs (`wxt dev`). WXT sets NODE_ENV to the mode, so a demo build would otherwise carry them:
    // demo builds are what the tests, the demo and the benchmarks (sizes included) run, and must match store builds.
    plugins: [preact({ devToolsEnabled: env.mode === 'development' })],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: env.mode === 'development' } },
    // Every browser Alongside supports preloads modules itself: Vite's polyfill for it is dead weight in the pages.
    build: { modulePreload: { polyfill: false } },
  }),
  // Each permission is justified in docs/security-and-safety.md; a test holds the manifests to it.
  manifest: ({ browser, mode }) => ({
    name: 'Alongside',
    description:
      "The patient in view in your EPR: their shared care record's highlights and pending tasks, beside the page.",
    permissions: ['storage', 'alarms', 'idle', 'notifications', 'identity', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen'])],
    // Store builds reach nothing until the trust's policy names its origins and they are granted
    // (https only). Demo builds also reach the sandbox on this computer (npm run demo, the tests).
    ...(isDemo(mode) ? { host_permissions: LOCAL } : {}),
    optional_host_permissions: ['https://*/*', ...(isDemo(mode) ? LOCAL : [])],
    action: { default_title: 'Alongside' },
    // A keyboard shortcut opens the panel: in Chrome and Edge the toolbar button's action opens the side
    // panel (the background sets openPanelOnActionClick); Firefox opens its sidebar. The clinician can change
    // it in the browser's shortcut settings; the options page shows the one in force. (Alt+Shift+P, the
    // first choice, is taken in Chromium: the browser then assigns none.)
    commands:
      browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+L' }, description: 'Open or close the Alongside sidebar' } }
        : { _execute_action: { suggested_key: { default: 'Alt+Shift+L' }, description: 'Open the Alongside side panel' } },
    // What a trust can set by managed browser policy (public/managed_schema.json; docs/deployment.md).
    // Firefox takes managed settings from policies.json ("3rdparty") and has no schema key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // A fixed public key gives development builds a stable id (ldnoijeblfdalhpmiaajbeheahnbccef), so
    // policy files can name the extension. A trust publishing its own build uses its own id.
    ...(browser === 'firefox' ? {} : { key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1XnFjgLuE1azfxxnGrfkdsqwbgzpIkaUdO/JNVFuDIBgpft4CjARC3Oeqr2qYfmQbNfVGyUrSn9FxL/dokUFrh62M58PfrLVy5NEFrJpD2aQ6jDCNqsGHN+uC0PdZms5nOF6sBlsjcG5yCsTEpDUicoF9IyB3NjBpmeYPsGxAKlT1CweemPIzoOZSrJGpxjI8KxoBXB2VQdZIE+E+2d9wpzgI1kZ8O1ghIc9xTs4Or/iXoBX3+4vXbKQIFZEZRLv1q4TID0DQotD/ytsk1027MtemhIbDTfArCsQ05OSqIdS31d3mwxNTGkw8sanDzpL9pMCG9alWZIp0zuDc/O84QIDAQAB' }),
    // Firefox's default policy for extension pages upgrades insecure requests, which turns the sandbox's
    // ws:// Subscription socket into wss:// (never answered): the Firefox demo build's own policy leaves
    // that out. Store builds keep the default (their servers are https, their sockets wss).
    ...(browser === 'firefox' && isDemo(mode) ? { content_security_policy: { extension_pages: "script-src 'self';" } } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'alongside@alongside.test',
              strict_min_version: '128.0',
              // Alongside sends the patient's identifier to the trust's own FHIR server and receives
              // their health record from it; nothing goes anywhere else.
              data_collection_permissions: { required: ['personallyIdentifyingInfo', 'healthInfo'] },
            },
          },
        }
      : {}),
  }),
});
