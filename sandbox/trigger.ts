/**
 * `npm run sandbox:event -- <kind> <patientId>`: makes a care event happen on the running sandbox.
 * Kinds: task-assigned, task-overdue, appointment-missed, admission, discharge, safeguarding-flag,
 * resuscitation-flag. FHIR_SANDBOX (default http://localhost:8100) names the server.
 */
import { SANDBOX_EVENT_KINDS } from './events';

const [kind, patientId] = process.argv.slice(2);
if (!kind || !patientId || !(SANDBOX_EVENT_KINDS as readonly string[]).includes(kind)) {
  console.error(`usage: npm run sandbox:event -- <${SANDBOX_EVENT_KINDS.join('|')}> <patientId>`);
  process.exit(2);
}
const res = await fetch(`${process.env.FHIR_SANDBOX ?? 'http://localhost:8100'}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind, patientId }) });
const body = (await res.json()) as { resourceType?: string; id?: string };
console.log(res.ok ? `${kind}: ${body.resourceType}/${body.id}` : `failed: ${JSON.stringify(body)}`);
process.exit(res.ok ? 0 : 1);
