/**
 * The highlights engine: from a cached record's normalised form, what a clinician must see first, 12
 * lines on the first screen (more only when more must-see facts than that are recorded, up to 20), each
 * saying why it is there and where it came from, with the full list a click away.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord } from '@/utils/fhir/normalised-record';
import { DEFAULT_RULES } from '@/utils/highlights/rules/default-rules';
import { RecordIndex, type HighlightRule, type LineSource } from '@/utils/highlights/rules/rule';

export const FIRST_SCREEN_LINES = 12;
/** Must-see facts are never pushed off the first screen by its usual length, up to this many lines. */
export const FIRST_SCREEN_MAX_LINES = 20;

import type { ClinicalRole } from '@/utils/settings/setting-table';

export type { ClinicalRole };

/** A trust's per-role choices: rule order, and rules left out (never a must-see rule). */
export interface HighlightConfig {
  roles?: Partial<Record<ClinicalRole, { order?: string[]; disabled?: string[] }>>;
}

export interface RankedLine {
  id: string;
  text: string;
  ruleId: string;
  /** The rule's label, shown beside the line. */
  rule: string;
  why: string;
  source: LineSource;
  mustSee: boolean;
  /** Arrived or changed since the clinician last looked at this patient. */
  isNew: boolean;
  /** An https link to open the item where it is held, in a new tab. */
  link?: string;
  /** Set apart as a warning callout: a resuscitation decision or a safeguarding concern. */
  callout?: 'resuscitation' | 'safeguarding';
  /** The situation the clinician is in (where the patient is now): drawn above the highlights, never one. */
  context?: boolean;
}

export interface RankResult {
  /** Context lines first (where the patient is now), then the highlights of the first screen. */
  firstScreen: RankedLine[];
  all: RankedLine[];
  /** Must-see lines that did not fit on the first screen (the panel says so). */
  mustSeeNotShown: number;
  /** The latest results, drawn in a section of their own (never a line of the first screen). */
  results: RankedLine[];
  /** Searches read as windows on purpose, in words ("10 most recent of 298 contacts"): never a gap. */
  windows: string[];
}

/** Built-in role defaults: what each kind of clinician is most often looking for, after the must-see. */
const ROLE_DEFAULTS: Record<ClinicalRole, string[]> = {
  default: [],
  gp: ['active-problems', 'current-medicines', 'pending-tasks'],
  'community-nurse': ['pending-tasks', 'next-appointment', 'current-medicines'],
  'ward-doctor': ['current-medicines', 'active-problems', 'recent-encounters'],
};

/**
 * The rules for a role, in order: must-see rules first (in the trust's order if given), then the rest.
 * Returns the problems with the configuration in words; a bad entry is ignored, never half applied.
 *
 * @param role - the clinician's role
 * @param config - the trust's highlight settings (order and turned-off rules per role)
 * @param rules - the rules to choose from (the built-in ones unless a test passes its own)
 */
export function rulesForRole(role: ClinicalRole, config?: HighlightConfig, rules: readonly HighlightRule[] = DEFAULT_RULES): { rules: HighlightRule[]; problems: string[] } {
  const problems: string[] = [];
  const known = new Map(rules.map((r) => [r.id, r]));
  const roleConfig = config?.roles?.[role];
  const order = [...(roleConfig?.order ?? []), ...ROLE_DEFAULTS[role]];
  for (const id of [...(roleConfig?.order ?? []), ...(roleConfig?.disabled ?? [])]) {
    if (!known.has(id)) problems.push(`Highlight rule "${id}" (role ${role}) does not exist and was ignored.`);
  }
  const disabled = new Set<string>();
  for (const id of roleConfig?.disabled ?? []) {
    if (known.get(id)?.mustSee || known.get(id)?.place === 'context') problems.push(`Highlight rule "${id}" is ${known.get(id)?.mustSee ? 'must-see' : 'context'} and cannot be turned off; it stays on.`);
    else disabled.add(id);
  }
  const position = (r: HighlightRule) => {
    const i = order.indexOf(r.id);
    return i === -1 ? order.length + rules.indexOf(r) : i;
  };
  const enabled = rules.filter((r) => !disabled.has(r.id));
  const mustSee = enabled.filter((r) => r.mustSee).sort((a, b) => position(a) - position(b));
  const rest = enabled.filter((r) => !r.mustSee).sort((a, b) => position(a) - position(b));
  // Context is the situation, not a highlight: first, whatever the order asked.
  const context = rules.filter((r) => r.place === 'context');
  return { rules: [...context, ...mustSee.filter((r) => r.place !== 'context'), ...rest.filter((r) => r.place !== 'context')], problems };
}

/**
 * Ranks a record's highlights.
 *
 * @param record - the cached record's normalised form
 * @param resources - the cached record's raw resources (its pending Tasks are read from them)
 * @param opts.now - the time to judge "today", "overdue", "recent" by
 * @param opts.lastViewedAt - when this clinician last viewed this patient (ms), for "new since"
 * @param opts.shownElsewhere - rules whose facts the caller shows in a section of its own (the side panel's
 *   task list shows every pending task, overdue first): left out here, so each fact is shown once
 */
export function rankHighlights(
  record: NormalisedRecord,
  resources: readonly Resource[],
  opts: { now: Date; role?: ClinicalRole; lastViewedAt?: number; config?: HighlightConfig; shownElsewhere?: readonly string[] },
): RankResult {
  const index = new RecordIndex(record, resources, opts.now);
  const rules = rulesForRole(opts.role ?? 'default', opts.config).rules.filter((r) => !opts.shownElsewhere?.includes(r.id));
  const ranked: { line: RankedLine; promote: boolean }[] = [];
  const results: RankedLine[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    let lines;
    try {
      lines = rule.select(index);
    } catch {
      // One rule failing on odd data must not hide the others.
      continue;
    }
    lines.sort((a, b) => b.urgency - a.urgency);
    for (const l of lines) {
      const key = `${rule.id}|${l.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const updated = l.updated ? Date.parse(l.updated) : NaN;
      const ranking = {
        promote: rule.mustSee && !!l.promote,
        line: {
          id: l.id,
          text: l.text,
          ruleId: rule.id,
          rule: rule.label,
          why: l.why ?? rule.why,
          source: l.source,
          mustSee: rule.mustSee,
          isNew: opts.lastViewedAt !== undefined && updated > opts.lastViewedAt,
          link: l.link,
          callout: l.callout,
          ...(rule.place === 'context' ? { context: true } : {}),
        } satisfies RankedLine,
      };
      if (rule.place === 'results') results.push(ranking.line);
      else ranked.push(ranking);
    }
  }
  // A promoted line goes straight after the alerts (urgent care while a safeguarding alert is active).
  const context = ranked.filter((r) => r.line.context).map((r) => r.line);
  const highlights = ranked.filter((r) => !r.line.context);
  const alertCount = highlights.filter((r) => r.line.ruleId === 'alerts').length;
  const promoted = highlights.filter((r) => r.promote);
  const rest = highlights.filter((r) => !r.promote);
  const lines = [...rest.slice(0, alertCount), ...promoted, ...rest.slice(alertCount)].map((r) => r.line);
  const mustSee = lines.filter((l) => l.mustSee).length;
  // Context takes no line of the first screen's twelve: it is the situation, always shown above them.
  const shown = lines.slice(0, Math.max(FIRST_SCREEN_LINES, Math.min(mustSee, FIRST_SCREEN_MAX_LINES)));
  const mustSeeNotShown = lines.slice(shown.length).filter((l) => l.mustSee).length;
  return { firstScreen: [...context, ...shown], all: [...context, ...lines], mustSeeNotShown, results, windows: windowWords(record) };
}

const WINDOW_WORDS: Readonly<Record<string, string>> = { encounters: 'contacts' };

/** The windows the panel says where it draws them: "Contacts: the 10 most recent of 298." */
function windowWords(record: NormalisedRecord): string[] {
  return (record.windows ?? [])
    .filter((w) => WINDOW_WORDS[w.what] && w.total > w.shown)
    .map((w) => `${WINDOW_WORDS[w.what]!.charAt(0).toUpperCase()}${WINDOW_WORDS[w.what]!.slice(1)}: the ${w.shown} most recent of ${w.atLeast ? 'at least ' : ''}${w.total.toLocaleString('en-GB')} are read.`);
}
