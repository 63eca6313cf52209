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
    permissions: ['storage', 'tabs', 'alarms', 'idle', 'notifications', 'identity', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // The demo EPRs and the sandbox FHIR server run on localhost; a trust's own origins come from its
    // configuration (see docs/). Host access is what detection and the FHIR fetches need, nothing more.
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    // A trust's EPR, FHIR and sign-in origins are granted on the options page (or come with its build);
    // the content script is registered at run time for the configured EPR origins only.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: 'Alongside' },
    // What a trust can set by managed browser policy (public/managed_schema.json; docs/deployment.md).
    // Firefox takes managed settings from policies.json ("3rdparty") and has no schema key.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    // A fixed public key gives development builds a stable id (ldnoijeblfdalhpmiaajbeheahnbccef), so
    // policy files can name the extension. A trust publishing its own build uses its own id.
    ...(browser === 'firefox' ? {} : { key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1XnFjgLuE1azfxxnGrfkdsqwbgzpIkaUdO/JNVFuDIBgpft4CjARC3Oeqr2qYfmQbNfVGyUrSn9FxL/dokUFrh62M58PfrLVy5NEFrJpD2aQ6jDCNqsGHN+uC0PdZms5nOF6sBlsjcG5yCsTEpDUicoF9IyB3NjBpmeYPsGxAKlT1CweemPIzoOZSrJGpxjI8KxoBXB2VQdZIE+E+2d9wpzgI1kZ8O1ghIc9xTs4Or/iXoBX3+4vXbKQIFZEZRLv1q4TID0DQotD/ytsk1027MtemhIbDTfArCsQ05OSqIdS31d3mwxNTGkw8sanDzpL9pMCG9alWZIp0zuDc/O84QIDAQAB' }),
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
