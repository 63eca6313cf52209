/** Types for openmrs-render.js (a plain ES module the browser loads as is). */
import type { RosterPatient } from '../../roster.ts';

export declare const OPENMRS_BASE: '/openmrs/spa';
export declare const OPENMRS_VIEWS: { id: string; label: string }[];
export type OpenmrsRoute =
  | { kind: 'home' }
  | { kind: 'search'; q: string }
  | { kind: 'patient'; uuid: string; view: string }
  | { kind: 'not-found'; path: string };
export declare function parseOpenmrsRoute(pathname: string, search?: string): OpenmrsRoute;
export declare function chartUrl(uuid: string, view?: string): string;
export declare function openmrsShowsNhsNumber(roster: RosterPatient[], patient: RosterPatient): boolean;
export declare function renderOpenmrsBanner(roster: RosterPatient[], p: RosterPatient, now?: Date): string;
export declare function renderOpenmrsSkeleton(kind: 'list' | 'chart'): string;
export declare function renderOpenmrsHome(roster: RosterPatient[], now?: Date): string;
export declare function searchOpenmrsPatients(roster: RosterPatient[], q: string): RosterPatient[];
export declare function renderOpenmrsSearch(roster: RosterPatient[], q: string, now?: Date): string;
export declare function renderOpenmrsChartView(p: RosterPatient, view: string): string;
export declare function renderOpenmrsChart(p: RosterPatient, view: string): string;
export declare function renderOpenmrsNotFound(message: string): string;
export declare function renderOpenmrsRoute(
  roster: RosterPatient[],
  route: OpenmrsRoute,
  now?: Date,
): { banner: string; main: string; title: string; patient: RosterPatient | undefined };
