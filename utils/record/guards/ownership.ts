/**
 * Whose is this resource? Every resource a server sends is checked to belong to the patient before it
 * is kept: a server that ignores a search parameter (FHIR's lenient default,
 * https://hl7.org/fhir/R4/search.html#errors) must not put another patient's "Violent towards staff"
 * flag under this patient's banner. Resources about anyone else, or about nobody we can tell, are
 * dropped and counted.
 */
import type { Reference, Resource } from '@medplum/fhirtypes';
import { NHS_NUMBER_SYSTEMS } from './nhs-number-verification';

const isNhsNumberSystem = (system: string | undefined) => (NHS_NUMBER_SYSTEMS as readonly (string | undefined)[]).includes(system);

/** The patient the record is for: its id on the server that sent it, and its NHS number if known. */
export interface PatientIdentity {
  id: string;
  nhsNumber?: string;
  /** The server's base URL, so an absolute reference to this server counts as this patient. */
  baseUrl?: string;
}

/** Resources that are about no patient (people, places, products): kept, they carry no patient data. */
const SUPPORTING = new Set(['Medication', 'Organization', 'Practitioner', 'PractitionerRole', 'Location', 'HealthcareService', 'Device', 'Substance']);

/** Where each patient-linked type names its patient (R4, and STU3 where it differs). */
function patientLinks(r: Resource): (Reference | undefined)[] | undefined {
  const any = r as Resource & Record<string, unknown>;
  const type: string = r.resourceType;
  switch (type) {
    case 'AllergyIntolerance':
    case 'Immunization':
    case 'RelatedPerson':
      return [any.patient as Reference | undefined];
    case 'Task':
      return [any.for as Reference | undefined];
    case 'Appointment':
      // Every participant that is a patient must be this one, and one must be.
      return ((any.participant as { actor?: Reference }[] | undefined) ?? []).map((p) => p.actor).filter((a) => isPatientReference(a));
    case 'Condition':
    case 'Flag':
    case 'MedicationRequest':
    case 'MedicationStatement':
    case 'Encounter':
    case 'CareTeam':
    case 'ServiceRequest':
    case 'DocumentReference':
    case 'List':
    case 'Observation':
    case 'Procedure':
    case 'DiagnosticReport':
    case 'CarePlan':
    case 'Goal':
    case 'ImagingStudy':
    case 'Communication':
    case 'Composition':
    case 'ProcedureRequest':
      return [any.subject as Reference | undefined];
    default:
      return undefined;
  }
}

function isPatientReference(ref: Reference | undefined): boolean {
  if (!ref) return false;
  if (ref.type === 'Patient') return true;
  if (ref.reference && /(^|\/)Patient\/[^/]+$/.test(ref.reference)) return true;
  return isNhsNumberSystem(ref.identifier?.system);
}

/**
 * Whether a reference names this patient: by id (relative, or absolute on this server) or NHS number.
 *
 * @param ref - the reference to check (undefined names no one)
 * @param who - the patient: FHIR id, server and NHS number
 */
export function namesPatient(ref: Reference | undefined, who: PatientIdentity): boolean {
  if (!ref) return false;
  const r = ref.reference;
  if (r) {
    if (r === `Patient/${who.id}`) return true;
    if (who.baseUrl && r === `${who.baseUrl.replace(/\/+$/, '')}/Patient/${who.id}`) return true;
    // A reference that names someone else is never rescued by an identifier beside it.
    return false;
  }
  return !!who.nhsNumber && isNhsNumberSystem(ref.identifier?.system) && ref.identifier?.value?.replace(/\s/g, '') === who.nhsNumber;
}

/**
 * Whether a resource belongs to the patient: `yes`, `no` (about someone else, or about nobody we can
 * tell), or `supporting` (a person, place or product, about no patient).
 *
 * @param r - the resource to check
 * @param who - the patient: FHIR id, server and NHS number
 */
export function ownership(r: Resource, who: PatientIdentity): 'yes' | 'no' | 'supporting' {
  if (SUPPORTING.has(r.resourceType)) return 'supporting';
  if (r.resourceType === 'Patient') return r.id === who.id ? 'yes' : 'no';
  const links = patientLinks(r);
  if (!links || links.length === 0) return 'no';
  return links.every((l) => namesPatient(l, who)) ? 'yes' : 'no';
}

/**
 * The resources that belong to the patient (and supporting ones), and how many did not.
 *
 * @param resources - the resources a server answered with
 * @param who - the patient: FHIR id, server and NHS number
 */
export function keepOwnResources(resources: readonly Resource[], who: PatientIdentity): { kept: Resource[]; otherPatients: number } {
  const kept: Resource[] = [];
  let otherPatients = 0;
  for (const r of resources) {
    if (ownership(r, who) === 'no') otherPatients++;
    else kept.push(r);
  }
  return { kept, otherPatients };
}
