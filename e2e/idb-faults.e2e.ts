/**
 * IndexedDB failing under the extension (e2e/faults/idb-faults.ts): each fault is handled (the record
 * shown live, the clinician told, the database made again). Also run by `npm run test:faults`.
 */
import { expect, it } from 'vitest';
import { runIdbFaults } from './faults/idb-faults';

it('shows the record live and makes the database again for every IndexedDB fault', { timeout: 10 * 60_000 }, async () => {
  const r = await runIdbFaults();
  console.log(`idb-faults-handled: ${r.handled} of ${r.faults}`);
  for (const p of r.problems) console.log(`  not handled: ${p}`);
  expect(r.faults).toBeGreaterThanOrEqual(5);
  expect(r.handled).toBe(r.faults);
});
