import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AlongsideProtocol } from '@/utils/messaging/protocol';
import { routeExtensionPageMessages, type ExtensionPageRoutes } from './routes';

/** Every message of the protocol, each with a handler that records its data. */
function recordingRoutes() {
  const heard: [string, unknown][] = [];
  const route = (type: keyof AlongsideProtocol) => (data: unknown) => {
    heard.push([type, data]);
    return type === 'signIn' ? { user: 'Dr A' } : type === 'taskAction' || type === 'createTask' ? { ok: true } : undefined;
  };
  const types: (keyof AlongsideProtocol)[] = ['refreshPatient', 'clearCachedData', 'recordViewed', 'taskAction', 'createTask', 'decideTaskWrite', 'pollNow', 'openNotice', 'signIn', 'signOut'];
  return { heard, types, routes: Object.fromEntries(types.map((t) => [t, vi.fn(route(t))])) as unknown as ExtensionPageRoutes };
}

/** Delivers a message as the browser would, from `sender`; resolves with the answer. */
function deliver(type: string, data: unknown, sender: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve) => {
    const message = { id: 1, type, data, timestamp: Date.now() };
    void fakeBrowser.runtime.onMessage.trigger(message, sender, (answer: { res?: unknown }) => resolve(answer?.res)).then((results: unknown[]) => {
      if (!results.includes(true)) resolve(undefined);
    });
  });
}

const EXTENSION_PAGE = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/sidepanel.html') };
const SENDERS_REFUSED = {
  'a content script in an EPR page': { id: fakeBrowser.runtime.id, url: 'https://epr.example.nhs.uk/patient/1', tab: { id: 3 }, frameId: 0 },
  'another extension': { id: 'someone-else', url: 'chrome-extension://someone-else/page.html' },
  'a web page': { url: 'https://evil.example.com/' },
  'our id with a page outside the extension': { id: fakeBrowser.runtime.id, url: 'https://evil.example.com/chrome-extension://x/' },
};

let stop: (() => void) | undefined;
beforeEach(() => fakeBrowser.reset());
afterEach(() => stop?.());

describe('the extension pages’ routes', () => {
  it('takes each message of the protocol from the extension’s own pages to its handler, with its data', async () => {
    const { heard, types, routes } = recordingRoutes();
    stop = routeExtensionPageMessages(routes);
    for (const type of types) await deliver(type, { asked: type }, EXTENSION_PAGE);
    expect(heard).toEqual(types.map((t) => [t, { asked: t }]));
    expect(await deliver('signIn', undefined, EXTENSION_PAGE)).toEqual({ user: 'Dr A' });
  });

  for (const [who, sender] of Object.entries(SENDERS_REFUSED)) {
    it(`refuses every message from ${who} before its handler runs, in words where it has an answer`, async () => {
      const { heard, types, routes } = recordingRoutes();
      stop = routeExtensionPageMessages(routes);
      const answers = await Promise.all(types.map((t) => deliver(t, { asked: t }, sender)));
      expect(heard).toEqual([]);
      expect(answers[types.indexOf('taskAction')]).toEqual({ problem: expect.stringMatching(/Refused/) });
      expect(answers[types.indexOf('createTask')]).toEqual({ problem: expect.stringMatching(/Refused/) });
      expect(answers[types.indexOf('signIn')]).toEqual({ problem: expect.stringMatching(/own panel only/) });
    });
  }
});
