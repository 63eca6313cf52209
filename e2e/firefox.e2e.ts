/**
 * The core journeys in real Firefox (Debian's firefox-esr) with the Firefox build, observed from outside
 * the extension, since Firefox shows WebDriver neither its background nor its sidebar:
 *
 * - what the background asks of the sandbox FHIR server: the patient's lookup (`Patient?identifier=`)
 *   and their record fetch (the `batch` whose first entry is `GET Patient/<id>`);
 * - the websocket Subscriptions it keeps for the patients open in tabs (`Task?subject=Patient/…`):
 *   the background's own list of who is in view now, so a switch and leaving show there;
 * - the record-view AuditEvents the sidebar has sent once it has drawn a patient's record (after the
 *   identity check), with the time it drew it: drawn while the server was down means drawn from the cache.
 *
 * Prints one line per journey and `firefox-journeys: N of 5`.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, Subscription } from '@medplum/fhirtypes';
import { startSandbox, type Sandbox } from '../sandbox/index';
import type { RosterPatient } from '../sandbox/roster';
import { NhsCuiDriver, OpenMrsDriver, type EprDriver } from './epr-pages';
import {
  ADDON_ID,
  canWriteFirefoxPolicy,
  FIREFOX_POLICY_FILE,
  firefoxExtensionSettings,
  launchFirefoxWithExtension,
  launchFirefoxWithPolicy,
  type FirefoxWithExtension,
} from './firefox-browser';

const JOURNEYS = {
  nhs: 'NHS CUI: the patient in view, a switch, leaving',
  openmrs: 'OpenMRS: the patient in view, a switch, leaving',
  tabs: "two tabs: both tabs' patients are watched; a closed tab's patient is dropped at the next check",
  offline: 'offline: the cached record is drawn while the shared record is down',
  policy: "trust policy: policies.json configures the extension, which uses the trust's server",
} as const;
const results = new Map<string, { result: 'passed' | 'failed' | 'skipped' | 'not run'; ms?: number }>(Object.values(JOURNEYS).map((name) => [name, { result: 'not run' }]));

/** One journey: a test whose result is also counted for the summary line. */
function journey(name: string, body: () => Promise<void>, opts: { skip?: boolean } = {}) {
  if (opts.skip) results.set(name, { result: 'skipped' });
  it.skipIf(!!opts.skip)(name, async () => {
    const started = Date.now();
    try {
      await body();
      results.set(name, { result: 'passed', ms: Date.now() - started });
    } catch (err) {
      results.set(name, { result: 'failed', ms: Date.now() - started });
      throw err;
    }
  });
}

afterAll(() => {
  for (const [name, { result, ms }] of results) console.log(`firefox-journey: ${name}: ${result}${ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)} s)`}`);
  const passed = [...results.values()].filter((r) => r.result === 'passed').length;
  console.log(`firefox-journeys: ${passed} of ${results.size}`);
});

// What the sandbox saw.

/** What the sandbox was asked: each request's URL, and each of a batch's entries (`GET Patient?…`). */
const asked = (sandbox: Sandbox) => sandbox.fhir.requestLog.filter((e) => e.status === 200).flatMap((e) => (e.entries ? e.entries : [`${e.method} ${e.url}`]));

/** The identifiers the EPR shows for a patient (NHS number, or the OpenMRS uuid), as a search token ends. */
const tokensOf = (p: RosterPatient) => [p.nhsNumber, p.openmrsUuid].map((id) => `%7C${encodeURIComponent(id)}`);

/** The patient was looked up by an identifier the EPR shows: on its own, or in the batch that opens them. */
const lookedUp = (sandbox: Sandbox, p: RosterPatient) =>
  asked(sandbox).some((url) => url.startsWith('GET ') && url.includes('Patient?identifier=') && tokensOf(p).some((t) => url.includes(t)));

/** The patient's record was fetched: a batch asking for the Patient by id, or their record searches chained on the identifier. */
const recordFetched = (sandbox: Sandbox, p: RosterPatient) =>
  sandbox.fhir.requestLog.some(
    (e) =>
      e.method === 'POST' &&
      e.status === 200 &&
      !!e.entries?.some((x) => x === `GET Patient/${p.fhirId}` || (x.includes(':Patient.identifier=') && tokensOf(p).some((t) => x.includes(t)))),
  );

async function activeSubscriptions(sandbox: Sandbox): Promise<string[]> {
  const subs = await sandbox.fhir.repo.searchResources<Subscription>({ resourceType: 'Subscription' });
  return subs.filter((s) => s.status === 'active' && s.criteria).map((s) => s.criteria!);
}

/** The patients the extension keeps a Subscription for: those open in tabs (and viewed today). */
async function watchedPatients(sandbox: Sandbox): Promise<string[]> {
  const criteria = (await activeSubscriptions(sandbox)).find((c) => c.startsWith('Task?subject='));
  return criteria ? criteria.slice('Task?subject='.length).split(',').map((ref) => ref.replace(/^Patient\//, '')).sort() : [];
}

/** What the sandbox has seen of one patient: looked up, record fetched, watched now. */
async function seenOf(sandbox: Sandbox, p: RosterPatient) {
  return { lookedUp: lookedUp(sandbox, p), recordFetched: recordFetched(sandbox, p), watched: (await watchedPatients(sandbox)).includes(p.fhirId) };
}

interface RecordView {
  patientId: string;
  eprOrigin: string;
  reader: string;
  contextId: string;
  recorded: number;
}

/** The record views the sidebar reported (AuditEvents), oldest first. */
async function recordViews(sandbox: Sandbox): Promise<RecordView[]> {
  const events = await sandbox.fhir.repo.searchResources<AuditEvent>({ resourceType: 'AuditEvent' });
  return events
    // A record view (DICOM "Patient Record"); a prefetch from the EPR's list is a query, audited apart.
    .filter((e) => e.type.code === '110110')
    .map((e) => {
      const entity = e.entity?.[0];
      const detail = (type: string) => entity?.detail?.find((d) => d.type === type)?.valueString ?? '';
      return {
        patientId: entity?.what?.reference?.replace(/^Patient\//, '') ?? '',
        eprOrigin: e.source?.site ?? '',
        reader: detail('epr-reader'),
        contextId: detail('alongside-context'),
        recorded: Date.parse(e.recorded ?? ''),
      };
    })
    .sort((a, b) => a.recorded - b.recorded);
}

/** Polls `read` until it equals `expected`, then asserts it (a diff of the last reading on timeout). */
async function eventually<T>(read: () => Promise<T> | T, expected: T, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  let actual = await read();
  while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    actual = await read();
  }
  expect(actual).toEqual(expected);
}

const IN_VIEW = { lookedUp: true, recordFetched: true, watched: true };

/** Opens A, then B, then leaves, in one EPR, checking what the background did at each step. */
async function patientInViewSwitchLeave(sandbox: Sandbox, epr: EprDriver, a: RosterPatient, b: RosterPatient): Promise<void> {
  await epr.goToList();
  await epr.openPatient(a);
  await eventually(() => seenOf(sandbox, a), IN_VIEW);
  await eventually(() => watchedPatients(sandbox), [a.fhirId]);
  // Bound over the sandbox's ws:// socket (the demo build's policy does not upgrade it to wss://).
  await eventually(async () => sandbox.fhir.subscriptionBinds() > 0, true);

  await epr.openPatient(b);
  await eventually(() => seenOf(sandbox, b), IN_VIEW);
  // Only B is in view now: A's Subscription went with the switch.
  await eventually(() => watchedPatients(sandbox), [b.fhirId]);

  await epr.leavePatient();
  await eventually(() => watchedPatients(sandbox), []);
}

describe('Firefox: the patient in view, in two EPRs and two tabs', () => {
  let sandbox: Sandbox;
  let ff: FirefoxWithExtension;

  beforeAll(async () => {
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null, subscriptions: true });
    ff = await launchFirefoxWithExtension({ managedSettings: firefoxExtensionSettings(sandbox) });
    expect(ff.addonId).toBe(ADDON_ID);
  });

  afterAll(async () => {
    await ff?.close();
    await sandbox?.close();
  });

  journey(JOURNEYS.nhs, async () => {
    const page = await ff.browser.newPage();
    const [a, b] = sandbox.data.roster;
    await patientInViewSwitchLeave(sandbox, new NhsCuiDriver(page, sandbox.epr.baseUrl), a!, b!);
    await page.close();
  });

  journey(JOURNEYS.openmrs, async () => {
    const page = await ff.browser.newPage();
    const [, , a, b] = sandbox.data.roster;
    await patientInViewSwitchLeave(sandbox, new OpenMrsDriver(page, sandbox.epr.baseUrl), a!, b!);
    await page.close();
  });

  journey(JOURNEYS.tabs, async () => {
    const [, , , , a, b] = sandbox.data.roster;
    const first = await ff.browser.newPage();
    const nhs = new NhsCuiDriver(first, sandbox.epr.baseUrl);
    await nhs.goToList();
    await nhs.openPatient(a!);
    const second = await ff.browser.newPage();
    const openmrs = new OpenMrsDriver(second, sandbox.epr.baseUrl);
    await openmrs.goToList();
    await openmrs.openPatient(b!);
    await eventually(() => watchedPatients(sandbox), [a!.fhirId, b!.fhirId].sort());
    // A closed tab sends no "page left" (its content script is gone with it): its patient is dropped
    // at the next check, within one check interval (30 s here).
    await second.close();
    await eventually(() => watchedPatients(sandbox), [a!.fhirId], 45_000);
    await nhs.leavePatient();
    await eventually(() => watchedPatients(sandbox), []);
    await first.close();
  });
});

describe('Firefox: the sidebar and the cache', () => {
  let sandbox: Sandbox;
  let ff: FirefoxWithExtension;

  beforeAll(async () => {
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    ff = await launchFirefoxWithExtension({ managedSettings: firefoxExtensionSettings(sandbox), sidebarOpen: true });
  });

  afterAll(async () => {
    sandbox?.fhir.setFaults({});
    await ff?.close();
    await sandbox?.close();
  });

  journey(JOURNEYS.offline, async () => {
    // The sidebar follows the window's active tab: the first tab.
    const page = (await ff.browser.pages())[0]!;
    const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
    const [a, b] = sandbox.data.roster;
    const eprOrigin = sandbox.epr.baseUrl;

    // Online: A is looked up, fetched, cached, and drawn in the sidebar (its view audited).
    await epr.goToList();
    await epr.openPatient(a!);
    await eventually(async () => (await recordViews(sandbox)).map((v) => [v.patientId, v.eprOrigin, v.reader]), [[a!.fhirId, eprOrigin, 'nhs-cui-banner']]);
    const [online] = await recordViews(sandbox);
    await epr.leavePatient();

    // The shared record goes down; A is opened again. Only the cache can give the sidebar A's record.
    sandbox.fhir.setFaults({ down: true });
    const downAt = Date.now();
    await epr.openPatient(a!);
    // Time for the sidebar to draw it (well under a second here); nothing outside the extension can see it yet.
    await new Promise((r) => setTimeout(r, 5_000));
    const upAt = Date.now();
    sandbox.fhir.setFaults({});

    // Back up: B is opened, and the view of A queued while the server was down arrives with B's.
    await epr.openPatient(b!);
    await eventually(async () => (await recordViews(sandbox)).map((v) => v.patientId), [a!.fhirId, a!.fhirId, b!.fhirId]);
    const offline = (await recordViews(sandbox))[1]!;
    expect(offline.contextId).not.toBe(online!.contextId);
    expect(offline.recorded).toBeGreaterThanOrEqual(downAt);
    expect(offline.recorded).toBeLessThanOrEqual(upAt);
    // Nothing of A's record came from the server during the outage.
    expect(sandbox.fhir.requestLog.filter((e) => e.at >= downAt && e.at <= upAt)).toEqual([]);
  });
});

const policyWritable = canWriteFirefoxPolicy();

describe('Firefox: configured by the trust policy (policies.json)', () => {
  let sandbox: Sandbox;
  let ff: FirefoxWithExtension | undefined;

  beforeAll(async () => {
    if (!policyWritable) return;
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null, subscriptions: true });
    // No managed-storage manifest: the policy is the only place the extension can learn its server from.
    ff = await launchFirefoxWithPolicy({ '3rdparty': { Extensions: { [ADDON_ID]: firefoxExtensionSettings(sandbox) } } }, () => launchFirefoxWithExtension());
  });

  afterAll(async () => {
    await ff?.close();
    await sandbox?.close();
  });

  journey(
    JOURNEYS.policy,
    async () => {
      // Machine-wide, so gone as soon as Firefox has read it.
      expect(existsSync(FIREFOX_POLICY_FILE)).toBe(false);
      const settings = firefoxExtensionSettings(sandbox) as { userReference: string; teamReferences: string[] };
      // The background came up with the policy's server and the policy's clinician and teams.
      await eventually(async () => (await activeSubscriptions(sandbox)).filter((c) => c.startsWith('Task?owner=')), [`Task?owner=${[settings.userReference, ...settings.teamReferences].join(',')}`]);
      const page = await ff!.browser.newPage();
      const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
      const [a] = sandbox.data.roster;
      await epr.goToList();
      await epr.openPatient(a!);
      await eventually(() => seenOf(sandbox, a!), IN_VIEW);
      await page.close();
    },
    { skip: !policyWritable },
  );
});
