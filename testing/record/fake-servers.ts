/**
 * Fake FHIR servers for the record-layer tests: a shared record that answers Alongside's batch the way a
 * server does (searchsets per resource type, a Patient read, reference reads), a GP Connect endpoint
 * and a national records endpoint. Tests only; never bundled.
 */
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';

const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/fhir+json' } });

export interface FakeSharedRecord {
  fetch: typeof fetch;
  requests: { method: string; url: string; body?: Bundle; headers: Record<string, string> }[];
}

/**
 * A shared record holding `patient` and `resources`. Each search returns every resource of its type,
 * whatever the search parameters say, as a lenient server might (`lenient`), or only those that name the
 * patient (the default); `anyType` answers every search with the patient's resources of every kind, as
 * a broken server might. Reads of any resource held are answered.
 */
export function fakeSharedRecord(patient: Patient, resources: readonly Resource[], opts: { lenient?: boolean; anyType?: boolean; baseUrl: string; honourCount?: boolean }): FakeSharedRecord {
  const requests: FakeSharedRecord['requests'] = [];
  const byKey = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
  const names = (r: Resource) => JSON.stringify(r).includes(`"Patient/${patient.id}"`);
  const answer = (url: string) => {
    if (url === `Patient/${patient.id}`) return { resource: patient, response: { status: '200 OK' } };
    const held = byKey.get(url);
    if (held) return { resource: held, response: { status: '200 OK' } };
    if (!url.includes('?')) return { response: { status: '404 Not Found' } };
    const type = url.split('?')[0]!;
    const matches = type === 'Patient' ? [] : resources.filter((r) => (opts.anyType || r.resourceType === type) && (opts.lenient || (names(r) && statusMatches(r, url))));
    // `honourCount`: the first `_count` matches, sorted newest first where `_sort=-date` asks, with the total.
    const count = opts.honourCount ? Number(new URLSearchParams(url.slice(url.indexOf('?') + 1)).get('_count') ?? NaN) : NaN;
    const sent = Number.isFinite(count) ? [...matches].sort((a, b) => (url.includes('_sort=-date') ? dateOf(b).localeCompare(dateOf(a)) : 0)).slice(0, count) : matches;
    return { resource: { resourceType: 'Bundle', type: 'searchset', total: matches.length, entry: sent.map((resource) => ({ resource })) }, response: { status: '200 OK' } };
  };
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = String(input);
    const body = init?.body ? (JSON.parse(init.body as string) as Bundle) : undefined;
    requests.push({ method: init?.method ?? 'GET', url, body, headers: { ...(init?.headers as Record<string, string>) } });
    if (url === opts.baseUrl && body?.type === 'batch') {
      return json({ resourceType: 'Bundle', type: 'batch-response', entry: body.entry!.map((e) => answer(e.request!.url)) });
    }
    // A read by URL (a letter's attachment): what the server holds at that address.
    const held = (init?.method ?? 'GET') === 'GET' && url.startsWith(`${opts.baseUrl}/`) ? byKey.get(url.slice(opts.baseUrl.length + 1)) : undefined;
    if (held) return json(held);
    return json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }, 404);
  };
  return { fetch: fetchImpl, requests };
}

/** A resource's date for `_sort=-date` (an encounter's start, an observation's time). */
function dateOf(r: Resource): string {
  const any = r as { period?: { start?: string }; effectiveDateTime?: string; date?: string };
  return any.period?.start ?? any.effectiveDateTime ?? any.date ?? '';
}

/**
 * Whether a resource passes a search's status filters (`status=a,b`, `clinical-status=a,b`), as a strict
 * server applies them (a lenient one ignores them, like every other parameter). A resource with no status
 * at all is sent whatever the filter, so the record layer's own reading of a missing status is tested.
 */
function statusMatches(r: Resource, url: string): boolean {
  const params = new URLSearchParams(url.slice(url.indexOf('?') + 1));
  const wanted = (name: string) => params.get(name)?.split(',');
  const status = wanted('status');
  const own = (r as { status?: unknown }).status;
  if (status && typeof own === 'string' && !status.includes(own)) return false;
  const clinical = wanted('clinical-status');
  const code = (r as { clinicalStatus?: { coding?: { code?: string }[] } }).clinicalStatus?.coding?.[0]?.code;
  return !clinical || code === undefined || clinical.includes(code);
}

/** A GP Connect endpoint answering `$gpc.getstructuredrecord` with `bundle`. */
export function fakeGpConnect(bundle: Bundle): { fetch: typeof fetch; requests: { url: string; body: unknown }[] } {
  const requests: { url: string; body: unknown }[] = [];
  return {
    requests,
    fetch: async (input, init) => {
      requests.push({ url: String(input), body: init?.body ? JSON.parse(init.body as string) : undefined });
      return String(input).endsWith('/Patient/$gpc.getstructuredrecord') && init?.method === 'POST' ? json(bundle) : json({ resourceType: 'OperationOutcome', issue: [] }, 404);
    },
  };
}

/** A national records endpoint answering DocumentReference searches with `pointers`. */
export function fakeNationalRecords(pointers: readonly Resource[]): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: async (input) => {
      requests.push(String(input));
      return json({ resourceType: 'Bundle', type: 'searchset', entry: pointers.map((resource) => ({ resource })) });
    },
  };
}
