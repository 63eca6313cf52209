import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { badgeCount } from './badge-count';
// Imported with the file, not inside the test: loading the normaliser is not the test's time.
import { normalisedRecord } from '../../testing/scenarios/build';

describe('badgeCount', () => {
  it('counts pending tasks and active alerts, not completed tasks or inactive flags', () => {
    const subject = { reference: 'Patient/p' };
    const resources: Resource[] = [
      { resourceType: 'Flag', id: 'f1', status: 'active', subject, code: { text: 'Safeguarding' } },
      { resourceType: 'Flag', id: 'f2', status: 'inactive', subject, code: { text: 'Old' } },
      { resourceType: 'Task', id: 't1', status: 'requested', intent: 'order' },
      { resourceType: 'Task', id: 't2', status: 'on-hold', intent: 'order' },
      { resourceType: 'Task', id: 't3', status: 'completed', intent: 'order' },
    ];
    expect(badgeCount(resources, new Date('2026-11-24T10:00:00'))).toBe(3);
  });
});

describe('badgeCount with the normalised record', () => {
  it('counts alerts by meaning: an administrative flag is not an alert', () => {
    const subject = { reference: 'Patient/p' };
    const resources: Resource[] = [
      { resourceType: 'Flag', id: 'sg', status: 'active', subject, code: { text: 'Child protection plan' } },
      { resourceType: 'Flag', id: 'admin', status: 'active', subject, code: { text: 'Correspondence to temporary address' }, category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'admin' }] }] },
      { resourceType: 'Task', id: 't1', status: 'requested', intent: 'order', for: subject },
    ];
    const now = new Date('2026-11-24T10:00:00');
    expect(badgeCount(resources, now, normalisedRecord(resources, { now }))).toBe(2);
  });
});
