/**
 * The background service worker: it only starts things (docs/architecture.md). The sessions (which
 * server, whose token, who is acting), the services (cache, patient in view, tasks, push, prefetch,
 * audit), then every listener, in the worker's first turn: pages' ports, the extension pages' messages
 * by sender, the alarms, the browser's events. Then what runs at every start.
 */
import { listenForAlarms, scheduleAlarms } from '@/utils/background/alarms';
import { createContentScriptRegistrar } from '@/utils/background/content-scripts';
import { createLifecycle } from '@/utils/background/lifecycle';
import { listenToPages } from '@/utils/background/page-ports';
import { extensionPageRoutes, routeExtensionPageMessages } from '@/utils/background/routes';
import { createServices } from '@/utils/background/services';
import { createSessions } from '@/utils/background/sessions';
import { getDb } from '@/utils/storage/db';

export default defineBackground(() => {
  const sessions = createSessions();
  const services = createServices(sessions);
  const contentScripts = createContentScriptRegistrar(services.contexts);
  const lifecycle = createLifecycle(services, {
    // The polling interval and the pages' readers follow the trust's settings.
    onSettingsChanged: () => {
      void scheduleAlarms();
      void contentScripts.register(true);
    },
    onPermissionsChanged: () => void contentScripts.register(),
  });

  // Every listener, now (a worker woken for an event hears only those registered in its first turn).
  listenToPages(services, () => void contentScripts.register());
  routeExtensionPageMessages(extensionPageRoutes(services, sessions, lifecycle));
  listenForAlarms(services, sessions);
  lifecycle.listen();

  // Then what every start of the worker does.
  void scheduleAlarms();
  void contentScripts.register();
  lifecycle.start();

  // The demo build only (never the store build: the branch and its chunk are dropped at build): the fault
  // tests inject IndexedDB failures through this hook (e2e/idb-faults.e2e.ts).
  if (import.meta.env.MODE === 'demo') {
    void import('../../testing/idb-faults').then(({ installIdbFaults }) => {
      (globalThis as { __alongsideIdbFaults?: unknown }).__alongsideIdbFaults = installIdbFaults(getDb());
    });
  }
});
