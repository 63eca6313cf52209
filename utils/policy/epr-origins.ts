/**
 * Where Alongside may run and what it may reach: the EPR origins the trust configures (and those its
 * declared EPR rules name), the FHIR server, and the sign-in server. The content script is registered
 * at run time for the EPR origins only, and only for those the browser has granted access to.
 */
import { browser } from 'wxt/browser';
import type { Settings } from './settings';

export const CONTENT_SCRIPT_ID = 'alongside-epr';
/** The built content script (WXT's output path for entrypoints/epr.content). */
const CONTENT_SCRIPT_FILE = 'content-scripts/epr.js';

/** An origin like `https://epr.example.nhs.uk` (no path); `http` only for this computer (the sandbox). */
export function isOrigin(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.origin === value.replace(/\/$/, '') && (u.protocol === 'https:' || u.hostname === 'localhost' || u.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

/** A match pattern for everything on an origin. Ports are not part of match patterns. */
export function matchPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** The EPR origins: configured ones and those named by declared rules. */
export function eprOrigins(settings: Pick<Settings, 'eprOrigins' | 'eprRules'>): string[] {
  const fromRules = settings.eprRules.flatMap((r) => ((r as { origins?: unknown }).origins instanceof Array ? ((r as { origins: unknown[] }).origins.filter(isOrigin) as string[]) : []));
  return [...new Set([...settings.eprOrigins.filter(isOrigin), ...fromRules].map((o) => o.replace(/\/$/, '')))];
}

/** Every origin Alongside needs access to, as match patterns. */
export function neededPatterns(settings: Settings): string[] {
  const servers = [settings.fhirBaseUrl, settings.authIssuer, settings.auditEndpoint].filter(Boolean).flatMap((u) => {
    try {
      return [new URL(u).origin];
    } catch {
      return [];
    }
  });
  return [...new Set([...eprOrigins(settings), ...servers].map(matchPattern))];
}

/** The patterns among `patterns` the browser has granted. */
export async function grantedPatterns(patterns: string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const p of patterns) if (await browser.permissions.contains({ origins: [p] }).catch(() => false)) granted.push(p);
  return granted;
}

/**
 * Registers the content script for the configured EPR origins that access was granted to (or
 * removes it when there are none). Returns the patterns it runs on.
 */
export async function syncContentScript(settings: Settings): Promise<string[]> {
  const matches = await grantedPatterns([...new Set(eprOrigins(settings).map(matchPattern))]);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (!matches.length) {
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
    return [];
  }
  const script = { id: CONTENT_SCRIPT_ID, js: [CONTENT_SCRIPT_FILE], matches, runAt: 'document_idle' as const, persistAcrossSessions: true };
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  return matches;
}
