/**
 * What the content script costs the host EPR: a busy EPR page (at least 5,000 elements, 100 DOM
 * changes a second, a patient banner) measured with and without Alongside in one run.
 *
 * - host-overhead-ratio: the page's main-thread task time with the extension over without it
 *   (Chrome's Performance.getMetrics TaskDuration, same page, the same length of time), the median of
 *   `RUNS` pairs measured one after the other, alternating which goes first, so one noisy run on a
 *   shared machine does not decide (host-overhead-ratio-runs lists them all);
 * - host-longest-task-ms: the longest single task the content script ran (from a performance trace);
 * - banner-to-background-ms: from the banner changing in the page to the background holding the new
 *   patient context (median).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { CHROMIUM, CHROMIUM_ARGS, configureExtension, launchWithExtension } from '../e2e/extension-browser';

const NHS_NUMBERS = ['9990001014', '9990001022', '9990001030'];
const MEASURE_MS = 6000;
/** Pairs of runs, with and without, alternating which goes first. */
const RUNS = 5;

/** The busy page: a CUI banner, a 5,000-cell worklist, and a timer making 100 changes a second. */
function busyPage(): string {
  const rows = Array.from({ length: 1000 }, (_, i) => `<tr>${Array.from({ length: 4 }, (_, j) => `<td id="c${i}-${j}">r${i}c${j}</td>`).join('')}</tr>`).join('');
  return `<!doctype html><html><head><title>Busy EPR</title></head><body>
<section class="nhsuk-patient-banner" aria-label="Patient banner"><span class="nhsuk-patient-banner__name">TEST, Patient (Mr)</span>
<dl><div data-item="born"><dt>Born</dt> <dd>01-Jan-1950 (76y)</dd></div><div data-item="nhs-number"><dt>NHS No.</dt> <dd id="nhs">999 000 1014</dd></div></dl></section>
<table>${rows}</table>
<script>
let n = 0;
setInterval(() => { n++; document.getElementById('c' + (n % 1000) + '-' + (n % 4)).textContent = 'v' + n; }, 10);
window.setBanner = (text) => { document.getElementById('nhs').textContent = text; return performance.timeOrigin + performance.now(); };
</script></body></html>`;
}

export async function benchHostCost(report: (name: string, value: number) => void): Promise<void> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(busyPage());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/nhs/patient/busy`;
  try {
    const bare = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, pipe: true, args: CHROMIUM_ARGS });
    const withExt = await launchWithExtension();
    try {
      // The busy page's origin is an EPR the trust assigned the CUI banner reader to (no server: the
      // patient is read and reported, then not found, which costs the page nothing more).
      await configureExtension(withExt, { fhirBaseUrl: 'http://127.0.0.1:9/fhir', eprSites: [{ origin, readers: ['nhs-cui-banner'] }] });
      const pairs: { without: number; withIt: number }[] = [];
      for (let run = 0; run < RUNS; run++) {
        // One at a time (two at once would share the machine's two cores), alternating which goes first.
        const first = run % 2 === 0 ? await taskTime(bare, url) : await taskTime(withExt.browser, url);
        const second = run % 2 === 0 ? await taskTime(withExt.browser, url) : await taskTime(bare, url);
        pairs.push(run % 2 === 0 ? { without: first, withIt: second } : { without: second, withIt: first });
      }
      const ratios = pairs.map((p) => p.withIt / p.without).sort((a, b) => a - b);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      report('host-task-ms-without', Math.round(median(pairs.map((p) => p.without))));
      report('host-task-ms-with', Math.round(median(pairs.map((p) => p.withIt))));
      report('host-overhead-ratio', Number(median(ratios).toFixed(3)));
      console.log(`host-overhead-ratio-runs: ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
      report('host-longest-task-ms', Number((await longestContentScriptTask(withExt.browser, url)).toFixed(2)));
      report('banner-to-background-ms', Number((await bannerToBackground(withExt, url)).toFixed(1)));
    } finally {
      await bare.close();
      await withExt.close();
    }
  } finally {
    server.close();
  }
}

/** Main-thread task time of the page over MEASURE_MS, in ms. */
async function taskTime(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(url);
  await sleep(1000);
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable');
  const read = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  const before = await read();
  await sleep(MEASURE_MS);
  const after = await read();
  await page.close();
  return (after - before) * 1000;
}

/** The longest task in a trace that ran the content script's code. */
async function longestContentScriptTask(browser: Browser, url: string): Promise<number> {
  const page: Page = await browser.newPage();
  await page.tracing.start({ categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.goto(url);
  await sleep(3000);
  await page.evaluate(() => (window as unknown as { setBanner(t: string): number }).setBanner('999 000 1022'));
  await sleep(500);
  const trace = JSON.parse(new TextDecoder().decode(await page.tracing.stop())) as { traceEvents: { name: string; dur?: number; args?: { data?: { url?: string; scriptName?: string } } }[] };
  await page.close();
  const ours = trace.traceEvents.filter((e) => e.dur !== undefined && /\/(epr-page|reader-[\w-]+)\.js/.test(e.args?.data?.url ?? e.args?.data?.scriptName ?? ''));
  return Math.max(0, ...ours.map((e) => e.dur! / 1000));
}

/** From the banner changing to the background's tab context holding the new NHS number (median of 9). */
async function bannerToBackground(eb: Awaited<ReturnType<typeof launchWithExtension>>, url: string): Promise<number> {
  const page = await eb.browser.newPage();
  await page.goto(url);
  await sleep(1500);
  const w = await eb.worker();
  await w.evaluate(() => {
    const g = globalThis as unknown as { __seen: [number, string][] };
    g.__seen = [];
    chrome.storage.session.onChanged.addListener((changes) => {
      for (const c of Object.values(changes)) {
        const nhs = (c.newValue as { detection?: { patient?: { nhsNumber?: string } } } | undefined)?.detection?.patient?.nhsNumber;
        if (nhs) g.__seen.push([performance.timeOrigin + performance.now(), nhs]);
      }
    });
  });
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const nhs = NHS_NUMBERS[(i + 1) % NHS_NUMBERS.length]!;
    const changedAt = await page.evaluate((t) => (window as unknown as { setBanner(t: string): number }).setBanner(t), nhs.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3'));
    let seenAt: number | undefined;
    for (let tries = 0; tries < 100 && seenAt === undefined; tries++) {
      await sleep(20);
      seenAt = await w.evaluate((n, since) => (globalThis as unknown as { __seen: [number, string][] }).__seen.find(([t, v]) => v === n && t >= since)?.[0], nhs, changedAt);
    }
    if (seenAt !== undefined) times.push(seenAt - changedAt);
  }
  await page.close();
  const s = times.sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchHostCost((name, value) => console.log(`${name}: ${value}`));
}
