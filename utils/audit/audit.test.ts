import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { installIdbFaults } from '../../testing/idb-faults';
import { AlongsideDb } from '@/utils/storage/db';
import { FhirClient } from '@/utils/fhir/client';
import { recordViewAuditEvent } from './audit-event';
import { AuditQueue } from './audit-queue';

const view = (contextId: string) =>
  recordViewAuditEvent({
    patientId: 'uk-123',
    eprOrigin: 'https://epr.example.nhs.uk',
    readerId: 'openmrs',
    contextId,
    viewer: { display: 'Dr Test' },
    at: new Date('2026-11-24T10:00:00Z'),
    extensionVersion: '0.1.0',
  });

describe('record-view AuditEvent', () => {
  it('says who, which patient (by id only), when and from which EPR', () => {
    const e = view('c1');
    expect(e).toMatchObject({
      resourceType: 'AuditEvent',
      action: 'R',
      recorded: '2026-11-24T10:00:00.000Z',
      agent: [{ requestor: true, who: { display: 'Dr Test' } }],
      source: { site: 'https://epr.example.nhs.uk' },
      entity: [{ what: { reference: 'Patient/uk-123' } }],
    });
    expect(JSON.stringify(e)).not.toMatch(/nhs-number|9\d{9}/);
  });
});

describe('audit outbox', () => {
  it('keeps events until the server accepts them, backing off while it cannot, and records each view once', async () => {
    const db = new AlongsideDb('audit-1');
    let t = 0;
    // The jitter's draw fixed near the top: the first wait is 990 ms of its ceiling of 1 s.
    const queue = new AuditQueue(db, { now: () => t, baseBackoffMs: 1000, random: () => 0.99 });
    let up = false;
    const received: unknown[] = [];
    const client = new FhirClient({
      baseUrl: 'https://audit.test/fhir',
      fetch: async (_u, init) => {
        if (!up) throw new TypeError('Failed to fetch');
        received.push(JSON.parse(init!.body as string));
        return new Response(JSON.stringify({ resourceType: 'AuditEvent', id: 'x' }), { status: 201 });
      },
    });
    expect(await queue.enqueue(view('c1'), 'c1')).toBe(true);
    expect(await queue.enqueue(view('c1'), 'c1')).toBe(false);
    await queue.enqueue(view('c2'), 'c2');

    expect(await queue.flush(client)).toBe(0);
    expect(await queue.pending()).toBe(2);
    // Backing off: not tried again before the delay.
    up = true;
    t = 500;
    expect(await queue.flush(client)).toBe(0);
    t = 1000;
    expect(await queue.flush(client)).toBe(2);
    expect(await queue.pending()).toBe(0);
    expect(received).toHaveLength(2);
  });

  it('once the endpoint answers again, sends what was still waiting out its backoff', async () => {
    const db = new AlongsideDb('audit-2');
    let t = 0;
    const queue = new AuditQueue(db, { now: () => t, baseBackoffMs: 60_000 });
    let up = false;
    const client = new FhirClient({
      baseUrl: 'https://audit.test/fhir',
      fetch: async () => {
        if (!up) throw new TypeError('Failed to fetch');
        return new Response(JSON.stringify({ resourceType: 'AuditEvent', id: 'x' }), { status: 201 });
      },
    });
    await queue.enqueue(view('offline'), 'offline');
    await queue.flush(client);
    up = true;
    t = 1000;
    await queue.enqueue(view('online'), 'online');
    expect(await queue.flush(client)).toBe(2);
    expect(await queue.pending()).toBe(0);
  });

  it('sends a view queued while a flush is under way in that flush, not at the next alarm', async () => {
    const db = new AlongsideDb('audit-3');
    const queue = new AuditQueue(db);
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const received: string[] = [];
    const client = new FhirClient({
      baseUrl: 'https://audit.test/fhir',
      fetch: async (_url, init) => {
        received.push((JSON.parse(String(init?.body)) as { entity: { detail: { valueString: string }[] }[] }).entity[0]!.detail[1]!.valueString);
        if (received.length === 1) await slow;
        return new Response(JSON.stringify({ resourceType: 'AuditEvent', id: 'x' }), { status: 201 });
      },
    });
    await queue.enqueue(view('first'), 'first');
    const first = queue.flush(client);
    await new Promise((r) => setTimeout(r, 20));
    await queue.enqueue(view('second'), 'second');
    const second = queue.flush(client);
    release();
    await Promise.all([first, second]);
    expect(received).toEqual(['first', 'second']);
    expect(await queue.pending()).toBe(0);
  });

  it('an event the store cannot keep is held in memory, sent from there, and never lost; the fault is reported', async () => {
    const db = new AlongsideDb('audit-4');
    const inject = installIdbFaults(db);
    const faults: unknown[] = [];
    let t = 0;
    const queue = new AuditQueue(db, { now: () => t, baseBackoffMs: 1000, onFault: (err) => faults.push(err) });
    let up = false;
    const received: string[] = [];
    const client = new FhirClient({
      baseUrl: 'https://audit.test/fhir',
      fetch: async (_url, init) => {
        if (!up) throw new TypeError('Failed to fetch');
        received.push((JSON.parse(String(init?.body)) as { entity: { detail: { valueString: string }[] }[] }).entity[0]!.detail[1]!.valueString);
        return new Response(JSON.stringify({ resourceType: 'AuditEvent', id: 'x' }), { status: 201 });
      },
    });
    // The disk is full: the view is still queued (in memory), and the store's fault reported.
    await inject('quota', 1);
    expect(await queue.enqueue(view('full'), 'full')).toBe(true);
    expect(faults).toHaveLength(1);
    expect(await queue.enqueue(view('full'), 'full')).toBe(false);
    expect(await queue.pending()).toBe(1);
    // The endpoint is down and the store still failing: held, backing off.
    await inject('quota', 1_000);
    expect(await queue.flush(client)).toBe(0);
    expect(await queue.pending()).toBe(1);
    // The store works again: the held view moves to the outbox, and is sent once the endpoint is back.
    await inject('quota', 0);
    expect(await db.auditOutbox.count()).toBe(0);
    await queue.flush(client);
    expect(await db.auditOutbox.count()).toBe(1);
    up = true;
    t = 60_000;
    expect(await queue.flush(client)).toBe(1);
    expect(received).toEqual(['full']);
    expect(await queue.pending()).toBe(0);
  });

  it('sends a held event straight from memory while the store cannot keep it', async () => {
    const db = new AlongsideDb('audit-5');
    const inject = installIdbFaults(db);
    const queue = new AuditQueue(db);
    let posts = 0;
    const client = new FhirClient({ baseUrl: 'https://audit.test/fhir', fetch: async () => (posts++, new Response(JSON.stringify({ resourceType: 'AuditEvent', id: 'x' }), { status: 201 })) });
    await inject('quota', 1_000);
    await queue.enqueue(view('full'), 'full');
    expect(await queue.flush(client)).toBe(1);
    expect(posts).toBe(1);
    expect(await queue.pending()).toBe(0);
  });
});
