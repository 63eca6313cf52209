#!/usr/bin/env node
// Refreshes the code lists in public/vocabulary/*.json from the published lists named in lists.json,
// and nowhere else. Never bundled: it lives outside the extension's folders. The JSON files are shipped
// in the extension package as they are and read by the background on first use (utils/vocabulary/load.ts).
//
//   node tools/code-lists/refresh.mjs --check        compare the published lists with the committed data
//   node tools/code-lists/refresh.mjs                rewrite the lists (each list's "about" is kept)
//   node tools/code-lists/refresh.mjs --from DIR     read <export>.<ext> files a person downloaded from each
//                                                    list's url, instead of fetching
//
// After a refresh: run the unit tests (every code is checked for a valid SNOMED CT check digit), read
// the diff, update TAKEN_ON and the versions in utils/vocabulary/sources.ts, and have the
// clinical safety officer review docs/clinical-code-lists.md.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(here, '..', '..', 'public', 'vocabulary');

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

/**
 * The rows of a published list as { code, term, get(column) }, whatever its format:
 * - csv (default): a header row, or `columns` for a copy that has none;
 * - tsv: `code<TAB>term` lines (the GM SDE code sets; columns are numbered);
 * - fsh-valueset: the `* $sct#CODE "Display"` lines of one `ValueSet:` (`valueSet`) in a FHIR Shorthand file;
 * - pattern: every match of the regular expression `pattern` (group 1 the code, group 2 the term).
 */
export function readRows(entry, text) {
  const format = entry.format ?? (entry.tsv ? 'tsv' : 'csv');
  if (format === 'fsh-valueset') {
    const start = text.search(new RegExp(`^ValueSet: ${entry.valueSet}\\s*$`, 'm'));
    if (start < 0) throw new Error(`${entry.export}: no ValueSet ${entry.valueSet} in ${entry.url}`);
    const rest = text.slice(start + 1);
    const end = rest.search(/^ValueSet: /m);
    const body = end < 0 ? rest : rest.slice(0, end);
    return [...body.matchAll(/^\* \$\w+#(\S+) "([^"]*)"/gm)].map((m) => ({ code: m[1], term: m[2], get: () => '' }));
  }
  if (format === 'pattern') {
    return [...text.matchAll(new RegExp(entry.pattern, 'gm'))].map((m) => ({ code: m[1], term: (m[2] ?? '').trim(), get: () => '' }));
  }
  let rows = parseRows(text, format === 'tsv');
  let header;
  if (format === 'tsv') header = rows[0].map((_, i) => String(i));
  else if (entry.columns) header = entry.columns;
  else [header, ...rows] = rows;
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${entry.export}: no column ${name} in ${entry.url}`);
    return i;
  };
  const code = col(entry.codeColumn);
  const term = entry.termColumn !== undefined ? col(entry.termColumn) : undefined;
  return rows.map((row) => ({ code: (row[code] ?? '').trim(), term: term !== undefined ? (row[term] ?? '').trim() : '', get: (name) => (row[col(name)] ?? '').trim() }));
}

const CODE_FORMATS = { snomed: /^\d{6,18}$/, loinc: /^\d{1,7}-\d$/, any: /^\S+$/ };
const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Whether a row passes `where` (one condition or several: equals, startsWith, notStartsWith on a column). */
function passesWhere(entry, row) {
  return asList(entry.where).every((w) => {
    const value = row.get(w.column);
    if (w.equals !== undefined && value !== w.equals) return false;
    if (w.startsWith !== undefined && !asList(w.startsWith).some((p) => value.startsWith(p))) return false;
    if (w.notStartsWith !== undefined && asList(w.notStartsWith).some((p) => value.startsWith(p))) return false;
    return true;
  });
}

/** The rows an entry selects from the published text, in published order, one per code. */
export function selectRows(entry, text) {
  const format = CODE_FORMATS[entry.codes ?? 'snomed'];
  const include = entry.includeTerms ? new RegExp(entry.includeTerms, 'i') : undefined;
  const exclude = entry.excludeTerms ? new RegExp(entry.excludeTerms, 'i') : undefined;
  const only = entry.only ? new Set(entry.only) : undefined;
  const seen = new Set();
  const selected = [];
  for (const row of readRows(entry, text)) {
    if (!row.code || !format.test(row.code) || seen.has(row.code)) continue;
    if (only && !only.has(row.code)) continue;
    if (!passesWhere(entry, row)) continue;
    if (include && !include.test(row.term)) continue;
    if (exclude && exclude.test(row.term)) continue;
    seen.add(row.code);
    selected.push(row);
  }
  return selected;
}

/** The codes an entry selects (kept for callers of the earlier tool). */
export function selectCodes(entry, text) {
  return selectRows(entry, text).map((r) => r.code);
}

/**
 * The name a dm+d description gives a medicine: the words before its first strength (the first word that
 * starts with a digit), lower case, without dm+d's "Generic" prefix. "Co-amoxiclav 250mg/125mg tablets" is
 * "co-amoxiclav"; "Augmentin 375mg tablets" is "augmentin". A description with no strength gives no name.
 */
export function medicineName(term) {
  const words = term.replace(/\s*\([^()]*\)\s*$/, '').split(/\s+/);
  const strength = words.findIndex((w) => /^\d/.test(w));
  if (strength <= 0) return undefined;
  const name = words.slice(0, strength).join(' ').replace(/[\s/+,-]+$/, '').replace(/^generic\s+/i, '').toLowerCase();
  return name.length >= 4 && !/^vmp (previous|subsequent) to/.test(name) ? name : undefined;
}

/**
 * Whether a description names several ingredients ("Paracetamol 500mg / Codeine 30mg tablets",
 * "Ipecacuanha and morphine mixture"): its first word is then not the medicine's ingredient, and its
 * name is not taken (an opioid list's "paracetamol" must not make paracetamol an opioid).
 */
export function isCombination(term) {
  return /\s\/\s/.test(term) || /\b(and|with)\b/i.test(medicineName(term) ?? '');
}

// SNOMED CT's allergy and adverse reaction naming patterns ("Allergy to [substance]", "[substance]
// adverse reaction", ...: the editorial guide's templates), taken off to leave the agent's name.
const AGENT_PATTERNS = [
  /\s*\((finding|disorder|substance|situation|product|medicinal product)\)?\s*$/i,
  /^(allergy to|allergic reaction (to|caused by)|non-allergic hypersensitivity to|adverse reaction (to|caused by)|intolerance to|drug reaction:)\s+/i,
  /\s+(adverse reaction|allergy|pseudoallergy|intolerance)$/i,
];

/** The agent an allergy or adverse reaction term names: "Allergy to amoxicillin (finding)" is "amoxicillin". */
export function allergyAgent(term) {
  let agent = term.replace(/[\s|]+$/, '');
  for (const pattern of AGENT_PATTERNS) agent = agent.replace(pattern, '');
  return agent.toLowerCase();
}

const wordsIn = (name) => new RegExp(`(^|[^a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9-])`, 'i');

/**
 * Codes grouped by the ingredient (BNF chemical) each product belongs to, and every name a row gives
 * (generic or brand) mapped to its ingredient. The ingredient is named by its single-ingredient
 * descriptions, VMPs first; a chemical whose every description names several ingredients is grouped
 * under "" (in the class, ingredient not named).
 */
export function groupByBnfChemical(rows, { column, typeColumn }) {
  const chemicalOf = (row) => row.get(column).slice(0, 9);
  const counts = new Map();
  for (const row of rows) {
    const name = medicineName(row.term);
    if (!name || isCombination(row.term)) continue;
    const isVmp = typeColumn ? /^vmp$/i.test(row.get(typeColumn)) : true;
    const byName = counts.get(chemicalOf(row)) ?? new Map();
    byName.set(name, (byName.get(name) ?? 0) + (isVmp ? 1000 : 1));
    counts.set(chemicalOf(row), byName);
  }
  const ingredientOf = new Map([...counts].map(([chemical, byName]) => [chemical, [...byName].sort((a, b) => b[1] - a[1])[0][0]]));
  const groups = {};
  const names = {};
  const ingredients = new Set(ingredientOf.values());
  for (const row of rows) {
    const ingredient = ingredientOf.get(chemicalOf(row)) ?? '';
    (groups[ingredient] ??= []).push(row.code);
    const name = medicineName(row.term);
    if (name && !isCombination(row.term) && !(name in names) && (!ingredients.has(name) || name === ingredient)) names[name] = ingredient;
  }
  for (const ingredient of ingredients) names[ingredient] = ingredient;
  return { groups, names };
}

/** Codes grouped by the name each row's description gives (for a list with no BNF codes). */
export function groupByTermName(rows) {
  const groups = {};
  const names = {};
  for (const row of rows) {
    const name = isCombination(row.term) ? '' : (medicineName(row.term) ?? '');
    (groups[name] ??= []).push(row.code);
    if (name) names[name] = name;
  }
  return { groups, names };
}

/** Codes grouped by the first of `groups` (group → regular expression on the term) their term matches; others left out. */
export function groupByTerms(rows, patterns) {
  const tests = Object.entries(patterns).map(([group, pattern]) => [group, new RegExp(pattern, 'i')]);
  const groups = {};
  for (const row of rows) {
    const group = tests.find(([, pattern]) => pattern.test(row.term))?.[0];
    if (group) (groups[group] ??= []).push(row.code);
  }
  return { groups };
}

/**
 * Allergy and adverse reaction codes grouped by the class they name ("penicillins") or by class and
 * ingredient ("penicillins:amoxicillin"). A row names an ingredient when its agent contains a name of
 * one of the class's medicines (taken from that class's published medicine lists, already built); it
 * names the class when its agent matches the class's `classTerms`. Rows naming neither are left out, and
 * so are rows whose agent matches the class's `excludeTerms`.
 * Every agent kept becomes a name, for the name fallback.
 */
export function groupByAllergyClass(rows, classes, built) {
  const groups = {};
  const names = {};
  for (const row of rows) {
    const agent = allergyAgent(row.term);
    let key;
    for (const [classId, cls] of Object.entries(classes)) {
      if (cls.excludeTerms && new RegExp(cls.excludeTerms, 'i').test(agent)) continue;
      // Ingredient names only (a brand name is not an allergy agent, and a short one could be a word).
      const medicineNames = cls.members.flatMap((m) => Object.entries(built.get(m)?.names ?? {})).filter(([name, ingredient]) => name === ingredient);
      const named = medicineNames.filter(([name]) => wordsIn(name).test(agent)).sort((a, b) => b[0].length - a[0].length)[0];
      if (named) { key = `${classId}:${named[1]}`; break; }
      if (new RegExp(cls.classTerms, 'i').test(agent)) { key = classId; break; }
    }
    if (!key) continue;
    (groups[key] ??= []).push(row.code);
    if (agent && !(agent in names)) names[agent] = key;
  }
  return { groups, names };
}

/** The data of one list (everything but its source and about), built from the published text. */
export function buildList(entry, text, context = { built: new Map(), allergyClasses: {} }) {
  const rows = selectRows(entry, text);
  if (rows.length === 0) throw new Error(`${entry.export}: nothing selected from ${entry.url}`);
  const data = {};
  if (entry.codes === 'any' || entry.codes === 'loinc') data.values = Object.fromEntries(rows.map((r) => [r.code, r.term]));
  else if (entry.group?.by === 'bnf-chemical') Object.assign(data, groupByBnfChemical(rows, entry.group));
  else if (entry.group?.by === 'term-name') Object.assign(data, groupByTermName(rows));
  else if (entry.group?.by === 'allergy-class') Object.assign(data, groupByAllergyClass(rows, context.allergyClasses, context.built));
  else if (entry.group?.by === 'terms') Object.assign(data, groupByTerms(rows, entry.group.groups));
  else data.codes = rows.map((r) => r.code);
  if (entry.keepTerms) {
    const kept = new Set(data.codes ?? Object.values(data.groups ?? {}).flat());
    data.terms = Object.fromEntries(rows.filter((r) => kept.has(r.code)).map((r) => [r.code, r.term]));
  }
  if (data.groups && Object.keys(data.groups).length === 0) throw new Error(`${entry.export}: no row fell in a group`);
  return data;
}

/** Every code of a list, whatever its shape. */
export function codesOf(list) {
  return [...(list.codes ?? []), ...Object.values(list.groups ?? {}).flat(), ...Object.keys(list.values ?? {})];
}

const DATA_KEYS = ['codes', 'groups', 'names', 'values', 'terms'];

/** The published codes in the committed order, codes new to the list after them: a refresh's diff shows only what changed. */
function inCommittedOrder(committed = [], published) {
  const kept = new Set(published);
  const before = new Set(committed);
  return [...committed.filter((c) => kept.has(c)), ...published.filter((c) => !before.has(c))];
}

/** A list's data in a form where only content counts: code order and key order are not differences. */
function canonical(list) {
  const sorted = (v) => (Array.isArray(v) ? [...v].sort() : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sorted(x)])) : v);
  return JSON.stringify(DATA_KEYS.map((k) => sorted(list[k])));
}

/** A vocabulary file as committed: JSON, two-space indent, code arrays five to a line so diffs stay readable. */
export function formatVocabularyFile(value) {
  const out = (v, indent) => {
    const pad = ' '.repeat(indent + 2);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.length <= 5 && v.every((x) => typeof x === 'string')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      if (v.every((x) => typeof x === 'string')) {
        const lines = [];
        for (let i = 0; i < v.length; i += 5) lines.push(pad + v.slice(i, i + 5).map((x) => JSON.stringify(x)).join(', '));
        return `[\n${lines.join(',\n')}\n${' '.repeat(indent)}]`;
      }
      return `[\n${v.map((x) => pad + out(x, indent + 2)).join(',\n')}\n${' '.repeat(indent)}]`;
    }
    if (v && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${out(x, indent + 2)}`).join(',\n')}\n${' '.repeat(indent)}}`;
    }
    return JSON.stringify(v);
  };
  return `${out(value, 0)}\n`;
}

const EXTENSIONS = ['csv', 'txt', 'fsh', 'xml', 'md'];

async function published(entry, fromDir) {
  if (fromDir) {
    for (const ext of EXTENSIONS) {
      try { return await readFile(join(fromDir, `${entry.export}.${ext}`), 'utf8'); } catch { /* try the next */ }
    }
    throw new Error(`${entry.export}: no ${entry.export}.{${EXTENSIONS.join(',')}} in ${fromDir}`);
  }
  const response = await fetch(entry.url);
  if (!response.ok) throw new Error(`${entry.export}: ${response.status} from ${entry.url}`);
  return response.text();
}

/**
 * Builds every list of lists.json (in order: a list may use one built before it) and compares it with,
 * or writes it into, its committed file. Lists a file holds that lists.json does not name (checked by
 * hand) are kept as they are.
 */
export async function refresh({ check = false, fromDir, dataDir = DATA_DIR, config, log = (s) => process.stdout.write(s) } = {}) {
  const { lists, allergyClasses = {} } = config ?? JSON.parse(await readFile(join(here, 'lists.json'), 'utf8'));
  const files = new Map();
  const built = new Map();
  let differences = 0;
  for (const entry of lists) {
    const path = join(dataDir, entry.file);
    if (!files.has(path)) files.set(path, JSON.parse(await readFile(path, 'utf8').catch(() => '{"about":"","lists":{}}')));
    const file = files.get(path);
    const data = buildList(entry, await published(entry, fromDir), { built, allergyClasses });
    built.set(entry.export, data);
    const committed = file.lists[entry.export] ?? {};
    if (canonical(committed) !== canonical(data)) {
      differences++;
      const now = new Set(codesOf(committed));
      const codes = codesOf(data);
      const added = codes.filter((c) => !now.has(c)).length;
      const removed = [...now].filter((c) => !codes.includes(c)).length;
      log(`${entry.export}: ${added} to add, ${removed} to remove${added || removed ? '' : ' (grouping or terms differ)'}\n`);
    }
    // Unchanged lists are not rewritten; changed ones keep their committed order, new codes last.
    if (canonical(committed) !== canonical(data)) {
      if (data.codes) data.codes = inCommittedOrder(committed.codes, data.codes);
      if (data.groups) data.groups = Object.fromEntries(Object.entries(data.groups).map(([g, codes]) => [g, inCommittedOrder(committed.groups?.[g], codes)]));
      file.lists[entry.export] = { source: entry.source, about: committed.about ?? entry.doc ?? '', ...data };
    }
  }
  if (check) {
    log(`${differences} of ${lists.length} lists differ from the published versions\n`);
    return differences;
  }
  for (const [path, file] of files) await writeFile(path, formatVocabularyFile(file));
  log(`rewrote ${files.size} vocabulary files from ${lists.length} lists\n`);
  return differences;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const fromIndex = args.indexOf('--from');
  refresh({ check: args.includes('--check'), fromDir: fromIndex >= 0 ? args[fromIndex + 1] : undefined })
    .then((differences) => { process.exitCode = args.includes('--check') && differences ? 1 : 0; })
    .catch((error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    });
}
