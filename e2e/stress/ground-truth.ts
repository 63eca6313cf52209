/**
 * Ground truth for the stress test, recorded inside each EPR page: which patient the page itself shows,
 * read from its own markup (the test knows each demo EPR's markup; the extension does not get to
 * grade itself), with a timestamp at every change. A page going away shows no one from `pagehide` on.
 */
import type { Page } from 'puppeteer';
import type { RosterPatient } from '../../sandbox/roster';

export interface TruthEvent {
  tab: string;
  at: number;
  /** NHS number shown, or null for no patient. */
  nhs: string | null;
}

/** Installs the recorder in `page` (for this and every later document in it). */
export async function recordGroundTruth(page: Page, tab: string, roster: RosterPatient[], events: TruthEvent[]): Promise<void> {
  const byUuid = Object.fromEntries(roster.map((p) => [p.openmrsUuid, p.nhsNumber]));
  const byPubpid = Object.fromEntries(roster.map((p) => [p.openemrPubpid, p.nhsNumber]));
  await page.exposeFunction(`__truth_${tab}`, (at: number, nhs: string | null) => {
    events.push({ tab, at, nhs });
  });
  await page.evaluateOnNewDocument(
    (tabName: string, uuids: Record<string, string>, pubpids: Record<string, string>) => {
      const report = (window as unknown as Record<string, (at: number, nhs: string | null) => void>)[`__truth_${tabName}`]!;
      const read = (): string | null => {
        // Hostile and careless pages (sandbox/epr/hostile.ts) show no one patient's record.
        if (document.body?.hasAttribute('data-hostile')) return null;
        const path = location.pathname;
        if (path.startsWith('/openmrs/')) {
          if (!document.querySelector('header[aria-label="patient banner"]')) return null;
          const uuid = /\/patient\/([0-9a-f-]{36})\//.exec(path)?.[1];
          return (uuid && uuids[uuid]) || null;
        }
        if (path.startsWith('/openemr/')) {
          const id = document.querySelector('#attendantData [data-bind="text: pubpid"]')?.textContent ?? undefined;
          return (id && pubpids[id]) || null;
        }
        const banner = document.querySelector('[aria-label="Patient banner"]');
        // A banner the page has hidden shows no one.
        if (banner && !banner.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return null;
        const dd = banner?.querySelector('[data-item="nhs-number"] dd');
        const digits = dd?.textContent?.replace(/\D/g, '') ?? '';
        return digits.length === 10 ? digits : null;
      };
      if (window !== window.top) return;
      (window as unknown as { __readTruth: () => string | null }).__readTruth = read;
      let last: string | null | undefined;
      const check = () => {
        const now = read();
        if (now !== last) {
          last = now;
          report(performance.timeOrigin + performance.now(), now);
        }
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'style', 'hidden'] });
      addEventListener('pagehide', () => {
        last = null;
        report(performance.timeOrigin + performance.now(), null);
      });
      addEventListener('popstate', check);
      // Back from the back-forward cache: the page shows its patient again.
      addEventListener('pageshow', (e) => {
        if (e.persisted) {
          last = undefined;
          check();
        }
      });
    },
    tab,
    byUuid,
    byPubpid,
  );
  // A page restored from the back-forward cache runs no new script, and a page entering it may not get
  // its last message out: read the page on every main-frame navigation as well.
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const at = performance.timeOrigin + performance.now();
    void page
      .evaluate(() => (window as unknown as { __readTruth?: () => string | null }).__readTruth?.() ?? null)
      .then((nhs) => events.push({ tab, at, nhs }))
      .catch(() => {});
  });
}

/** What the followed tab showed at each moment: the tab in front, and what that tab's page showed. */
export class Timeline {
  private activeChanges: { at: number; tab: string }[] = [];
  constructor(private readonly events: TruthEvent[]) {}

  activate(tab: string, at: number) {
    this.activeChanges.push({ at, tab });
  }

  private activeAt(t: number): string | undefined {
    let tab: string | undefined;
    for (const c of this.activeChanges) if (c.at <= t) tab = c.tab;
    return tab;
  }

  /** What `tab` showed at `t`: its latest event at or before `t` (events may arrive out of order). */
  private shownBy(tab: string, t: number): string | null {
    let best: TruthEvent | undefined;
    for (const e of this.events) if (e.tab === tab && e.at <= t && (!best || e.at >= best.at)) best = e;
    return best?.nhs ?? null;
  }

  /**
   * The patients a panel may show at time `t`: anyone the followed tab showed in `[t - graceMs, t]`
   * (what the clinician had in view, allowing for the time to notice a change), or no one.
   */
  acceptableAt(t: number, graceMs: number): Set<string | null> {
    const ok = new Set<string | null>([null]);
    const times = [t - graceMs, t, ...this.activeChanges.map((c) => c.at), ...this.events.map((e) => e.at)].filter((x) => x >= t - graceMs && x <= t);
    for (const x of times) {
      const tab = this.activeAt(x);
      if (tab) ok.add(this.shownBy(tab, x));
    }
    return ok;
  }
}
