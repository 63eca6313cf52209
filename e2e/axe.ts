/**
 * axe-core in the built extension's own pages (through @axe-core/puppeteer): the WCAG 2.2 A and AA rules
 * and axe's best practices, which NHS services must meet. One call checks one page in one state; the
 * tally counts every check and every violation, for the run's `axe-violations: V of N` line.
 */
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Page } from 'puppeteer';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks, headings, names). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  rule: string;
  impact?: string | null;
  help: string;
  /** The offending elements, as CSS selectors, with axe's summary of what to fix. */
  nodes: { target: string; summary?: string }[];
}

/** Runs axe over the whole page as it is now; returns the violations found (none: an empty list). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxePuppeteer(page).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

/** Counts checks and violations across a test file. */
export class AxeTally {
  checks = 0;
  violations = 0;
  readonly found: { where: string; violations: AxeViolation[] }[] = [];

  /** Checks `page` (named `where`, e.g. "side panel: offline") and returns its violations. */
  async check(page: Page, where: string): Promise<AxeViolation[]> {
    const violations = await axeViolations(page);
    this.checks++;
    this.violations += violations.length;
    if (violations.length) this.found.push({ where, violations });
    return violations;
  }

  /** `axe-violations: V of N`, N being the pages × states checked. */
  summary(): string {
    return `axe-violations: ${this.violations} of ${this.checks}`;
  }
}

/** One line per violation, for a failing test's message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.rule} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`).join('\n');
}
