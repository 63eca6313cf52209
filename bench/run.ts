/**
 * `npm run bench`: prints one figure a line as `name: value`. Medians of several runs measured in this
 * one run; no assertions (the machines are shared and noisy).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXTENSION_DIR } from '../e2e/extension-browser';
import { benchHighlightsAndSync } from './highlights-and-sync';
import { benchOpenTimes } from './open-times';
import { benchHostCost } from './host-cost';
import { benchLetters, benchPdfLetters } from './letters';
import { benchPush } from './push';
import { benchTrustScale } from './trust-scale';
import { benchWorkerStart } from './worker-start';
import { benchOutage } from './outage';
import { benchShift } from './shift';

const root = path.resolve(import.meta.dirname, '..');
const figures: [string, number | string][] = [];
const report = (name: string, value: number | string) => {
  figures.push([name, value]);
  console.log(`${name}: ${value}`);
};

await benchOpenTimes(report);
await benchWorkerStart(report);
await benchHostCost(report);
await benchHighlightsAndSync(report);
await benchPush(report);
await benchTrustScale(report);
// Letters: reading a transfer-of-care document (over ../shared's examples, when present) and a 5-page PDF.
if (!(await benchLetters(report))) console.log('letter-extract-ms: skipped (no ../shared/fixtures/transfer-of-care)');
await benchPdfLetters(report);
benchOutage(report);
await benchShift(report);
sizes();

/** Built sizes, gzipped as a browser store or a policy download would move them. */
function sizes() {
  const gz = (file: string) => gzipSync(readFileSync(file)).length;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  const all = files(EXTENSION_DIR);
  report('size-content-script-gzip-bytes', gz(path.join(EXTENSION_DIR, 'epr-page.js')));
  // The content script and the reader an EPR's page loads with it (the largest of them).
  const readers = readdirSync(EXTENSION_DIR).filter((f) => /^reader-.*\.js$/.test(f));
  report('size-reader-script-max-gzip-bytes', Math.max(...readers.map((f) => gz(path.join(EXTENSION_DIR, f)))));
  const html = readFileSync(path.join(EXTENSION_DIR, 'sidepanel.html'), 'utf8');
  const sidepanelFiles = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => path.join(EXTENSION_DIR, m[1]!));
  const sidepanelChunks = new Set([path.join(EXTENSION_DIR, 'sidepanel.html'), ...sidepanelFiles]);
  report('size-sidepanel-gzip-bytes', [...sidepanelChunks].reduce((n, f) => n + gz(f), 0));
  report('size-background-gzip-bytes', gz(path.join(EXTENSION_DIR, 'background.js')));
  report('size-unpacked-bytes', all.reduce((n, f) => n + statSync(f).size, 0));
  execFileSync('npx', ['wxt', 'zip'], { cwd: root, stdio: 'ignore' });
  const zip = readdirSync(path.join(root, '.output')).find((f) => f.endsWith('-chrome.zip'));
  if (zip) report('size-package-zip-bytes', statSync(path.join(root, '.output', zip)).size);
}
