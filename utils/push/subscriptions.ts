/**
 * Push by FHIR R4 Subscription over websocket, where the server's CapabilityStatement offers it
 * (https://hl7.org/fhir/R4/subscription.html): one Subscription per kind of watched change, each
 * bound on one websocket; a `ping` means "something you watch changed", and the watch service then
 * asks what (one `_lastUpdated` request), exactly as a poll would.
 *
 * The socket's traffic (and a keep-alive every 20 s) keeps the service worker running while it is
 * open (Chrome 116+). If the worker is stopped anyway, the polling alarm wakes it and reopens the
 * socket, so a missed ping costs at most one polling interval.
 */
import type { CapabilityStatement, Subscription } from '@medplum/fhirtypes';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { FhirError, retryAfterOf, type FhirClient } from '@/utils/fhir/client';
import { BACKOFF, retryDelayMs } from '@/utils/fhir/retry';

export const WEBSOCKET_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket';
const KEEPALIVE_MS = 20_000;
/**
 * A socket that has not opened by then is given up, and not tried again for `SOCKET_RETRY_MS`: a
 * browser or proxy that never lets it open must not hold up the next sync (a patient who left).
 */
const SOCKET_OPEN_MS = 5_000;
const SOCKET_RETRY_MS = 60_000;
/** Subscriptions end by themselves if Alongside stops renewing them (the browser closed). */
const LIFETIME_MS = 12 * 3_600_000;


/**
 * The websocket URL, if the server offers websocket subscriptions; undefined otherwise.
 *
 * @param cs - the server's CapabilityStatement
 */
export function websocketOffer(cs: CapabilityStatement): string | undefined {
  const rest = cs.rest?.find((r) => r.mode === 'server');
  const url = rest?.extension?.find((e) => e.url === WEBSOCKET_EXTENSION)?.valueUrl;
  const canCreate = rest?.resource?.some((r) => r.type === 'Subscription' && r.interaction?.some((i) => i.code === 'create'));
  return url && canCreate ? url : undefined;
}

/**
 * What to be told about: my tasks, and the watched patients' tasks, appointments, encounters and flags.
 *
 * @param patientIds - the watched patients (FHIR ids on this server)
 * @param owners - the clinician and their teams, as references
 */
export function subscriptionCriteria(patientIds: string[], owners: string[]): string[] {
  const criteria: string[] = [];
  if (owners.length) criteria.push(`Task?owner=${owners.join(',')}`);
  if (patientIds.length) {
    const refs = patientIds.map((id) => `Patient/${id}`).join(',');
    criteria.push(`Task?subject=${refs}`, `Appointment?actor=${refs}`, `Encounter?subject=${refs}`, `Flag?subject=${refs}`);
  }
  return criteria;
}

/**
 * The patients that Subscription criteria name (`Patient/<id>` in any of them).
 *
 * @param criteria - criteria made by `subscriptionCriteria`
 */
function patientsIn(criteria: string[]): Set<string> {
  return new Set(criteria.flatMap((c) => [...c.matchAll(/Patient\/([^,&]+)/g)].map((m) => m[1]!)));
}

export interface StoredSubscriptions {
  serverBase: string;
  /** criteria → Subscription id on the server. */
  ids: Record<string, string>;
  /** Failed syncs in a row, and when the next may be tried (ms since epoch): kept across worker lives. */
  failures?: number;
  retryAt?: number;
}

export interface SubscriptionChannelDeps {
  /** Something watched changed on the server. */
  onPing(): void;
  now?: () => number;
  /** The WebSocket constructor (tests inject one). */
  WebSocketImpl?: typeof WebSocket;
  /** A number in [0, 1) for the back-off's jitter; tests inject their own. */
  random?: () => number;
  /**
   * Where the Subscriptions made are remembered: the session's `subscriptions` item (utils/shared/state.ts;
   * the bench gives each simulated clinician their own). Given, not imported, so plain Node can load this.
   */
  store: Pick<WxtStorageItem<StoredSubscriptions | null, Record<string, unknown>>, 'getValue' | 'setValue' | 'removeValue'>;
}

export class SubscriptionChannel {
  private offers = new Map<string, Promise<string | undefined>>();
  private socket: WebSocket | undefined;
  private socketUrl: string | undefined;
  private boundIds = new Set<string>();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  /** When a socket may be tried again after one failed to open (ms since epoch). */
  private socketRetryAt = 0;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly WS: typeof WebSocket;

  constructor(private readonly deps: SubscriptionChannelDeps) {
    this.now = deps.now ?? Date.now;
    this.WS = deps.WebSocketImpl ?? WebSocket;
  }

  private get store(): SubscriptionChannelDeps['store'] {
    return this.deps.store;
  }

  /** True while the socket is open: pushes arrive, so polling can rest. */
  get live(): boolean {
    return this.socket?.readyState === this.WS.OPEN && this.boundIds.size > 0;
  }

  private offer(client: FhirClient): Promise<string | undefined> {
    let found = this.offers.get(client.baseUrl);
    if (!found) {
      found = client.request<CapabilityStatement>('GET', 'metadata').then((res) => websocketOffer(res.body));
      // Unreachable is not "no offer": asked again after the back-off, not remembered for the worker's life.
      found.catch(() => this.offers.delete(client.baseUrl));
      this.offers.set(client.baseUrl, found);
    }
    return found;
  }

  /**
   * Makes the server's Subscriptions match what is watched now, and the socket bound to them.
   * Returns false when the server offers no subscriptions (then polling is the only way).
   */
  sync(client: FhirClient, criteria: string[]): Promise<boolean> {
    return this.inTurn(() => this.syncNow(client, criteria));
  }

  /**
   * Syncs and the wipe's `forget` run one at a time, in the order asked: two at once would both make
   * the same Subscriptions, or one would send on a socket the other is still opening (and fail).
   */
  private turn: Promise<unknown> = Promise.resolve();
  private inTurn<T>(run: () => Promise<T>): Promise<T> {
    const mine = this.turn.then(run);
    this.turn = mine.catch(() => {});
    return mine;
  }

  private async syncNow(client: FhirClient, criteria: string[]): Promise<boolean> {
    const stored = (await this.store.getValue()) ?? { serverBase: client.baseUrl, ids: {} };
    const sameServer = stored.serverBase === client.baseUrl;
    const ids = sameServer ? { ...stored.ids } : {};
    // Failed lately: nothing new is asked for until the back-off is over (polling covers the gap). A
    // Subscription for a patient no longer watched is never held by it: the server must stop telling us
    // about a patient who left as soon as it will listen.
    const wanted = patientsIn(criteria);
    const leaving = [...patientsIn(Object.keys(ids))].some((p) => !wanted.has(p));
    if (sameServer && !leaving && stored.retryAt !== undefined && stored.retryAt > this.now()) return false;
    try {
      return await this.syncIds(client, criteria, ids);
    } catch (err) {
      // What was made before the failure is remembered, so the next sync neither repeats nor loses it.
      const failures = (sameServer ? (stored.failures ?? 0) : 0) + 1;
      await this.store.setValue({ serverBase: client.baseUrl, ids, failures, retryAt: this.now() + retryDelayMs(failures, BACKOFF.subscriptions, retryAfterOf(err), this.deps.random) });
      throw err;
    }
  }

  private async syncIds(client: FhirClient, criteria: string[], ids: Record<string, string>): Promise<boolean> {
    const wsUrl = await this.offer(client);
    if (!wsUrl) return false;
    const subscription = (c: string, id?: string): Subscription => ({
      resourceType: 'Subscription',
      ...(id ? { id } : {}),
      status: 'requested',
      reason: 'Alongside: changes to watched patients and my tasks',
      criteria: c,
      end: new Date(this.now() + LIFETIME_MS).toISOString(),
      channel: { type: 'websocket' },
    });
    // The same search on other patients (a patient newly watched): the Subscription is updated in
    // place, one request where deleting and making it again takes two, and its socket binding holds.
    const searchOf = (c: string) => c.slice(0, c.indexOf('='));
    // A Subscription is forgotten only once the server has let it go (updated to other criteria, deleted,
    // or already gone): one that could not be dropped is remembered and dropped at the next sync.
    for (const [c, id] of Object.entries(ids)) {
      if (criteria.includes(c)) continue;
      const next = criteria.find((n) => !ids[n] && searchOf(n) === searchOf(c));
      if (next) {
        const updated = await client.request<Subscription>('PUT', `Subscription/${encodeURIComponent(id)}`, subscription(next, id)).catch(() => undefined);
        if (updated?.body.id === id) {
          delete ids[c];
          ids[next] = id;
          continue;
        }
      }
      await client.request('DELETE', `Subscription/${encodeURIComponent(id)}`).catch((err: unknown) => {
        if (!(err instanceof FhirError && (err.status === 404 || err.status === 410))) throw err;
      });
      delete ids[c];
    }
    for (const c of criteria) {
      if (ids[c]) continue;
      const made = await client.request<Subscription>('POST', 'Subscription', subscription(c));
      if (made.body.id) ids[c] = made.body.id;
    }
    await this.store.setValue({ serverBase: client.baseUrl, ids });
    // The Subscriptions are made; without a socket to hear them, polling covers (not a failure to back off from).
    return this.bind(wsUrl, Object.values(ids)).then(
      () => true,
      () => false,
    );
  }

  private async bind(url: string, ids: string[]): Promise<void> {
    if (!this.socket || this.socket.readyState > this.WS.OPEN || this.socketUrl !== url) {
      this.close();
      if (this.socketRetryAt > this.now()) throw new Error('The subscription socket could not be opened lately.');
      this.socketUrl = url;
      this.socket = new this.WS(url);
      this.socket.addEventListener('message', (e) => this.onMessage(String(e.data)));
      this.socket.addEventListener('close', () => {
        this.boundIds.clear();
        clearInterval(this.keepAlive);
      });
      const socket = this.socket;
      let giveUpOpen: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve, reject) => {
        socket.addEventListener('open', () => resolve(), { once: true });
        socket.addEventListener('error', () => reject(new Error('The subscription socket could not be opened.')), { once: true });
        giveUpOpen = setTimeout(() => reject(new Error('The subscription socket did not open in time.')), SOCKET_OPEN_MS);
      }).catch((err: unknown) => {
        if (this.socket === socket) this.close();
        this.socketRetryAt = this.now() + SOCKET_RETRY_MS;
        throw err;
      }).finally(() => clearTimeout(giveUpOpen));
      this.keepAlive = setInterval(() => this.socket?.readyState === this.WS.OPEN && this.socket.send('keepalive'), KEEPALIVE_MS);
    }
    const waiting = ids.filter((id) => !this.boundIds.has(id));
    if (!waiting.length) return;
    // Bound when the server says so: a change made after sync() returns is never missed.
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const acked = new Promise<void>((resolve) => {
      const pending = new Set(waiting);
      this.onBound = (id) => {
        pending.delete(id);
        if (!pending.size) resolve();
      };
      giveUp = setTimeout(resolve, 5_000);
    });
    for (const id of waiting) this.socket.send(`bind ${id}`);
    await acked;
    // No timer left behind per bind: a shift's worth of them would hold the worker's memory.
    clearTimeout(giveUp);
    this.onBound = undefined;
  }

  private onBound: ((id: string) => void) | undefined;

  private onMessage(text: string): void {
    const bound = /^bound (\S+)$/.exec(text);
    if (bound) {
      this.boundIds.add(bound[1]!);
      this.onBound?.(bound[1]!);
      return;
    }
    if (!text.startsWith('ping ')) return;
    // Several pings for one change (a task matching two criteria) become one fetch.
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => this.deps.onPing(), 100);
  }

  /** Closes the socket (the Subscriptions on the server end by themselves, or at the next sync). */
  close(): void {
    clearInterval(this.keepAlive);
    this.boundIds.clear();
    this.socket?.close();
    this.socket = undefined;
  }

  /** Removes this browser's Subscriptions from the server (sign-out, wipe). */
  forget(client: FhirClient): Promise<void> {
    return this.inTurn(() => this.forgetNow(client));
  }

  private async forgetNow(client: FhirClient): Promise<void> {
    this.close();
    const stored = await this.store.getValue();
    if (stored?.serverBase === client.baseUrl) {
      for (const id of Object.values(stored.ids)) await client.request('DELETE', `Subscription/${encodeURIComponent(id)}`).catch(() => {});
    }
    await this.store.removeValue();
  }
}

