import type { Resource } from '@medplum/fhirtypes';

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
    const d = parseDate(iso);
    return d !== undefined && d.getFullYear() === this.now.getFullYear() && d.getMonth() === this.now.getMonth() && d.getDate() === this.now.getDate();
  }
}

// Dates are formatted by hand here rather than with date-fns: ranking formats thousands of them and
// must stay inside one frame on a long record (bench: rank-10k-ms).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A FHIR date or dateTime as a local Date; a date-only value is that local day. */
function parseDate(s: string): Date | undefined {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = dateOnly ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])) : new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function time(s: string | undefined): number {
  return s ? new Date(s).getTime() || 0 : 0;
}

/** `12-Mar-2026`, the CUI's date format. */
export function date(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = parseDate(s);
  return d ? `${pad(d.getDate())}-${MONTHS[d.getMonth()]}-${d.getFullYear()}` : s;
}

export function dateTime(s: string): string {
  const d = parseDate(s);
  return d ? `${pad(d.getDate())}-${MONTHS[d.getMonth()]}-${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}` : s;
}
