/**
 * A browser event for APIs WXT's fake browser leaves unmocked (idle, permissions, runtime.onConnect):
 * listeners are added as the real one takes them, and a test fires it.
 */
export function fakeEvent<Args extends unknown[]>() {
  const listeners: ((...args: Args) => unknown)[] = [];
  return {
    addListener: (l: (...args: Args) => unknown) => void listeners.push(l),
    removeListener: (l: (...args: Args) => unknown) => void listeners.splice(listeners.indexOf(l), 1),
    hasListener: (l: (...args: Args) => unknown) => listeners.includes(l),
    hasListeners: () => listeners.length > 0,
    /** Fires the event; resolves when every listener's answer has. */
    fire: (...args: Args) => Promise.all(listeners.map((l) => l(...args))),
  };
}
