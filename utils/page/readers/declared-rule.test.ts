// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPatientInView } from '@/utils/page/detect';
import { readerFromRule, type DeclaredEprRule } from './declared-rule';
import { isValidCssSelector, validateDeclaredRules } from '@/utils/settings/validate-rules';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const page = (file: string) => new DOMParser().parseFromString(readFileSync(path.join(ROOT, 'sandbox/epr/__snapshots__', file), 'utf8'), 'text/html');
const canCheck = isValidCssSelector;

/** The worked examples in docs/epr-rules.md: each JSON block, with the page and the expected identifier. */
const examples = [...readFileSync(path.join(ROOT, 'docs/epr-rules.md'), 'utf8').matchAll(/<!-- example: (\S+) (\S+) (\S+) -->\s*```json\n([\s\S]*?)```/g)].map(
  (m) => ({ file: m[1]!, url: m[2]!, expected: m[3]!, rule: JSON.parse(m[4]!) as unknown }),
);

describe('the worked examples in docs/epr-rules.md', () => {
  it('are all there', () => expect(examples).toHaveLength(4));

  it.each(examples)('$file: the rule is valid and finds the patient, alone among readers', ({ file, url, expected, rule }) => {
    const { rules, problems } = validateDeclaredRules([rule], { canCheckSelector: canCheck, allowLocalHttp: true });
    expect(problems).toEqual([]);
    const d = detectPatientInView(page(file), new URL(url), rules.map(readerFromRule));
    expect(d.kind).toBe('patient');
    if (d.kind !== 'patient') return;
    expect(d.patient.identifier.value).toBe(expected);
    expect(d.patient.displayName).toBeTruthy();
    expect(d.patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(examples)('$file: a list page gives no patient', ({ file, rule }) => {
    const [reader] = validateDeclaredRules([rule], { canCheckSelector: canCheck, allowLocalHttp: true }).rules.map(readerFromRule);
    const list = file.startsWith('openmrs')
      ? ['openmrs-home.html', 'http://localhost:8200/openmrs/spa/home']
      : file.startsWith('openemr')
        ? ['openemr-top-none.html', 'http://localhost:8200/openemr/interface/main/tabs/main.php']
        : file.startsWith('ward')
          ? ['nhs-patients-list.html', 'http://localhost:8200/ward/#/default/patients']
          : ['nhs-patients-list.html', 'http://localhost:8200/nhs/patients'];
    expect(detectPatientInView(page(list[0]!), new URL(list[1]!), [reader!]).kind).toBe('none');
  });
});

describe('validating declared rules', () => {
  const good: DeclaredEprRule = { id: 'x', label: 'X', origins: ['https://epr.example.nhs.uk'], banner: { selector: '#b', namePattern: 'Name: (\\w+)' } };

  it('reports each bad rule with its reasons and keeps the good ones whole', () => {
    const { rules, problems } = validateDeclaredRules(
      [
        good,
        { ...good, id: 'bad origin', origins: ['ftp://x'] },
        { ...good, id: 'no-group', urlPatientId: { pattern: '/patient/\\d+', system: 's' } },
        { ...good, id: 'bad-re', banner: { selector: '#b', namePattern: '(' } },
        { ...good, id: 'bad-sel', banner: { selector: '##', namePattern: '(.+)' } },
        { id: 'nothing', label: 'N', origins: ['https://a.example'] },
        { ...good },
        'not a rule',
      ],
      { canCheckSelector: canCheck },
    );
    expect(rules).toEqual([good]);
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/"bad origin".*"id" must be letters.*"ftp:\/\/x" is not an origin/);
    expect(problems.join('\n')).toMatch(/"no-group".*capture group/);
    expect(problems.join('\n')).toMatch(/"bad-re".*not a valid regular expression/);
    expect(problems.join('\n')).toMatch(/"bad-sel".*not a valid CSS selector/);
    expect(problems.join('\n')).toMatch(/"nothing".*needs "urlPatientId" or "banner"/);
    expect(problems.join('\n')).toMatch(/"x".*used by another rule/);
  });

  it('accepts no rules, and refuses a non-list', () => {
    expect(validateDeclaredRules(undefined)).toEqual({ rules: [], problems: [] });
    expect(validateDeclaredRules({}).problems).toEqual(['EPR rules must be a list.']);
  });

  it('a banner NHS number failing Modulus 11 means no patient, even with an id in the address', () => {
    const reader = readerFromRule({ id: 'r', label: 'R', origins: ['https://e.example'], urlPatientId: { pattern: '/p/(\\d+)', system: 's' }, banner: { selector: '#b', namePattern: '^(\\S+, \\S+)' } });
    const doc = new DOMParser().parseFromString('<div id="b">SMITH, Jo NHS No. 999 000 1015</div>', 'text/html');
    expect(reader.detect(doc, new URL('https://e.example/p/12'))).toMatchObject({ kind: 'none', reason: expect.stringMatching(/check digit/) });
    doc.getElementById('b')!.textContent = 'SMITH, Jo';
    expect(reader.detect(doc, new URL('https://e.example/p/12'))).toMatchObject({ kind: 'patient', patient: { identifier: { system: 's', value: '12' } } });
    expect(reader.matches(new URL('https://other.example/p/12'))).toBe(false);
  });
});

describe('attack 3: rules read the path, anchored; a query parameter only when named', () => {
  const pas = readerFromRule({ id: 'pas', label: 'PAS', origins: ['https://pas.example.nhs.uk'], urlPatientId: { pattern: '/pas/patient/([A-Za-z0-9]+)', system: 'hosp' }, identity: 'not-shown' });
  const doc = document.implementation.createHTMLDocument('');

  it('a patient address in the query string of another page names no one', () => {
    expect(pas.detect(doc, new URL('https://pas.example.nhs.uk/pas/worklist?next=/pas/patient/H123456'))).toMatchObject({ kind: 'none' });
    expect(pas.detect(doc, new URL('https://pas.example.nhs.uk/pas/worklist#/pas/patient/H123456'))).toMatchObject({ kind: 'none' });
    expect(pas.detect(doc, new URL('https://pas.example.nhs.uk/x/pas/patient/H123456'))).toMatchObject({ kind: 'none' });
  });

  it('on a real patient address the id stops where the path does', () => {
    expect(pas.detect(doc, new URL('https://pas.example.nhs.uk/pas/patient/H123456?tab=notes#top'))).toMatchObject({ kind: 'patient', patient: { identifier: { value: 'H123456' } } });
  });

  it('a query parameter is read only when the rule names it', () => {
    const byQuery = readerFromRule({ id: 'q', label: 'Q', origins: ['https://pas.example.nhs.uk'], urlPatientId: { queryParam: 'pid', system: 'hosp' }, identity: 'not-shown' });
    expect(byQuery.detect(doc, new URL('https://pas.example.nhs.uk/chart?pid=H123456&x=1'))).toMatchObject({ kind: 'patient', patient: { identifier: { value: 'H123456' } } });
    expect(byQuery.detect(doc, new URL('https://pas.example.nhs.uk/chart?next=pid%3DH1'))).toMatchObject({ kind: 'none' });
    expect(validateDeclaredRules([{ id: 'both', label: 'B', origins: ['https://a.example'], urlPatientId: { pattern: '/(x)', queryParam: 'p', system: 's' }, identity: 'not-shown' }]).problems[0]).toMatch(/exactly one/);
  });
});

describe('attack 4: a slow rule cannot freeze the EPR', () => {
  it('refuses patterns that repeat a repeated part, with the reason', () => {
    const { rules, problems } = validateDeclaredRules([{ id: 'slow', label: 'Slow PAS', origins: ['https://a.example'], banner: { selector: '.h', namePattern: 'Name: ((?:[A-Za-z]+ ?)+) \\|' } }]);
    expect(rules).toEqual([]);
    expect(problems[0]).toMatch(/"banner.namePattern" repeats a repeated part.*freeze/);
  });

  it('reads at most 2 KB of banner text', () => {
    const reader = readerFromRule({ id: 'r', label: 'R', origins: ['https://e.example'], banner: { selector: '#b', namePattern: 'Name: (\\w+)', birthDatePattern: 'DOB (\\S+)' } });
    const doc = new DOMParser().parseFromString(`<div id="b">Name: Ada ${'x'.repeat(5000)} DOB 1950-03-12 NHS No. 999 000 1014</div>`, 'text/html');
    // The date of birth and the NHS number lie past the first 2 KB: not read.
    expect(reader.detect(doc, new URL('https://e.example/'))).toMatchObject({ kind: 'none', code: 'no-identifier' });
  });
});

describe('attack 1: a rule must read a name or a date of birth, unless the trust says its EPR shows neither', () => {
  it('is refused without one, and accepted with identity "not-shown"', () => {
    expect(validateDeclaredRules([{ id: 'a', label: 'A', origins: ['https://a.example'], banner: { selector: '.b' } }]).problems[0]).toMatch(/namePattern.*birthDatePattern/);
    expect(validateDeclaredRules([{ id: 'a', label: 'A', origins: ['https://a.example'], urlPatientId: { pattern: '/p/(\\d+)', system: 's' } }]).problems[0]).toMatch(/no name or date of birth/);
    expect(validateDeclaredRules([{ id: 'a', label: 'A', origins: ['https://a.example'], urlPatientId: { pattern: '/p/(\\d+)', system: 's' }, identity: 'not-shown' }]).problems).toEqual([]);
  });

  it('a banner whose name and date of birth are not where the rule says shows no patient', () => {
    const reader = readerFromRule({ id: 'r', label: 'R', origins: ['https://e.example'], banner: { selector: '#b', namePattern: 'Name: (\\w+)' } });
    const doc = new DOMParser().parseFromString('<div id="b">Team inbox: NHS No. 999 000 1014</div>', 'text/html');
    expect(detectPatientInView(doc, new URL('https://e.example/'), [reader])).toMatchObject({ kind: 'none', code: 'identity-unreadable' });
  });
});

describe('rules with a frame', () => {
  const base = { id: 'f', label: 'Framed', origins: ['https://e.example'], banner: { selector: '.b', namePattern: 'Name: (.+)', localId: { pattern: 'No: (\\S+)', system: 's' } } };

  it('validates the frame selector, and needs a banner to read in it', () => {
    expect(validateDeclaredRules([{ ...base, frame: 'iframe#main' }], { canCheckSelector: isValidCssSelector }).problems).toEqual([]);
    expect(validateDeclaredRules([{ ...base, frame: 'iframe[' }], { canCheckSelector: isValidCssSelector }).problems[0]).toMatch(/"frame" is not a valid CSS selector/);
    const { banner: _banner, ...noBanner } = base;
    expect(validateDeclaredRules([{ ...noBanner, frame: 'iframe', urlPatientId: { pattern: '/p/(\\d+)', system: 's' }, identity: 'not-shown' }], { canCheckSelector: isValidCssSelector }).problems[0]).toMatch(/needs a "banner"/);
  });

  it('the worked example in docs/epr-rules.md is a valid rule', () => {
    const text = readFileSync(path.join(ROOT, 'docs/epr-rules.md'), 'utf8');
    const block = /```json\n(\{\n {2}"id": "northshire-pas-workspace"[\s\S]*?)```/.exec(text)?.[1] ?? '';
    expect(validateDeclaredRules([JSON.parse(block)], { canCheckSelector: isValidCssSelector, allowLocalHttp: true })).toMatchObject({ problems: [], rules: [{ frame: 'iframe#pas-main' }] });
  });

  it('reports no patient while the frame holds none, and says so', () => {
    const reader = readerFromRule({ ...base, frame: 'iframe#main' } as DeclaredEprRule);
    expect(reader.frameSelector).toBe('iframe#main');
    expect(reader.detect(document.implementation.createHTMLDocument(''), new URL('https://e.example/'))).toMatchObject({ kind: 'none', reason: expect.stringMatching(/frame is not loaded/) });
  });
});

describe('reading the patient id from the hash', () => {
  const base = { id: 'h', label: 'H', origins: ['https://e.example'], banner: { selector: '#b', namePattern: '^(\\S+, \\S+)' } };
  it('validates "from": path or hash, and only with a pattern', () => {
    const ok = validateDeclaredRules([{ ...base, urlPatientId: { pattern: '/patient/([\\w-]+)/.*', from: 'hash', system: 's' } }], { canCheckSelector: canCheck });
    expect(ok.problems).toEqual([]);
    const bad = validateDeclaredRules(
      [
        { ...base, id: 'a', urlPatientId: { pattern: '/patient/(\\w+)', from: 'fragment', system: 's' } },
        { ...base, id: 'b', urlPatientId: { queryParam: 'id', from: 'hash', system: 's' } },
      ],
      { canCheckSelector: canCheck },
    );
    expect(bad.problems.join('\n')).toMatch(/"a".*"urlPatientId.from" must be "path" or "hash"/);
    expect(bad.problems.join('\n')).toMatch(/"b".*"urlPatientId.from" goes with "pattern"/);
  });

  it('reads the hash where the rule says so, and the path otherwise', () => {
    const doc = new DOMParser().parseFromString('<div id="b">SMITH, Jo</div>', 'text/html');
    const byHash = readerFromRule({ ...base, urlPatientId: { pattern: '/default/patient/(\\w+)/dashboard', from: 'hash', system: 's' } });
    expect(byHash.detect(doc, new URL('https://e.example/bahmni/#/default/patient/P42/dashboard'))).toMatchObject({ kind: 'patient', patient: { identifier: { value: 'P42' } } });
    expect(byHash.detect(doc, new URL('https://e.example/default/patient/P42/dashboard'))).toMatchObject({ kind: 'none' });
    const byPath = readerFromRule({ ...base, urlPatientId: { pattern: '/default/patient/(\\w+)/dashboard', system: 's' } });
    expect(byPath.detect(doc, new URL('https://e.example/bahmni/#/default/patient/P42/dashboard'))).toMatchObject({ kind: 'none' });
  });
});
