import type { Resource } from '@medplum/fhirtypes';
import { format, isSameDay, parseISO } from 'date-fns';

/** One line a rule picked, before ranking. */
export interface RuleLine {
  /** `Type/id` of the source resource. */
  id: string;
  /** One sentence a clinician would write: what, when, who or where. Plain text. */
  text: string;
  /** Within a rule, higher comes first. */
  urgency: number;
  source: { type: string; date?: string; organisation?: string };
  /** `meta.lastUpdated`, for "new since you last looked". */
  updated?: string;
  /** Overrides the rule's reason for this line (e.g. how a medicine was recognised). */
  why?: string;
}

export interface HighlightRule {
  id: string;
  /** Shown beside each line: which rule put it there. */
  label: string;
  /** The clinical reason for the rule. */
  why: string;
  /** Must always be on the first screen when present; a trust can reorder but not disable these. */
  mustSee: boolean;
  select(index: RecordIndex): RuleLine[];
}

/** The record bucketed by type once, so each rule reads only its own resources. */
export class RecordIndex {
  private readonly byType = new Map<string, Resource[]>();
  private readonly byKey = new Map<string, Resource>();
  readonly nowMs: number;

  constructor(
    readonly all: readonly Resource[],
    readonly now: Date,
  ) {
    this.nowMs = now.getTime();
    for (const r of all) {
      let bucket = this.byType.get(r.resourceType);
      if (!bucket) this.byType.set(r.resourceType, (bucket = []));
      bucket.push(r);
      this.byKey.set(`${r.resourceType}/${r.id}`, r);
    }
  }

  of<T extends Resource['resourceType']>(type: T): Extract<Resource, { resourceType: T }>[] {
    return (this.byType.get(type) ?? []) as Extract<Resource, { resourceType: T }>[];
  }

  byId(key: string): Resource | undefined {
    return this.byKey.get(key);
  }

  isToday(iso: string): boolean {
    const d = parseISO(iso);
    return !Number.isNaN(d.getTime()) && isSameDay(d, this.now);
  }
}

export function time(s: string | undefined): number {
  return s ? new Date(s).getTime() || 0 : 0;
}

/** `12-Mar-2026`, the CUI's date format. */
export function date(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = parseISO(s);
  return Number.isNaN(d.getTime()) ? s : format(d, 'dd-MMM-yyyy');
}

export function dateTime(s: string): string {
  const d = parseISO(s);
  return Number.isNaN(d.getTime()) ? s : format(d, 'dd-MMM-yyyy HH:mm');
}
