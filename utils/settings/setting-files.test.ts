/**
 * The files derived from the settings' table are up to date: the managed schema Chrome and Edge apply
 * policy with, and the docs' settings table. Run `npm run settings:generate` after changing a setting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaceSettingsTable } from '../../scripts/settings-table-block';
import { managedSchema, settingsTableMarkdown } from './setting-words';
import { PRODUCTION_DEFAULTS, SETTING_KEYS, settingProblem } from './setting-table';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

describe('files derived from the settings table', () => {
  it('public/managed_schema.json is the table\'s schema (npm run settings:generate)', () => {
    expect(JSON.parse(read('public/managed_schema.json'))).toEqual(managedSchema());
  });

  it('docs/deployment.md lists every setting as the table says (npm run settings:generate)', () => {
    const docs = read('docs/deployment.md');
    expect(replaceSettingsTable(docs, settingsTableMarkdown())).toBe(docs);
    for (const key of SETTING_KEYS) expect(docs).toContain(`| \`${key}\` |`);
  });

  it('every default fits its own check', () => {
    for (const key of SETTING_KEYS) expect(settingProblem(key, PRODUCTION_DEFAULTS[key], { allowLocalHttp: false }), key).toBeUndefined();
  });
});
