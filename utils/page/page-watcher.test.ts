// @vitest-environment happy-dom
import { describe, expect, it, onTestFinished } from 'vitest';
import { watchPage } from './page-watcher';
import type { Detection } from '@/utils/shared/detection';

const frame = () => new Promise((r) => setTimeout(r, 40));

function setup(watchSelector?: string) {
  document.body.innerHTML = '<div id="banner">NHS No. 999 000 1014</div><table><tbody id="list"></tbody></table>';
  const controller = new AbortController();
  let detections = 0;
  const reported: Detection[] = [];
  const hidden: number[] = [];
  watchPage({
    win: window,
    signal: controller.signal,
    detect: () => {
      detections++;
      const text = document.getElementById('banner')?.textContent ?? '';
      return text ? { kind: 'none', reason: text } : { kind: 'none', reason: 'empty' };
    },
    onChange: (d) => reported.push(d),
    onPageHidden: () => hidden.push(1),
    watchSelector: () => watchSelector,
  });
  return { controller, detections: () => detections, reported, hidden };
}

describe('watchPage', () => {
  it('reports at start, then only changes, at most once a frame for a burst of mutations', async () => {
    const w = setup();
    expect(w.reported).toHaveLength(1);
    for (let i = 0; i < 20; i++) document.getElementById('banner')!.textContent = `NHS No. ${i}`;
    await frame();
    expect(w.detections()).toBe(2);
    expect(w.reported.map((d) => (d.kind === 'none' ? d.reason : ''))).toEqual(['NHS No. 999 000 1014', 'NHS No. 19']);
    w.controller.abort();
  });

  it('never reads the page inside the mutation callback (layout would be forced there): a change is read in the next frame, once', async () => {
    // Frames every 16 ms, as a browser's (happy-dom runs them at once).
    const realFrame = window.requestAnimationFrame;
    window.requestAnimationFrame = (cb) => window.setTimeout(() => cb(performance.now()), 16) as unknown as number;
    onTestFinished(() => {
      window.requestAnimationFrame = realFrame;
    });
    const w = setup();
    await frame();
    document.getElementById('banner')!.textContent = 'NHS No. 1';
    // The observer's callback has run (a microtask), and read nothing.
    await new Promise((r) => setTimeout(r, 0));
    expect(w.detections()).toBe(1);
    document.getElementById('banner')!.textContent = 'NHS No. 2';
    await new Promise((r) => setTimeout(r, 0));
    expect(w.detections()).toBe(1);
    await frame();
    expect(w.detections()).toBe(2);
    expect(w.reported.map((d) => (d.kind === 'none' ? d.reason : ''))).toEqual(['NHS No. 999 000 1014', 'NHS No. 2']);
    w.controller.abort();
  });

  it('attack 7 (audit): a page dispatching pagehide or pageshow itself is not heard: only the browser’s own events count', async () => {
    const w = setup();
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await frame();
    expect(w.hidden).toEqual([]);
    expect(w.reported).toHaveLength(1);
    w.controller.abort();
  });

  it('sees a page that replaces its root element (document.open, a framework remounting the document)', async () => {
    const w = setup();
    const root = document.createElement('html');
    root.innerHTML = '<body><div id="banner">NHS No. 999 000 1022</div></body>';
    const old = document.documentElement;
    old.remove();
    document.append(root);
    onTestFinished(() => {
      root.remove();
      document.append(old);
    });
    await frame();
    expect(w.reported.map((d) => (d.kind === 'none' ? d.reason : ''))).toEqual(['NHS No. 999 000 1014', 'NHS No. 999 000 1022']);
    w.controller.abort();
  });

  it('skips mutations outside the elements that can hold the patient', async () => {
    const w = setup('#banner');
    const list = document.getElementById('list')!;
    for (let i = 0; i < 50; i++) list.append(document.createElement('tr'));
    await frame();
    expect(w.detections()).toBe(1);
    document.getElementById('banner')!.append(' changed');
    await frame();
    expect(w.detections()).toBe(2);
    document.getElementById('banner')!.remove();
    await frame();
    expect(w.detections()).toBe(3);
    w.controller.abort();
  });

  it('stops everything when its signal aborts', async () => {
    const w = setup();
    w.controller.abort();
    document.getElementById('banner')!.textContent = 'after';
    window.dispatchEvent(new Event('popstate'));
    window.dispatchEvent(new Event('pagehide'));
    await frame();
    expect(w.detections()).toBe(1);
    expect(w.hidden).toEqual([]);
  });
});
