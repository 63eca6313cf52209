/**
 * OpenEMR.
 *
 * The top URL never changes (`/openemr/interface/main/tabs/main.php`); the patient summary loads in an
 * iframe and the top frame's header `#attendantData` is rewritten in place:
 * `Patient: Family, Given (ID: <public id>) ... DOB: YYYY-MM-DD Age: NN`. An empty header means no patient.
 * The public id is resolved through its identifier system.
 */
import { parseBannerDate, squash } from '../banner-text';
import type { Detection, EprAdapter } from '../types';
import { LOCAL_IDENTIFIER_SYSTEMS } from './local-identifiers';

export const openemr: EprAdapter = {
  id: 'openemr',
  label: 'OpenEMR',
  watchSelector: '#attendantData',
  matches: (url) => url.pathname.startsWith('/openemr/'),
  detect(doc): Detection {
    const header = doc.getElementById('attendantData');
    const text = squash(header?.textContent);
    const ids = [...text.matchAll(/\(ID:\s*([^)\s]+)\s*\)/g)].map((m) => m[1]!);
    if (!header || ids.length === 0) {
      return { kind: 'none', reason: 'No patient is selected in OpenEMR.' };
    }
    if (new Set(ids).size > 1) {
      return { kind: 'ambiguous', reason: 'The OpenEMR header shows more than one patient id.' };
    }
    const name = /Patient:\s*([^()]+?)\s*\(ID:/.exec(text)?.[1];
    const dob = /DOB:\s*(\S+)/.exec(text)?.[1];
    return {
      kind: 'patient',
      patient: {
        adapterId: 'openemr',
        source: 'OpenEMR patient header',
        confidence: 'high',
        identifier: { system: LOCAL_IDENTIFIER_SYSTEMS.openemrPubpid, value: ids[0]! },
        displayName: name,
        birthDate: dob ? parseBannerDate(dob) : undefined,
      },
    };
  },
};
