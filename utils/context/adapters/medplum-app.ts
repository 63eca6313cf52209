/**
 * Medplum app (and apps built on Medplum's React components).
 *
 * Routes name the patient by FHIR id: `/Patient/<id>/timeline`, `/Patient/<id>/details`, … The patient
 * header (`.medplum-patient-header`) lists `<dt>label</dt><dd>value</dd>` pairs: Name, DoB, Gender, and
 * one per identifier labelled with its system. An NHS number there wins; otherwise the route's id is
 * used as the shared record's Patient id, which is right only where the app runs on the shared record
 * itself; the identity check (name and DoB against the record) guards the rest.
 */
import { parseBannerDate, squash } from '../banner-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '../nhs-number';
import type { Detection, EprAdapter } from '../types';
import { FHIR_PATIENT_ID_SYSTEM } from './local-identifiers';

const ROUTE = /\/Patient\/([A-Za-z0-9\-.]{1,64})(?:\/|$)/;
const HEADER = '.medplum-patient-header, [data-testid="patient-header"]';

export const medplumApp: EprAdapter = {
  id: 'medplum-app',
  label: 'Medplum',
  watchSelector: HEADER,
  matches: (url) => ROUTE.test(url.pathname) || /\/Patient\/?$/.test(url.pathname),
  detect(doc, url): Detection {
    const id = ROUTE.exec(url.pathname)?.[1];
    if (!id) return { kind: 'none', reason: 'No patient is open in Medplum.' };
    const headers = doc.querySelectorAll(HEADER);
    if (headers.length > 1) return { kind: 'ambiguous', reason: 'Medplum shows more than one patient header.' };
    const header = headers[0];
    if (!header) return { kind: 'none', reason: 'The Medplum patient page is still loading.' };

    const fields = new Map<string, string>();
    for (const dl of header.querySelectorAll('dl')) {
      const label = squash(dl.querySelector('dt')?.textContent);
      const value = squash(dl.querySelector('dd')?.textContent);
      if (label) fields.set(label.toLowerCase(), value);
    }
    const shownNhs = fields.get(NHS_NUMBER_SYSTEM.toLowerCase())?.replace(/[\s-]/g, '');
    if (shownNhs && !isValidNhsNumber(shownNhs)) {
      return { kind: 'none', reason: 'The NHS number in the Medplum header fails its check digit, so it cannot be trusted.' };
    }
    const dob = fields.get('dob') ?? fields.get('birth date') ?? fields.get('date of birth');
    return {
      kind: 'patient',
      patient: {
        adapterId: 'medplum-app',
        source: shownNhs ? 'Medplum patient header (NHS number)' : 'Medplum patient address (FHIR id)',
        confidence: shownNhs ? 'high' : 'medium',
        identifier: shownNhs ? { system: NHS_NUMBER_SYSTEM, value: shownNhs } : { system: FHIR_PATIENT_ID_SYSTEM, value: id },
        nhsNumber: shownNhs,
        displayName: fields.get('name'),
        birthDate: dob ? parseBannerDate(dob) : undefined,
      },
    };
  },
};
