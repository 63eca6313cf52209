/**
 * The care organisations and professionals of the sandbox's imaginary "Northshire" integrated care
 * system: a GP practice, an acute trust, community nursing, mental health and social care.
 */
import type { Location, Organization, Practitioner, Reference } from '@medplum/fhirtypes';

const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

const org = (id: string, name: string, ods: string, type: string): Organization => ({
  resourceType: 'Organization',
  id,
  identifier: [{ system: ODS, value: ods }],
  name,
  type: [{ text: type }],
  address: [{ city: 'Northshire', country: 'GB' }],
});

export const ORGS = {
  gp: org('org-riverside-surgery', 'Riverside Surgery', 'Y01234', 'GP practice'),
  hospital: org('org-northshire-general', 'Northshire General Hospital NHS Trust', 'RX1', 'NHS trust'),
  community: org('org-northshire-community', 'Northshire Community Nursing Team', 'RX2C1', 'Community health'),
  mentalHealth: org('org-northshire-mh', 'Northshire Mental Health NHS Foundation Trust', 'RX3', 'Mental health trust'),
  socialCare: org('org-northshire-social-care', 'Northshire County Council Adult Social Care', 'N12345', 'Local authority social care'),
  childrens: org('org-northshire-childrens', "Northshire Children's Services", 'N12346', 'Local authority children’s services'),
} as const;

const person = (id: string, prefix: string, given: string, family: string, role: string): Practitioner => ({
  resourceType: 'Practitioner',
  id,
  name: [{ prefix: [prefix], given: [given], family }],
  qualification: [{ code: { text: role } }],
});

export const PEOPLE = {
  gp: person('pr-helen-carter', 'Dr', 'Helen', 'Carter', 'General practitioner'),
  districtNurse: person('pr-rachel-evans', 'Ms', 'Rachel', 'Evans', 'District nurse'),
  consultant: person('pr-james-oconnor', 'Dr', 'James', "O'Connor", 'Consultant physician'),
  socialWorker: person('pr-tom-baker', 'Mr', 'Tom', 'Baker', 'Social worker'),
  cpn: person('pr-fiona-reid', 'Ms', 'Fiona', 'Reid', 'Community psychiatric nurse'),
  diabetesNurse: person('pr-amir-hussain', 'Mr', 'Amir', 'Hussain', 'Diabetes specialist nurse'),
} as const;

const place = (id: string, name: string, managedBy: Organization): Location => ({
  resourceType: 'Location',
  id,
  name,
  status: 'active',
  managingOrganization: ref(managedBy),
});

export const PLACES = {
  ward7: place('loc-ward-7', 'Ward 7 (Elderly Care)', ORGS.hospital),
  outpatients: place('loc-outpatients', 'Outpatients Department, Northshire General', ORGS.hospital),
  diabetesCentre: place('loc-diabetes-centre', 'Diabetes Centre, Northshire General', ORGS.hospital),
  surgery: place('loc-riverside', 'Riverside Surgery', ORGS.gp),
} as const;

/** A reference to any type: the sandbox builds resources freely and the server validates them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReference = Reference<any>;

/** A reference with a display, as a shared record would carry it. */
export function ref(r: Organization | Practitioner | Location): AnyReference {
  if (r.resourceType === 'Practitioner') {
    const n = r.name?.[0];
    return { reference: `Practitioner/${r.id}`, display: `${n?.prefix?.[0] ?? ''} ${n?.given?.[0] ?? ''} ${n?.family ?? ''}`.trim() };
  }
  return { reference: `${r.resourceType}/${r.id}`, display: r.name };
}

export const ALL_SHARED_RESOURCES = [...Object.values(ORGS), ...Object.values(PEOPLE), ...Object.values(PLACES)];
