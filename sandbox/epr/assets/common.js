// @ts-check
/**
 * Helpers shared by the demo EPR pages. Plain ES module: the browser loads it from
 * /assets/common.js (no build step) and the node side (server, snapshots) imports it too,
 * so a page rendered in the browser and its static snapshot come from the same code.
 * Types: common.d.ts.
 */

/** @param {unknown} value */
export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** "9434765919" -> "943 476 5919" (same as utils/context/nhs-number.ts formatNhsNumber, which the browser can't import). */
export function formatNhsNumber(/** @type {string} */ digits) {
  const d = String(digits).replace(/[\s-]/g, '');
  return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "1950-03-12" -> "12-Mar-1950" (the date format of the NHS CUI and of OpenMRS O3). */
export function formatDateDMY(/** @type {string} */ iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[3]}-${MONTHS[Number(m[2]) - 1]}-${m[1]}`;
}

/** Whole years between an ISO birth date and `now` (local calendar). */
export function ageYears(/** @type {string} */ iso, now = new Date()) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  let age = now.getFullYear() - y;
  const nm = now.getMonth() + 1;
  if (nm < mo || (nm === mo && now.getDate() < d)) age--;
  return age;
}

/** FHIR administrative gender -> "Male" / "Female" / "Other" / "Unknown". */
export function genderLabel(/** @type {string} */ gender) {
  switch (gender) {
    case 'male': return 'Male';
    case 'female': return 'Female';
    case 'other': return 'Other';
    default: return 'Unknown';
  }
}

/** Small deterministic hash (FNV-1a) so each patient's made-up clinical content is stable. */
export function hashString(/** @type {string} */ s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A seeded pseudo-random generator (mulberry32). */
export function seededRandom(/** @type {number} */ seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEDICATIONS = [
  ['Amlodipine', '5 mg tablets', 'One tablet once a day'],
  ['Atorvastatin', '20 mg tablets', 'One tablet at night'],
  ['Metformin', '500 mg tablets', 'One tablet twice a day with food'],
  ['Ramipril', '2.5 mg capsules', 'One capsule once a day'],
  ['Levothyroxine', '50 microgram tablets', 'One tablet each morning'],
  ['Omeprazole', '20 mg gastro-resistant capsules', 'One capsule once a day'],
  ['Salbutamol', '100 micrograms/dose inhaler', 'Two puffs when required'],
  ['Apixaban', '5 mg tablets', 'One tablet twice a day'],
  ['Sertraline', '50 mg tablets', 'One tablet once a day'],
  ['Paracetamol', '500 mg tablets', 'Two tablets up to four times a day when required'],
];
const CONDITIONS = [
  'Essential hypertension', 'Type 2 diabetes mellitus', 'Asthma', 'Atrial fibrillation',
  'Hypothyroidism', 'Osteoarthritis of knee', 'Chronic kidney disease stage 3', 'Depressive disorder',
  'Gastro-oesophageal reflux disease', 'Chronic obstructive pulmonary disease',
];
const ALLERGIES = [
  ['Penicillin', 'Rash'], ['No known drug allergies', ''], ['Latex', 'Urticaria'],
  ['Codeine', 'Nausea and vomiting'], ['Peanut', 'Anaphylaxis'], ['No known drug allergies', ''],
];
const CLINICS = ['Cardiology outpatients', 'Diabetes clinic', 'General medicine', 'Respiratory clinic', 'Emergency department', 'Renal clinic'];

/**
 * Made-up but stable clinical content for a patient's record pages (the same patient always gets the same).
 * @param {{ fhirId: string }} patient
 */
export function fakeClinicalData(patient) {
  const rnd = seededRandom(hashString(patient.fhirId));
  const pick = (/** @type {number} */ n) => Math.floor(rnd() * n);
  const uniq = (/** @type {number} */ count, /** @type {number} */ n) => {
    /** @type {number[]} */ const out = [];
    while (out.length < count) { const i = pick(n); if (!out.includes(i)) out.push(i); }
    return out;
  };
  const medications = uniq(2 + pick(3), MEDICATIONS.length).map((i) => {
    const m = /** @type {string[]} */ (MEDICATIONS[i]);
    return { name: m[0], form: m[1], dose: m[2] };
  });
  const conditions = uniq(1 + pick(3), CONDITIONS.length).map((i, k) => ({
    name: /** @type {string} */ (CONDITIONS[i]),
    onset: `${2008 + pick(16)}-${String(1 + pick(12)).padStart(2, '0')}-${String(1 + pick(28)).padStart(2, '0')}`,
    status: k === 0 || rnd() > 0.3 ? 'Active' : 'Inactive',
  }));
  const a = /** @type {string[]} */ (ALLERGIES[pick(ALLERGIES.length)]);
  const allergies = a[1] ? [{ allergen: a[0], reaction: a[1], severity: rnd() > 0.5 ? 'Moderate' : 'Mild' }] : [];
  const vitals = Array.from({ length: 3 }, (_, k) => ({
    date: `2026-0${3 - k}-${String(3 + pick(24)).padStart(2, '0')}`,
    systolic: 112 + pick(45),
    diastolic: 66 + pick(28),
    pulse: 56 + pick(44),
    temperature: (36.1 + pick(15) / 10).toFixed(1),
    spo2: 93 + pick(7),
    respiratoryRate: 12 + pick(9),
    weight: (52 + pick(60) + rnd()).toFixed(1),
  }));
  const visits = Array.from({ length: 3 }, (_, k) => ({
    date: `${2025 - k}-${String(1 + pick(12)).padStart(2, '0')}-${String(1 + pick(28)).padStart(2, '0')}`,
    location: /** @type {string} */ (CLINICS[pick(CLINICS.length)]),
    type: k === 0 ? 'Outpatient' : rnd() > 0.5 ? 'Outpatient' : 'Inpatient',
  }));
  return { medications, conditions, allergies, vitals, visits };
}
