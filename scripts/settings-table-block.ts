/** The generated settings table's place in docs/deployment.md: between these two lines. */
export const TABLE_START = '<!-- settings table: written by `npm run settings:generate` from utils/settings/setting-words.ts; edit there -->';
export const TABLE_END = '<!-- end of settings table -->';

/**
 * The docs with the table between the markers replaced.
 * @param docs docs/deployment.md's text
 * @param table the table in Markdown
 */
export function replaceSettingsTable(docs: string, table: string): string {
  const start = docs.indexOf(TABLE_START);
  const end = docs.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/deployment.md has no settings table markers (${TABLE_START} … ${TABLE_END})`);
  return `${docs.slice(0, start + TABLE_START.length)}\n${table}\n${docs.slice(end)}`;
}
