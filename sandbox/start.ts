/**
 * `npm run sandbox`: starts the FHIR server and the demo EPR pages on their documented ports and
 * runs until stopped (Ctrl-C).
 */
import { DEFAULT_PORTS, startSandbox } from './index';

const sandbox = await startSandbox({
  fhirPort: Number(process.env.ALONGSIDE_FHIR_PORT ?? DEFAULT_PORTS.fhir),
  eprPort: Number(process.env.ALONGSIDE_EPR_PORT ?? DEFAULT_PORTS.epr),
});
console.log(`FHIR R4 server: ${sandbox.fhir.baseUrl} (${sandbox.data.roster.length} patients)`);
console.log(`Demo EPR pages: ${sandbox.epr.baseUrl}/`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
