/**
 * The browser killed mid-write and restarted on the same profile (e2e/faults/kill-restarts.ts).
 * `npm test` kills it a few times (FAULT_KILLS, default 5); `npm run test:faults` 50 times.
 */
import { expect, it } from 'vitest';
import { runKillRestarts } from './faults/kill-restarts';

const kills = Number(process.env.FAULT_KILLS ?? 5);

it(`keeps the outbox and a consistent cache across ${kills} kills of the browser mid-write`, { timeout: 60 * 60_000 }, async () => {
  const r = await runKillRestarts({ kills, seed: Number(process.env.STRESS_SEED ?? 11) });
  console.log(`kill-restarts: ${r.killRestarts}, writes-lost: ${r.writesLost}, cache-inconsistent: ${r.cacheInconsistent}`);
  console.log(`kill-during: ${JSON.stringify(r.during)}, writes-duplicated: ${r.writesDuplicated}`);
  for (const p of r.problems) console.log(`  problem: ${p}`);
  for (const h of r.phiHits) console.log(`  found on disk: ${h}`);
  expect(r.killRestarts).toBe(kills);
  expect(r.writesLost).toBe(0);
  expect(r.writesDuplicated).toBe(0);
  expect(r.cacheInconsistent).toBe(0);
  expect(r.phiHits).toEqual([]);
  expect(r.problems).toEqual([]);
});
