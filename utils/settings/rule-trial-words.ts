/**
 * What a trial of a trust's rule found (utils/page/rule-trial.ts), in words for the options page: what it
 * reads, where each of NHS number, name and date of birth came from (or why not), how safe the rule is
 * (which halves of the identity check it arms, and what a missing half means), and what the live panel
 * would show.
 */
import { date } from '@/utils/fhir/dates';
import { BANNER_DATE_FORMATS, type DeclaredEprRule } from '@/utils/shared/epr-rule';
import { formatNhsNumber, NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import { requireIdentityFields } from '@/utils/shared/detection';
import { SLOW_RULE_MS, type RuleTrial, type RuleTrialState } from '@/utils/shared/rule-trial';
import { noPatientTitle } from './panel-words';
import { missingHalfWords, ruleHalves } from './rule-safety';

/** The most banner text the trial shows (the rule reads at most 2,048 characters; see docs/epr-rules.md). */
const MAX_BANNER_CHARS = 2048;

/** One of NHS number, name and date of birth: what was read, and from where (or why not). */
export interface TrialField {
  field: 'NHS number' | 'Name' | 'Date of birth';
  read: boolean;
  text: string;
}

/** A trial, in words. */
export interface RuleTrialWords {
  /** One sentence: what the rule reads here, or why nothing. */
  summary: string;
  /** NHS number, name, date of birth: read or not, and from where. */
  fields: TrialField[];
  /** How safe the rule is on this page: which halves of the identity check are armed, and what a missing one means. */
  safety?: string;
  /** Whether both halves were read here. */
  bothHalves: boolean;
  /** What the live panel would show for this page. */
  panel: string;
  /** The banner's visible text as the patterns saw it, and whether it was cut. */
  banner?: string;
  slow?: string;
}

/**
 * What a trial found, in words for the options page.
 *
 * @param trial - what `tryRuleOnPage` returned
 * @param rule - the rule tried
 * @param opts - `requireBoth`: the trust requires both halves of the identity check (`requireBothIdentityChecks`)
 */
export function describeRuleTrial(trial: RuleTrial, rule: DeclaredEprRule, opts: { requireBoth?: boolean } = {}): RuleTrialWords {
  if (!trial.applies) {
    const where = rule.pathPrefix ? `pages under ${rule.pathPrefix} on ${rule.origins.join(' or ')}` : `pages on ${rule.origins.join(' or ')}`;
    return { summary: `This rule reads nothing here: it is for ${where}, and this tab shows ${trial.page}.`, fields: [], bothHalves: false, panel: 'The panel would not use this rule on this page.' };
  }
  const d = trial.detection;
  const r = trial.reading;
  const slow = trial.ms > SLOW_RULE_MS ? `It took ${Math.round(trial.ms)} ms to read the page: over ${SLOW_RULE_MS} ms, Alongside switches it off.` : undefined;
  const banner = r?.bannerText
    ? `Banner text read (only what is shown on screen, ${r.bannerText.length} characters${r.bannerCut ? `, cut at ${MAX_BANNER_CHARS}: put what the patterns need near the start, or choose a smaller banner` : ''}): “${r.bannerText}”`
    : undefined;
  const fields = fieldWords(trial, rule);
  const panel = panelWords(trial, opts);
  if (!d || d.kind !== 'patient') {
    return { summary: `This rule reads nothing on this page: ${d?.reason ?? 'no answer'}`, fields, bothHalves: false, panel, ...(banner ? { banner } : {}), ...(slow ? { slow } : {}) };
  }
  const p = d.patient;
  const identifier = p.nhsNumber ? `NHS number ${formatNhsNumber(p.nhsNumber)}` : `identifier ${p.identifier.value} (${p.identifier.system === NHS_NUMBER_SYSTEM ? 'NHS number' : p.identifier.system})`;
  const summary = `This rule reads: ${identifier}, name ${p.displayName ?? 'not read'}, date of birth ${p.birthDate ? date(p.birthDate) : 'not read'}.`;
  const here = { name: !!p.displayName, birthDate: !!p.birthDate };
  const armed = ruleHalves(rule);
  const bothHalves = here.name && here.birthDate;
  let safety: string;
  if (p.identityNotShown) {
    safety = 'Not safe by itself: the rule says this EPR shows neither name nor date of birth, so a record of the wrong patient would not be hidden; the panel marks every record from it "identity not cross-checked".';
  } else if (!here.name && !here.birthDate) {
    safety = `Not checked: ${missingHalfWords(here)!}. With nothing to compare, Alongside shows no record on this page.`;
  } else if (bothHalves) {
    safety = 'Both halves of the identity check are armed: a record whose name or date of birth differs from this page is hidden.';
  } else {
    const missing = missingHalfWords(here)!;
    const why = armed.name && armed.birthDate ? ' The rule has patterns for both, but on this page one found nothing: check it on other patients’ pages too.' : '';
    safety = `Partly checked: ${missing}. The panel marks every record this rule finds here "not cross-checked".${why}`;
  }
  if (!bothHalves && opts.requireBoth) safety += ' Your organisation requires both the name and the date of birth to match, so Alongside will show no record on this page.';
  return { summary, fields, safety, bothHalves, panel, ...(banner ? { banner } : {}), ...(slow ? { slow } : {}) };
}

/** NHS number, name and date of birth: what was read and where from, or why not. */
function fieldWords(trial: RuleTrial, rule: DeclaredEprRule): TrialField[] {
  const r = trial.reading;
  if (!r) return [];
  const p = trial.detection?.kind === 'patient' ? trial.detection.patient : undefined;
  const b = rule.banner;
  const inBanner = r.bannerText !== undefined;
  const fields: TrialField[] = [];

  if (p?.nhsNumber) fields.push({ field: 'NHS number', read: true, text: `${formatNhsNumber(p.nhsNumber)}, from the banner (${b?.nhsNumberPattern ? 'its nhsNumberPattern' : 'after “NHS No.” or “NHS Number”'}); it passes its check digit` });
  else if (r.nhsShown) fields.push({ field: 'NHS number', read: false, text: `“${r.nhsShown}” was found in the banner but fails its check digit, so no patient is shown` });
  else {
    const instead = p && p.identifier.system !== NHS_NUMBER_SYSTEM ? ` The record is found by ${p.identifier.value} (${r.fromUrl === p.identifier.value ? `from the address${rule.urlPatientId?.from === 'hash' ? '’s hash' : ''}` : 'from the banner’s localId'}) under ${p.identifier.system}.` : '';
    fields.push({ field: 'NHS number', read: false, text: `not read${inBanner ? `: ${b?.nhsNumberPattern ? 'nhsNumberPattern' : 'no “NHS No.” or “NHS Number” label'} found nothing in the banner` : ''}.${instead}` });
  }

  if (!b?.namePattern) fields.push({ field: 'Name', read: false, text: 'not read: this rule has no namePattern' });
  else if (r.name) fields.push({ field: 'Name', read: true, text: `${r.name}, from the banner (namePattern)` });
  else fields.push({ field: 'Name', read: false, text: inBanner ? 'not read: namePattern found nothing in the banner text below' : 'not read: no banner' });

  const formats = BANNER_DATE_FORMATS.map((f) => f.examples[0]).join(', ');
  if (!b?.birthDatePattern) fields.push({ field: 'Date of birth', read: false, text: 'not read: this rule has no birthDatePattern' });
  else if (r.birthDate) fields.push({ field: 'Date of birth', read: true, text: `${date(r.birthDate)}, from the banner (birthDatePattern read “${r.birthDateShown}”)` });
  else if (r.birthDateShown) fields.push({ field: 'Date of birth', read: false, text: `read “${r.birthDateShown}” but not understood: Alongside understands dates such as ${formats} (docs/epr-rules.md lists them)` });
  else fields.push({ field: 'Date of birth', read: false, text: inBanner ? 'not read: birthDatePattern found nothing in the banner text below' : 'not read: no banner' });
  return fields;
}

/** What the live panel would show for what the rule read (after the same identity-field check the content script makes). */
function panelWords(trial: RuleTrial, opts: { requireBoth?: boolean }): string {
  const d = trial.detection;
  if (!d) return 'The panel would not use this rule on this page.';
  const checked = requireIdentityFields(d);
  if (checked.kind === 'ambiguous') return `The panel would say: “Patient not certain: nothing shown”: ${checked.reason}`;
  if (checked.kind === 'none') return `The panel would say: “${noPatientTitle(checked)}”: ${checked.reason}`;
  const p = checked.patient;
  const partly = !p.displayName || !p.birthDate;
  if (partly && opts.requireBoth) return 'The panel would find the record and hide it: “Identity not fully checked: record hidden”.';
  return `The panel would look the patient up in the shared record${partly ? ' and mark the record “not cross-checked”' : ''}; a record whose ${[p.displayName && 'name', p.birthDate && 'date of birth'].filter(Boolean).join(' or ')} differs is hidden.`;
}

/**
 * A watched trial's states, in words: each distinct thing the live panel would have shown, in order, with
 * when (seconds after the watch began) and on which page.
 *
 * @param states - what the watch saw, in order
 * @param rule - the rule tried
 * @param opts - `requireBoth`: the trust requires both halves of the identity check (`requireBothIdentityChecks`)
 */
export function describeWatchedStates(states: readonly (RuleTrialState & { navigation: number })[], rule: DeclaredEprRule, opts: { requireBoth?: boolean } = {}): string[] {
  return states.map((s) => {
    const words = describeRuleTrial(s.trial, rule, opts);
    const when = `${(s.at / 1000).toFixed(1)} s${s.navigation ? ` after navigation ${s.navigation}` : ''}`;
    return `${when}, ${s.trial.page}: ${words.panel.replace(/^The panel would say: /, 'the panel says ').replace(/^The panel would /, 'the panel would ')}`;
  });
}
