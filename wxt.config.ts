import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: 'Alongside',
    description:
      "The patient in view in your EPR: their shared care record's highlights and pending tasks, beside the page.",
    permissions: ['storage', 'tabs', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // The demo EPRs and the sandbox FHIR server run on localhost; a trust's own origins come from its
    // configuration (see docs/). Host access is what detection and the FHIR fetches need, nothing more.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    action: { default_title: 'Alongside' },
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
