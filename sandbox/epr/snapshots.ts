/**
 * Static HTML of the demo EPRs' key page states, for unit tests of the patient-detection readers.
 * Rendered on the node side with the same render functions the browser uses, so each matches what the
 * page shows once loaded (save-snapshots.ts saves the really rendered DOM to __snapshots__/ too).
 *
 * Which patient each state shows (roster order matters):
 *   openmrsPatientChart   roster[0] (its banner shows OpenMRS ID and NHS Number: even roster position)
 *   openmrsHome           no patient; every roster patient in the worklist
 *   openmrsSearch         no patient; search results for opts.searchQuery (default '999': every test NHS number)
 *   openemrTopPatient     top frame with roster[0] set in #attendantData
 *   openemrTopNone        top frame, no patient (#attendantData empty)
 *   nhsPatient            roster[0], CUI banner
 *   nhsPatientNotKnown    the first patient whose gender the NHS EPR shows as "Not Known" (see nhs.ts)
 *   nhsPatientsList       no patient; every roster patient with NHS No.
 */
import type { RosterPatient } from '../roster.ts';
import { chartUrl, parseOpenmrsRoute, renderOpenmrsRoute } from './assets/openmrs-render.js';
import { nhsGenderNotKnown, renderNhsPatient, renderNhsPatientList } from './nhs.ts';
import { renderOpenemrMain } from './openemr.ts';
import { renderOpenmrsShell } from './openmrs.ts';

export interface EprSnapshots {
  openmrsPatientChart: string;
  openmrsHome: string;
  openmrsSearch: string;
  openemrTopPatient: string;
  openemrTopNone: string;
  nhsPatient: string;
  nhsPatientNotKnown: string;
  nhsPatientsList: string;
}

export interface EprSnapshotOptions {
  /** "Today", for ages. Default: now. */
  now?: Date;
  /** OpenMRS chart view for openmrsPatientChart. Default 'patient-summary'. */
  openmrsView?: string;
  /** Query for openmrsSearch. Default '999'. */
  searchQuery?: string;
}

function openmrsState(roster: RosterPatient[], pathAndQuery: string, now: Date): string {
  const url = new URL(pathAndQuery, 'http://localhost');
  const route = parseOpenmrsRoute(url.pathname, url.search);
  const out = renderOpenmrsRoute(roster, route, now);
  return renderOpenmrsShell({
    title: out.title,
    banner: out.banner,
    main: out.main,
    searchValue: route.kind === 'search' ? route.q : '',
  });
}

/** The HTML of each key page state for `roster` (at least one patient). */
export function renderEprSnapshots(roster: RosterPatient[], opts: EprSnapshotOptions = {}): EprSnapshots {
  const first = roster[0];
  if (!first) throw new Error('renderEprSnapshots: the roster is empty');
  const now = opts.now ?? new Date();
  const notKnown = roster.find((p) => nhsGenderNotKnown(roster, p)) ?? first;
  return {
    openmrsPatientChart: openmrsState(roster, chartUrl(first.openmrsUuid, opts.openmrsView ?? 'patient-summary'), now),
    openmrsHome: openmrsState(roster, '/openmrs/spa/home', now),
    openmrsSearch: openmrsState(roster, `/openmrs/spa/search?q=${encodeURIComponent(opts.searchQuery ?? '999')}`, now),
    openemrTopPatient: renderOpenemrMain({ patient: first, now }),
    openemrTopNone: renderOpenemrMain({ now }),
    nhsPatient: renderNhsPatient(roster, first, now),
    nhsPatientNotKnown: renderNhsPatient(roster, notKnown, now),
    nhsPatientsList: renderNhsPatientList(roster, now),
  };
}
