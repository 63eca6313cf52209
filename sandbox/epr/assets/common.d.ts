/** Types for common.js (a plain ES module the browser loads as is). */
export declare function escapeHtml(value: unknown): string;
export declare function formatNhsNumber(digits: string): string;
export declare const MONTHS: string[];
export declare function formatDateDMY(iso: string): string;
export declare function ageYears(iso: string, now?: Date): number;
export declare function genderLabel(gender: string): string;
export declare function hashString(s: string): number;
export declare function seededRandom(seed: number): () => number;
export interface FakeClinicalData {
  medications: { name: string; form: string; dose: string }[];
  conditions: { name: string; onset: string; status: string }[];
  allergies: { allergen: string; reaction: string; severity: string }[];
  vitals: {
    date: string; systolic: number; diastolic: number; pulse: number; temperature: string;
    spo2: number; respiratoryRate: number; weight: string;
  }[];
  visits: { date: string; location: string; type: string }[];
}
export declare function fakeClinicalData(patient: { fhirId: string }): FakeClinicalData;
