/**
 * The built manifests: Chrome/Edge MV3 with the side panel and the managed schema; Firefox MV3 with the
 * sidebar and its add-on id; and least privilege in each (docs/security-and-safety.md justifies every
 * permission line by line): store builds reach no host until the trust's origins are granted, https only.
 * (e2e/firefox.e2e.ts runs the Firefox build in Firefox.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(ROOT, '.output', dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const STORE = ['chrome-mv3', 'firefox-mv3'];
const DEMO = ['chrome-mv3-demo', 'firefox-mv3-demo'];

/** The permissions docs/security-and-safety.md justifies, by name. */
const documented = () => {
  const doc = readFileSync(path.join(ROOT, 'docs/security-and-safety.md'), 'utf8');
  return new Set([...doc.matchAll(/^\| `([a-zA-Z]+)`/gm)].map((m) => m[1]!));
};

beforeAll(() => {
  for (const dir of [...STORE, ...DEMO]) {
    if (existsSync(path.join(ROOT, '.output', dir, 'manifest.json'))) continue;
    const args = ['wxt', 'build', ...(dir.startsWith('firefox') ? ['-b', 'firefox', '--mv3'] : []), ...(dir.endsWith('-demo') ? ['--mode', 'demo'] : [])];
    execFileSync('npx', args, { cwd: ROOT, stdio: 'ignore' });
  }
}, 240_000);

it('Chrome/Edge: MV3, side panel, managed schema shipped and declared', () => {
  const m = manifest('chrome-mv3');
  expect(m.manifest_version).toBe(3);
  expect(m.side_panel).toEqual({ default_path: 'sidepanel.html' });
  expect(m.permissions).toEqual(expect.arrayContaining(['sidePanel', 'storage', 'alarms', 'offscreen']));
  expect(m.storage).toEqual({ managed_schema: 'managed_schema.json' });
  expect(existsSync(path.join(ROOT, '.output/chrome-mv3/managed_schema.json'))).toBe(true);
});

it('Firefox: MV3, sidebar, add-on id, no Chrome-only keys', () => {
  const m = manifest('firefox-mv3');
  expect(m.manifest_version).toBe(3);
  expect(m.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
  expect((m.browser_specific_settings as { gecko: { id: string } }).gecko.id).toBe('alongside@alongside.test');
  expect(m.permissions).not.toContain('sidePanel');
  // Firefox has no offscreen documents: its event page reads letters in a frame of its own.
  expect(m.permissions).not.toContain('offscreen');
  expect(m.storage).toBeUndefined();
  expect(m.key).toBeUndefined();
});

it('attack 9: store builds ask for no host, no http, no tabs; every permission is justified in the docs', () => {
  const justified = documented();
  for (const dir of STORE) {
    const m = manifest(dir);
    expect(m.host_permissions ?? []).toEqual([]);
    expect(m.optional_host_permissions).toEqual(['https://*/*']);
    expect(JSON.stringify(m)).not.toMatch(/localhost|127\.0\.0\.1|http:\/\//);
    expect(m.permissions).not.toContain('tabs');
    for (const p of m.permissions as string[]) expect(justified.has(p), `${p} is justified in docs/security-and-safety.md`).toBe(true);
    expect(m.content_scripts ?? []).toEqual([]);
    // The browser's own policy for extension pages (Firefox's upgrades every request to https and wss).
    expect(m.content_security_policy).toBeUndefined();
  }
});

it('demo builds reach the sandbox on this computer, and nothing else over http', () => {
  for (const dir of DEMO) {
    const m = manifest(dir);
    expect(m.host_permissions).toEqual(['http://localhost/*', 'http://127.0.0.1/*']);
    expect(m.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    expect(m.permissions).not.toContain('tabs');
  }
  // Firefox's demo build: scripts from the extension only, as the default, without upgrading the sandbox's ws:// socket.
  expect(manifest('firefox-mv3-demo').content_security_policy).toEqual({ extension_pages: "script-src 'self';" });
  expect(manifest('chrome-mv3-demo').content_security_policy).toBeUndefined();
});
