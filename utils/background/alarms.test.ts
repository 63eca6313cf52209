import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveLocalSettings } from '@/utils/settings/settings';
import { ALARMS, listenForAlarms, scheduleAlarms, type AlarmEntry } from './alarms';
import type { Services } from './services';
import type { Sessions } from './sessions';

beforeEach(() => fakeBrowser.reset());

describe('the background’s alarms', () => {
  it('makes every alarm of the table, each with its period', async () => {
    await scheduleAlarms();
    const made = await fakeBrowser.alarms.getAll();
    expect(made.map((a) => a.name).sort()).toEqual(ALARMS.map((a) => a.name).sort());
    expect(made.find((a) => a.name === 'flush-tasks')?.periodInMinutes).toBe(0.5);
  });

  it('makes an alarm again only when its period changed (making it again restarts its period)', async () => {
    await scheduleAlarms();
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    await scheduleAlarms();
    expect(create).not.toHaveBeenCalled();
    await saveLocalSettings({ pollIntervalMinutes: 7 });
    await scheduleAlarms();
    expect(create.mock.calls).toEqual([['poll-changes', { periodInMinutes: 7 }]]);
  });

  it('runs the entry of the alarm that fired, and only that one', async () => {
    const runs: string[] = [];
    const table: AlarmEntry[] = ['a', 'b'].map((name) => ({ name, periodInMinutes: () => 1, run: () => void runs.push(name) }));
    listenForAlarms({} as Services, {} as Sessions, table);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'b', scheduledTime: Date.now(), persistAcrossSessions: false });
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'not ours', scheduledTime: Date.now(), persistAcrossSessions: false });
    expect(runs).toEqual(['b']);
  });

  it('an entry that fails leaves the next alarm to run', async () => {
    const runs: string[] = [];
    const table: AlarmEntry[] = [
      { name: 'fails', periodInMinutes: () => 1, run: () => Promise.reject(new Error('offline')) },
      { name: 'works', periodInMinutes: () => 1, run: () => void runs.push('works') },
    ];
    listenForAlarms({} as Services, {} as Sessions, table);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'fails', scheduledTime: Date.now(), persistAcrossSessions: false });
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'works', scheduledTime: Date.now(), persistAcrossSessions: false });
    expect(runs).toEqual(['works']);
  });

  it('flushes task writes only when nobody needs to sign in first', async () => {
    const flush = vi.fn();
    const services = { tasks: { flush } } as unknown as Services;
    let waiting = true;
    const asked = vi.fn(async () => waiting);
    listenForAlarms(services, { waitingForSignIn: asked } as unknown as Sessions);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'flush-tasks', scheduledTime: Date.now(), persistAcrossSessions: false });
    await vi.waitFor(() => expect(asked).toHaveBeenCalled());
    await Promise.resolve();
    expect(flush).not.toHaveBeenCalled();
    waiting = false;
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'flush-tasks', scheduledTime: Date.now(), persistAcrossSessions: false });
    await vi.waitFor(() => expect(flush).toHaveBeenCalledTimes(1));
  });
});
