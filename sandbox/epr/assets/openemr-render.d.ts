/** Types for openemr-render.js (a plain ES module the browser loads as is). */
import type { RosterPatient } from '../../roster.ts';

/** What the patient summary hands the top frame (like OpenEMR's left_nav.setPatient arguments). */
export interface OpenemrPatientData { pid: number; pubpid: string; fname: string; lname: string; dob: string }
export declare function openemrPatientData(p: RosterPatient): OpenemrPatientData;
export declare function openemrNameText(d: OpenemrPatientData): string;
export declare function openemrPubpidText(d: OpenemrPatientData): string;
export declare function openemrDobText(d: OpenemrPatientData, now?: Date): string;
export declare function renderAttendantPatient(d: OpenemrPatientData, now?: Date): string;
export declare function renderAttendantEmpty(): string;
