/**
 * The background's timers: one table, each alarm's schedule and what it does in one entry, as
 * webext-core's job scheduler keeps them. Alarms survive the worker being stopped (a `setInterval`
 * would not); an alarm is made again only when missing or changed, since making it again restarts its
 * period.
 */
import { browser } from 'wxt/browser';
import { keepFresh } from '@/utils/fhir/smart-auth';
import { loadSettings, type Settings } from '@/utils/settings/settings';
import type { Services } from './services';
import type { Sessions } from './sessions';

/** One timer: how often (minutes; from the settings where the trust sets it) and what it runs. */
export interface AlarmEntry {
  name: string;
  periodInMinutes(settings: Settings): number;
  run(services: Services, sessions: Sessions): unknown;
}

/** Every timer the background keeps. */
export const ALARMS: readonly AlarmEntry[] = [
  // Watched patients and My tasks checked for changes, where no Subscription pushes them.
  { name: 'poll-changes', periodInMinutes: (s) => s.pollIntervalMinutes, run: (services) => services.push.onAlarm() },
  // Task writes waiting (an outage, a backoff) sent again; none while signed out where sign-in is required.
  { name: 'flush-tasks', periodInMinutes: () => 0.5, run: async (services, sessions) => ((await sessions.waitingForSignIn()) ? undefined : services.tasks.flush()) },
  // Record-view audits waiting sent again.
  { name: 'flush-audit', periodInMinutes: () => 1, run: (services) => services.flushAudit() },
  // The sign-in token refreshed before it expires.
  { name: 'refresh-token', periodInMinutes: () => 0.5, run: async (_services, sessions) => { const auth = await sessions.authConfig(); if (auth) await keepFresh(auth); } },
  // Records past the trust's age limit purged.
  {
    name: 'purge-cache',
    periodInMinutes: () => 60,
    run: async (services) => {
      const [store, settings] = await Promise.all([services.store, loadSettings()]);
      await store.purgeOlderThan(Date.now() - settings.cacheMaxAgeHours * 3_600_000);
    },
  },
];

/**
 * Makes each alarm that is missing or whose period changed (the settings may have).
 *
 * @param table - the alarms to keep (tests pass their own)
 */
export async function scheduleAlarms(table: readonly AlarmEntry[] = ALARMS): Promise<void> {
  const settings = await loadSettings();
  await Promise.all(
    table.map(async (alarm) => {
      const period = alarm.periodInMinutes(settings);
      const existing = await browser.alarms.get(alarm.name);
      if (existing?.periodInMinutes !== period) await browser.alarms.create(alarm.name, { periodInMinutes: period });
    }),
  );
}

/**
 * Runs each alarm's entry when it fires. Synchronous: call in the worker's first turn.
 *
 * @param services - what the alarms' entries act on
 * @param sessions - the signed-in session, for entries that call the servers
 * @param table - the alarms to answer (tests pass their own)
 */
export function listenForAlarms(services: Services, sessions: Sessions, table: readonly AlarmEntry[] = ALARMS): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    const entry = table.find((a) => a.name === alarm.name);
    if (entry) void Promise.resolve(entry.run(services, sessions)).catch(() => {});
  });
}
