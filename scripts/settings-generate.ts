/**
 * Writes what is derived from the settings' table (utils/settings/setting-table.ts, setting-words.ts):
 * public/managed_schema.json and the settings table in docs/deployment.md. `npm run settings:generate`;
 * utils/settings/setting-files.test.ts fails when either is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { managedSchema, settingsTableMarkdown } from '../utils/settings/setting-words';
import { replaceSettingsTable } from './settings-table-block';

const ROOT = path.resolve(import.meta.dirname, '..');
const schemaPath = path.join(ROOT, 'public/managed_schema.json');
const docsPath = path.join(ROOT, 'docs/deployment.md');

writeFileSync(schemaPath, `${JSON.stringify(managedSchema(), null, 2)}\n`);
writeFileSync(docsPath, replaceSettingsTable(readFileSync(docsPath, 'utf8'), settingsTableMarkdown()));
console.log('wrote public/managed_schema.json and the settings table in docs/deployment.md');
