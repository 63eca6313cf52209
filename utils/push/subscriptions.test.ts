import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Subscription } from '@medplum/fhirtypes';
import { buildSandboxData, demoPatient } from '../../sandbox/seed';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { DEMO_TEAM, triggerSandboxEvent } from '../../sandbox/events';
import { FhirClient } from '@/utils/fhir/client';
import { SubscriptionChannel, subscriptionCriteria } from './subscriptions';
import { subscriptions } from '@/utils/shared/state';

const data = buildSandboxData({ syntheaDir: null });
const margaret = demoPatient(data, 'margaret-thompson');
const david = demoPatient(data, 'david-hughes');
let pushing: FhirSandbox;
let polling: FhirSandbox;

beforeAll(async () => {
  [pushing, polling] = await Promise.all([
    startFhirSandbox({ port: 0, resources: data.resources, subscriptions: true }),
    startFhirSandbox({ port: 0, resources: data.resources }),
  ]);
});
afterAll(async () => {
  await Promise.all([pushing.close(), polling.close()]);
});
beforeEach(() => fakeBrowser.reset());

const waitFor = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe('websocket subscriptions', () => {
  it('are used only where the CapabilityStatement offers them', async () => {
    const channel = new SubscriptionChannel({ onPing: () => {}, store: subscriptions });
    expect(await channel.sync(new FhirClient({ baseUrl: polling.baseUrl }), subscriptionCriteria([margaret.fhirId], [DEMO_TEAM.reference]))).toBe(false);
    expect(channel.live).toBe(false);
  });

  it('ping on a watched patient’s change and on a task for my team, not on others', async () => {
    let pings = 0;
    const channel = new SubscriptionChannel({ onPing: () => pings++, store: subscriptions });
    const client = new FhirClient({ baseUrl: pushing.baseUrl });
    expect(await channel.sync(client, subscriptionCriteria([margaret.fhirId], [DEMO_TEAM.reference]))).toBe(true);
    expect(channel.live).toBe(true);
    const subs = await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' });
    expect(subs.map((s) => s.criteria).sort()).toEqual(subscriptionCriteria([margaret.fhirId], [DEMO_TEAM.reference]).sort());
    expect(subs.every((s) => s.status === 'active')).toBe(true);

    await triggerSandboxEvent(pushing.repo, 'admission', margaret.fhirId);
    expect(await waitFor(() => pings === 1)).toBe(true);
    await triggerSandboxEvent(pushing.repo, 'admission', david.fhirId);
    await new Promise((r) => setTimeout(r, 300));
    expect(pings).toBe(1);
    await triggerSandboxEvent(pushing.repo, 'task-assigned', david.fhirId);
    expect(await waitFor(() => pings === 2)).toBe(true);

    // Watching someone else: the server's Subscriptions follow, updated in place (one request each).
    const from = pushing.requestLog.length;
    await channel.sync(client, subscriptionCriteria([david.fhirId], [DEMO_TEAM.reference]));
    expect(pushing.requestLog.slice(from).map((r) => r.method)).toEqual(['PUT', 'PUT', 'PUT', 'PUT']);
    const now = await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' });
    expect(now.map((s) => s.criteria).sort()).toEqual(subscriptionCriteria([david.fhirId], [DEMO_TEAM.reference]).sort());
    expect(now.every((s) => s.status === 'active')).toBe(true);
    // …and still pinged through the same socket: for the patient watched now, not the one before.
    await triggerSandboxEvent(pushing.repo, 'admission', david.fhirId);
    expect(await waitFor(() => pings === 3)).toBe(true);
    await triggerSandboxEvent(pushing.repo, 'admission', margaret.fhirId);
    await new Promise((r) => setTimeout(r, 300));
    expect(pings).toBe(3);
    await channel.forget(client);
    expect(await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' })).toEqual([]);
  });

  it('drop a patient who left at once, even while backing off after a failure', async () => {
    const channel = new SubscriptionChannel({ onPing: () => {}, store: subscriptions });
    const client = new FhirClient({ baseUrl: pushing.baseUrl });
    expect(await channel.sync(client, subscriptionCriteria([margaret.fhirId], [DEMO_TEAM.reference]))).toBe(true);
    // The server fails the next sync (David newly watched beside Margaret): the channel backs off.
    pushing.setFaults({ errorRate: 1 });
    await expect(channel.sync(client, subscriptionCriteria([margaret.fhirId, david.fhirId], [DEMO_TEAM.reference]))).rejects.toThrow();
    pushing.setFaults({});
    expect((await subscriptions.getValue())?.retryAt).toBeGreaterThan(Date.now());
    // Nothing new is asked for during the back-off…
    const from = pushing.requestLog.length;
    expect(await channel.sync(client, subscriptionCriteria([margaret.fhirId, david.fhirId], [DEMO_TEAM.reference]))).toBe(false);
    expect(pushing.requestLog.length).toBe(from);
    // …but Margaret's record closed: the server stops telling us about her now, not after the back-off.
    await channel.sync(client, subscriptionCriteria([], [DEMO_TEAM.reference]));
    const left = await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' });
    expect(left.map((s) => s.criteria).filter((c) => c?.includes(margaret.fhirId))).toEqual([]);
    await channel.forget(client);
  });

  it('sync one at a time: two asked at once make each Subscription once, and both succeed', async () => {
    const channel = new SubscriptionChannel({ onPing: () => {}, store: subscriptions });
    const client = new FhirClient({ baseUrl: pushing.baseUrl });
    const criteria = subscriptionCriteria([margaret.fhirId], [DEMO_TEAM.reference]);
    // A patient opened (the debounced sync) as a check runs (its own sync): both at once, the socket not yet open.
    expect(await Promise.all([channel.sync(client, criteria), channel.sync(client, criteria)])).toEqual([true, true]);
    const made = await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' });
    expect(made.map((s) => s.criteria).sort()).toEqual([...criteria].sort());
    await channel.forget(client);
  });

  it('keep the Subscriptions made when the socket never opens: the sync ends, polling covers, and the next sync is not held up', async () => {
    // A browser or proxy that never lets the socket open (neither open nor error comes).
    let opened = 0;
    class SilentSocket extends EventTarget {
      static readonly OPEN = 1;
      constructor() {
        super();
        opened++;
      }
      readyState = 0;
      send() {
        throw new Error('not open');
      }
      close() {
        this.readyState = 3;
      }
    }
    const channel = new SubscriptionChannel({ onPing: () => {}, store: subscriptions, WebSocketImpl: SilentSocket as unknown as typeof WebSocket });
    const client = new FhirClient({ baseUrl: pushing.baseUrl });
    expect(await channel.sync(client, subscriptionCriteria([margaret.fhirId], [DEMO_TEAM.reference]))).toBe(false);
    expect((await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' })).length).toBe(5);
    // Margaret's record closed just after: dropped at once, without waiting on a new socket.
    await channel.sync(client, subscriptionCriteria([], [DEMO_TEAM.reference]));
    expect(opened).toBe(1);
    expect((await pushing.repo.searchResources<Subscription>({ resourceType: 'Subscription' })).map((s) => s.criteria)).toEqual(subscriptionCriteria([], [DEMO_TEAM.reference]));
    await channel.forget(client);
  }, 15_000);
});
