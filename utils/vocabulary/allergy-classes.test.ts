/**
 * Allergy against medicine, from the clinical situations: every code here is one the published lists
 * (public/vocabulary/allergies.json, opioids.json) give the medicine or allergy it names.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { allergyClasses, contradiction, isGenericAllergyCode, medicineMembership } from './allergy-classes';
import { DMD, SNOMED } from './code-systems';

const sct = (code: string, display: string, text?: string): CodeableConcept => ({ coding: [{ system: SNOMED, code, display }], ...(text ? { text } : {}) });
const dmd = (code: string, display: string): CodeableConcept => ({ coding: [{ system: DMD, code, display }] });

// Medicines (dm+d VMPs and AMPs of the class lists).
const AMOXICILLIN = dmd('39732311000001104', 'Amoxicillin 250mg capsules');
const CO_AMOXICLAV = dmd('39732211000001107', 'Co-amoxiclav 500mg/125mg tablets');
const AUGMENTIN = dmd('94411000001100', 'Augmentin 375mg tablets');
const FLUCLOXACILLIN = dmd('39692211000001107', 'Flucloxacillin 500mg capsules');
const CEFTRIAXONE = dmd('323990001', 'Ceftriaxone 1g powder for solution for injection vials');
const MEROPENEM = dmd('324344005', 'Meropenem 1g powder for solution for injection vials');
const AZTREONAM = dmd('323961007', 'Aztreonam 1g powder for solution for injection vials');
const CO_TRIMOXAZOLE = dmd('324357002', 'Co-trimoxazole 80mg/400mg tablets');
const TRIMETHOPRIM = dmd('324430000', 'Trimethoprim 100mg tablets');
const NAPROXEN = dmd('329807003', 'Naproxen 500mg tablets');
const NUROFEN = dmd('694411000001106', 'Nurofen 200mg tablets (Reckitt Benckiser Healthcare (UK) Ltd)');
const RAMIPRIL = dmd('318902004', 'Ramipril 5mg capsules');
const LISINOPRIL = dmd('145811000001100', 'Lisinopril 10mg tablets (Sandoz Ltd)');
const MORPHINE_SOLUTION = dmd('36128311000001101', 'Morphine sulfate 10mg/5ml oral solution');
const CO_CODAMOL = dmd('42009811000001101', 'Co-codamol 30mg/500mg tablets');
const PARACETAMOL = { text: 'Paracetamol 500mg tablets' };

// Allergies as UK records carry them.
const AMOXICILLIN_ALLERGY_GP_CONNECT = sct('323509004', 'Amoxicillin 250mg capsules'); // the GP Connect example: the causative product's code
const PENICILLIN_ALLERGY = sct('91936005', 'Allergy to penicillin', 'Penicillin anaphylaxis');
const PENICILLIN_ANAPHYLAXIS_TEXT: CodeableConcept = { text: 'penicillin anaphylaxis' };
const AMOXICILLIN_ALLERGY_TEXT: CodeableConcept = { text: 'Amoxicillin' };
const ADVERSE_REACTION_TO_PENICILLINS = sct('292954005', 'Adverse reaction to penicillins');
const BETA_LACTAM_SUBSTANCE = sct('406778007', 'Beta-lactam');
const SULFONAMIDE_ALLERGY = sct('91939003', 'Allergy to sulfonamide');
const IBUPROFEN_ALLERGY = sct('293619005', 'Allergy to ibuprofen');
const RAMIPRIL_HYPERSENSITIVITY = sct('609545008', 'Non-allergic hypersensitivity to ramipril');
const ACE_INHIBITOR_REACTION = sct('293500009', 'Drug reaction: ACE inhibitor');
const MORPHINE_ALLERGY = sct('293601001', 'Allergy to morphine');
const DEGRADED = (text: string) => sct('196461000000101', 'Transfer-degraded drug allergy', text);

describe('"Takes Amoxicillin" under "Allergy: Amoxicillin"', () => {
  it('the allergy recorded against the product (GP Connect) names penicillins and amoxicillin, by code', () => {
    expect(allergyClasses(AMOXICILLIN_ALLERGY_GP_CONNECT)).toEqual([{ classId: 'penicillins', label: 'Penicillins', substance: 'amoxicillin', by: 'code' }]);
  });
  it('contradicts amoxicillin: the same class and the same substance, by code', () => {
    expect(contradiction(AMOXICILLIN_ALLERGY_GP_CONNECT, AMOXICILLIN)).toEqual({ classId: 'penicillins', label: 'Penicillins', by: 'code', sameSubstance: true, relation: 'same-class', allergyClassId: 'penicillins' });
  });
  it('an allergy written only as "Amoxicillin" is caught by name, and says so', () => {
    expect(contradiction(AMOXICILLIN_ALLERGY_TEXT, AMOXICILLIN)).toMatchObject({ classId: 'penicillins', by: 'name', sameSubstance: true });
  });
  it('an amoxicillin allergy contradicts co-amoxiclav (a penicillin), another substance', () => {
    expect(contradiction(AMOXICILLIN_ALLERGY_GP_CONNECT, CO_AMOXICLAV)).toMatchObject({ classId: 'penicillins', relation: 'same-class', sameSubstance: false });
  });
});

describe('co-amoxiclav under "penicillin anaphylaxis"', () => {
  it('coded "Allergy to penicillin": a penicillin, by code, another substance', () => {
    expect(contradiction(PENICILLIN_ALLERGY, CO_AMOXICLAV)).toEqual({ classId: 'penicillins', label: 'Penicillins', by: 'code', sameSubstance: false, relation: 'same-class', allergyClassId: 'penicillins' });
  });
  it('written only in words, by name', () => expect(contradiction(PENICILLIN_ANAPHYLAXIS_TEXT, CO_AMOXICLAV)).toMatchObject({ classId: 'penicillins', by: 'name' }));
  it('the brand (Augmentin) too', () => expect(contradiction(PENICILLIN_ALLERGY, AUGMENTIN)).toMatchObject({ classId: 'penicillins', by: 'code' }));
  it('the GP adverse reaction code "Adverse reaction to penicillins" too', () => expect(contradiction(ADVERSE_REACTION_TO_PENICILLINS, FLUCLOXACILLIN)).toMatchObject({ classId: 'penicillins', by: 'code' }));
});

describe('beta-lactam cross-reactivity (BNF, BSACI)', () => {
  it('a penicillin allergy warns against a cephalosporin and a carbapenem as cross-reactive', () => {
    expect(contradiction(PENICILLIN_ALLERGY, CEFTRIAXONE)).toMatchObject({ classId: 'cephalosporins', relation: 'cross-reactive', allergyClassId: 'penicillins' });
    expect(contradiction(PENICILLIN_ALLERGY, MEROPENEM)).toMatchObject({ classId: 'carbapenems', relation: 'cross-reactive' });
  });
  it('but not against aztreonam (a monobactam)', () => expect(contradiction(PENICILLIN_ALLERGY, AZTREONAM)).toBeUndefined());
  it('an allergy to beta-lactams as a whole is an allergy to each class, aztreonam included', () => {
    expect(allergyClasses(BETA_LACTAM_SUBSTANCE).map((c) => c.classId).sort()).toEqual(['carbapenems', 'cephalosporins', 'monobactams', 'penicillins']);
    expect(contradiction(BETA_LACTAM_SUBSTANCE, AZTREONAM)).toMatchObject({ classId: 'monobactams', relation: 'same-class' });
  });
});

describe('the other classes', () => {
  it('sulfonamide allergy: co-trimoxazole yes, trimethoprim (not a sulfonamide) no', () => {
    expect(contradiction(SULFONAMIDE_ALLERGY, CO_TRIMOXAZOLE)).toMatchObject({ classId: 'sulfonamides', by: 'code' });
    expect(contradiction(SULFONAMIDE_ALLERGY, TRIMETHOPRIM)).toBeUndefined();
  });
  it('ibuprofen allergy: naproxen is an NSAID (another substance); Nurofen is ibuprofen itself', () => {
    expect(contradiction(IBUPROFEN_ALLERGY, NAPROXEN)).toMatchObject({ classId: 'nsaids', sameSubstance: false });
    expect(contradiction(IBUPROFEN_ALLERGY, NUROFEN)).toMatchObject({ classId: 'nsaids', sameSubstance: true });
    expect(contradiction(IBUPROFEN_ALLERGY, { text: 'Nurofen' })).toMatchObject({ classId: 'nsaids', by: 'name' });
  });
  it('ACE inhibitors: a ramipril hypersensitivity against lisinopril; "Drug reaction: ACE inhibitor" against ramipril', () => {
    expect(contradiction(RAMIPRIL_HYPERSENSITIVITY, LISINOPRIL)).toMatchObject({ classId: 'ace-inhibitors', sameSubstance: false });
    expect(contradiction(RAMIPRIL_HYPERSENSITIVITY, RAMIPRIL)).toMatchObject({ classId: 'ace-inhibitors', sameSubstance: true });
    expect(contradiction(ACE_INHIBITOR_REACTION, RAMIPRIL)).toMatchObject({ classId: 'ace-inhibitors', by: 'code' });
  });
  it('opioids: a morphine allergy against morphine solution (same substance) and co-codamol (codeine, another)', () => {
    expect(contradiction(MORPHINE_ALLERGY, MORPHINE_SOLUTION)).toMatchObject({ classId: 'opioids', sameSubstance: true, by: 'code' });
    expect(contradiction(MORPHINE_ALLERGY, CO_CODAMOL)).toMatchObject({ classId: 'opioids', sameSubstance: false });
  });
});

describe('no contradiction', () => {
  it('a penicillin allergy and paracetamol, an NSAID or an opioid', () => {
    for (const medicine of [PARACETAMOL, NAPROXEN, CO_CODAMOL, TRIMETHOPRIM]) expect(contradiction(PENICILLIN_ALLERGY, medicine)).toBeUndefined();
  });
  it('paracetamol is no opioid because an opioid product also holds it', () => {
    expect(medicineMembership(PARACETAMOL)).toEqual([]);
    expect(allergyClasses({ text: 'Allergy to paracetamol' })).toEqual([]);
  });
  it('penicillamine is not penicillin', () => expect(allergyClasses(sct('294291008', 'Allergy to penicillamine'))).toEqual([]));
  it('nothing on either side', () => {
    expect(contradiction(undefined, AMOXICILLIN)).toBeUndefined();
    expect(contradiction(PENICILLIN_ALLERGY, undefined)).toBeUndefined();
  });
});

describe('degraded and generic allergy codes', () => {
  it('the GP Connect degrade code, with its original term as text, names no class by code; the text is read', () => {
    expect(isGenericAllergyCode(DEGRADED('Allergy to paracetemol'))).toBe(true);
    expect(allergyClasses(DEGRADED('Allergy to paracetemol'))).toEqual([]);
    expect(allergyClasses(DEGRADED('Penicillin'))).toEqual([{ classId: 'penicillins', label: 'Penicillins', by: 'name' }]);
  });
  it('"drug allergy" and "allergy to substance" name no substance', () => {
    expect(isGenericAllergyCode(sct('416098002', 'Allergy to drug'))).toBe(true);
    expect(isGenericAllergyCode(sct('419199007', 'Allergy to substance'))).toBe(true);
    expect(isGenericAllergyCode(sct('196471000000108', 'Transfer-degraded non-drug allergy'))).toBe(true);
  });
  it('a specific allergy is not generic, nor a generic code under another system', () => {
    expect(isGenericAllergyCode(PENICILLIN_ALLERGY)).toBe(false);
    expect(isGenericAllergyCode({ coding: [{ system: 'https://example.org/local', code: '416098002' }] })).toBe(false);
  });
});

describe('medicine membership', () => {
  it('by code, with the ingredient its BNF chemical names', () => {
    expect(medicineMembership(AUGMENTIN)).toEqual([{ classId: 'penicillins', label: 'Penicillins', ingredient: 'co-amoxiclav', by: 'code' }]);
    expect(medicineMembership(CEFTRIAXONE)).toEqual([{ classId: 'cephalosporins', label: 'Cephalosporins', ingredient: 'ceftriaxone', by: 'code' }]);
  });
  it('by a published name when no code says (a VTM-coded or text-only medicine)', () => {
    expect(medicineMembership({ coding: [{ system: DMD, code: '27658006', display: 'Amoxicillin' }] })).toEqual([{ classId: 'penicillins', label: 'Penicillins', ingredient: 'amoxicillin', by: 'name' }]);
  });
});
