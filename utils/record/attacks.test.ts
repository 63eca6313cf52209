/**
 * Attacks 5 and 6 of the adversarial review (issue 10), kept fixed: a server that ignores a search
 * parameter must not put another patient's data under this banner, and nothing a server sends may go
 * unbounded into the cache or the panel.
 */
import type { Bundle, Flag, Patient, Resource, Task } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirClient } from '@/utils/fhir/client';
import { fetchGpRecord } from '@/utils/record/sources/gp-connect';
import { RECORD_CAPS } from './fetch';
import { fakeGpConnect } from '../../testing/record/fake-servers';
import { syncedRecord } from '../../testing/record/synced';

const NOW = new Date('2026-11-24T10:00:00');
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const patient: Patient = {
  resourceType: 'Patient', id: 'p1', identifier: [{ system: NHS, value: '9434765919' }],
  name: [{ use: 'official', family: 'Taylor', given: ['Sam'] }], gender: 'male', birthDate: '1961-07-14',
};
const violent = (subject: string): Flag => ({
  resourceType: 'Flag', id: `violent-${subject.replace(/\W/g, '')}`, status: 'active', subject: { reference: subject }, code: { text: 'Violent towards staff: do not visit alone' },
});

describe('attack 5: resources of other patients', () => {
  it('attack 5: a server that ignores the search parameter cannot put another patient’s “Violent towards staff” flag under this banner', async () => {
    const s = await syncedRecord({
      patient,
      // The lenient server answers Flag?subject=Patient/p1 with every Flag it holds.
      lenient: true,
      resources: [
        violent('Patient/someone-else'),
        { ...violent('Patient/p1'), id: 'own', code: { text: 'Lives alone; key safe 1234' } },
        { resourceType: 'Task', id: 'their-task', status: 'requested', intent: 'order', for: { reference: 'Patient/someone-else' }, description: 'Visit them' },
        { resourceType: 'Appointment', id: 'shared-appt', status: 'booked', start: '2026-12-01T09:00:00Z', participant: [{ actor: { reference: 'Patient/p1' }, status: 'accepted' }, { actor: { reference: 'Patient/someone-else' }, status: 'accepted' }] },
        { resourceType: 'Condition', id: 'nobody', code: { text: 'Schizophrenia' }, clinicalStatus: { coding: [{ code: 'active' }] } } as unknown as Resource,
        { resourceType: 'AllergyIntolerance', id: 'by-nhs-number', patient: { identifier: { system: NHS, value: '9999999999' } }, code: { text: 'Latex' } },
      ],
      now: NOW,
    });
    const everything = JSON.stringify(s.record);
    expect(everything).not.toContain('Violent towards staff');
    expect(everything).not.toContain('Visit them');
    expect(everything).not.toContain('Schizophrenia');
    expect(everything).not.toContain('Latex');
    expect(s.record.resources.map((r) => `${r.resourceType}/${r.id}`)).toEqual(['Flag/own']);
    expect(s.gaps).toEqual(['5 items about another patient were sent and left out.']);
  });

  it('attack 5: every request asks the server for strict handling, so an unknown parameter is refused rather than ignored', async () => {
    const s = await syncedRecord({ patient, resources: [{ resourceType: 'Encounter', id: 'e', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/p1' }, serviceProvider: { reference: 'Organization/o' } }], now: NOW });
    expect(s.shared.requests.length).toBeGreaterThan(1);
    for (const r of s.shared.requests) expect(r.headers.Prefer).toBe('handling=strict');
  });

  it('attack 5: a GP record for another NHS number is not used, and its resources about anyone else are dropped', async () => {
    const other: Bundle = {
      resourceType: 'Bundle', type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'gp1', identifier: [{ system: NHS, value: '9999999999' }] } },
        { resource: violent('Patient/gp1') },
      ],
    };
    const wrong = fetchGpRecord(new FhirClient({ baseUrl: 'https://gp.test', fetch: fakeGpConnect(other).fetch }), '9434765919');
    await expect(wrong).rejects.toThrow(/different NHS number/);

    const mixed: Bundle = {
      resourceType: 'Bundle', type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'gp1', identifier: [{ system: NHS, value: '9434765919' }] } },
        { resource: { resourceType: 'Patient', id: 'gp2', identifier: [{ system: NHS, value: '9999999999' }] } },
        { resource: violent('Patient/gp2') },
      ],
    };
    const s = await syncedRecord({ patient, gp: mixed, now: NOW });
    expect(JSON.stringify(s.record)).not.toContain('Violent towards staff');
    expect(s.gaps).toEqual(['2 items about another patient were sent and left out.']);
  });
});

describe('attack 6: nothing bounds what a server sends', () => {
  it('attack 6: 100,000 Tasks are not all kept, ranked or drawn: the record keeps a bounded number and says how many were left out', async () => {
    const tasks: Task[] = Array.from({ length: 100_000 }, (_, i) => ({
      resourceType: 'Task', id: `t${i}`, status: 'requested', intent: 'order', for: { reference: 'Patient/p1' }, description: `Task ${i}`,
    }));
    const s = await syncedRecord({ patient, resources: tasks, now: NOW });
    const kept = s.record.resources.filter((r) => r.resourceType === 'Task').length;
    expect(kept).toBeLessThanOrEqual(RECORD_CAPS.entriesPerSearch);
    expect(kept).toBeGreaterThan(0);
    expect(s.gaps).toEqual([`Incomplete: past Alongside's limits, ${(100_000 - kept).toLocaleString('en-GB')} tasks were left out.`]);
    expect(s.ranked.all.length).toBeLessThanOrEqual(RECORD_CAPS.entriesPerSearch + 1);
  }, 60_000);

  it('attack 6: a 33.7 MB record is not kept whole: the cached record stays within 1 MB and says what it left out', async () => {
    const essay = 'x'.repeat(16_800);
    const conditions: Resource[] = Array.from({ length: 2_000 }, (_, i) => ({
      resourceType: 'Condition', id: `c${i}`, subject: { reference: 'Patient/p1' }, clinicalStatus: { coding: [{ code: 'active' }] },
      code: { text: `Problem ${i}` }, note: [{ text: essay }], onsetDateTime: '2020-01-01',
    }));
    expect(JSON.stringify(conditions).length).toBeGreaterThan(33_000_000);
    const s = await syncedRecord({ patient, resources: [...conditions, violent('Patient/p1')], now: NOW });
    expect(JSON.stringify(s.record).length).toBeLessThanOrEqual(RECORD_CAPS.bytesPerRecord);
    // The cache holds it sealed: the sealed row is within the limit too (plus the cipher's few bytes).
    expect(s.gaps.join(' ')).toMatch(/^Incomplete: past Alongside's limits, 1,\d{3} problems were left out\.$/);
    // What matters most is kept first: the alert survives the cut.
    expect(s.lines[0]).toBe('alerts | Risk to staff: Violent towards staff: do not visit alone. | Shared record');
  }, 60_000);

  it('attack 6: an answer larger than the client will read fails cleanly instead of filling memory', async () => {
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 70; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
        controller.close();
      },
    });
    const client = new FhirClient({ baseUrl: 'https://huge.test', fetch: async () => new Response(big, { status: 200 }) });
    await expect(client.request('GET', 'Task')).rejects.toThrow(/more than 64 MB/);
  });
});

describe('attack 11: administrative flags push a known allergy out', () => {
  const adminFlag = (i: number): Flag => ({ resourceType: 'Flag', id: `admin-${i}`, status: 'active', subject: { reference: 'Patient/p1' }, code: { text: `Prefers appointment letters by post (${i})` } });
  const penicillin: Resource = {
    resourceType: 'AllergyIntolerance', id: 'pen', patient: { reference: 'Patient/p1' }, clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'confirmed' }] },
    code: { text: 'Penicillin' }, criticality: 'high', reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }],
  } as Resource;

  it('attack 11: a server that answers every search with 240 administrative flags cannot push the penicillin allergy out of the allergies', async () => {
    const s = await syncedRecord({ patient, anyType: true, resources: [...Array.from({ length: 240 }, (_, i) => adminFlag(i)), penicillin], now: NOW });
    expect(s.lines).toContain('allergies | Allergy: Penicillin (Anaphylaxis), high criticality. | Shared record');
    expect(s.lines.join('\n')).not.toMatch(/Allergies not recorded/);
  });

  it('attack 11: past the cap, a resuscitation decision is kept before 300 administrative flags, whatever the server’s order', async () => {
    const dnacpr: Flag = { resourceType: 'Flag', id: 'dnacpr', status: 'active', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://snomed.info/sct', code: '304253006', display: 'Not for resuscitation' }] } };
    const s = await syncedRecord({ patient, resources: [...Array.from({ length: 300 }, (_, i) => adminFlag(i)), dnacpr], now: NOW });
    expect(s.record.resources.some((r) => r.id === 'dnacpr')).toBe(true);
    expect(s.lines.some((l) => l.includes('Not for resuscitation'))).toBe(true);
  });

  it('attack 11: an allergy left out by a cap never reads as "not recorded": the line says the allergies could not all be read', async () => {
    const allergies = Array.from({ length: RECORD_CAPS.entriesPerSearch + 1 }, (_, i) => ({ ...penicillin, id: `a${i}`, code: { text: `Substance ${i}` } }) as Resource);
    const s = await syncedRecord({ patient, resources: allergies, now: NOW });
    expect(s.lines[0]).toMatch(/^allergies \| Allergies could not all be read: 1 left out/);
  });
});

