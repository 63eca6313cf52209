/**
 * Record views as FHIR AuditEvents (https://hl7.org/fhir/R4/auditevent.html): who viewed which
 * patient, when, from which EPR. The patient is named by the shared record's Patient id only, never by
 * NHS number, name or date of birth, so the queue holding events while offline carries no identifying
 * details on disk.
 */
import type { AuditEvent } from '@medplum/fhirtypes';

export interface RecordView {
  /** The shared record's Patient.id. */
  patientId: string;
  /** The EPR page's origin, and the reader that read the patient there. */
  eprOrigin: string;
  readerId: string;
  /** The context the view belonged to: one event per context, however often the panel redraws. */
  contextId: string;
  /** Who viewed: the signed-in user when there is one; until then, this browser's install. */
  viewer: { display: string; id?: string; reference?: string };
  at: Date;
  extensionVersion: string;
}

/**
 * The AuditEvent for one record view (DICOM "Patient Record" read, as FHIR's examples use).
 *
 * @param view - who viewed which patient's record, from which EPR page, and when
 */
export function recordViewAuditEvent(view: RecordView): AuditEvent {
  return {
    resourceType: 'AuditEvent',
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read', display: 'read' }],
    action: 'R',
    recorded: view.at.toISOString(),
    outcome: '0',
    agent: [
      {
        requestor: true,
        who: { display: view.viewer.display, ...(view.viewer.reference ? { reference: view.viewer.reference } : {}), ...(view.viewer.id ? { identifier: { value: view.viewer.id } } : {}) },
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type', code: 'humanuser', display: 'human user' }] },
      },
    ],
    source: {
      site: view.eprOrigin,
      observer: { display: `Alongside ${view.extensionVersion}` },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    entity: [
      {
        what: { reference: `Patient/${view.patientId}` },
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
        role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
        detail: [
          { type: 'epr-reader', valueString: view.readerId },
          { type: 'alongside-context', valueString: view.contextId },
        ],
      },
    ],
  };
}

/** A prefetch: the records of the patients a list showed, fetched ahead, not viewed. */
export interface RecordPrefetch {
  /** The shared record's Patient ids fetched. */
  patientIds: string[];
  /** The EPR page the list was on. */
  eprOrigin: string;
  /** One event per prefetch batch. */
  batchId: string;
  viewer: RecordView['viewer'];
  at: Date;
  extensionVersion: string;
}

/**
 * The AuditEvent for one prefetch batch: a query (DICOM "Query", restful `batch`), naming each patient
 * whose record was fetched ahead by Patient id. It says no one viewed them: a prefetched record is not
 * shown until its patient is opened, and then that view is audited as any other.
 *
 * @param p - the batch: who asked, from which EPR origin, when, and the Patient ids fetched
 */
export function prefetchAuditEvent(p: RecordPrefetch): AuditEvent {
  const view = recordViewAuditEvent({ patientId: '', eprOrigin: p.eprOrigin, readerId: 'list', contextId: p.batchId, viewer: p.viewer, at: p.at, extensionVersion: p.extensionVersion });
  return {
    ...view,
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110112', display: 'Query' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'batch', display: 'batch' }],
    action: 'E',
    entity: p.patientIds.map((id) => ({
      what: { reference: `Patient/${id}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
      detail: [{ type: 'alongside-prefetch', valueString: p.batchId }],
    })),
  };
}
