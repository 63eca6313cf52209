/**
 * How watched data is kept fresh: by websocket Subscription where the server offers one, else by
 * polling on the alarm. While pushes arrive, the alarm only keeps the Subscriptions in step with what
 * is watched, with a full check every 15 minutes in case a push was missed.
 */
import type { FhirClient } from '@/utils/fhir/client';
import { SubscriptionChannel, subscriptionCriteria, type SubscriptionChannelDeps } from './subscriptions';
import type { CycleResult, WatchService } from './watch-service';

/** Even with pushes arriving, a full check this often. */
export const FULL_CHECK_MS = 15 * 60_000;

export interface PushServiceDeps {
  watch: WatchService;
  getClient(): Promise<FhirClient>;
  getOwners(): Promise<string[]>;
  /** True while nothing may be asked of the server (sign-in required, nobody signed in). */
  paused(): Promise<boolean>;
  /** After each check (the background sends waiting task writes then). */
  afterCheck?(): void;
  /** Where the Subscriptions made are remembered (the session's `subscriptions` item). */
  subscriptionStore: SubscriptionChannelDeps['store'];
}

/**
 * Makes the push service: it keeps the server's Subscriptions in step with the watched patients and owners,
 * and runs a watch cycle on a ping or an alarm.
 *
 * @param deps - the watch service, the FHIR client, the owners, when to hold off, and where the Subscriptions
 *   are remembered
 */
export function createPushService(deps: PushServiceDeps) {
  const subscriptions = new SubscriptionChannel({ onPing: () => void checkNow(), store: deps.subscriptionStore });
  let lastCheckAt = 0;

  async function syncSubscriptions(): Promise<boolean> {
    // Signed out: nothing is asked for (the wipe dropped what there was).
    if (await deps.paused()) return false;
    const [client, owners] = await Promise.all([deps.getClient(), deps.getOwners()]);
    return subscriptions.sync(client, subscriptionCriteria(await deps.watch.watchedNow(client.baseUrl), owners)).catch(() => false);
  }

  /** Checks for changes now (a ping, sign-in, the clinician's "Check now"). */
  async function checkNow(opts: { force?: boolean } = {}): Promise<CycleResult | undefined> {
    if (await deps.paused()) return undefined;
    const result = await deps.watch.cycle(opts).catch(() => undefined);
    // Only a check that worked counts: until one has, every alarm checks.
    if (result) lastCheckAt = Date.now();
    await syncSubscriptions();
    deps.afterCheck?.();
    return result;
  }

  async function onAlarm(): Promise<void> {
    if (subscriptions.live && Date.now() - lastCheckAt < FULL_CHECK_MS) await syncSubscriptions();
    else await checkNow();
  }

  /** Removes this browser's Subscriptions (wipe, sign-out). */
  async function forget(): Promise<void> {
    await subscriptions.forget(await deps.getClient());
  }

  return { checkNow, onAlarm, syncSubscriptions, forget };
}
