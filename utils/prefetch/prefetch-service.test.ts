import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { buildSandboxData } from '../../sandbox/seed';
import { AlongsideDb } from '@/utils/storage/db';
import { patientKey } from '@/utils/record/types';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { createContextService } from '@/utils/context/context-service';
import { getKnownIdentifier } from '@/utils/context/identifier-index';
import { NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import { getTabContext } from '@/utils/context/tab-contexts';
import { FhirClient } from '@/utils/fhir/client';
import { PRODUCTION_DEFAULTS } from '@/utils/settings/settings';
import { createPrefetchService } from './prefetch-service';

const data = buildSandboxData({ syntheaDir: null });
const EPR = 'https://epr.example.nhs.uk';
let fhir: FhirSandbox;
let store: RecordStore;
let n = 0;
beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
});
afterAll(() => fhir.close());
beforeEach(async () => {
  fakeBrowser.reset();
  store = new RecordStore(new AlongsideDb(`prefetch-${n++}`), await ensureSessionSecrets());
  fhir.resetRequestLog();
});

const listed = data.roster.slice(0, 6).map((p) => ({ system: NHS_NUMBER_SYSTEM, value: p.nhsNumber }));
const serverRequests = () => fhir.requestLog.filter((r) => !r.url.endsWith('/metadata'));

function prefetcher(settings: Partial<typeof PRODUCTION_DEFAULTS> = {}) {
  const audits: { ids: string[]; origin: string }[] = [];
  const client = new FhirClient({ baseUrl: fhir.baseUrl });
  const service = createPrefetchService({
    getStore: async () => store,
    getClient: async () => client,
    getSettings: async () => ({ ...PRODUCTION_DEFAULTS, staleAfterSeconds: 600, ...settings }),
    audit: async (ids, origin) => void audits.push({ ids, origin }),
    intervalMs: 0,
  });
  return { service, audits, client };
}

describe('prefetch from a list of patients', () => {
  it('fetches the listed patients’ records in one request, audits it as one query, and shows no one', async () => {
    const { service, audits, client } = prefetcher();
    await service.onList(EPR, listed);
    expect(serverRequests()).toHaveLength(1);
    expect(audits).toEqual([{ ids: data.roster.slice(0, 6).map((p) => p.fhirId), origin: EPR }]);
    for (const p of data.roster.slice(0, 6)) {
      expect((await store.get(patientKey(client.baseUrl, p.fhirId)))?.normalised).toBeTruthy();
      expect(await getKnownIdentifier(`${client.baseUrl}|${NHS_NUMBER_SYSTEM}|${p.nhsNumber}`)).toMatchObject({ patientId: p.fhirId });
    }
    // Nothing in view: no tab has a patient.
    expect(Object.keys(await fakeBrowser.storage.session.get(null)).filter((k) => k.startsWith('tab:'))).toEqual([]);
  });

  it('opening a prefetched patient asks nothing of the server', async () => {
    const { service, client } = prefetcher();
    await service.onList(EPR, listed);
    fhir.resetRequestLog();
    const p = data.roster[2]!;
    const contexts = createContextService({ getStore: async () => store, getClient: async () => client, getStaleAfterMs: async () => 600_000 });
    const shown = { displayName: `${p.family.toUpperCase()}, ${p.given}`, birthDate: p.birthDate };
    await contexts.handleReport(7, { pageId: 'pg', seq: 1, href: `${EPR}/x`, detection: { kind: 'patient', patient: { readerId: 't', source: 't', confidence: 'high', identifier: { system: NHS_NUMBER_SYSTEM, value: p.nhsNumber }, nhsNumber: p.nhsNumber, ...shown } } });
    expect((await getTabContext(7))?.resolution).toMatchObject({ status: 'found', patientId: p.fhirId });
    expect(serverRequests()).toEqual([]);
  });

  it('fetches nothing already fresh, at most the trust’s number, and nothing where the trust turned it off', async () => {
    const { service } = prefetcher({ prefetchMaxPatients: 2 });
    await service.onList(EPR, listed);
    expect(serverRequests()).toHaveLength(1);
    fhir.resetRequestLog();
    await service.onList(EPR, listed.slice(0, 2));
    expect(serverRequests()).toEqual([]);
    const off = prefetcher({ prefetchMaxPatients: 0 });
    await off.service.onList(EPR, listed);
    const elsewhere = prefetcher({ prefetchOrigins: ['https://other.example.nhs.uk'] });
    await elsewhere.service.onList(EPR, listed);
    expect(serverRequests()).toEqual([]);
    expect([...off.audits, ...elsewhere.audits]).toEqual([]);
  });

  it('a wipe during a batch: nothing of it is written after', async () => {
    const { service, client } = prefetcher();
    fhir.setFaults({ delayMs: [300, 300] });
    const pending = service.onList(EPR, listed);
    await new Promise((r) => setTimeout(r, 100));
    service.clear();
    await pending;
    fhir.setFaults({});
    for (const p of data.roster.slice(0, 6)) expect(await store.get(patientKey(client.baseUrl, p.fhirId))).toBeUndefined();
  });
});
