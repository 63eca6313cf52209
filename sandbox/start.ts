/**
 * `npm run sandbox`: starts the FHIR server and the demo EPR pages on their documented ports and
 * runs until stopped (Ctrl-C).
 */
import { DEFAULT_PORTS, startSandbox } from './index';

const sandbox = await startSandbox({
  fhirPort: Number(process.env.ALONGSIDE_FHIR_PORT ?? DEFAULT_PORTS.fhir),
  eprPort: Number(process.env.ALONGSIDE_EPR_PORT ?? DEFAULT_PORTS.epr),
  // `npm run sandbox -- --auth`: the FHIR server requires sign-in at the sandbox authorisation server.
  auth: process.argv.includes('--auth'),
  // `--subscriptions`: websocket Subscriptions offered (else Alongside polls).
  subscriptions: process.argv.includes('--subscriptions'),
});
console.log(`FHIR R4 server: ${sandbox.fhir.baseUrl} (${sandbox.data.roster.length} patients)`);
console.log(`Demo EPR pages: ${sandbox.epr.baseUrl}/ (make care events happen at ${sandbox.epr.baseUrl}/control)`);
if (sandbox.auth) console.log(`Sign-in (SMART / OAuth 2) server: ${sandbox.auth.issuer} (set it as the sign-in server in Alongside's options)`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
