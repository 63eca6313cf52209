#!/usr/bin/env node
// Refreshes the code arrays in utils/vocabulary/data/ from the published lists named in
// lists.json, and nowhere else. Never bundled: it lives outside the extension's folders.
//
//   node tools/code-lists/refresh.mjs --check        compare the published lists with the committed data
//   node tools/code-lists/refresh.mjs                rewrite the arrays (doc comments are kept)
//   node tools/code-lists/refresh.mjs --from DIR     read <export>.csv / <export>.txt files a person
//                                                    downloaded from each list's url, instead of fetching
//
// After a refresh: run the unit tests (every code is checked for a valid SNOMED CT check digit), read
// the diff, update TAKEN_ON and the versions in utils/vocabulary/sources.ts, and have the
// clinical safety officer review docs/clinical-code-lists.md.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '..', '..', 'utils', 'vocabulary', 'data');
const args = process.argv.slice(2);
const check = args.includes('--check');
const fromIndex = args.indexOf('--from');
const fromDir = fromIndex >= 0 ? args[fromIndex + 1] : undefined;

/** RFC 4180 CSV (quoted fields, doubled quotes) or tab-separated text, as rows of fields. */
export function parseRows(text, tsv) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  if (tsv) return lines.map((l) => l.split('\t'));
  return lines.map((line) => {
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted && ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) { fields.push(field); field = ''; }
      else field += ch;
    }
    fields.push(field);
    return fields;
  });
}

/** The codes a list entry selects from the published text, in published order, without duplicates. */
export function selectCodes(entry, text) {
  let rows = parseRows(text, entry.tsv);
  let header;
  if (entry.tsv) header = rows[0].map((_, i) => String(i));
  else if (entry.columns) header = entry.columns;
  else [header, ...rows] = rows;
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${entry.export}: no column ${name} in ${entry.url}`);
    return i;
  };
  const code = col(entry.codeColumn);
  const term = entry.termColumn !== undefined ? col(entry.termColumn) : undefined;
  const include = entry.includeTerms ? new RegExp(entry.includeTerms, 'i') : undefined;
  const exclude = entry.excludeTerms ? new RegExp(entry.excludeTerms, 'i') : undefined;
  const where = entry.where ? [col(entry.where.column), entry.where.equals] : undefined;
  const codes = [];
  for (const row of rows) {
    const value = row[code]?.trim();
    const words = term !== undefined ? (row[term] ?? '').trim() : '';
    if (!value || !/^\d+$/.test(value)) continue;
    if (where && row[where[0]]?.trim() !== where[1]) continue;
    if (include && !include.test(words)) continue;
    if (exclude && exclude.test(words)) continue;
    if (!codes.includes(value)) codes.push(value);
  }
  return codes;
}

/** The array as the data files write it: five codes a line. */
export function formatArray(codes) {
  const lines = [];
  for (let i = 0; i < codes.length; i += 5) lines.push(`  ${codes.slice(i, i + 5).map((c) => `'${c}'`).join(', ')},`);
  return `[\n${lines.join('\n')}\n] as const`;
}

async function published(entry) {
  if (fromDir) {
    for (const ext of ['csv', 'txt']) {
      try { return await readFile(join(fromDir, `${entry.export}.${ext}`), 'utf8'); } catch { /* try the next */ }
    }
    throw new Error(`${entry.export}: no ${entry.export}.csv or .txt in ${fromDir}`);
  }
  const response = await fetch(entry.url);
  if (!response.ok) throw new Error(`${entry.export}: ${response.status} from ${entry.url}`);
  return response.text();
}

async function main() {
  const { lists } = JSON.parse(await readFile(join(here, 'lists.json'), 'utf8'));
  let differences = 0;
  const files = new Map();
  for (const entry of lists) {
    const path = join(dataDir, entry.file);
    const text = files.get(path) ?? (await readFile(path, 'utf8'));
    const pattern = new RegExp(`(export const ${entry.export} = )\\[[\\s\\S]*?\\] as const`);
    const committed = text.match(pattern);
    if (!committed) throw new Error(`${entry.export}: not found in ${entry.file}`);
    const codes = selectCodes(entry, await published(entry));
    const now = new Set(committed[0].match(/\d+/g));
    const added = codes.filter((c) => !now.has(c));
    const removed = [...now].filter((c) => !codes.includes(c));
    if (added.length || removed.length) {
      differences++;
      process.stdout.write(`${entry.export}: ${added.length} to add, ${removed.length} to remove\n`);
    }
    files.set(path, text.replace(pattern, `$1${formatArray(codes)}`));
  }
  if (check) {
    process.stdout.write(`${differences} of ${lists.length} lists differ from the published versions\n`);
    process.exitCode = differences ? 1 : 0;
    return;
  }
  for (const [path, text] of files) await writeFile(path, text);
  process.stdout.write(`rewrote ${files.size} data files from ${lists.length} lists\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  });
}
