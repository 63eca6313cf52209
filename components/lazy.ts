/**
 * Components only some states of the side panel need (the outbox's waiting writes and conflicts), loaded
 * when first drawn rather than with the panel: the panel has a size budget (README; bench
 * `size-sidepanel-gzip-bytes`), and most views of a patient need none of it. `preload` fetches the code
 * ahead of need.
 */
import { h, type ComponentType, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface LazyComponent<P> {
  /** Draws the component once its code is loaded (nothing until then). */
  Component: FunctionComponent<P>;
  /** Loads its code now; safe to call any number of times. */
  preload(): Promise<unknown>;
}

/**
 * A component whose module is loaded by `load` (a dynamic `import()`) the first time it is needed;
 * `fallback`, if given, is drawn with the same props until then.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback?: ComponentType<P>): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () => (loading ??= load().then((component) => (loaded = component)));
  function Lazy(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      let live = true;
      if (!loaded) void preload().then(() => live && setReady(true));
      return () => {
        live = false;
      };
    }, []);
    return loaded ? h(loaded, props) : fallback ? h(fallback, props) : null;
  }
  return { Component: Lazy, preload };
}
