/// <reference types="chrome" />
/**
 * Page object for Alongside's side panel, opened as a page of its own that follows another window's
 * active tab (`?followWindow=`), exactly as the side panel follows its own window.
 */
import type { Page } from 'puppeteer';
import type { ExtensionBrowser } from './extension-browser';

/** A control reached with the Tab key (SidePanelPage.tabThrough). */
export interface FocusStop {
  /** Its position among all the document's elements (document order). */
  index: number;
  tag: string;
  role: string;
  /** Its accessible name. */
  name: string;
  /** Its top edge on the page, in CSS pixels. */
  top: number;
  /** Whether its focus is visible (the NHS yellow focus, or an outline). */
  visible: boolean;
}

export class SidePanelPage {
  private constructor(readonly page: Page) {}

  /** Opens the panel in a window of its own, following the window `followWindowId`. */
  static async open(eb: ExtensionBrowser, followWindowId: number): Promise<SidePanelPage> {
    const url = `chrome-extension://${eb.extensionId}/sidepanel.html?followWindow=${followWindowId}`;
    const w = await eb.worker();
    await w.evaluate((u) => chrome.windows.create({ url: u, focused: false, width: 420, height: 900 }).then(() => undefined), url);
    const target = await eb.browser.waitForTarget((t) => t.url() === url);
    const page = await target.page();
    if (!page) throw new Error('The side panel page did not open.');
    await page.setViewport({ width: 400, height: 900 });
    return new SidePanelPage(page);
  }

  /** The panel's state: `record` when a patient's record is drawn, else the message's state. */
  async state(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      if (document.querySelector('.patient-record')) return 'record';
      return document.querySelector('[data-state]')?.getAttribute('data-state') ?? undefined;
    });
  }

  /** Everything the panel shows, as text. */
  async text(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText);
  }

  /** Waits until the panel shows the record of the patient with this NHS number (formatted "999 123 4567"). */
  async waitForPatient(nhsNumber: string, timeout = 15_000): Promise<void> {
    const formatted = nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
    await this.page
      .waitForFunction((n) => document.querySelector('[data-testid="patient-nhs-number"]')?.textContent === n, { timeout, polling: 50 }, formatted)
      .catch(async (err: unknown) => {
        throw new Error(`The panel did not show NHS No. ${formatted} within ${timeout} ms; it shows: ${(await this.text().catch(() => '?')).slice(0, 400)}`, { cause: err });
      });
  }

  /**
   * Waits until the panel shows a message state (`no-patient`, `loading`, `not-found`, `offline`, `error`,
   * `ambiguous`), and with `title`, that very message: one state has several (an EPR moving to its list of
   * patients passes through "No patient in view" before "Several patients on this page").
   */
  async waitForState(state: string, timeout = 15_000, title?: string): Promise<void> {
    await this.page
      .waitForFunction(
        (s, t) => {
          const shown = document.querySelector(`[data-state="${s}"]`);
          return shown !== null && (t === undefined || shown.querySelector('h1')?.textContent === t);
        },
        { timeout, polling: 50 },
        state,
        title,
      )
      .catch(async (err: unknown) => {
        throw new Error(`The panel did not reach "${title ?? state}" within ${timeout} ms; it shows: ${(await this.text().catch(() => '?')).slice(0, 400)}`, { cause: err });
      });
  }

  /** Waits for the offline notice over a cached record. */
  async waitForOfflineNotice(timeout = 20_000): Promise<void> {
    await this.page.waitForSelector('[data-testid="offline-notice"]', { timeout });
  }

  async asOfText(): Promise<string | undefined> {
    return this.page.evaluate(() => document.querySelector('[data-testid="as-of"]')?.textContent ?? undefined);
  }

  /** Presses "Clear cached records". */
  async clearCache(): Promise<void> {
    await this.page.click('.record-freshness__clear');
  }

  /** Loads the panel again, as closing and opening it does (it reads the settings as it opens). */
  async reload(): Promise<void> {
    await this.page.reload();
  }

  /** Opens the form of a task's action that needs words (hold, note, complete, reassign…). */
  async openTaskForm(taskId: string, action: string): Promise<void> {
    await this.page.click(`li[data-task-id="${taskId}"] button[data-action="${action}"]`);
    await this.page.waitForSelector(`li[data-task-id="${taskId}"] button[data-confirm="${action}"]`);
  }

  /** Does a task's action that needs words: opens its form, types `text`, confirms. */
  async taskAction(taskId: string, action: string, text: string): Promise<void> {
    await this.openTaskForm(taskId, action);
    await this.page.type(`li[data-task-id="${taskId}"] textarea`, text);
    await this.page.click(`li[data-task-id="${taskId}"] button[data-confirm="${action}"]`);
  }

  /** Opens "Ask another team to do something" (a new task for this patient). */
  async openNewTaskForm(): Promise<void> {
    await (await this.page.waitForSelector('[data-section="new-task"] summary'))!.click();
    await this.page.waitForSelector('[data-section="new-task"] textarea[name="description"]', { visible: true });
  }

  /**
   * Presses Tab until focus comes round again (at most `max` times), recording each control reached: its
   * role and accessible name as a screen reader has them, its place in the document, where it is on
   * screen, and whether its focus can be seen (the NHS yellow, or an outline).
   */
  async tabThrough(max = 150): Promise<FocusStop[]> {
    // From the top of the page, as when it opens.
    await this.page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    const stops: Omit<FocusStop, 'index'>[] = [];
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press('Tab');
      // Each control reached is marked, so coming round to the first again ends the walk. Tab within one
      // control (a date's day, month and year) is the same stop.
      const stop = await this.page.evaluate((n) => {
        const el = document.activeElement as HTMLElement | null;
        if (el && el.dataset.tabStop === String(n - 1)) return 'same';
        if (!el || el === document.body || el.dataset.tabStop !== undefined) return undefined;
        el.dataset.tabStop = String(n);
        const style = getComputedStyle(el);
        const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && !/rgba\(.*, 0\)|transparent/.test(style.outlineColor);
        // Its place in the whole content, as if nothing scrolled: the panel's main area scrolls above its
        // footer, so a control inside it is as far down as it is scrolled, and the footer below all of it.
        const main = document.querySelector('main');
        const hidden = main ? main.scrollHeight - main.clientHeight : 0;
        const scrolled = !main ? 0 : main.contains(el) ? main.scrollTop : main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? hidden : 0;
        return { tag: el.tagName.toLowerCase(), top: el.getBoundingClientRect().top + window.scrollY + scrolled, visible: style.backgroundColor === 'rgb(255, 235, 59)' || outlined };
      }, i);
      if (stop === 'same') {
        i--;
        if (--max < 0) break;
        continue;
      }
      if (!stop) break;
      const node = await this.page.$(':focus');
      const ax = node ? await this.page.accessibility.snapshot({ root: node, interestingOnly: false }) : null;
      stops.push({ ...stop, role: ax?.role ?? '', name: ax?.name ?? '' });
    }
    // Their places in the document, read once at the end (the panel may have redrawn meanwhile).
    const indexes = await this.page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      const marked = [...document.querySelectorAll<HTMLElement>('[data-tab-stop]')].sort((a, b) => Number(a.dataset.tabStop) - Number(b.dataset.tabStop));
      const found = marked.map((el) => all.indexOf(el));
      for (const el of marked) delete el.dataset.tabStop;
      return found;
    });
    return stops.map((s, i) => ({ ...s, index: indexes[i] ?? -1 }));
  }

  /** Every control a keyboard can reach (enabled, shown), in document order, as indexes like tabThrough's. */
  async focusableIndexes(): Promise<number[]> {
    return this.page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return [...document.querySelectorAll<HTMLElement>('a[href], button, summary, input, select, textarea, [tabindex]')]
        .filter((el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.closest('details:not([open]) > :not(summary)'))
        .map((el) => all.indexOf(el));
    });
  }

  /** The role and accessible name of every button and link on the panel, as the accessibility tree has them. */
  async controlNames(): Promise<{ role: string; name: string }[]> {
    const tree = await this.page.accessibility.snapshot({ interestingOnly: true });
    const out: { role: string; name: string }[] = [];
    const walk = (n: { role: string; name?: string; children?: unknown[] } | null | undefined) => {
      if (!n) return;
      if (n.role === 'button' || n.role === 'link') out.push({ role: n.role, name: n.name ?? '' });
      for (const c of (n.children ?? []) as (typeof n)[]) walk(c);
    };
    walk(tree as never);
    return out;
  }

  /** Starts recording what the panel's live log says (each line added), from now. */
  async listen(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __said: string[]; __listening?: MutationObserver };
      w.__said = [];
      w.__listening?.disconnect();
      const log = document.querySelector('[data-testid="live-announcer"]');
      if (!log) throw new Error('The panel has no live log.');
      w.__listening = new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) w.__said.push(n.textContent ?? '');
      });
      w.__listening.observe(log, { childList: true });
    });
  }

  /** What the live log said since `listen()`, line by line. */
  async said(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __said: string[] }).__said);
  }

  /** Presses Refresh (it shows once any update under way has finished). */
  async refresh(): Promise<void> {
    const button = await this.page.waitForSelector('.record-freshness__refresh', { timeout: 15_000 });
    await button!.click();
  }
}
