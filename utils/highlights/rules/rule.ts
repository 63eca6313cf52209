/**
 * What a highlight rule is, and what it reads: the normalised record (utils/fhir/normalised-record.ts),
 * built in the background, and the raw pending Tasks (task actions need their versions).
 */
import { date, parseDate } from '@/utils/fhir/dates';
import type { Resource, Task } from '@medplum/fhirtypes';
import type { ItemOrigin, NormalisedRecord } from '@/utils/fhir/normalised-record';

/** Where a line came from, as the panel shows it beside the line. */
export interface LineSource {
  /** The resource type ("MedicationStatement"). */
  type: string;
  date?: string;
  organisation?: string;
  /** The sources that say so ("GP record", "Shared record"): a medicine in both is one line naming both. */
  sources?: string[];
}

/** One line a rule picked, before ranking. */
export interface RuleLine {
  /** `Type/id` of the source resource (`gp:Type/id` from the GP record). */
  id: string;
  /** One sentence a clinician would write: what, when, who or where. Plain text. */
  text: string;
  /** Within a rule, higher comes first. */
  urgency: number;
  source: LineSource;
  /** `meta.lastUpdated`, for "new since you last looked". */
  updated?: string;
  /** Overrides the rule's reason for this line (e.g. how a medicine was recognised). */
  why?: string;
  /** An https link to open the item where it is held (national record pointers), in a new tab. */
  link?: string;
  /** Ranked straight after the alerts, whatever the rule's place (urgent care with a safeguarding flag). */
  promote?: boolean;
  /**
   * A decision or concern the panel sets apart as a warning callout (the NHS design system's pattern):
   * a resuscitation decision, or a safeguarding concern.
   */
  callout?: 'resuscitation' | 'safeguarding';
}

/**
 * Where a rule's lines are drawn: among the highlights (the default); as context above them, the
 * situation the clinician is in (where the patient is now), never a highlight; or in a section of their
 * own below them (the latest results), never taking a line of the first screen.
 */
export type RulePlace = 'highlights' | 'context' | 'results';

export interface HighlightRule {
  id: string;
  /** Shown beside each line: which rule put it there. */
  label: string;
  /** The clinical reason for the rule. */
  why: string;
  /** Must always be on the first screen when present; a trust can reorder but not disable these. */
  mustSee: boolean;
  /** Where its lines are drawn (default: among the highlights). */
  place?: RulePlace;
  select(index: RecordIndex): RuleLine[];
}

/** What the rules read: the normalised record, the pending tasks, and the time to judge by. */
export class RecordIndex {
  readonly nowMs: number;
  readonly tasks: Task[];

  constructor(
    readonly record: NormalisedRecord,
    resources: readonly Resource[],
    readonly now: Date,
  ) {
    this.nowMs = now.getTime();
    this.tasks = resources.filter((r): r is Task => r.resourceType === 'Task');
  }

  /** The patient has died: prescribing prompts are dropped, and what is still booked is to be cancelled. */
  get deceased(): boolean {
    return this.record.patient.deceased;
  }

  isToday(iso: string): boolean {
    const d = parseDate(iso);
    return d !== undefined && d.getFullYear() === this.now.getFullYear() && d.getMonth() === this.now.getMonth() && d.getDate() === this.now.getDate();
  }
}

/**
 * A line's source from where an item came from.
 *
 * @param origin - where the item came from
 * @param extra - fields to set in place of those taken from `origin`
 */
export function sourceOf(origin: ItemOrigin, extra: Partial<LineSource> = {}): LineSource {
  return { type: origin.resourceType, date: date(origin.date), organisation: origin.organisation, sources: [origin.source], ...extra };
}
