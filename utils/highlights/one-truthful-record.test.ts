/**
 * One truthful record across sources (issue 20), scenario by scenario, each written from the clinical
 * situation: what a clinician must see when the shared record and the GP record disagree, when a
 * medicine contradicts an allergy, when the patient is restricted or has died, and what must stay off the
 * first screen. Normalised as the background does, ranked as the panel does.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { patientBanner } from '@/utils/highlights/patient-banner';
import type { RankedLine } from '@/utils/highlights/rank';
import { pendingTasks } from '@/utils/tasks/pending-tasks';
import { appointment, daysFromNow, edAttendance, noise, noKnownAllergy, normalisedRecord, NOW, PATIENT, rankRecord, SCT, task } from '../../testing/scenarios/build';
import { CHILD, codedAllergy, gpConnectBundle, gpPart, gpStatement, hospitalOrder, LOINC, ODS, observation, problem } from '../../testing/scenarios/truth';
import { syncedRecord } from '../../testing/record/synced';

const P = { reference: 'Patient/p' };
const texts = (r: { all: RankedLine[] }) => r.all.map((l) => l.text);
const lineWith = (r: { all: RankedLine[] }, pattern: RegExp) => r.all.filter((l) => pattern.test(l.text));

describe('a medicine stopped in one record and active in another is one line showing both', () => {
  it('the GP stopped apixaban after a GI bleed; the hospital order is still active: one must-see line, the stop first', () => {
    const r = rankRecord([...noise(), hospitalOrder('apix-hosp', 'Apixaban 5mg tablets', '2025-03-03')], {
      now: NOW,
      parts: [gpPart([gpStatement('apix-gp', 'Apixaban 5mg tablets', 'stopped', { start: '2024-01-10', end: '2026-11-12', reason: 'GI bleed' })])],
    });
    const lines = lineWith(r, /Apixaban/);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.mustSee).toBe(true);
    expect(lines[0]!.text).toMatch(/stopped by Riverside Surgery on 12-Nov-2026 \(GI bleed\)/);
    expect(lines[0]!.text).toMatch(/still active in .* since 03-Mar-2025/);
    expect(texts(r).filter((t) => /^Takes Apixaban/.test(t))).toEqual([]);
    expect(r.firstScreen.map((l) => l.id)).toContain(lines[0]!.id);
  });

  it('the GP ended it (completed) or entered it in error: still a conflict', () => {
    for (const [status, words] of [['completed', 'ended by Riverside Surgery'], ['entered-in-error', 'entered in error in the record of Riverside Surgery']] as const) {
      const r = rankRecord([hospitalOrder('warf', 'Warfarin 3mg tablets', '2025-06-01')], { now: NOW, parts: [gpPart([gpStatement('w-gp', 'Warfarin 3mg tablets', status, { start: '2024-01-01', end: '2026-10-01' })])] });
      expect(lineWith(r, /Warfarin/).map((l) => l.text)).toEqual([expect.stringContaining(words)]);
    }
  });

  it('matched by ingredient across products: the GP stopped co-amoxiclav 625mg, the hospital holds the 375mg tablets', () => {
    const r = rankRecord([hospitalOrder('ca-hosp', 'Co-amoxiclav 250mg/125mg tablets', '2026-11-01', '39732111000001101')], {
      now: NOW,
      parts: [gpPart([gpStatement('ca-gp', 'Co-amoxiclav 500mg/125mg tablets', 'stopped', { start: '2026-11-02', end: '2026-11-10', reason: 'Rash' })])],
    });
    expect(lineWith(r, /Co-amoxiclav/).map((l) => l.text)).toEqual([expect.stringMatching(/stopped by Riverside Surgery on 10-Nov-2026 \(Rash\); still active/)]);
  });

  it('no conflict where there is none: a dose change in the GP record, or a stop long before the hospital started it again', () => {
    const doseChange = rankRecord([hospitalOrder('apix-hosp', 'Apixaban 5mg tablets', '2025-03-03')], {
      now: NOW,
      parts: [gpPart([
        gpStatement('apix-5', 'Apixaban 5mg tablets', 'stopped', { start: '2024-01-10', end: '2026-11-12' }),
        gpStatement('apix-2.5', 'Apixaban 2.5mg tablets', 'active', { start: '2026-11-12' }),
      ])],
    });
    expect(texts(doseChange).filter((t) => /stopped/.test(t))).toEqual([]);
    const restarted = rankRecord([hospitalOrder('apix-hosp', 'Apixaban 5mg tablets', '2025-03-03')], { now: NOW, parts: [gpPart([gpStatement('old', 'Apixaban 5mg tablets', 'stopped', { start: '2019-01-01', end: '2020-02-01' })])] });
    expect(lineWith(restarted, /Apixaban/).map((l) => l.text)).toEqual([expect.stringMatching(/^Takes Apixaban 5mg tablets \(Anticoagulant\)/)]);
  });
});

describe('allergies across sources', () => {
  it('"no known allergies" in the GP record against a penicillin allergy in the shared record: the allergy stands, with the conflict', () => {
    const r = rankRecord([...noise(), codedAllergy('pen', 'Penicillin', { reaction: 'Rash' })], { now: NOW, parts: [gpPart([noKnownAllergy('nka')])] });
    expect(texts(r).filter((t) => /^No known allergies/.test(t))).toEqual([]);
    expect(lineWith(r, /^Allergy: Penicillin/).map((l) => l.text)).toEqual([expect.stringMatching(/Conflict: "No known allergy" recorded by Riverside Surgery on .*; the allergy stands/)]);
    expect(normalisedRecord([codedAllergy('pen', 'Penicillin')], { parts: [gpPart([noKnownAllergy('nka')])] }).allergies.state).toBe('listed');
  });

  it('two allergies carrying the generic "transfer-degraded drug allergy" code are two lines, named by their text', () => {
    const degraded = { code: '196461000000101', display: 'Transfer-degraded drug allergy' };
    const r = rankRecord([...noise(), codedAllergy('a1', 'Trimethoprim', degraded), codedAllergy('a2', 'Nitrofurantoin', degraded)], { now: NOW });
    expect(lineWith(r, /^Allergy: /).map((l) => l.text)).toEqual(['Allergy: Trimethoprim.', 'Allergy: Nitrofurantoin.']);
  });

  it('an allergy entered in error in the GP record and active in the shared record is shown with both', () => {
    const gpError: Resource = { ...codedAllergy('gp-lat', 'Latex'), verificationStatus: { coding: [{ code: 'entered-in-error' }] } } as Resource;
    const r = rankRecord([codedAllergy('lat', 'Latex', { reaction: 'Urticaria' })], { now: NOW, parts: [gpPart([gpError])] });
    expect(lineWith(r, /Latex/).map((l) => l.text)).toEqual([expect.stringMatching(/^Allergy: Latex \(Urticaria\)\. Conflict: entered in error in the record of Riverside Surgery/)]);
  });
});

describe('"no known" and "no information" statements are never current items (IPS, UK Core, GP Connect)', () => {
  const IPS_ABSENT = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
  const absentAllergy = (id: string, coding: { system?: string; code?: string; display: string } | undefined, text?: string): Resource => ({
    resourceType: 'AllergyIntolerance', id, patient: P, clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'confirmed' }] }, recordedDate: '2025-01-01',
    code: { ...(coding ? { coding: [coding] } : {}), ...(text ? { text } : {}) },
  });
  const absentMedicine = (id: string, coding: { system: string; code: string; display: string }): Resource => ({
    resourceType: 'MedicationStatement', id, status: 'active', subject: P, medicationCodeableConcept: { coding: [coding] }, effectivePeriod: { start: '2025-01-01' },
  });
  const absentProblem = (id: string, coding: { system: string; code: string; display: string }): Resource => ({
    resourceType: 'Condition', id, subject: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [coding] }, onsetDateTime: '2025-01-01',
  });

  it.each([
    ['the IPS 1.0 code "no-known-allergies"', absentAllergy('nka', { system: IPS_ABSENT, code: 'no-known-allergies', display: 'No known allergies' })],
    ['"No known drug allergy (situation)" by SNOMED CT', absentAllergy('nka', { system: SCT, code: '409137002', display: 'No known drug allergy (situation)' })],
    ['"NKDA" in words alone', absentAllergy('nka', undefined, 'NKDA')],
  ])('%s is "No known allergies", never "Allergy: …"', (_what, resource) => {
    const r = rankRecord([resource], { now: NOW });
    expect(texts(r).filter((t) => /^Allergy/.test(t))).toEqual([]);
    expect(texts(r)).toContainEqual(expect.stringMatching(/^No known allergies/));
  });

  it('"No information about allergies" (IPS) is nothing recorded, never an allergy nor "no known allergies"', () => {
    const r = rankRecord([absentAllergy('none', { system: IPS_ABSENT, code: 'no-allergy-info', display: 'No information about allergies' })], { now: NOW });
    expect(texts(r).filter((t) => /^Allergy|^No known/.test(t))).toEqual([]);
    expect(texts(r)).toContainEqual(expect.stringMatching(/^Allergies not recorded/));
  });

  it('"no known allergy to penicillin" in words is read as what it says, not as "none"', () => {
    const r = rankRecord([absentAllergy('odd', undefined, 'No known allergies except latex')], { now: NOW });
    expect(texts(r).filter((t) => /^No known allergies/.test(t))).toEqual([]);
  });

  it('"no known allergies" in the GP record and an IPS "no known allergies" never stand beside a recorded allergy', () => {
    const r = rankRecord([codedAllergy('pen', 'Penicillin'), absentAllergy('ips-nka', { system: IPS_ABSENT, code: 'no-known-allergies', display: 'No known allergies' })], { now: NOW, parts: [gpPart([noKnownAllergy('nka')])] });
    expect(texts(r).filter((t) => /^No known/.test(t))).toEqual([]);
    expect(lineWith(r, /^Allergy: Penicillin/)).toHaveLength(1);
  });

  it.each([
    ['"No known medications" (SNOMED CT)', absentMedicine('none', { system: SCT, code: '787481004', display: 'No known medications (situation)' })],
    ['"no-medication-info" (IPS 1.0)', absentMedicine('none', { system: IPS_ABSENT, code: 'no-medication-info', display: 'No information about medications' })],
    ['"No current problems or disability" (SNOMED CT)', absentProblem('none', { system: SCT, code: '160245001', display: 'No current problems or disability (situation)' })],
    ['"no-known-problems" (IPS 1.0)', absentProblem('none', { system: IPS_ABSENT, code: 'no-known-problems', display: 'No known problems' })],
  ])('%s is no medicine and no problem', (_what, resource) => {
    const r = rankRecord([resource], { now: NOW });
    expect(texts(r).join('\n')).not.toMatch(/No known|No information|No current problems/i);
  });
});

describe('a problem resolved in one record and active in another is shown with both', () => {
  it('asthma resolved by the GP in 2024, still active in the shared record since 2019', () => {
    const r = rankRecord([problem('asthma', 'Asthma', { active: true, onset: '2019-04-01' })], { now: NOW, parts: [gpPart([problem('gp-asthma', 'Asthma', { active: false, onset: '2010-01-01', resolved: '2024-03-12' })])] });
    expect(lineWith(r, /Asthma/).map((l) => l.text)).toEqual(['Asthma: resolved by Riverside Surgery on 12-Mar-2024; still active in the shared record since 01-Apr-2019.']);
  });
});

describe('allergy against medicine: flagged on both lines', () => {
  it('co-amoxiclav four lines under "penicillin anaphylaxis": must-see, flagged on both', () => {
    const r = rankRecord([...noise(), codedAllergy('pen', 'Penicillin', { criticality: 'high', reaction: 'Anaphylaxis' }), hospitalOrder('coamox', 'Co-amoxiclav 500mg/125mg tablets', '2026-11-20', '39732111000001101')], { now: NOW });
    const medicine = r.all.find((l) => l.id === 'MedicationRequest/coamox')!;
    expect(medicine).toMatchObject({ mustSee: true, ruleId: 'allergy-contradictions' });
    expect(medicine.text).toMatch(/contradicts the recorded allergy to Penicillin \(Penicillins, severe\)/);
    expect(r.firstScreen.map((l) => l.id)).toContain('MedicationRequest/coamox');
    expect(r.all.find((l) => l.id === 'AllergyIntolerance/pen')!.text).toMatch(/Contradicted by a current medicine: Co-amoxiclav 500mg\/125mg tablets \(Penicillins\)/);
  });

  it('"Takes Amoxicillin" under "Allergy: Amoxicillin" (a rash): flagged on both lines', () => {
    const r = rankRecord([codedAllergy('amox-a', 'Amoxicillin', { reaction: 'Rash' }), hospitalOrder('amox', 'Amoxicillin 500mg capsules', '2026-11-20')], { now: NOW });
    expect(r.all.find((l) => l.id === 'MedicationRequest/amox')!.text).toMatch(/contradicts the recorded allergy to Amoxicillin/);
    expect(r.all.find((l) => l.id === 'AllergyIntolerance/amox-a')!.text).toMatch(/Contradicted by a current medicine: Amoxicillin 500mg capsules/);
  });

  it.each([
    ['NSAIDs', 'Ibuprofen', 'Naproxen 500mg tablets'],
    ['sulfonamides', 'Co-trimoxazole', 'Co-trimoxazole 960mg tablets'],
    ['opioids', 'Codeine', 'Morphine sulfate 10mg/5ml oral solution'],
    ['ACE inhibitors', 'Lisinopril', 'Ramipril 5mg capsules'],
    ['cephalosporins, cross-reacting with a penicillin anaphylaxis', 'Penicillin', 'Cefalexin 500mg capsules'],
  ])('%s: an allergy to %s and a current %s', (_class, allergen, medicine) => {
    const r = rankRecord([codedAllergy('a', allergen, { criticality: 'high', reaction: 'Anaphylaxis' }), hospitalOrder('m', medicine, '2026-11-20')], { now: NOW });
    const line = r.all.find((l) => l.id === 'MedicationRequest/m')!;
    expect(line.text).toMatch(new RegExp(`contradicts the recorded allergy to ${allergen}`));
    expect(line.mustSee).toBe(true);
    expect(r.all.find((l) => l.id === 'AllergyIntolerance/a')!.text).toMatch(/Contradicted by a current medicine/);
  });

  it('paracetamol contradicts nothing', () => {
    const r = rankRecord([codedAllergy('pen', 'Penicillin', { criticality: 'high' }), hospitalOrder('para', 'Paracetamol 500mg tablets', '2026-11-20')], { now: NOW });
    expect(texts(r).join('\n')).not.toMatch(/contradict/i);
  });
});

describe('a patient who has died: death first', () => {
  const died: Patient = { ...PATIENT, deceasedDateTime: '2026-11-20T03:10:00Z' };
  const record = [
    hospitalOrder('morph', 'Morphine sulfate 10mg/5ml oral solution', '2026-10-01'),
    appointment('clinic', 'booked', daysFromNow(7, 14), 'Pain clinic review'),
    task('visit', 'requested', 'District nurse visit: syringe driver check', 2),
  ];

  it('the banner says when, full width; no prescribing prompt; no opioid for titration; what is booked is to be cancelled', () => {
    const r = rankRecord(record, { now: NOW, patient: died });
    expect(patientBanner(normalisedRecord(record, { patient: died }).patient, NOW)).toMatchObject({ deceased: true, died: 'Died 20-Nov-2026' });
    expect(texts(r).join('\n')).not.toMatch(/Ask before prescribing|before prescribing|^Takes /m);
    expect(r.all.filter((l) => l.mustSee && /Morphine/.test(l.text))).toEqual([]);
    expect(lineWith(r, /Pain clinic review/).map((l) => l.text)).toEqual([expect.stringMatching(/Patient has died: cancel\?$/)]);
    expect(lineWith(r, /syringe driver/).map((l) => l.text)).toEqual([expect.stringMatching(/Patient has died: cancel\?$/)]);
  });

  it('a death recorded only in the GP record is a death', () => {
    const gpPatient: Patient = { ...PATIENT, id: 'gp-p', deceasedDateTime: '2026-11-20' };
    const normalised = normalisedRecord(record, { parts: [gpPart([gpPatient])] });
    expect(patientBanner(normalised.patient, NOW).died).toBe('Died 20-Nov-2026');
  });
});

describe('safeguarding by meaning, from every source, always in the safeguarding callout', () => {
  it.each([
    ['a child protection plan on the GP problem list', problem('cpp', 'Child protection plan', { active: true, onset: '2026-06-01', code: '1064311000000109' })],
    ['a looked-after child recorded as an observation', observation('lac', { code: { system: SCT, code: '764841000000100', display: 'Looked after child' }, days: 40 })],
    ['a contact whose reason is that the child is on the protection register', { resourceType: 'Encounter', id: 'enc', status: 'finished', subject: P, class: { code: 'AMB' }, reasonCode: [{ coding: [{ system: SCT, code: '160887007', display: 'Child on protection register' }] }], period: { start: daysFromNow(-20), end: daysFromNow(-20) } } as Resource],
  ])('%s', (_situation, resource) => {
    const r = rankRecord(noise(), { now: NOW, patient: CHILD, parts: [gpPart([resource])] });
    const safeguarding = r.all.filter((l) => l.callout === 'safeguarding');
    expect(safeguarding).toHaveLength(1);
    expect(safeguarding[0]!.mustSee).toBe(true);
    expect(r.firstScreen.map((l) => l.id)).toContain(safeguarding[0]!.id);
    expect(r.all.filter((l) => l.ruleId === 'active-problems' && /protection|looked after/i.test(l.text))).toEqual([]);
  });
});

describe('a child not brought to appointments', () => {
  const missed = (id: string, days: number) => appointment(id, 'noshow', daysFromNow(-days, 10), 'Paediatric clinic');
  it('two appointments missed in a year are a "was not brought" safeguarding alert, in the callout, on the first screen', () => {
    const r = rankRecord([...noise(), missed('m1', 20), missed('m2', 150)], { now: NOW, patient: CHILD });
    const safeguarding = r.all.filter((l) => l.callout === 'safeguarding');
    expect(safeguarding.map((l) => l.text)).toEqual([expect.stringMatching(/^Child not brought to appointment \(appointments not attended, 2 times\)/)]);
    expect(safeguarding[0]!.mustSee).toBe(true);
    expect(r.firstScreen).toContain(safeguarding[0]);
  });
  it('one missed appointment, or an adult\'s two, is no safeguarding alert', () => {
    expect(rankRecord([missed('m1', 20)], { now: NOW, patient: CHILD }).all.filter((l) => l.callout === 'safeguarding')).toEqual([]);
    expect(rankRecord([missed('m1', 20), missed('m2', 150)], { now: NOW }).all.filter((l) => l.callout === 'safeguarding')).toEqual([]);
  });
});

describe('observations that matter', () => {
  const K = { system: LOINC, code: '6298-4', display: 'Potassium [Moles/volume] in Blood' };
  it.each([
    ['red cell antibodies', observation('abs', { code: { system: LOINC, code: '890-4', display: 'Blood group antibody screen' }, days: 300, interpretation: 'POS' }), /^Red cell antibodies/],
    ['MRSA carriage', observation('mrsa', { code: { system: SCT, code: '697975001', display: 'MRSA screen' }, days: 90, finding: { system: SCT, code: '115329001', display: 'Methicillin resistant Staphylococcus aureus' } }), /^MRSA/],
    ['CPE carriage', observation('cpe', { code: { system: SCT, code: '697975001', display: 'Rectal screen' }, days: 30, finding: { system: SCT, code: '712662001', display: 'Carbapenem resistant Enterobacteriaceae' } }), /^CPE/],
    ['a potassium of 6.8 two days ago', observation('k', { code: K, days: 2, quantity: { value: 6.8, unit: 'mmol/L' } }), /^Potassium critically high: 6\.8 mmol\/L/],
  ])('%s is must-see', (_what, resource, pattern) => {
    const r = rankRecord([...noise(), resource], { now: NOW });
    const line = r.all.find((l) => pattern.test(l.text));
    expect(line?.mustSee).toBe(true);
    expect(r.firstScreen).toContain(line);
  });

  it('a critical potassium twelve days ago, since normal, and a negative MRSA screen are not must-see; the latest results have their own section', () => {
    const r = rankRecord([
      ...noise(),
      observation('k-old', { code: K, days: 12, quantity: { value: 6.8, unit: 'mmol/L' } }),
      observation('k-new', { code: K, days: 3, quantity: { value: 4.1, unit: 'mmol/L' } }),
      observation('mrsa-neg', { code: { system: SCT, code: '697975001', display: 'MRSA screen' }, days: 5, finding: { system: SCT, code: '115329001', display: 'Methicillin resistant Staphylococcus aureus' }, interpretation: 'NEG' }),
    ], { now: NOW });
    expect(r.all.filter((l) => /Potassium|MRSA/.test(l.text))).toEqual([]);
    expect(r.results.map((l) => l.text)).toEqual([expect.stringMatching(/^Potassium: 4\.1 mmol\/L/)]);
  });
});

describe('a quiet first screen', () => {
  it('the encounter window is not a truncation: "10 most recent of 298", never a red warning', async () => {
    const encounters: Resource[] = Array.from({ length: 298 }, (_, i) => ({
      resourceType: 'Encounter', id: `e${i}`, status: 'finished', subject: P, class: { code: 'AMB' }, type: [{ text: 'GP consultation' }], period: { start: daysFromNow(-10 - i * 15), end: daysFromNow(-10 - i * 15) },
    }));
    const s = await syncedRecord({ patient: { ...PATIENT, id: 'p' }, resources: encounters, honourCount: true, now: NOW });
    expect(s.gaps).toEqual([]);
    expect(s.ranked.windows).toEqual(['Contacts: the 10 most recent of 298 are read.']);
  });

  it('the ED attendance the patient is in now is context, once, not a must-see highlight', () => {
    const now = { ...edAttendance('ed-now', 0, 'Chest pain'), status: 'in-progress', period: { start: new Date(NOW.getTime() - 3_600_000).toISOString() } } as Resource;
    const alsoInGp = { ...now, id: 'ed-now-gp' } as Resource;
    const r = rankRecord([...noise(), now], { now: NOW, parts: [gpPart([alsoInGp])] });
    const chest = lineWith(r, /Chest pain|emergency department/i);
    expect(chest).toHaveLength(1);
    expect(chest[0]!.mustSee).toBe(false);
    expect(r.firstScreen[0]).toBe(chest[0]);
  });

  it('a routine medication review is not a highlight', () => {
    const review: Resource = { resourceType: 'Encounter', id: 'medrev', status: 'finished', subject: P, class: { code: 'AMB' }, type: [{ coding: [{ system: SCT, code: '182836005', display: 'Review of medication' }] }], period: { start: daysFromNow(-3), end: daysFromNow(-3) } };
    expect(texts(rankRecord([...noise(), review], { now: NOW })).join('\n')).not.toMatch(/Review of medication/);
  });

  it('SNOMED CT semantic tags are stripped from what is shown', () => {
    const r = rankRecord([
      problem('t2dm', 'Type 2 diabetes mellitus', { active: true, onset: '2024-01-01', code: '44054006', display: 'Type 2 diabetes mellitus (disorder)' }),
      codedAllergy('pea', 'Peanut (substance)', { code: '762952008', display: 'Peanut (substance)' }),
    ], { now: NOW });
    expect(texts(r).join('\n')).not.toMatch(/\((disorder|substance|finding)\)/);
    expect(texts(r)).toContain('Type 2 diabetes mellitus since 01-Jan-2024.');
  });

  it('an organisation known only by its ODS code is named', () => {
    const seen: Resource = { resourceType: 'Encounter', id: 'opd', status: 'finished', subject: P, class: { code: 'AMB' }, type: [{ text: 'Outpatient attendance' }], period: { start: daysFromNow(-5), end: daysFromNow(-5) }, serviceProvider: { identifier: { system: ODS, value: 'RR8' } } };
    const r = rankRecord([seen], { now: NOW });
    expect(lineWith(r, /Outpatient attendance/).map((l) => l.text)).toEqual([expect.stringContaining('with Leeds Teaching Hospitals NHS Trust')]);
    expect(texts(r).join('\n')).not.toMatch(/ODS RR8/);
  });

  it('a trust site known only by its ODS site code ("ODS RXN99") is named by its trust', () => {
    const seen: Resource = { resourceType: 'Encounter', id: 'opd', status: 'finished', subject: P, class: { code: 'AMB' }, type: [{ text: 'Fracture clinic' }], period: { start: daysFromNow(-5), end: daysFromNow(-5) }, serviceProvider: { identifier: { system: ODS, value: 'RXN99' } } };
    const r = rankRecord([seen], { now: NOW });
    expect(lineWith(r, /Fracture clinic/).map((l) => l.text)).toEqual([expect.stringContaining('with Lancashire Teaching Hospitals NHS Foundation Trust (site RXN99)')]);
  });

  it('six old chronic problems rank below anything recent', () => {
    const chronic = ['Hypertension', 'Osteoarthritis of knee', 'Hypothyroidism', 'Gout', 'Glaucoma', 'Hearing loss'].map((text, i) => problem(`old-${i}`, text, { active: true, onset: `20${10 + i}-01-01` }));
    const r = rankRecord([...chronic, appointment('next', 'booked', daysFromNow(20), 'Annual review'), edAttendance('ed', 60, 'Fall')], { now: NOW });
    const ids = r.all.map((l) => l.id);
    const lastRecent = Math.max(ids.indexOf('Appointment/next'), ids.indexOf('Encounter/ed'));
    expect(lastRecent).toBeGreaterThanOrEqual(0);
    for (const p of chronic) expect(ids.indexOf(`Condition/${p.id}`)).toBeGreaterThan(lastRecent);
  });
});

const PDS_DIR = path.resolve(import.meta.dirname, '../../../shared/fixtures/uk-real/pds');

describe.skipIf(!existsSync(PDS_DIR))('a restricted patient: whereabouts withheld everywhere, and said to be', () => {
  // Read when a test runs, not when the suite is collected: skipped cleanly where ../shared is absent.
  const fixtures = () => {
    const sensitive = JSON.parse(readFileSync(path.join(PDS_DIR, 'Sensitive_Patient.json'), 'utf8')) as Patient;
    // The shared record's copy still holds the address and the new practice PDS withholds.
    const shared: Patient = { ...sensitive, address: [{ line: ['7 Harbour View'], city: 'Porthaven', postalCode: 'PH1 4XY' }], generalPractitioner: [{ display: 'Seaview Surgery' }] };
    const subject = { reference: `Patient/${sensitive.id}` };
    const freeText: Resource[] = [
      { resourceType: 'Appointment', id: 'visit', status: 'booked', start: daysFromNow(6, 11), description: 'Home visit at new address: 22 Kestrel Close, Porthaven PH2 9QT. Call mobile 07700 900123 first.', comment: 'Confirmed by text to 07700900123', participant: [{ actor: subject, status: 'accepted' }] } as Resource,
      { resourceType: 'Task', id: 'call', status: 'requested', intent: 'order', for: subject, description: 'Phone patient on new mobile 07700 900123 about results', note: [{ text: 'Or email janet.new@example.com' }], restriction: { period: { end: daysFromNow(3).slice(0, 10) } } } as Resource,
      { resourceType: 'Encounter', id: 'seen', status: 'finished', subject, class: { code: 'AMB' }, type: [{ text: 'GP consultation' }], reasonCode: [{ text: 'Moved to 22 Kestrel Close; registered with Seaview Surgery' }], serviceProvider: { display: 'Seaview Surgery' }, period: { start: daysFromNow(-4), end: daysFromNow(-4) } } as Resource,
      { resourceType: 'Condition', id: 'note', subject, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Anxiety' }, onsetDateTime: daysFromNow(-100), note: [{ text: 'Lives alone at 7 Harbour View, tel 01632 960587' }, { text: 'Now living in PORTHAVEN with her sister; reading glasses needed' }] } as Resource,
    ];
    const gpPatient: Patient = { ...sensitive, id: 'gp-janet', managingOrganization: { display: 'Seaview Surgery' } };
    const gpMedicine: Resource = { resourceType: 'MedicationStatement', id: 'sert', status: 'active', subject: { reference: 'Patient/gp-janet' }, medicationCodeableConcept: { text: 'Sertraline 50mg tablets' }, effectivePeriod: { start: '2026-06-01' } };
    return { sensitive, shared, freeText, gpPatient, gpMedicine };
  };

  it('no address, postcode, telephone number, email or practice name in any line, task or stored text; each withholding said', async () => {
    const { shared, freeText, gpPatient, gpMedicine } = fixtures();
    const alive: Patient = { ...shared, deceasedDateTime: undefined, extension: undefined };
    const s = await syncedRecord({ patient: alive, resources: freeText, gp: gpConnectBundle({ ...gpPatient, deceasedDateTime: undefined, extension: undefined }, [gpMedicine]), now: NOW });
    const stored = JSON.stringify(s.record);
    const shown = [...s.ranked.all.map((l) => `${l.text} ${l.source.organisation ?? ''}`), ...pendingTasks(s.record.resources, NOW).map((t) => t.text)].join('\n');
    for (const leak of ['Kestrel', 'PH2 9QT', 'PH1 4XY', '07700', '01632', 'example.com', 'Harbour View', 'Seaview', 'Porthaven']) {
      expect(stored.toLowerCase(), `${leak} stored`).not.toContain(leak.toLowerCase());
      expect(shown.toLowerCase(), `${leak} shown`).not.toContain(leak.toLowerCase());
    }
    expect(lineWith(s.ranked, /Home visit/).map((l) => l.text)).toEqual([expect.stringContaining('[contact details withheld: restricted record]')]);
    // The town is withheld as a place, not as a word.
    expect(stored).toContain('reading glasses');
    expect(pendingTasks(s.record.resources, NOW).map((t) => t.text)).toEqual(['Phone patient on new mobile [contact details withheld: restricted record] about results']);
    expect(s.ranked.all.find((l) => /Sertraline/.test(l.text))!.source.organisation).toBe('[registered practice withheld: restricted record]');
    expect(s.banner.restricted).toBe(true);
  });

  it('the published restricted PDS patient, as PDS sends it: free text with a postcode, a number and an email is withheld', async () => {
    const { sensitive, freeText } = fixtures();
    const s = await syncedRecord({ patient: sensitive, resources: freeText, now: NOW });
    const stored = JSON.stringify(s.record);
    for (const leak of ['Kestrel', 'PH2 9QT', '07700', 'example.com']) expect(stored, `${leak} stored`).not.toContain(leak);
  });
});
