// @vitest-environment happy-dom
/**
 * "Try this rule" on the options page: the rule run on a saved demo EPR page as the content script would
 * run it, and what it read said in words: where each of NHS number, name and date of birth came from, how
 * much of the identity check it arms, what the panel would show; a watched page's every state; and a
 * selector suggested around an NHS number the admin types.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { suggestSelectors, tryRuleOnPage, watchRuleOnPage } from './rule-trial';
import { describeRuleTrial, describeWatchedStates } from '@/utils/settings/rule-trial-words';
import type { RuleTrial, RuleTrialState } from '@/utils/shared/rule-trial';

const ROOT = path.resolve(import.meta.dirname, '../..');
const page = (file: string) => new DOMParser().parseFromString(readFileSync(path.join(ROOT, 'sandbox/epr/__snapshots__', file), 'utf8'), 'text/html');
const html = (body: string) => new DOMParser().parseFromString(`<!doctype html><html><body>${body}</body></html>`, 'text/html');
/** docs/epr-rules.md's NHS CUI banner example. */
const cui: DeclaredEprRule = {
  id: 'northshire-cui',
  label: 'Northshire Clinical Record',
  origins: ['http://localhost:8200'],
  pathPrefix: '/nhs/',
  banner: { selector: '.nhsuk-patient-banner', namePattern: '^(.+?) Born', birthDatePattern: 'Born (\\d{1,2}-[A-Za-z]{3}-\\d{4})' },
};
const PATIENT = 'http://localhost:8200/nhs/patient/9990001014?from=list';

describe('trying a rule on a page', () => {
  it('says what the rule reads, where each part came from, and that both halves of the identity check are armed', () => {
    const trial = tryRuleOnPage(cui, page('nhs-patient.html'), PATIENT);
    expect(trial).toMatchObject({ page: 'http://localhost:8200/nhs/patient/9990001014', applies: true });
    const words = describeRuleTrial(trial, cui);
    expect(words.summary).toMatch(/^This rule reads: NHS number 999 000 1014, name [A-Z]+, \w+.*, date of birth \d{2}-[A-Z][a-z]{2}-\d{4}\.$/);
    expect(words.fields.map((f) => [f.field, f.read])).toEqual([['NHS number', true], ['Name', true], ['Date of birth', true]]);
    expect(words.fields[0]!.text).toMatch(/from the banner \(after “NHS No\.” or “NHS Number”\); it passes its check digit/);
    expect(words.fields[2]!.text).toMatch(/from the banner \(birthDatePattern read “\d{1,2}-[A-Z][a-z]{2}-\d{4}”\)/);
    expect(words.bothHalves).toBe(true);
    expect(words.safety).toBe('Both halves of the identity check are armed: a record whose name or date of birth differs from this page is hidden.');
    expect(words.panel).toMatch(/^The panel would look the patient up in the shared record; a record whose name or date of birth differs is hidden\.$/);
    expect(words.banner).toMatch(/^Banner text read \(only what is shown on screen, \d+ characters\): “.+Born.+”$/);
  });

  it('says why it reads nothing: a page it is not for, a page without the banner', () => {
    const elsewhere = tryRuleOnPage(cui, page('nhs-patient.html'), 'http://localhost:8200/pas/patients');
    expect(describeRuleTrial(elsewhere, cui).summary).toBe('This rule reads nothing here: it is for pages under /nhs/ on http://localhost:8200, and this tab shows http://localhost:8200/pas/patients.');
    const list = tryRuleOnPage(cui, page('nhs-patients-list.html'), 'http://localhost:8200/nhs/patients');
    const words = describeRuleTrial(list, cui);
    expect(words.summary).toBe('This rule reads nothing on this page: No patient banner in Northshire Clinical Record.');
    expect(words.panel).toBe('The panel would say: “No patient in view”: No patient banner in Northshire Clinical Record.');
  });

  it('a rule reading no date of birth is flagged: "a wrong date of birth would not hide the record"', () => {
    const nameOnly: DeclaredEprRule = { ...cui, banner: { selector: '.nhsuk-patient-banner', namePattern: '^(.+?) Born' } };
    const words = describeRuleTrial(tryRuleOnPage(nameOnly, page('nhs-patient.html'), PATIENT), nameOnly);
    expect(words.bothHalves).toBe(false);
    expect(words.fields[2]).toEqual({ field: 'Date of birth', read: false, text: 'not read: this rule has no birthDatePattern' });
    expect(words.safety).toBe('Partly checked: only the name is checked: a wrong date of birth would not hide the record. The panel marks every record this rule finds here "not cross-checked".');
    expect(words.panel).toMatch(/and mark the record “not cross-checked”; a record whose name differs is hidden\.$/);
    // Where the trust requires both, the consequence is said plainly.
    const required = describeRuleTrial(tryRuleOnPage(nameOnly, page('nhs-patient.html'), PATIENT), nameOnly, { requireBoth: true });
    expect(required.safety).toMatch(/requires both the name and the date of birth to match, so Alongside will show no record on this page\.$/);
    expect(required.panel).toBe('The panel would find the record and hide it: “Identity not fully checked: record hidden”.');
  });

  it('a date read but not understood says so, with the text read; a pattern that finds nothing says that', () => {
    const doc = html('<div id="b">SMITH, Jo · Born 3rd March 1950 · NHS No. 999 000 1014</div>');
    const rule: DeclaredEprRule = { id: 'r', label: 'R', origins: ['https://e.example'], banner: { selector: '#b', namePattern: '^(\\S+, \\S+)', birthDatePattern: 'Born (.+?) ·' } };
    const trial = tryRuleOnPage(rule, doc, 'https://e.example/p');
    expect(trial.detection).toMatchObject({ kind: 'patient', patient: { birthDateProblem: 'not understood ("3rd March 1950")' } });
    expect(describeRuleTrial(trial, rule).fields[2]!.text).toBe('read “3rd March 1950” but not understood: Alongside understands dates such as 17-Apr-1938, 17/04/1938, 1938-04-17 (docs/epr-rules.md lists them)');
    const missing = { ...rule, banner: { ...rule.banner!, birthDatePattern: 'DOB: (\\S+)' } };
    const none = tryRuleOnPage(missing, doc, 'https://e.example/p');
    expect(none.detection).toMatchObject({ kind: 'patient', patient: { birthDateProblem: "not read: the rule's date-of-birth pattern found nothing in the banner" } });
    expect(describeRuleTrial(none, missing).fields[2]!.text).toBe('not read: birthDatePattern found nothing in the banner text below');
  });

  it('reads only the banner’s visible text, and says where it was cut', () => {
    const long = 'x'.repeat(3000);
    const doc = html(`<div id="b">SMITH, Jo <span style="display:none">BROWN, Al</span>Born 12-Mar-1950 NHS No. 999 000 1014 ${long}</div>`);
    const rule: DeclaredEprRule = { id: 'r', label: 'R', origins: ['https://e.example'], banner: { selector: '#b', namePattern: '^(\\S+, \\S+)', birthDatePattern: 'Born (\\S+)' } };
    const trial = tryRuleOnPage(rule, doc, 'https://e.example/p');
    expect(trial.reading?.bannerText).not.toContain('BROWN');
    expect(trial.reading?.bannerCut).toBe(true);
    expect(describeRuleTrial(trial, rule).banner).toMatch(/^Banner text read \(only what is shown on screen, 2048 characters, cut at 2048: put what the patterns need near the start, or choose a smaller banner\)/);
  });

  it('warns where the record would not be shown (no name or date of birth read), and of a slow rule', () => {
    const bare: RuleTrial = { page: 'https://epr.example.nhs.uk/p/1', applies: true, ms: 80, detection: { kind: 'patient', patient: { readerId: 'declared:x', source: 'X', confidence: 'medium', identifier: { system: 'https://epr.example.nhs.uk/id', value: 'P1' } } } };
    const words = describeRuleTrial(bare, cui);
    expect(words.summary).toBe('This rule reads: identifier P1 (https://epr.example.nhs.uk/id), name not read, date of birth not read.');
    expect(words.safety).toBe('Not checked: neither the name nor the date of birth is checked: a record of the wrong patient would not be hidden. With nothing to compare, Alongside shows no record on this page.');
    expect(words.panel).toMatch(/^The panel would say: “Name and date of birth not readable: nothing shown”/);
    expect(words.slow).toBe('It took 80 ms to read the page: over 50 ms, Alongside switches it off.');
  });
});

describe('hash routes', () => {
  const hashRule: DeclaredEprRule = {
    id: 'ward',
    label: 'Ward dashboard',
    origins: ['https://e.example'],
    urlPatientId: { pattern: '/default/patient/([0-9a-f-]{36})/dashboard', from: 'hash', system: 'https://e.example/id' },
    banner: { selector: '#hdr', namePattern: '^(\\S+ \\S+)', birthDatePattern: 'Born (.+)$' },
  };
  const uuid = '5a0e8f3c-7d1b-4c2a-9e6f-000000000001';
  it('reads the id from the whole hash, never from the path, and says so', () => {
    const doc = html('<div id="hdr">Ada Fakeham Born 17 April 1938</div>');
    const trial = tryRuleOnPage(hashRule, doc, `https://e.example/app/#/default/patient/${uuid}/dashboard`);
    expect(trial.detection).toMatchObject({ kind: 'patient', patient: { identifier: { system: 'https://e.example/id', value: uuid }, birthDate: '1938-04-17' } });
    expect(describeRuleTrial(trial, hashRule).fields[0]!.text).toMatch(/The record is found by 5a0e8f3c-.* \(from the address’s hash\) under https:\/\/e\.example\/id\./);
    // The same route in the path is not the hash.
    expect(tryRuleOnPage(hashRule, doc, `https://e.example/default/patient/${uuid}/dashboard`).detection).toMatchObject({ kind: 'none', code: 'no-identifier' });
    // And the pattern must match the whole hash.
    expect(tryRuleOnPage(hashRule, doc, `https://e.example/#/default/patient/${uuid}/dashboard/extra`).detection).toMatchObject({ kind: 'none' });
  });
});

describe('watching a page', () => {
  it('reports every state the panel would have shown while the page loads, not only the last', async () => {
    const rule: DeclaredEprRule = { id: 'r', label: 'R', origins: [location.origin], banner: { selector: '.hdr', namePattern: '^(\\S+, \\S+)', birthDatePattern: 'Born (\\S+)' } };
    document.body.innerHTML = '<div class="hdr">Loading…</div><div class="hdr">Loading patient…</div><div class="hdr">…</div>';
    const states: RuleTrialState[] = [];
    const stop = new AbortController();
    watchRuleOnPage(rule, window, { signal: stop.signal, onState: (s) => states.push(s), onLeft: () => {} });
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 5)));
    await frame();
    document.body.innerHTML = '<div class="hdr">SMITH, Jo Born 12-Mar-1950</div>';
    await frame();
    await frame();
    document.body.innerHTML = '<div class="hdr">SMITH, Jo Born 12-Mar-1950 NHS No. 999 000 1014</div>';
    await frame();
    await frame();
    stop.abort();
    const said = describeWatchedStates(states.map((s) => ({ ...s, navigation: 0 })), rule);
    expect(said).toHaveLength(3);
    expect(said[0]).toMatch(/the panel says “Patient not certain: nothing shown”: R shows more than one patient banner\.$/);
    expect(said[1]).toMatch(/the panel says “A patient banner without an identifier”/);
    expect(said[2]).toMatch(/the panel would look the patient up in the shared record; a record whose name or date of birth differs is hidden\.$/);
  });
});

describe('suggesting a selector around an NHS number', () => {
  it('finds the number in the visible text only and suggests the smallest selector that matches it alone, and the banner around it', () => {
    const doc = html(
      '<header class="app-header"><span>Ward 7</span></header>' +
        '<div style="display:none"><span class="nhs">999 000 1014</span></div>' +
        '<section class="patient-summary"><div class="pt-banner"><span class="pt-name">SMITH, Jo</span><span class="dob">Born 12-Mar-1950</span><span class="ids"><b class="nhs">999 000 1014</b></span></div></section>',
    );
    const help = suggestSelectors(doc, '999-000-1014');
    expect(help).toEqual({
      found: true,
      suggestions: [
        { role: 'number', selector: '.ids .nhs', matches: 1, text: '999 000 1014' },
        { role: 'banner', selector: '.pt-banner', matches: 1, text: 'SMITH, JoBorn 12-Mar-1950999 000 1014' },
      ],
    });
    for (const s of (help as { suggestions: { selector: string }[] }).suggestions) expect(doc.querySelectorAll(s.selector)).toHaveLength(1);
  });

  it('says when the number is not shown (hidden text is never searched)', () => {
    const doc = html('<div hidden>999 000 1014</div>');
    expect(suggestSelectors(doc, '9990001014')).toEqual({ found: false, reason: 'NHS number 9990001014 is not shown on this page as one piece of text (only text on screen is searched).' });
    expect(suggestSelectors(doc, '12')).toEqual({ found: false, reason: 'Type the 10 digits of an NHS number the page shows.' });
  });
});
