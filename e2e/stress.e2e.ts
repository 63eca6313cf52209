/**
 * `npm run test:stress` runs 1,000 steps (STRESS_STEPS); `npm test` runs a shorter sequence.
 */
import { expect, it } from 'vitest';
import { runStress } from './stress/run-stress';

const steps = Number(process.env.STRESS_STEPS ?? 150);

it(`never shows the wrong patient across ${steps} random clinician actions`, { timeout: 60 * 60_000 }, async () => {
  const r = await runStress({ steps, seed: Number(process.env.STRESS_SEED ?? 42) });
  console.log(`stress-steps: ${r.steps}`);
  console.log(`wrong-patient-frames: ${r.wrongFrames} of ${r.frames}`);
  console.log(`wrong-patient-steps: ${r.wrongSteps} of ${r.stepChecks}`);
  console.log(`stress-grace-ms: ${r.graceMs}`);
  console.log(`stress-actions: ${JSON.stringify(r.actions)}`);
  for (const e of r.examples) console.log(`  wrong: ${e}`);
  expect(r.frames).toBeGreaterThan(r.steps);
  expect(r.wrongFrames).toBe(0);
  expect(r.wrongSteps).toBe(0);
});
