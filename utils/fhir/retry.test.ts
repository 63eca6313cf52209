import { describe, expect, it } from 'vitest';
import { FhirClient, FhirError } from './client';
import { parseRetryAfter, retryDelayMs } from './retry';

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('retryDelayMs (full jitter)', () => {
  it('draws each wait between nothing and a ceiling that doubles per failure up to the cap', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, policy, undefined, () => 0.999)).toBe(3_996);
    expect(retryDelayMs(20, policy, undefined, () => 0.999)).toBe(59_940);
    // Never nothing: a failed attempt is not due again at once.
    expect(retryDelayMs(4, policy, undefined, () => 0)).toBe(1);
  });

  it('spreads clients that failed together over the whole ceiling, not one second', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const waits = Array.from({ length: 1_000 }, () => retryDelayMs(10, policy, undefined, random));
    const seconds = new Map<number, number>();
    for (const w of waits) seconds.set(Math.floor(w / 1000), (seconds.get(Math.floor(w / 1000)) ?? 0) + 1);
    // 1,000 clients over 60 seconds: about 17 a second; none of the seconds holds more than a few dozen.
    expect(Math.max(...seconds.values())).toBeLessThan(40);
    expect(seconds.size).toBeGreaterThan(55);
  });

  it('waits at least what the server asked (Retry-After), spread above it', () => {
    for (const r of [0, 0.5, 0.999]) {
      const wait = retryDelayMs(1, policy, 120_000, () => r);
      expect(wait).toBeGreaterThanOrEqual(120_000);
      expect(wait).toBeLessThan(120_000 + policy.maxMs);
    }
    expect(retryDelayMs(1, policy, 120_000, () => 0.999)).toBeGreaterThan(120_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('reads an HTTP date against the server’s own Date, so this machine’s clock does not matter', () => {
    const serverDate = 'Mon, 07 Dec 2026 10:00:00 GMT';
    const at = 'Mon, 07 Dec 2026 10:02:00 GMT';
    // The machine 10 minutes fast or slow: still two minutes.
    expect(parseRetryAfter(at, serverDate, Date.parse(serverDate) + 600_000)).toBe(120_000);
    expect(parseRetryAfter(at, serverDate, Date.parse(serverDate) - 600_000)).toBe(120_000);
    // No Date header: this machine's clock is all there is.
    expect(parseRetryAfter(at, null, Date.parse(serverDate))).toBe(120_000);
  });

  it('ignores what it cannot read, and caps what is absurd', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter('99999999')).toBe(24 * 3_600_000);
  });
});

describe('the FHIR client and Retry-After', () => {
  const answering = (status: number, headers: Record<string, string>) =>
    new FhirClient({ baseUrl: 'https://fhir.test/R4', fetch: async () => new Response('{}', { status, headers }) });
  const failure = async (client: FhirClient) => client.read('Patient', 'p').then(() => undefined, (e: unknown) => e as FhirError);

  it('carries the wait a 429 or a 503 asks for (seconds or a date)', async () => {
    expect((await failure(answering(429, { 'Retry-After': '30' })))?.retryAfterMs).toBe(30_000);
    const err = await failure(answering(503, { 'Retry-After': 'Mon, 07 Dec 2026 10:05:00 GMT', Date: 'Mon, 07 Dec 2026 10:00:00 GMT' }));
    expect(err).toBeInstanceOf(FhirError);
    expect(err?.retryAfterMs).toBe(300_000);
  });

  it('takes no wait from other answers', async () => {
    expect((await failure(answering(500, { 'Retry-After': '30' })))?.retryAfterMs).toBeUndefined();
    expect((await failure(answering(503, {})))?.retryAfterMs).toBeUndefined();
  });
});
