/**
 * FHIR R4 Subscriptions over websocket for the sandbox (https://hl7.org/fhir/R4/subscription.html,
 * channel type `websocket`): a client creates a Subscription with a search `criteria`, opens the
 * websocket the CapabilityStatement names, sends `bind <id>`, and gets `ping <id>` whenever a resource
 * matching the criteria is created or changed. The client then asks what changed (`_lastUpdated`).
 *
 * Every write reaches the subscriptions, whether it came over REST or from the sandbox's event
 * trigger, because the hook is on the repository itself.
 */
import type { Server } from 'node:http';
import { matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Resource, Subscription } from '@medplum/fhirtypes';
import { WebSocketServer, type WebSocket } from 'ws';

/** The extension the R4 CapabilityStatement uses to name the websocket endpoint. */
export const WEBSOCKET_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/capabilitystatement-websocket';
export const WEBSOCKET_PATH = '/ws/subscriptions';

export interface SubscriptionHub {
  close(): Promise<void>;
  /** How many pings were sent (for tests). */
  readonly pings: number;
  /** How many `bind`s were received: a client's socket reached the hub (for tests). */
  readonly binds: number;
}

/** Watches `repo` for writes and serves the websocket on `server`. */
export function startSubscriptionHub(server: Server, repo: MemoryRepository): SubscriptionHub {
  const wss = new WebSocketServer({ server, path: WEBSOCKET_PATH });
  const bound = new Map<string, Set<WebSocket>>();
  let pings = 0;
  let binds = 0;

  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const text = String(data);
      const bind = /^bind (\S+)$/.exec(text);
      if (bind) {
        const id = bind[1]!;
        binds++;
        bound.set(id, (bound.get(id) ?? new Set()).add(socket));
        socket.send(`bound ${id}`);
      }
      // Anything else (a keep-alive) needs no answer.
    });
    socket.on('close', () => {
      for (const sockets of bound.values()) sockets.delete(socket);
    });
  });

  // Every write goes through MemoryRepository's (private) createResourceSync: create, update and
  // conditional create alike. Hooked here, in the sandbox only, so no write is missed.
  type Writer = (r: Resource, ...a: unknown[]) => Resource;
  const hooked = repo as unknown as { createResourceSync: Writer };
  const original = hooked.createResourceSync.bind(repo);
  hooked.createResourceSync = (resource: Resource, ...rest: unknown[]) => {
    // A websocket subscription the sandbox can serve is active as soon as it is made.
    const toWrite = resource.resourceType === 'Subscription' && resource.status === 'requested' && resource.channel?.type === 'websocket' ? { ...resource, status: 'active' as const } : resource;
    const written = original(toWrite, ...rest);
    if (written.resourceType === 'Subscription') return written;
    queueMicrotask(() => void notify(written));
    return written;
  };

  async function notify(written: Resource): Promise<void> {
    const subscriptions = await repo.searchResources<Subscription>({ resourceType: 'Subscription' });
    for (const sub of subscriptions) {
      if (sub.status === 'off' || sub.channel?.type !== 'websocket' || !sub.criteria || !sub.id) continue;
      let matches = false;
      try {
        const search = parseSearchRequest(sub.criteria);
        matches = search.resourceType === written.resourceType && matchesSearchRequest(written, search);
      } catch {
        matches = false;
      }
      if (!matches) continue;
      for (const socket of bound.get(sub.id) ?? []) {
        socket.send(`ping ${sub.id}`);
        pings++;
      }
    }
  }

  return {
    get pings() {
      return pings;
    },
    get binds() {
      return binds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
