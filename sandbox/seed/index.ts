/**
 * The sandbox's synthetic-patient builder: deterministic for a seed and a date, so every fresh clone
 * gets the same patients, with "today" always today.
 *
 * Our own UK-flavoured patients come first. When ../shared/fixtures/synthea-r4/ is present, its 20
 * Synthea records are read in place (never copied), given NHS numbers and the demo EPRs' ids, and the
 * same care-coordination resources (tasks, appointments, care team, flags).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Extension, Identifier, Patient, Resource } from '@medplum/fhirtypes';
import { NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';
import { DEMO_IDENTIFIER_SYSTEMS, openmrsIdFor, type RosterPatient } from '../roster';
import { careCoordination, type CareProfile } from './care-coordination';
import { testNhsNumber } from './nhs-numbers';
import { ALL_SHARED_RESOURCES, ORGS, PEOPLE, ref, type AnyReference } from './organisations';
import { SeededRandom } from './random';
import { birthDateFor, clinicalRecord, UK_PATIENTS } from './uk-patients';
import { UK_CORE_PATIENT_ID, ukCoreRecord } from './uk-core-patient';
import { lettersRecord, LETTERS_PATIENT_ID } from './letters';

export interface SandboxData {
  /** Every resource to load, with its id set. */
  resources: Resource[];
  /** Who the demo EPRs list, ours first. */
  roster: RosterPatient[];
}

/** The Synthea records beside the repository, if this checkout has them. */
export const DEFAULT_SYNTHEA_DIR = path.resolve(import.meta.dirname, '../../../shared/fixtures/synthea-r4');

const VERIFICATION_URL = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
const VERIFICATION_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';

function nhsIdentifier(nhs: string, verified: boolean): Identifier {
  const ext: Extension = {
    url: VERIFICATION_URL,
    valueCodeableConcept: {
      coding: [
        verified
          ? { system: VERIFICATION_SYSTEM, code: '01', display: 'Number present and verified' }
          : { system: VERIFICATION_SYSTEM, code: '02', display: 'Number present but not traced' },
      ],
    },
  };
  return { system: NHS_NUMBER_SYSTEM, value: nhs, extension: [ext] };
}

/**
 * Builds the sandbox's patients.
 *
 * @param opts.seed - PRNG seed (default 1)
 * @param opts.now - "today" for the records (default: now)
 * @param opts.syntheaDir - folder of Synthea bundles; default: ../shared's when present; `null`: none
 */
/** The demo EPRs' own ids under the one system the demo site names (`eprSites[].localIdSystem`). */
function eprPatientIdentifiers(openmrsUuid: string, openemrPubpid: string) {
  return [openmrsUuid, openemrPubpid].map((value) => ({ system: DEMO_IDENTIFIER_SYSTEMS.demoEprPatient, value }));
}

export function buildSandboxData(opts: { seed?: number; now?: Date; syntheaDir?: string | null } = {}): SandboxData {
  const random = new SeededRandom(opts.seed ?? 1);
  const now = opts.now ?? new Date();
  const usedNhs = new Set<string>();
  const resources: Resource[] = [...ALL_SHARED_RESOURCES];
  const roster: RosterPatient[] = [];

  const addToRoster = (p: Omit<RosterPatient, 'openemrPid' | 'openemrPubpid' | 'openmrsId' | 'openmrsUuid'> & { openmrsUuid: string }) => {
    const n = roster.length + 1;
    const entry: RosterPatient = { ...p, openemrPid: n, openemrPubpid: `PUB${1000 + n}`, openmrsId: openmrsIdFor(n) };
    roster.push(entry);
    return entry;
  };

  for (const story of UK_PATIENTS) {
    const id = `uk-${story.key}`;
    const nhs = testNhsNumber(random, usedNhs);
    const openmrsUuid = random.uuid();
    const entry = addToRoster({
      fhirId: id, nhsNumber: nhs, nhsNumberVerified: story.nhsVerified, family: story.family, given: story.given, title: story.title,
      birthDate: birthDateFor(story, now), gender: story.gender, openmrsUuid, source: 'alongside',
    });
    const patient: Patient = {
      resourceType: 'Patient',
      id,
      identifier: [
        nhsIdentifier(nhs, story.nhsVerified),
        { system: DEMO_IDENTIFIER_SYSTEMS.openmrsUuid, value: openmrsUuid },
        { system: DEMO_IDENTIFIER_SYSTEMS.openemrPubpid, value: entry.openemrPubpid },
        ...eprPatientIdentifiers(openmrsUuid, entry.openemrPubpid),
      ],
      name: [{ use: 'official', family: story.family, given: [story.given], ...(story.title ? { prefix: [story.title] } : {}) }],
      gender: story.gender,
      birthDate: entry.birthDate,
      address: [{ use: 'home', line: [story.street], city: 'Northshire', postalCode: story.postcode, country: 'GB' }],
      generalPractitioner: [ref(ORGS.gp), ref(PEOPLE.gp)],
      managingOrganization: ref(ORGS.gp),
    };
    const subject: AnyReference = { reference: `Patient/${id}`, display: `${story.given} ${story.family}` };
    resources.push(patient, ...clinicalRecord(story, subject, now), ...careCoordination(id, subject, story.care, now));
  }

  const dir = opts.syntheaDir === undefined ? (existsSync(DEFAULT_SYNTHEA_DIR) ? DEFAULT_SYNTHEA_DIR : null) : opts.syntheaDir;
  if (dir) {
    const index = JSON.parse(readFileSync(path.join(dir, 'INDEX.json'), 'utf8')) as { patients: { file: string }[] };
    const profiles: CareProfile[] = [{ dnacpr: true }, { missedDaysAgo: 5 }, { clinicToday: true }, {}, { dischargedDaysAgo: 6 }, { referral: true }, {}];
    index.patients.forEach(({ file }, i) => {
      const bundle = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Bundle;
      const { patient, others } = fromSyntheaBundle(bundle);
      const nhs = testNhsNumber(random, usedNhs);
      const openmrsUuid = random.uuid();
      const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
      // Synthea appends digits to names ("Asa127"): a clinician would never see those.
      const clean = (s: string | undefined) => (s ?? '').replace(/\d+/g, '');
      const family = clean(name?.family);
      const given = clean(name?.given?.[0]);
      const entry = addToRoster({
        fhirId: patient.id!, nhsNumber: nhs, nhsNumberVerified: true, family, given, title: clean(name?.prefix?.[0]) || undefined,
        birthDate: patient.birthDate ?? '1970-01-01', gender: patient.gender ?? 'unknown', openmrsUuid, source: 'synthea',
      });
      patient.name = [{ use: 'official', family, given: [given], ...(entry.title ? { prefix: [entry.title] } : {}) }];
      patient.identifier = [
        nhsIdentifier(nhs, true),
        { system: DEMO_IDENTIFIER_SYSTEMS.openmrsUuid, value: openmrsUuid },
        { system: DEMO_IDENTIFIER_SYSTEMS.openemrPubpid, value: entry.openemrPubpid },
        ...eprPatientIdentifiers(openmrsUuid, entry.openemrPubpid),
        ...(patient.identifier ?? []),
      ];
      const subject: AnyReference = { reference: `Patient/${patient.id}`, display: `${given} ${family}` };
      resources.push(patient, ...others, ...careCoordination(`syn-${i}`, subject, { ...profiles[i % profiles.length], lead: i % 2 ? 'gp' : 'districtNurse' }, now));
    });
  }

  // Last, so the patients above keep their NHS numbers and ids: one whose record is shaped as UK Core
  // servers send it (references without display, medicines by reference, …), with a GP Connect record.
  const ukCoreNhs = testNhsNumber(random, usedNhs);
  const ukCoreBirth = birthDateFor({ age: 41, birthMonthDay: '08-14' } as (typeof UK_PATIENTS)[number], now);
  const ukCore = ukCoreRecord(ukCoreNhs, ukCoreBirth, now);
  addToRoster({
    fhirId: UK_CORE_PATIENT_ID, nhsNumber: ukCoreNhs, nhsNumberVerified: true, family: 'Okafor', given: 'Nadia', title: 'Mrs',
    birthDate: ukCoreBirth, gender: 'female', openmrsUuid: random.uuid(), source: 'alongside',
  });
  ukCore.patient.identifier!.push(
    { system: DEMO_IDENTIFIER_SYSTEMS.openmrsUuid, value: roster.at(-1)!.openmrsUuid },
    { system: DEMO_IDENTIFIER_SYSTEMS.openemrPubpid, value: roster.at(-1)!.openemrPubpid },
  );
  resources.push(ukCore.patient, ...ukCore.resources);

  // Last again: a patient with letters on the shared record (sandbox/seed/letters.ts; the PDF letter's
  // bytes are added by startSandbox, as pdf-lib makes them asynchronously).
  const lettersNhs = testNhsNumber(random, usedNhs);
  const misfiledNhs = testNhsNumber(random, usedNhs);
  const lettersBirth = birthDateFor({ age: 71, birthMonthDay: '10-03' } as (typeof UK_PATIENTS)[number], now);
  const edward = lettersRecord(lettersNhs, lettersBirth, misfiledNhs, now);
  const edwardEntry = addToRoster({
    fhirId: LETTERS_PATIENT_ID, nhsNumber: lettersNhs, nhsNumberVerified: true, family: 'Hale', given: 'Edward', title: 'Mr',
    birthDate: lettersBirth, gender: 'male', openmrsUuid: random.uuid(), source: 'alongside',
  });
  edward.patient.identifier!.push(
    { system: DEMO_IDENTIFIER_SYSTEMS.openmrsUuid, value: edwardEntry.openmrsUuid },
    { system: DEMO_IDENTIFIER_SYSTEMS.openemrPubpid, value: edwardEntry.openemrPubpid },
    ...eprPatientIdentifiers(edwardEntry.openmrsUuid, edwardEntry.openemrPubpid),
  );
  resources.push(edward.patient, ...edward.resources);
  return { resources, roster };
}

/** Types left out of Synthea records: billing, which no clinician reads and which triples load time. */
const SKIPPED_TYPES = new Set(['Claim', 'ExplanationOfBenefit']);

/**
 * Turns a Synthea transaction Bundle (urn:uuid fullUrls and references) into resources with ids, and
 * references rewritten to `Type/id`.
 */
export function fromSyntheaBundle(bundle: Bundle): { patient: Patient; others: Resource[] } {
  const idFor = new Map<string, string>();
  for (const e of bundle.entry ?? []) {
    if (e.fullUrl?.startsWith('urn:uuid:') && e.resource) idFor.set(e.fullUrl, `${e.resource.resourceType}/${e.fullUrl.slice(9)}`);
  }
  const rewritten = JSON.parse(
    JSON.stringify(bundle.entry ?? []).replace(/"urn:uuid:([0-9a-f-]{36})"/g, (m, uuid: string) => {
      const target = idFor.get(`urn:uuid:${uuid}`);
      return target ? JSON.stringify(target) : m;
    }),
  ) as NonNullable<Bundle['entry']>;
  let patient: Patient | undefined;
  const others: Resource[] = [];
  for (const [i, e] of rewritten.entries()) {
    const r = e.resource;
    if (!r || SKIPPED_TYPES.has(r.resourceType)) continue;
    const id = (bundle.entry?.[i]?.fullUrl ?? '').replace('urn:uuid:', '');
    const withId = { ...r, id } as Resource;
    if (withId.resourceType === 'Patient') patient = withId;
    else others.push(withId);
  }
  if (!patient) throw new Error('A Synthea bundle without a Patient');
  return { patient, others };
}

/** Named patients the tests and the demo use, by their story. */
export function demoPatient(data: SandboxData, key: (typeof UK_PATIENTS)[number]['key']): RosterPatient {
  const p = data.roster.find((r) => r.fhirId === `uk-${key}`);
  if (!p) throw new Error(`No demo patient ${key}`);
  return p;
}
