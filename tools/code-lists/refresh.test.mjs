// The refresh's reading and grouping, on small published-looking texts.
import { describe, expect, it } from 'vitest';
import { allergyAgent, buildList, formatVocabularyFile, isCombination, medicineName, readRows, selectRows } from './refresh.mjs';

const ANTIBACTERIALS = `code,term,dmd_id,dmd_type,bnf_code
323509004,Amoxicillin 250mg capsules,323509004,VMP,0501013B0AAAAAA
1234,Too short to be an id,1234,VMP,0501013B0AAAAAA
558111000001107,Amoxil 250mg capsules (GlaxoSmithKline UK Ltd),558111000001107,AMP,0501013B0BBAAAA
39732111000001101,Co-amoxiclav 250mg/125mg tablets,39732111000001101,VMP,0501013K0AAAAAA
94411000001100,Augmentin 375mg tablets,94411000001100,AMP,0501013K0BBAAAA
323416001,Phenoxymethylpenicillin 250mg tablets,323416001,VMP,0501011P0AAAJAJ
39692111000001101,Trimethoprim 200mg tablets,39692111000001101,VMP,0501080W0AAAAAA`;

describe('reading a published list', () => {
  it('keeps well-formed ids once each, and applies where, include and exclude', () => {
    const rows = selectRows({ export: 'X', url: 'u', codeColumn: 'code', termColumn: 'term', where: { column: 'bnf_code', startsWith: ['050101'] }, excludeTerms: 'phenoxy' }, ANTIBACTERIALS);
    expect(rows.map((r) => r.code)).toEqual(['323509004', '558111000001107', '39732111000001101', '94411000001100']);
  });
  it('reads one value set of a FHIR Shorthand file', () => {
    const fsh = 'ValueSet: A\n* $sct#91936005 "Allergy to penicillin (finding)"\nValueSet: B\n* $sct#294505008 "Allergy to amoxicillin (finding)"\n';
    expect(readRows({ format: 'fsh-valueset', valueSet: 'B', export: 'X', url: 'u' }, fsh).map((r) => [r.code, r.term])).toEqual([['294505008', 'Allergy to amoxicillin (finding)']]);
  });
  it('reads codes and terms by a pattern, and non-SNOMED codes as values', () => {
    const xml = '<code value="IR"/>\n    <display value="Irradiated"/>\n<code value="LR"/>\n    <display value="Leukoreduced"/>';
    expect(buildList({ export: 'X', url: 'u', format: 'pattern', pattern: '<code value="(\\w+)"/>\\s*<display value="([^"]+)"/>', codes: 'any', includeTerms: 'irradiated' }, xml)).toEqual({ values: { IR: 'Irradiated' } });
  });
});

describe('grouping', () => {
  it('groups dm+d products by BNF chemical, named by their VMPs, with every brand name', () => {
    const entry = { export: 'P', url: 'u', codeColumn: 'code', termColumn: 'term', where: { column: 'bnf_code', startsWith: '050101' }, group: { by: 'bnf-chemical', column: 'bnf_code', typeColumn: 'dmd_type' } };
    expect(buildList(entry, ANTIBACTERIALS)).toEqual({
      groups: { amoxicillin: ['323509004', '558111000001107'], 'co-amoxiclav': ['39732111000001101', '94411000001100'], phenoxymethylpenicillin: ['323416001'] },
      names: { amoxicillin: 'amoxicillin', amoxil: 'amoxicillin', 'co-amoxiclav': 'co-amoxiclav', augmentin: 'co-amoxiclav', phenoxymethylpenicillin: 'phenoxymethylpenicillin' },
    });
  });
  it('groups allergy codes by the class and the ingredient their agent names, and leaves others out', () => {
    const built = new Map([['P', { names: { amoxicillin: 'amoxicillin', 'co-amoxiclav': 'co-amoxiclav' } }]]);
    const classes = { penicillins: { members: ['P'], classTerms: '\\bpenicillins?\\b' } };
    const text = 'code\tterm\n91936005\tAllergy to penicillin (finding)\n294505008\tAllergy to amoxicillin (finding)\n292752003\tAdverse reaction to penicillamine\n';
    expect(buildList({ export: 'A', url: 'u', tsv: true, codeColumn: '0', termColumn: '1', group: { by: 'allergy-class' } }, text.split('\n').slice(1).join('\n'), { built, allergyClasses: classes })).toEqual({
      groups: { penicillins: ['91936005'], 'penicillins:amoxicillin': ['294505008'] },
      names: { penicillin: 'penicillins', amoxicillin: 'penicillins:amoxicillin' },
    });
  });
  it('does not name an ingredient after a combination product', () => {
    const opioids = `code,term,dmd_id,dmd_type,bnf_code
100001,Paracetamol 500mg / Codeine 30mg tablets,100001,VMP,0407010F0AAAAAA
100002,Codeine 30mg tablets,100002,VMP,0407020C0AAAAAA`;
    const entry = { export: 'O', url: 'u', codeColumn: 'code', termColumn: 'term', group: { by: 'bnf-chemical', column: 'bnf_code', typeColumn: 'dmd_type' } };
    expect(buildList(entry, opioids).names).toEqual({ codeine: 'codeine' });
  });
  it('groups rows by the first term pattern they match, and refuses a list where none matched', () => {
    const entry = { export: 'T', url: 'u', codeColumn: 'code', termColumn: 'term', group: { by: 'terms', groups: { amox: 'amoxicillin', coamox: 'co-amoxiclav' } } };
    expect(buildList(entry, ANTIBACTERIALS).groups).toEqual({ amox: ['323509004'], coamox: ['39732111000001101'] });
    expect(() => buildList({ ...entry, group: { by: 'terms', groups: { x: 'nothing like this' } } }, ANTIBACTERIALS)).toThrow(/no row fell in a group/);
  });
});

describe('names', () => {
  it('a medicine is named by the words before its strength', () => {
    expect(medicineName('Co-amoxiclav 250mg/125mg tablets')).toBe('co-amoxiclav');
    expect(medicineName('Tenoxicam 20mg tablets (A A H Pharmaceuticals Ltd)')).toBe('tenoxicam');
    expect(medicineName('Kaodene oral suspension')).toBeUndefined();
    expect(medicineName('VMP previous to 39732311000001104')).toBeUndefined();
    expect(medicineName('Generic Zomorph 10mg modified-release capsules')).toBe('zomorph');
  });
  it('a description naming several ingredients is a combination', () => {
    expect(isCombination('Paracetamol 500mg / Codeine 30mg tablets')).toBe(true);
    expect(isCombination('Ipecacuanha and morphine mixture 10mg/5ml')).toBe(true);
    expect(isCombination('Co-codamol 30mg/500mg tablets')).toBe(false);
  });
  it('an allergy is named by its agent', () => {
    expect(allergyAgent('Allergy to amoxicillin (finding)')).toBe('amoxicillin');
    expect(allergyAgent('Amoxicillin + clavulanate potassium adverse reaction')).toBe('amoxicillin + clavulanate potassium');
    expect(allergyAgent('Non-allergic hypersensitivity to ramipril (finding)')).toBe('ramipril');
    expect(allergyAgent('Drug reaction: ACE inhibitor')).toBe('ace inhibitor');
  });
});

describe('the committed format', () => {
  it('is JSON with code arrays five to a line', () => {
    const text = formatVocabularyFile({ about: 'a', lists: { X: { source: 's', about: 'b', codes: ['100000', '200000', '300000', '400000', '500000', '600000'] } } });
    expect(JSON.parse(text).lists.X.codes).toHaveLength(6);
    expect(text).toContain('"100000", "200000", "300000", "400000", "500000",\n');
  });
});
