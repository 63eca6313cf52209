/**
 * Task writes are never lost: `npm run test:stress` runs 1,000 random sequences (TASK_SEQUENCES);
 * `npm test` runs a shorter run of the same.
 */
import { expect, it } from 'vitest';
import { runTaskWriteStress } from './stress/task-writes';

const sequences = Number(process.env.TASK_SEQUENCES ?? 150);

it(`loses no task write across ${sequences} random sequences of actions, outages, 412s and worker stops`, { timeout: 60 * 60_000 }, async () => {
  const r = await runTaskWriteStress({ sequences, seed: Number(process.env.STRESS_SEED ?? 7) });
  console.log(`task-writes-lost: ${r.lost} of ${r.writes}`);
  console.log(`task-writes: landed ${r.landed}, needing a decision ${r.needsDecision}, removed by the clinician's decision ${r.decided}, duplicated ${r.duplicates}`);
  console.log(`task-stress-sequences: ${r.sequences}`);
  console.log(`task-stress-events: ${JSON.stringify(r.events)}`);
  for (const e of r.examples) console.log(`  lost: ${e}`);
  expect(r.writes).toBeGreaterThanOrEqual(r.sequences);
  expect(r.events['service-worker-stopped']).toBeGreaterThan(0);
  expect(r.events['decision-apply-mine']).toBeGreaterThan(0);
  expect(r.lost).toBe(0);
  expect(r.duplicates).toBe(0);
});
