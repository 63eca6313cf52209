import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_MAX_LINES, rulesForRole } from './rank';
import { flag, med, NOW, noise, rankRecord, task } from '../../testing/scenarios/build';
import { SCENARIOS } from '../../testing/scenarios';
// Imported with the file, not inside a test: loading them is not the test's time (a busy machine would time it out).
import { readFileSync } from 'node:fs';
import { DEFAULT_RULES } from '@/utils/highlights/rules/default-rules';
import { classifyMedicine } from '@/utils/vocabulary';
import { buildSandboxData } from '../../sandbox/seed';

describe('clinical scenarios: every must-see item is on the first screen', () => {
  it('has at least 10 scenarios', () => expect(SCENARIOS.length).toBeGreaterThanOrEqual(10));

  it.each(SCENARIOS)('$name', ({ resources, mustSee, neverShown = [], linesMatching = [], lines = [] }) => {
    const { firstScreen, all } = rankRecord(resources, { now: NOW });
    const words = all.map((l) => l.text);
    for (const pattern of neverShown) expect(words.filter((w) => pattern.test(w)), `${pattern} shown`).toEqual([]);
    for (const [pattern, count] of linesMatching) expect(words.filter((w) => pattern.test(w)), `lines matching ${pattern}`).toHaveLength(count);
    for (const line of lines) expect(firstScreen.map((l) => l.text)).toContain(line);
    expect(firstScreen.length).toBeLessThanOrEqual(FIRST_SCREEN_MAX_LINES);
    const shown = firstScreen.map((l) => l.id);
    for (const id of mustSee) expect(shown, `${id} missing from the first screen`).toContain(id);
    // The full list holds more than the first screen when the record has more.
    expect(all.length).toBeGreaterThanOrEqual(firstScreen.length);
    for (const l of firstScreen) {
      expect(l.text).toMatch(/^[A-Z].*[.!?]$/);
      expect(l.why.length).toBeGreaterThan(10);
      expect(l.source.type).toBeTruthy();
    }
  });
});

describe('rules', () => {
  it('recognises a high-risk medicine by code even with an odd name, and by name only saying so', () => {
    const r = rankRecord([...noise(), med('odd', 'Tabs (see letter)', { system: 'http://snomed.info/sct', code: '18509011000001102' }), med('named', 'Rivaroxaban 20mg')], { now: NOW });
    const odd = r.all.find((l) => l.id === 'MedicationRequest/odd')!;
    const named = r.all.find((l) => l.id === 'MedicationRequest/named')!;
    expect(odd.ruleId).toBe('high-risk-medicines');
    expect(odd.why).toMatch(/by its code/);
    expect(named.ruleId).toBe('high-risk-medicines');
    expect(named.why).toMatch(/name only/);
  });

  it('marks what changed since the clinician last looked', () => {
    const fresh = { ...task('new', 'requested', 'New task', 3), meta: { lastUpdated: '2026-11-24T09:00:00Z' } } as Resource;
    const old = { ...task('old', 'requested', 'Old task', 4), meta: { lastUpdated: '2026-11-01T09:00:00Z' } } as Resource;
    const r = rankRecord([fresh, old], { now: NOW, lastViewedAt: Date.parse('2026-11-20T00:00:00Z') });
    expect(r.all.filter((l) => l.isNew).map((l) => l.id)).toEqual(['Task/new']);
  });

  it('keeps text as given: markup stays text', () => {
    const r = rankRecord([task('x', 'requested', '<img src=x onerror=alert(1)>', 2)], { now: NOW });
    expect(r.all.find((l) => l.id === 'Task/x')!.text).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('shown once', () => {
  it('leaves out the rules whose facts the caller shows in a section of its own, must-see or not', () => {
    const resources = [...noise(), task('late', 'requested', 'Wound check', -2), task('soon', 'accepted', 'Bloods', 3)];
    const everything = rankRecord(resources, { now: NOW });
    expect(everything.all.map((l) => l.ruleId)).toEqual(expect.arrayContaining(['overdue-tasks', 'pending-tasks']));
    const panel = rankRecord(resources, { now: NOW, shownElsewhere: ['overdue-tasks', 'pending-tasks'] });
    expect(panel.all.filter((l) => l.id.startsWith('Task/'))).toEqual([]);
    expect(panel.all.length).toBe(everything.all.length - 2);
  });
});

describe('warning callouts', () => {
  it('marks resuscitation decisions and safeguarding concerns, and no other alert', () => {
    const r = rankRecord([...noise(), flag('dnacpr', 'DNACPR: do not attempt cardiopulmonary resuscitation'), flag('sg', 'Safeguarding concern: child protection plan'), flag('staff', 'Violent to staff')], { now: NOW });
    const callout = (id: string) => r.all.find((l) => l.id === id)?.callout;
    expect([callout('Flag/dnacpr'), callout('Flag/sg'), callout('Flag/staff')]).toEqual(['resuscitation', 'safeguarding', undefined]);
  });
});

describe('per-role configuration', () => {
  it('orders the rest by role, keeps must-see first, and reports bad entries without half-applying them', () => {
    const nurse = rulesForRole('community-nurse').rules.map((r) => r.id);
    const mustSeeCount = nurse.findIndex((id) => id === 'pending-tasks');
    expect(rulesForRole('community-nurse').rules.slice(0, mustSeeCount).every((r) => r.mustSee)).toBe(true);
    const { rules, problems } = rulesForRole('gp', { roles: { gp: { order: ['referrals', 'no-such-rule'], disabled: ['recent-encounters', 'alerts'] } } });
    const ids = rules.map((r) => r.id);
    expect(ids).toContain('alerts');
    expect(ids).not.toContain('recent-encounters');
    expect(ids[ids.findIndex((id) => !rules.find((r) => r.id === id)!.mustSee)]).toBe('referrals');
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toMatch(/no-such-rule.*does not exist/);
    expect(problems.join(' ')).toMatch(/alerts.*cannot be turned off/);
  });
});

describe('docs/highlight-rules.md', () => {
  it('documents every default rule, in order, with whether it is must-see', async () => {
    const doc = readFileSync(new URL('../../docs/highlight-rules.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| \d+ \| `([a-z-]+)` \| (yes|no) \|/gm)].map((m) => [m[1], m[2] === 'yes']);
    expect(rows).toEqual(DEFAULT_RULES.map((r) => [r.id, r.mustSee]));
  });
});

describe('the scenarios on top of a synthetic patient’s whole record', () => {
  it.each(SCENARIOS.filter((s) => s.mustSee.length <= 6))('$name', async ({ resources, mustSee }) => {
    const data = buildSandboxData({ now: NOW, syntheaDir: null });
    const sam = data.resources.filter((r) => r.id === 'uk-sam-taylor' || JSON.stringify(r).includes('"Patient/uk-sam-taylor"'));
    expect(sam.length).toBeGreaterThan(10);
    const shown = rankRecord([...sam, ...resources], { now: NOW }).firstScreen.map((l) => l.id);
    for (const id of mustSee) expect(shown, `${id} missing from the first screen`).toContain(id);
  });
});

describe('high-risk medicine codes', () => {
  it('does not flag paracetamol (RxNorm 313782, common in Synthea records) as an opioid', async () => {
    const rx = 'http://www.nlm.nih.gov/research/umls/rxnorm';
    expect(classifyMedicine({ coding: [{ system: rx, code: '313782', display: 'Acetaminophen 325 MG Oral Tablet' }] })).toBeUndefined();
    expect(classifyMedicine({ coding: [{ system: rx, code: '861467', display: 'Meperidine Hydrochloride 50 MG Oral Tablet' }] })).toMatchObject({ classId: 'opioid', by: 'code' });
  });
});

describe('docs/highlight-rules.md documents the flag codes', () => {
  it('names every SNOMED CT code that decides what a flag means', async () => {
    const doc = readFileSync(new URL('../../docs/highlight-rules.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('../vocabulary/flag-meaning.ts', import.meta.url), 'utf8');
    const codes = [...source.slice(source.indexOf('SNOMED_FLAG_CODES')).matchAll(/^\s+'(\d+)': '[a-z-]+',/gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });
});
