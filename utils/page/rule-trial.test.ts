// @vitest-environment happy-dom
/**
 * "Try this rule" on the options page: the rule run on a saved demo EPR page as the content script would
 * run it, and what it read said in words.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { tryRuleOnPage } from './rule-trial';
import { describeRuleTrial } from '@/utils/settings/rule-trial-words';
import type { RuleTrial } from '@/utils/shared/rule-trial';

const ROOT = path.resolve(import.meta.dirname, '../..');
const page = (file: string) => new DOMParser().parseFromString(readFileSync(path.join(ROOT, 'sandbox/epr/__snapshots__', file), 'utf8'), 'text/html');
/** docs/epr-rules.md's NHS CUI banner example. */
const cui: DeclaredEprRule = {
  id: 'northshire-cui',
  label: 'Northshire Clinical Record',
  origins: ['http://localhost:8200'],
  pathPrefix: '/nhs/',
  banner: { selector: '.nhsuk-patient-banner', namePattern: '^(.+?) Born', birthDatePattern: 'Born (\\d{1,2}-[A-Za-z]{3}-\\d{4})' },
};

describe('trying a rule on a page', () => {
  it('says what the rule reads: NHS number, name, date of birth', () => {
    const trial = tryRuleOnPage(cui, page('nhs-patient.html'), 'http://localhost:8200/nhs/patient/9990001014?from=list');
    expect(trial).toMatchObject({ page: 'http://localhost:8200/nhs/patient/9990001014', applies: true });
    expect(describeRuleTrial(trial, cui)).toMatch(/^This rule reads: NHS number 999 000 1014, name [A-Z]+, \w+.*, date of birth \d{2}-[A-Z][a-z]{2}-\d{4}\.$/);
  });

  it('says why it reads nothing: a page it is not for, a page without the banner', () => {
    const elsewhere = tryRuleOnPage(cui, page('nhs-patient.html'), 'http://localhost:8200/pas/patients');
    expect(describeRuleTrial(elsewhere, cui)).toBe('This rule reads nothing here: it is for pages under /nhs/ on http://localhost:8200, and this tab shows http://localhost:8200/pas/patients.');
    const list = tryRuleOnPage(cui, page('nhs-patients-list.html'), 'http://localhost:8200/nhs/patients');
    expect(describeRuleTrial(list, cui)).toBe('This rule reads nothing on this page: No patient banner in Northshire Clinical Record.');
  });

  it('warns where the record would not be shown (no name or date of birth read), and of a slow rule', () => {
    const bare: RuleTrial = { page: 'https://epr.example.nhs.uk/p/1', applies: true, ms: 80, detection: { kind: 'patient', patient: { readerId: 'declared:x', source: 'X', confidence: 'medium', identifier: { system: 'https://epr.example.nhs.uk/id', value: 'P1' } } } };
    expect(describeRuleTrial(bare, cui)).toBe(
      'This rule reads: identifier P1 (https://epr.example.nhs.uk/id), name not read, date of birth not read. With neither a name nor a date of birth, Alongside will show no record on this page. It took 80 ms to read the page: over 50 ms, Alongside switches it off.',
    );
  });
});
