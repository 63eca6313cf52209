// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPatientInView } from '../detect';
import { adapterFromRule, isValidCssSelector, validateDeclaredRules, type DeclaredEprRule } from './declared-adapter';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const page = (file: string) => new DOMParser().parseFromString(readFileSync(path.join(ROOT, 'sandbox/epr/__snapshots__', file), 'utf8'), 'text/html');
const canCheck = isValidCssSelector;

/** The worked examples in docs/epr-rules.md: each JSON block, with the page and the expected identifier. */
const examples = [...readFileSync(path.join(ROOT, 'docs/epr-rules.md'), 'utf8').matchAll(/<!-- example: (\S+) (\S+) (\S+) -->\s*```json\n([\s\S]*?)```/g)].map(
  (m) => ({ file: m[1]!, url: m[2]!, expected: m[3]!, rule: JSON.parse(m[4]!) as unknown }),
);

describe('the worked examples in docs/epr-rules.md', () => {
  it('are all there', () => expect(examples).toHaveLength(3));

  it.each(examples)('$file: the rule is valid and finds the patient, alone among adapters', ({ file, url, expected, rule }) => {
    const { rules, problems } = validateDeclaredRules([rule], canCheck);
    expect(problems).toEqual([]);
    const d = detectPatientInView(page(file), new URL(url), rules.map(adapterFromRule));
    expect(d.kind).toBe('patient');
    if (d.kind !== 'patient') return;
    expect(d.patient.identifier.value).toBe(expected);
    expect(d.patient.displayName).toBeTruthy();
    expect(d.patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(examples)('$file: a list page gives no patient', ({ file, rule }) => {
    const [adapter] = validateDeclaredRules([rule], canCheck).rules.map(adapterFromRule);
    const list = file.startsWith('openmrs') ? ['openmrs-home.html', 'http://localhost:8200/openmrs/spa/home'] : file.startsWith('openemr') ? ['openemr-top-none.html', 'http://localhost:8200/openemr/interface/main/tabs/main.php'] : ['nhs-patients-list.html', 'http://localhost:8200/nhs/patients'];
    expect(detectPatientInView(page(list[0]!), new URL(list[1]!), [adapter!]).kind).toBe('none');
  });
});

describe('validating declared rules', () => {
  const good: DeclaredEprRule = { id: 'x', label: 'X', origins: ['https://epr.example.nhs.uk'], banner: { selector: '#b' } };

  it('reports each bad rule with its reasons and keeps the good ones whole', () => {
    const { rules, problems } = validateDeclaredRules(
      [
        good,
        { ...good, id: 'bad origin', origins: ['ftp://x'] },
        { ...good, id: 'no-group', urlPatientId: { pattern: '/patient/\\d+', system: 's' } },
        { ...good, id: 'bad-re', banner: { selector: '#b', namePattern: '(' } },
        { ...good, id: 'bad-sel', banner: { selector: '##' } },
        { id: 'nothing', label: 'N', origins: ['https://a.example'] },
        { ...good },
        'not a rule',
      ],
      canCheck,
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
    const adapter = adapterFromRule({ id: 'r', label: 'R', origins: ['https://e.example'], urlPatientId: { pattern: '/p/(\\d+)', system: 's' }, banner: { selector: '#b' } });
    const doc = new DOMParser().parseFromString('<div id="b">SMITH, Jo NHS No. 999 000 1015</div>', 'text/html');
    expect(adapter.detect(doc, new URL('https://e.example/p/12'))).toMatchObject({ kind: 'none', reason: expect.stringMatching(/check digit/) });
    doc.getElementById('b')!.textContent = 'SMITH, Jo';
    expect(adapter.detect(doc, new URL('https://e.example/p/12'))).toMatchObject({ kind: 'patient', patient: { identifier: { system: 's', value: '12' } } });
    expect(adapter.matches(new URL('https://other.example/p/12'))).toBe(false);
  });
});

describe('rules with a frame', () => {
  const base = { id: 'f', label: 'Framed', origins: ['https://e.example'], banner: { selector: '.b', localId: { pattern: 'No: (\\S+)', system: 's' } } };

  it('validates the frame selector, and needs a banner to read in it', () => {
    expect(validateDeclaredRules([{ ...base, frame: 'iframe#main' }], isValidCssSelector).problems).toEqual([]);
    expect(validateDeclaredRules([{ ...base, frame: 'iframe[' }], isValidCssSelector).problems[0]).toMatch(/"frame" is not a valid CSS selector/);
    const { banner: _banner, ...noBanner } = base;
    expect(validateDeclaredRules([{ ...noBanner, frame: 'iframe', urlPatientId: { pattern: '/p/(\\d+)', system: 's' } }], isValidCssSelector).problems[0]).toMatch(/needs a "banner"/);
  });

  it('the worked example in docs/epr-rules.md is a valid rule', () => {
    const text = readFileSync(path.join(ROOT, 'docs/epr-rules.md'), 'utf8');
    const block = /```json\n(\{\n {2}"id": "northshire-pas-workspace"[\s\S]*?)```/.exec(text)?.[1] ?? '';
    expect(validateDeclaredRules([JSON.parse(block)], isValidCssSelector)).toMatchObject({ problems: [], rules: [{ frame: 'iframe#pas-main' }] });
  });

  it('reports no patient while the frame holds none, and says so', () => {
    const adapter = adapterFromRule({ ...base, frame: 'iframe#main' } as DeclaredEprRule);
    expect(adapter.frameSelector).toBe('iframe#main');
    expect(adapter.detect(document.implementation.createHTMLDocument(''), new URL('https://e.example/'))).toMatchObject({ kind: 'none', reason: expect.stringMatching(/frame is not loaded/) });
  });
});
