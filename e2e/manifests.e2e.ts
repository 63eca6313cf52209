/**
 * The built manifests: Chrome/Edge MV3 with the side panel and the managed schema; Firefox MV3 with the
 * sidebar and its add-on id. (e2e/firefox.e2e.ts runs the Firefox build in Firefox.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const manifest = (dir: string) => JSON.parse(readFileSync(path.join(ROOT, '.output', dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

beforeAll(() => {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: ROOT, stdio: 'ignore' });
}, 120_000);

it('Chrome/Edge: MV3, side panel, managed schema shipped and declared', () => {
  const m = manifest('chrome-mv3');
  expect(m.manifest_version).toBe(3);
  expect(m.side_panel).toEqual({ default_path: 'sidepanel.html' });
  expect(m.permissions).toEqual(expect.arrayContaining(['sidePanel', 'storage', 'tabs', 'alarms']));
  expect(m.storage).toEqual({ managed_schema: 'managed_schema.json' });
  expect(existsSync(path.join(ROOT, '.output/chrome-mv3/managed_schema.json'))).toBe(true);
});

it('Firefox: MV3, sidebar, add-on id, no Chrome-only keys', () => {
  const m = manifest('firefox-mv3');
  expect(m.manifest_version).toBe(3);
  expect(m.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
  expect((m.browser_specific_settings as { gecko: { id: string } }).gecko.id).toBe('alongside@alongside.test');
  expect(m.permissions).not.toContain('sidePanel');
  expect(m.storage).toBeUndefined();
  expect(m.key).toBeUndefined();
});
