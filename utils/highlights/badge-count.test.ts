import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { badgeCount } from './badge-count';

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
