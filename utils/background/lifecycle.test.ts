import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeEvent } from '@/testing/fake-event';
import { saveLocalSettings } from '@/utils/settings/settings';
import { createLifecycle } from './lifecycle';
import type { Services } from './services';

/** Services that record what the lifecycle asks of them. */
function fakeServices() {
  const calls: string[] = [];
  const note = (name: string) => vi.fn(async (...args: unknown[]) => void calls.push([name, ...args].join(' ')));
  const services = {
    contexts: { clearAllPatients: note('clearAllPatients'), verifyTab: note('verifyTab'), handleTabRemoved: note('handleTabRemoved') },
    prefetch: { clear: note('prefetch.clear') },
    watch: { clear: note('watch.clear') },
    store: Promise.resolve({ clear: note('store.clear') }),
    push: { forget: note('push.forget') },
    notifier: { open: note('notifier.open') },
    cacheKeeper: { forgetLive: note('cacheKeeper.forgetLive') },
  } as unknown as Services;
  return { services, calls };
}

const idle = fakeEvent<[string]>();
const permissionsAdded = fakeEvent<[unknown]>();
const permissionsRemoved = fakeEvent<[unknown]>();
beforeEach(() => {
  fakeBrowser.reset();
  Object.assign(fakeBrowser, {
    idle: { onStateChanged: idle, setDetectionInterval: vi.fn() },
    permissions: { onAdded: permissionsAdded, onRemoved: permissionsRemoved },
  });
});

const signedIn = (sub: string) => ({ issuer: 'https://login.example.nhs.uk', fhirBaseUrl: 'https://fhir.example.nhs.uk', accessToken: 't', issuedAt: 0, expiresAt: 1, user: { sub, fhirUser: `Practitioner/${sub}` } });

describe('the background’s lifecycle', () => {
  it('hears the screen lock in the worker’s first turn, and wipes', async () => {
    await saveLocalSettings({ idleWipeMinutes: 5 });
    const { services, calls } = fakeServices();
    createLifecycle(services, { onSettingsChanged: vi.fn(), onPermissionsChanged: vi.fn() }).listen();
    // Nothing awaited between listen() and the event: a worker woken by it must still hear it.
    expect(idle.hasListeners()).toBe(true);
    await idle.fire('locked');
    await vi.waitFor(() => expect(calls).toContain('clearAllPatients Cleared after inactivity: open the patient again.'));
    expect(calls).toEqual(expect.arrayContaining(['prefetch.clear', 'watch.clear', 'store.clear', 'cacheKeeper.forgetLive', 'push.forget']));
  });

  it('does not wipe on idle where the trust switched the idle wipe off', async () => {
    await saveLocalSettings({ idleWipeMinutes: 0 });
    const { services, calls } = fakeServices();
    createLifecycle(services, { onSettingsChanged: vi.fn(), onPermissionsChanged: vi.fn() }).listen();
    await idle.fire('locked');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([]);
  });

  it('wipes when the tokens go or become someone else’s; not when the same clinician’s are refreshed', async () => {
    const { services, calls } = fakeServices();
    createLifecycle(services, { onSettingsChanged: vi.fn(), onPermissionsChanged: vi.fn() }).listen();
    await fakeBrowser.storage.session.set({ authTokens: signedIn('dr-a') });
    await fakeBrowser.storage.session.set({ authTokens: { ...signedIn('dr-a'), accessToken: 'refreshed' } });
    expect(calls).toEqual([]);
    await fakeBrowser.storage.session.set({ authTokens: signedIn('dr-b') });
    await vi.waitFor(() => expect(calls).toContain('clearAllPatients Someone else signed in: open the patient again.'));
    calls.length = 0;
    await fakeBrowser.storage.session.remove('authTokens');
    await vi.waitFor(() => expect(calls).toContain('clearAllPatients Signed out: sign in to see patients.'));
  });

  it('tells the background when the settings or the granted origins change', async () => {
    const hooks = { onSettingsChanged: vi.fn(), onPermissionsChanged: vi.fn() };
    createLifecycle(fakeServices().services, hooks).listen();
    await saveLocalSettings({ pollIntervalMinutes: 3 });
    expect(hooks.onSettingsChanged).toHaveBeenCalledTimes(1);
    await permissionsRemoved.fire({ origins: ['https://epr.example.nhs.uk/*'] });
    expect(hooks.onPermissionsChanged).toHaveBeenCalledTimes(1);
  });

  it('forgets a closed tab’s patient', async () => {
    const { services, calls } = fakeServices();
    createLifecycle(services, { onSettingsChanged: vi.fn(), onPermissionsChanged: vi.fn() }).listen();
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 0, isWindowClosing: false });
    await vi.waitFor(() => expect(calls).toContain('handleTabRemoved 7'));
  });
});
