/**
 * The sandbox's control page (/control): buttons that make care events happen on the sandbox FHIR
 * server (see ../events.ts), so a demo can show Alongside's notifications.
 */
import { SANDBOX_EVENT_KINDS } from '../events';
import type { RosterPatient } from '../roster';
import { escapeHtml } from './assets/common.js';

export function renderControl(roster: RosterPatient[], fhirBaseUrl: string): string {
  const eventsUrl = new URL('/_sandbox/events', fhirBaseUrl).href;
  const options = roster.map((p) => `<option value="${escapeHtml(p.fhirId)}">${escapeHtml(`${p.given} ${p.family}`)}</option>`).join('');
  const buttons = SANDBOX_EVENT_KINDS.map((k) => `<button type="button" data-kind="${k}">${k.replace(/-/g, ' ')}</button>`).join(' ');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sandbox control</title></head>
<body style="font:14px Arial, sans-serif;margin:2em">
<h1>Sandbox control: make something happen</h1>
<p>Patient <select id="patient">${options}</select></p>
<p>${buttons}</p>
<p id="result" role="status"></p>
<script>
for (const b of document.querySelectorAll('button[data-kind]')) {
  b.addEventListener('click', async () => {
    const res = await fetch(${JSON.stringify(eventsUrl)}, { method: 'POST', body: JSON.stringify({ kind: b.dataset.kind, patientId: document.getElementById('patient').value }) });
    const body = await res.json();
    document.getElementById('result').textContent = res.ok ? 'Done: ' + body.resourceType + '/' + body.id : 'Failed: ' + JSON.stringify(body);
  });
}
</script></body></html>`;
}
