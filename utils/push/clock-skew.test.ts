/**
 * A machine clock 10 minutes fast or slow. The server keeps the true time; this machine's `Date` is
 * skewed (fake timers on `Date` only). Sign-in, token refresh, the record's changes and the watch cycle
 * must each still come out right: the server's own times are read on the server's clock (its `Date`
 * header), and when a token expires is decided on ours, from when we received it.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Bundle, BundleEntry, Resource, Task } from '@medplum/fhirtypes';
import { FhirClient } from '@/utils/fhir/client';
import { getAccessToken, signIn, type AuthConfig } from '@/utils/fhir/smart-auth';
import { dateTime } from '@/utils/fhir/dates';
import { AlongsideDb } from '@/utils/storage/db';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { patientKey } from '@/utils/record/types';
import { syncPatientRecord } from '@/utils/record/sync';
import { createWatchService } from './watch-service';

const SKEWS = [
  ['10 minutes fast', 10 * 60_000],
  ['10 minutes slow', -10 * 60_000],
] as const;
/** The server's true time at the start of each test. */
const T0 = Date.parse('2026-12-07T09:00:00Z');
let serverNow = T0;
let skew = 0;
/** Moves both clocks on together. */
function advance(ms: number) {
  serverNow += ms;
  vi.setSystemTime(serverNow + skew);
}
const httpDate = () => new Date(serverNow).toUTCString();
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', Date: httpDate() } });

beforeEach(() => {
  fakeBrowser.reset();
  serverNow = T0;
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** A JWT on the server's clock (its signature is not checked for a token from the token endpoint, over TLS). */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

describe.each(SKEWS)('a machine clock %s', (_name, by) => {
  beforeEach(() => {
    skew = by;
    vi.setSystemTime(serverNow + skew);
  });

  it('signs in, and refreshes the token in time: decided from when it was received plus expires_in', async () => {
    const issuer = 'https://login.test';
    const config: AuthConfig = { issuer, clientId: 'alongside', scope: 'openid fhirUser offline_access user/*.read', fhirBaseUrl: 'https://fhir.test/R4' };
    let issued = 0;
    // The authorisation server, on the true clock. Its ID tokens are short-lived and carry `nbf`, as Entra ID's do.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith('/.well-known/openid-configuration')) {
        return json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (url === `${issuer}/token`) {
        issued++;
        const now = Math.floor(serverNow / 1000);
        return json({
          access_token: jwt({ iss: issuer, aud: config.fhirBaseUrl, sub: 'rachel', iat: now, exp: now + 300, n: issued }),
          token_type: 'Bearer',
          expires_in: 300,
          refresh_token: `refresh-${issued}`,
          id_token: jwt({ iss: issuer, aud: 'alongside', sub: 'rachel', name: 'Rachel Evans', iat: now, nbf: now, exp: now + 300, auth_time: now - 5 }),
        });
      }
      return json({}, 404);
    });
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue('https://ext.chromiumapp.org/');
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => {
      const state = new URL(url).searchParams.get('state');
      return `https://ext.chromiumapp.org/?code=the-code&state=${state}`;
    });

    expect(await signIn(config)).toMatchObject({ sub: 'rachel', name: 'Rachel Evans' });
    const first = await getAccessToken(config);
    expect(issued).toBe(1);
    // Half-way through the token's 5 minutes: still the same token, nothing asked.
    advance(150_000);
    expect(await getAccessToken(config)).toBe(first);
    expect(issued).toBe(1);
    // Within the last minute of its life: refreshed before it runs out.
    advance(100_000);
    const second = await getAccessToken(config);
    expect(issued).toBe(2);
    expect(second).not.toBe(first);
    // And the refreshed one lasts its own 5 minutes from then.
    advance(150_000);
    expect(await getAccessToken(config)).toBe(second);
    expect(issued).toBe(2);
  });

  it('keeps the record fresh: a change made on the server is in the next refresh, and "as of" is this machine’s time of it', async () => {
    const { fhirFetch, change } = fakeFhir();
    const client = new FhirClient({ baseUrl: BASE, fetch: fhirFetch });
    const store = new RecordStore(new AlongsideDb(`skew-record-${by}`), await ensureSessionSecrets());
    expect(await syncPatientRecord(store, client, 'p1', { staleAfterMs: 60_000, sources: {} })).toBe('fetched');
    advance(90_000);
    change({ resourceType: 'Task', id: 't-new', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' }, description: 'Phone the daughter' });
    advance(90_000);
    expect(await syncPatientRecord(store, client, 'p1', { staleAfterMs: 60_000, sources: {} })).toBe('changes');
    const record = (await store.get(patientKey(BASE, 'p1')))!;
    expect(record.resources.map((r) => r.id)).toContain('t-new');
    // "Shared record as of …" is drawn from fetchedAt: the time on this machine's clock (the one the
    // clinician sees beside it), not the server's.
    expect(record.fetchedAt).toBe(Date.now());
    expect(dateTime(new Date(record.fetchedAt).toISOString())).toBe(dateTime(new Date(serverNow + by).toISOString()));
  });

  it('sees a change between two watch cycles', async () => {
    const { fhirFetch, change } = fakeFhir();
    const client = new FhirClient({ baseUrl: BASE, fetch: fhirFetch });
    const store = new RecordStore(new AlongsideDb(`skew-watch-${by}`), await ensureSessionSecrets());
    const told: string[] = [];
    const watch = createWatchService({ getClient: async () => client, getStore: async () => store, getOwners: async () => ['Practitioner/rachel'], notify: async (events) => void told.push(...events.map((e) => e.key)) });
    await watch.noteViewed(BASE, 'p1');
    expect(await watch.cycle()).toMatchObject({ baseline: true });
    advance(90_000);
    change({ resourceType: 'Task', id: 't-urgent', status: 'requested', intent: 'order', priority: 'urgent', for: { reference: 'Patient/p1' }, owner: { reference: 'Practitioner/rachel' }, description: 'Call back', authoredOn: new Date(serverNow).toISOString() });
    advance(60_000);
    const next = await watch.cycle();
    expect(next?.baseline).toBe(false);
    expect(asked.some((since) => since <= serverNow - 60_000)).toBe(true);
    expect(seenChanges).toContain('t-urgent');
  });
});

const BASE = 'https://fhir.test/R4';
/** The `_lastUpdated` times asked for, in ms, and the changed resources returned. */
let asked: number[] = [];
let seenChanges: string[] = [];

/**
 * A FHIR server on the true clock that answers the batch searches Alongside makes: a patient, and for
 * every search with `_lastUpdated=gt…` the resources changed after that time (on its own clock).
 */
function fakeFhir() {
  asked = [];
  seenChanges = [];
  const changes: { at: number; resource: Resource }[] = [];
  const patient = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Thompson', given: ['Margaret'] }], birthDate: '1940-01-01', meta: { lastUpdated: new Date(T0 - 86_400_000).toISOString() } };
  const search = (url: string): Bundle => {
    const since = /_lastUpdated=gt([^&]+)/.exec(url)?.[1];
    const type = url.split('?')[0]!;
    const from = since ? Date.parse(decodeURIComponent(since)) : -Infinity;
    if (since) asked.push(from);
    const matching = changes.filter((c) => c.at > from && c.resource.resourceType === type).map((c) => c.resource);
    if (since) seenChanges.push(...matching.map((r) => r.id!));
    return { resourceType: 'Bundle', type: 'searchset', entry: matching.map((resource) => ({ resource })) };
  };
  const fhirFetch: typeof fetch = async (_input, init) => {
    const batch = JSON.parse(String(init?.body)) as Bundle;
    const entry: BundleEntry[] = (batch.entry ?? []).map((e) => {
      const url = e.request!.url;
      if (/^Patient\/p1$/.test(url)) return { resource: patient as Resource, response: { status: '200 OK' } };
      return { resource: search(url), response: { status: '200 OK' } };
    });
    return json({ resourceType: 'Bundle', type: 'batch-response', entry });
  };
  return { fhirFetch, change: (resource: Task) => changes.push({ at: serverNow, resource: { ...resource, meta: { lastUpdated: new Date(serverNow).toISOString() } } }) };
}
