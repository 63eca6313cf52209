/**
 * OpenMRS 3 (O3) single-page app.
 *
 * The route names the patient: `/openmrs/spa/patient/<uuid>/chart/<view>`, changed by
 * `history.pushState`. The patient banner (`<header role="banner" aria-label="patient banner">`) shows
 * name, gender, age and identifiers, sometimes the NHS number. The NHS number wins when shown; otherwise
 * the route's uuid is resolved through its identifier system.
 */
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '../nhs-number';
import { findNhsNumberCandidates, parseBannerDate, squash } from '../banner-text';
import type { Detection, EprAdapter } from '../types';
import { LOCAL_IDENTIFIER_SYSTEMS } from './local-identifiers';

const PATIENT_ROUTE = /\/openmrs\/spa\/patient\/([0-9a-f-]{36})(?:\/|$)/i;
const BANNER_SELECTOR = 'header[role="banner"][aria-label="patient banner" i]';

export const openmrs: EprAdapter = {
  id: 'openmrs',
  label: 'OpenMRS',
  watchSelector: BANNER_SELECTOR,
  matches: (url) => url.pathname.startsWith('/openmrs/spa/'),
  detect(doc, url): Detection {
    const uuid = PATIENT_ROUTE.exec(url.pathname)?.[1]?.toLowerCase();
    const banners = doc.querySelectorAll(BANNER_SELECTOR);
    if (!uuid) {
      return { kind: 'none', reason: 'No patient chart is open in OpenMRS.' };
    }
    if (banners.length > 1) {
      return { kind: 'ambiguous', reason: 'OpenMRS shows more than one patient banner.' };
    }
    const banner = banners[0];
    if (!banner) {
      // The route names a patient but the chart has not drawn yet: wait for the banner, so the name
      // and date of birth can be checked against the shared record.
      return { kind: 'none', reason: 'The OpenMRS patient chart is still loading.' };
    }
    const text = squash(banner.textContent);
    const nhsNumbers = [...new Set(findNhsNumberCandidates(text).filter(isValidNhsNumber))];
    if (nhsNumbers.length > 1) {
      return { kind: 'ambiguous', reason: 'The OpenMRS banner shows more than one NHS number.' };
    }
    const nameEl = banner.querySelector('[class*="patient-banner__name"]:not([class*="name-row"]), [data-patient-name]');
    // O3 shows the birth date unlabelled ("12-Mar-1950"), in its own element.
    const dobText = banner.querySelector('[class*="patient-banner__birthdate"]')?.textContent ?? /\b\d{1,2}-[A-Za-z]{3}-\d{4}\b/.exec(text)?.[0];
    const dob = dobText ? squash(dobText) : undefined;
    const nhsNumber = nhsNumbers[0];
    return {
      kind: 'patient',
      patient: {
        adapterId: 'openmrs',
        source: nhsNumber ? 'OpenMRS patient banner (NHS number)' : 'OpenMRS patient chart address',
        confidence: 'high',
        identifier: nhsNumber
          ? { system: NHS_NUMBER_SYSTEM, value: nhsNumber }
          : { system: LOCAL_IDENTIFIER_SYSTEMS.openmrsUuid, value: uuid },
        nhsNumber,
        displayName: nameEl ? squash(nameEl.textContent) : undefined,
        birthDate: dob ? parseBannerDate(dob) : undefined,
      },
    };
  },
};
