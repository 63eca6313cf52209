import type { CodeableConcept } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { DMD, RXNORM, SNOMED } from './code-systems';
import { MEDICINE_CLASSES, classifyMedicine, type MedicineClassId, type PatientFacts } from './medicine-classes';
import { SOURCES } from './sources';

const NOW = new Date('2026-06-01T12:00:00Z');
const SYSTEMS = [DMD, `${DMD}/`, SNOMED];
const coded = (system: string, code: string, display: string): CodeableConcept => ({ coding: [{ system, code, display }] });
const named = (text: string): CodeableConcept => ({ text });
const woman30: PatientFacts = { gender: 'female', birthDate: '1996-03-10' };

// A generic product (VMP, or VTM where the list has no VMP) and a brand (AMP) of each class, with the
// code each published list gives it (public/vocabulary/*.json), and a name-only example.
const EXAMPLES: Record<MedicineClassId, { generic: [string, string]; brand?: [string, string]; nameOnly: string }> = {
  anticoagulant: { generic: ['703907006', 'Apixaban 2.5mg tablets'], brand: ['19506911000001105', 'Eliquis 2.5mg tablets'], nameOnly: 'Edoxaban 60 mg once daily' },
  insulin: { generic: ['400780006', 'Insulin glargine 100units/ml solution for injection 3ml cartridges'], brand: ['3284211000001102', 'Lantus 100units/ml 3ml cartridges'], nameOnly: 'Lyumjev KwikPen' },
  opioid: { generic: ['9567211000001104', 'Buprenorphine 5micrograms/hour transdermal patches'], brand: ['9565311000001104', 'BuTrans 5micrograms/hour transdermal patches'], nameOnly: 'Methadone 1mg/ml oral solution sugar free' },
  'methotrexate-oral': { generic: ['326874007', 'Methotrexate 2.5mg tablets'], brand: ['644711000001108', 'Maxtrex 2.5mg tablets'], nameOnly: 'Methotrexate 10mg tablets once a week' },
  'valproate-childbearing': { generic: ['42137011000001100', 'Sodium valproate 200mg gastro-resistant tablets'], brand: ['489711000001100', 'Epilim Chrono 200 tablets'], nameOnly: 'Sodium valproate 500mg MR' },
  lithium: { generic: ['321730000', 'Lithium carbonate 250mg tablets'], brand: ['766311000001100', 'Priadel 400mg modified-release tablets'], nameOnly: 'Lithium carbonate 400mg' },
  clozapine: { generic: ['42270111000001104', 'Clozapine 25mg tablets'], brand: ['3830311000001101', 'Clozaril 25mg tablets'], nameOnly: 'Zaponex 100mg tablets' },
  'steroid-dependence': { generic: ['325373001', 'Hydrocortisone 10mg tablets'], brand: ['21494611000001109', 'Plenadren 5mg modified-release tablets'], nameOnly: 'Methylprednisolone 4mg tablets' },
  immunosuppressant: { generic: ['327096008', 'Tacrolimus 1mg capsules'], brand: ['209911000001103', 'Prograf 1mg capsules'], nameOnly: 'Everolimus 1mg tablets' },
  sulfonylurea: { generic: ['42082911000001100', 'Gliclazide 80mg tablets'], brand: ['3661311000001107', 'Diamicron 30mg MR tablets (Servier Laboratories Limited)'], nameOnly: 'Gliclazide 80mg tablets, twice daily' },
  antiepileptic: { generic: ['322864007', 'Carbamazepine 200mg tablets'], brand: ['443711000001108', 'Tegretol 200mg tablets'], nameOnly: 'Levetiracetam 500mg tablets' },
};

describe('classifyMedicine: every class by code under dm+d (with and without the trailing slash) and SNOMED', () => {
  for (const [classId, ex] of Object.entries(EXAMPLES) as [MedicineClassId, (typeof EXAMPLES)[MedicineClassId]][]) {
    for (const [kind, product] of [['generic', ex.generic], ['brand', ex.brand]] as const) {
      if (!product) continue;
      for (const system of SYSTEMS) {
        it(`${classId}: ${kind} ${product[1]} under ${system}`, () => {
          expect(classifyMedicine(coded(system, product[0], product[1]), woman30, NOW)).toEqual({ classId, label: expect.any(String), by: 'code', system });
        });
      }
    }
    it(`${classId}: a name without a known code says by: 'name'`, () => {
      expect(classifyMedicine(named(ex.nameOnly), woman30, NOW)).toMatchObject({ classId, by: 'name' });
    });
  }
});

describe('the brands the safety review found missing', () => {
  const BRANDS: [string, string, MedicineClassId][] = [
    ['19841411000001101', 'Xarelto 20mg tablets', 'anticoagulant'],
    ['21677511000001105', 'Eliquis 5mg tablets', 'anticoagulant'],
    ['29902711000001104', 'Lixiana 60mg tablets', 'anticoagulant'],
    ['19465811000001104', 'Pradaxa 150mg capsules', 'anticoagulant'],
    ['933311000001105', 'Marevan 1mg tablets', 'anticoagulant'],
    ['29866811000001104', 'Toujeo 300units/ml SoloStar pens', 'insulin'],
    ['30171811000001105', 'Abasaglar KwikPen 100units/ml', 'insulin'],
    ['34043011000001106', 'Fiasp FlexTouch 100units/ml', 'insulin'],
    ['3277211000001104', 'NovoMix 30 FlexPen', 'insulin'],
    ['3446611000001101', 'Transtec 35micrograms/hour transdermal patches', 'opioid'],
    ['11084511000001104', 'Matrifen 12micrograms/hour transdermal patches', 'opioid'],
    ['9565611000001109', 'BuTrans 10micrograms/hour transdermal patches', 'opioid'],
  ];
  for (const [code, display, classId] of BRANDS) {
    it(`${display} is caught by its dm+d code`, () => {
      expect(classifyMedicine(coded(`${DMD}/`, code, display), undefined, NOW)).toMatchObject({ classId, by: 'code' });
    });
    it(`${display} is caught by name when uncoded`, () => {
      expect(classifyMedicine(named(display), undefined, NOW)).toMatchObject({ classId, by: 'name' });
    });
  }
  it("warfarin's own dm+d VMP is caught by code", () => {
    expect(classifyMedicine(coded(DMD, '319735007', 'Warfarin 5mg tablets'), undefined, NOW)).toMatchObject({ classId: 'anticoagulant', by: 'code' });
  });
});

describe('opioids of every route by code: oral, buccal, nasal, sublingual, rectal', () => {
  // [code, display] from the OpenSAFELY oral, buccal/nasal/oromucosal and rectal lists (data/opioids.ts).
  const PRODUCTS: [string, string][] = [
    ['3164311000001109', 'Oramorph 10mg/5ml oral solution'],
    ['36128311000001101', 'Morphine sulfate 10mg/5ml oral solution'],
    ['2898611000001107', 'Sevredol 10mg tablets'],
    ['42016011000001103', 'Oxycodone 5mg capsules'],
    ['2895711000001105', 'OxyNorm 5mg capsules'],
    ['42010411000001105', 'Codeine 30mg tablets'],
    ['42009811000001101', 'Co-codamol 30mg/500mg tablets'],
    ['360311000001104', 'Tylex 30mg/500mg capsules'],
    ['39708511000001104', 'Dihydrocodeine 30mg tablets'],
    ['42017811000001106', 'Tramadol 50mg capsules'],
    ['203811000001106', 'Zydol 50mg capsules'],
    ['42385311000001106', 'Methadone 5mg tablets'],
    ['14951911000001104', 'Fentanyl 100microgram sublingual tablets sugar free'],
    ['14948311000001105', 'Abstral 100microgram sublingual tablets'],
    ['14971111000001104', 'Effentora 100microgram buccal tablets'],
    ['16034111000001104', 'Instanyl 50micrograms/dose nasal spray'],
    ['42009011000001107', 'Buprenorphine 200microgram sublingual tablets sugar free'],
    ['867611000001105', 'Temgesic 200microgram sublingual tablets'],
    ['42015311000001105', 'Morphine sulfate 10mg suppositories'],
    ['17589011000001108', 'Proladone 30mg suppositories'],
  ];
  for (const [code, display] of PRODUCTS) {
    it(`${display} is caught by its code`, () => {
      expect(classifyMedicine(coded(DMD, code, display), undefined, NOW)).toMatchObject({ classId: 'opioid', by: 'code' });
    });
  }
  it('a VMP id that dm+d has since replaced is still caught (322503009, the older Codeine 30mg tablets)', () => {
    expect(classifyMedicine(coded(SNOMED, '322503009', 'Codeine phosphate 30mg tablets'), undefined, NOW)).toMatchObject({ classId: 'opioid', by: 'code' });
  });
  for (const name of ['Espranor 8mg oral lyophilisates', 'Subutex 8mg sublingual tablets', 'Suboxone 8mg/2mg sublingual tablets']) {
    it(`opioid substitution, in no list reached, is caught by name: ${name}`, () => {
      expect(classifyMedicine(named(name), undefined, NOW)).toMatchObject({ classId: 'opioid', by: 'name' });
    });
  }
});

describe('immunosuppressants beyond the transplant drugs, generic and brand, by code', () => {
  const PRODUCTS: [string, string][] = [
    ['327070006', 'Azathioprine 50mg tablets'],
    ['675711000001108', 'Imuran 50mg tablets'],
    ['26658011000001100', 'Azapress 50mg tablets'],
    ['326873001', 'Mercaptopurine 50mg tablets'],
    ['3832911000001101', 'Puri-Nethol 50mg tablets'],
    ['21969411000001109', 'Xaluprine 20mg/ml oral suspension'],
    ['330057007', 'Leflunomide 10mg tablets'],
    ['499111000001102', 'Arava 10mg tablets'],
  ];
  for (const [code, display] of PRODUCTS) {
    it(`${display}`, () => expect(classifyMedicine(coded(`${DMD}/`, code, display), undefined, NOW)).toMatchObject({ classId: 'immunosuppressant', by: 'code' }));
  }
});

describe('sulfonylureas at every level, generic and brand', () => {
  const PRODUCTS: [string, string][] = [
    ['776108001', 'Gliclazide (VTM)'],
    ['38896211000001104', 'Gliclazide 30mg modified-release tablets'],
    ['745911000001103', 'Diamicron 80mg tablets'],
    ['42083111000001109', 'Glimepiride 2mg tablets'],
    ['938211000001105', 'Amaryl 2mg tablets'],
    ['42082811000001105', 'Glibenclamide 5mg tablets'],
    ['234011000001108', 'Daonil 5mg tablets'],
    ['42083511000001100', 'Glipizide 5mg tablets'],
    ['652411000001107', 'Minodiab 5mg tablets'],
    ['42090611000001109', 'Tolbutamide 500mg tablets'],
    ['37337511000001103', 'Amglidia 6mg/ml oral suspension'],
    ['409188004', 'Glyburide 2.5mg/metformin 500mg tablet'],
  ];
  for (const [code, display] of PRODUCTS) {
    it(`${display}`, () => expect(classifyMedicine(coded(DMD, code, display), undefined, NOW)).toMatchObject({ classId: 'sulfonylurea', by: 'code' }));
  }
  it('metformin, in the same published file, is not a sulfonylurea', () => {
    expect(classifyMedicine(coded(DMD, '42084911000001109', 'Metformin 500mg tablets'), undefined, NOW)).toBeUndefined();
  });
  it('a US record naming glyburide is a sulfonylurea by name', () => {
    expect(classifyMedicine(named('glyBURIDE 5 MG Oral Tablet'), undefined, NOW)).toMatchObject({ classId: 'sulfonylurea', by: 'name' });
  });
});

describe('oral hydrocortisone from the whole GM SDE list, and its non-oral rows left out', () => {
  for (const [code, display] of [
    ['42083911000001107', 'Hydrocortisone 10mg tablets'],
    ['42707811000001107', 'Efmody 20mg modified-release capsules'],
    ['42501611000001103', 'Hydrocortisone 10mg/5ml oral solution sugar free'],
    ['11472801000001106', 'Plenadren (product)'],
  ] as const) {
    it(`${display} is caught by code`, () => expect(classifyMedicine(coded(SNOMED, code, display), undefined, NOW)).toMatchObject({ classId: 'steroid-dependence', by: 'code' }));
  }
  it('Corlan buccal pellets are not caught (by code or by name)', () => {
    expect(classifyMedicine(coded(SNOMED, '3083211000001105', 'Corlan 2.5mg Pellets'), undefined, NOW)).toBeUndefined();
  });
});

describe('fludrocortisone and oral dexamethasone by code', () => {
  for (const [code, display] of [
    ['325336004', 'Fludrocortisone 100microgram tablets'],
    ['838111000001105', 'Florinef 100microgram tablets'],
    ['325356003', 'Dexamethasone 2mg tablets'],
    ['3286911000001103', 'Decadron 500microgram tablets'],
    ['34743111000001109', 'Glensoludex 2mg soluble tablets'],
    ['3851611000001100', 'Dexsol 2mg/5ml oral solution'],
  ] as const) {
    it(`${display}`, () => expect(classifyMedicine(coded(DMD, code, display), undefined, NOW)).toMatchObject({ classId: 'steroid-dependence', by: 'code' }));
  }
  it('dexamethasone injection is not steroid dependence (left out of the list, and an injection word by name)', () => {
    expect(classifyMedicine(coded(DMD, '4052811000001109', 'Dexamethasone 8mg/2ml solution for injection vials'), undefined, NOW)).toBeUndefined();
  });
});

describe('ingredient-level (VTM) codes', () => {
  for (const [code, display, classId] of [
    ['777947006', 'Warfarin', 'anticoagulant'],
    ['776108001', 'Gliclazide', 'sulfonylurea'],
  ] as const) {
    it(`${display} coded at VTM level is caught by code`, () => {
      expect(classifyMedicine(coded(DMD, code, display), undefined, NOW)).toMatchObject({ classId, by: 'code' });
    });
  }
  it('an ingredient with no VTM list reached (apixaban) is still caught by its name', () => {
    expect(classifyMedicine(named('Apixaban'), undefined, NOW)).toMatchObject({ classId: 'anticoagulant', by: 'name' });
  });
});

describe('non-members are not caught', () => {
  const ORDINARY: CodeableConcept[] = [
    coded(RXNORM, '313782', 'Acetaminophen 325 MG Oral Tablet'),
    named('Paracetamol 500mg tablets'),
    coded(SNOMED, '323509004', 'Amoxicillin 250mg capsules'),
    named('Omeprazole 20mg gastro-resistant capsules'),
    coded(RXNORM, '106258', 'Hydrocortisone 10 MG/ML Topical Cream'),
    named('Hydrocortisone 1% cream'),
    named('Heparin sodium 10units/ml flush'),
  ];
  for (const concept of ORDINARY) {
    it(`${concept.text ?? concept.coding?.[0]?.display}`, () => expect(classifyMedicine(concept, woman30, NOW)).toBeUndefined());
  }
  it('injectable methotrexate is not oral methotrexate (it is an immunosuppressant, by name)', () => {
    const metoject = classifyMedicine(named('Metoject PEN 15mg/0.3ml solution for injection pre-filled pens'), undefined, NOW);
    expect(metoject?.classId).not.toBe('methotrexate-oral');
    expect(metoject).toMatchObject({ classId: 'immunosuppressant', by: 'name' });
  });
  it('nothing to read is not a class', () => {
    expect(classifyMedicine(undefined)).toBeUndefined();
    expect(classifyMedicine({})).toBeUndefined();
  });
});

describe('valproate only for girls and women of child-bearing age', () => {
  const epilim = coded(SNOMED, '489711000001100', 'Epilim Chrono 200 tablets');
  it('a woman of 30: pregnancy prevention', () => expect(classifyMedicine(epilim, woman30, NOW)?.classId).toBe('valproate-childbearing'));
  it('a girl of 13: pregnancy prevention', () => expect(classifyMedicine(epilim, { gender: 'female', birthDate: '2013-01-01' }, NOW)?.classId).toBe('valproate-childbearing'));
  for (const [who, patient] of [
    ['a man of 30', { gender: 'male', birthDate: '1996-03-10' }],
    ['a woman of 70', { gender: 'female', birthDate: '1956-03-10' }],
    ['a girl of 8', { gender: 'female', birthDate: '2018-01-01' }],
    ['unknown sex and age', undefined],
    ['a woman with no birth date', { gender: 'female' }],
  ] as [string, PatientFacts | undefined][]) {
    it(`${who}: still shown, as an antiepileptic`, () => expect(classifyMedicine(epilim, patient, NOW)).toMatchObject({ classId: 'antiepileptic', by: 'code' }));
  }
});

describe('RxNorm for US-origin records (Synthea)', () => {
  it('methotrexate 10 MG oral tablet', () => expect(classifyMedicine(coded(RXNORM, '105586', 'Methotrexate 10 MG Oral Tablet'), undefined, NOW)).toMatchObject({ classId: 'methotrexate-oral', by: 'code', system: RXNORM }));
  it('meperidine', () => expect(classifyMedicine(coded(RXNORM, '861467', 'Meperidine Hydrochloride 50 MG Oral Tablet'), undefined, NOW)).toMatchObject({ classId: 'opioid', by: 'code' }));
  it('cyclosporine', () => expect(classifyMedicine(coded(RXNORM, '835900', 'cycloSPORINE 50 MG Oral Capsule'), undefined, NOW)).toMatchObject({ classId: 'immunosuppressant', by: 'code' }));
  it('an RxNorm code under the SNOMED system is not read as RxNorm', () => expect(classifyMedicine(coded(SNOMED, '105586', 'x'), undefined, NOW)).toBeUndefined());
});

describe('every class', () => {
  for (const cls of MEDICINE_CLASSES) {
    it(`${cls.id} has a label, a reason, at least one cited source and SNOMED codes`, () => {
      expect(cls.label.length).toBeGreaterThan(3);
      expect(cls.reason.length).toBeGreaterThan(20);
      expect(cls.sources.length).toBeGreaterThan(0);
      for (const id of cls.sources) expect(SOURCES[id]).toBeDefined();
      expect(cls.snomed.size).toBeGreaterThan(0);
      for (const code of [...cls.snomed, ...cls.rxnorm]) expect(code).toMatch(/^\d+$/);
    });
  }
});
