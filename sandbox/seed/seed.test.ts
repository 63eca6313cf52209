import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Appointment, Encounter, Flag, Patient, Task } from '@medplum/fhirtypes';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';
import { buildSandboxData, DEFAULT_SYNTHEA_DIR, demoPatient } from './index';

const now = new Date('2026-11-24T10:00:00');

describe('synthetic-patient builder', () => {
  const data = buildSandboxData({ now, syntheaDir: null });

  it('is deterministic for a seed and a date, and differs with the seed', () => {
    expect(buildSandboxData({ now, syntheaDir: null })).toEqual(data);
    expect(buildSandboxData({ now, syntheaDir: null, seed: 2 }).roster.map((r) => r.nhsNumber)).not.toEqual(data.roster.map((r) => r.nhsNumber));
  });

  it('gives every patient a unique, valid NHS number from the 999 test range, on the roster and the Patient', () => {
    const patients = data.resources.filter((r): r is Patient => r.resourceType === 'Patient');
    expect(patients.length).toBeGreaterThanOrEqual(6);
    const numbers = patients.map((p) => p.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM)?.value ?? '');
    for (const n of numbers) {
      expect(isValidNhsNumber(n)).toBe(true);
      expect(n.startsWith('999')).toBe(true);
    }
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(data.roster.map((r) => r.nhsNumber)).toEqual(numbers);
  });

  it('gives every resource an id, unique per type', () => {
    const keys = data.resources.map((r) => `${r.resourceType}/${r.id}`);
    expect(keys.every((k) => !k.endsWith('/undefined'))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
  });

  const of = <T>(type: string, patientId: string) =>
    data.resources.filter((r) => r.resourceType === type && JSON.stringify(r).includes(`"Patient/${patientId}"`)) as T[];

  it('has the integrated-care stories the demo relies on', () => {
    const margaret = demoPatient(data, 'margaret-thompson');
    expect(of<Flag>('Flag', margaret.fhirId).some((f) => /DNACPR/.test(f.code.text ?? ''))).toBe(true);
    const discharge = of<Encounter>('Encounter', margaret.fhirId).find((e) => e.class?.code === 'IMP' && e.status === 'finished');
    expect(now.getTime() - new Date(discharge!.period!.end!).getTime()).toBeLessThan(14 * 86_400_000);

    const oliver = demoPatient(data, 'oliver-bennett');
    expect(of<Flag>('Flag', oliver.fhirId).some((f) => /Safeguarding/.test(f.code.text ?? ''))).toBe(true);
    const today = of<Appointment>('Appointment', oliver.fhirId).find((a) => a.status === 'booked' && a.start?.slice(0, 10) === now.toISOString().slice(0, 10));
    expect(today).toBeDefined();

    const priya = demoPatient(data, 'priya-sharma');
    expect(of<Appointment>('Appointment', priya.fhirId).some((a) => a.status === 'noshow')).toBe(true);

    const david = demoPatient(data, 'david-hughes');
    expect(of<Encounter>('Encounter', david.fhirId).some((e) => e.class?.code === 'IMP' && e.status === 'in-progress')).toBe(true);

    const aisha = demoPatient(data, 'aisha-khan');
    expect(of('ServiceRequest', aisha.fhirId)).toHaveLength(1);
    expect(data.roster.find((r) => r.fhirId === aisha.fhirId)?.nhsNumberVerified).toBe(false);
  });

  it('gives tasks every pending status, owners across organisations, and some overdue', () => {
    const tasks = data.resources.filter((r): r is Task => r.resourceType === 'Task');
    expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['requested', 'accepted', 'in-progress', 'on-hold', 'completed', 'cancelled']));
    expect(new Set(tasks.map((t) => t.owner?.reference)).size).toBeGreaterThanOrEqual(4);
    expect(tasks.some((t) => t.status !== 'completed' && new Date(t.restriction!.period!.end!) < now)).toBe(true);
  });

  it('has a child and a frail elderly patient', () => {
    const ages = data.roster.map((r) => now.getFullYear() - Number(r.birthDate.slice(0, 4)));
    expect(ages.some((a) => a < 16)).toBe(true);
    expect(ages.some((a) => a >= 85)).toBe(true);
  });
});

describe.runIf(existsSync(DEFAULT_SYNTHEA_DIR))('with the Synthea records from ../shared', () => {
  const data = buildSandboxData({ now });

  it('adds all 20, read in place, with NHS numbers and care-coordination resources', () => {
    const synthea = data.roster.filter((r) => r.source === 'synthea');
    expect(synthea).toHaveLength(20);
    for (const p of synthea) {
      expect(isValidNhsNumber(p.nhsNumber)).toBe(true);
      expect(p.family).not.toMatch(/\d/);
      expect(data.resources.some((r) => r.resourceType === 'Task' && r.for?.reference === `Patient/${p.fhirId}`)).toBe(true);
    }
  });

  it('rewrites every urn:uuid reference to Type/id, and leaves billing out', () => {
    const text = JSON.stringify(data.resources);
    expect(text).not.toContain('urn:uuid:');
    expect(data.resources.some((r) => r.resourceType === 'Claim' || r.resourceType === 'ExplanationOfBenefit')).toBe(false);
  });
});
