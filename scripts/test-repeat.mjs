#!/usr/bin/env node
/**
 * Runs the chosen tests again and again beside a busy CPU, to find the races a quiet machine hides.
 *
 *   npm run test:repeat -- <file>… [-t <test name pattern>] [--times N]
 *
 * Each run is a fresh Vitest process (browsers and servers started anew), with the end-to-end config
 * for files under e2e/, else the unit config. A hog (a busy loop in another process, on one core) runs
 * beside every run, as CI's shared machine does. Prints each run's outcome, then
 * `repeat-runs-passed: K of N`; exits non-zero unless every run passed. The extension is built by the
 * npm script first (the end-to-end tests load the build).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The files, the name pattern and the number of runs, from the command line.
 *
 * @param argv - what follows the script's name
 */
export function repeatArguments(argv) {
  const files = [];
  let pattern;
  let times = 50;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-t' || arg === '--testNamePattern') pattern = argv[++i];
    else if (arg === '--times') times = Number(argv[++i]);
    else if (arg.startsWith('--times=')) times = Number(arg.slice('--times='.length));
    else files.push(arg);
  }
  if (files.length === 0) throw new Error('name the test files to run, e.g. e2e/attacks.e2e.ts');
  if (!Number.isInteger(times) || times < 1) throw new Error('--times takes a whole number of runs, 1 or more');
  if (pattern === undefined && argv.includes('-t')) throw new Error('-t takes a test name pattern');
  const e2e = files.map((f) => path.relative(ROOT, path.resolve(f)).startsWith('e2e' + path.sep));
  if (e2e.some((x) => x !== e2e[0])) throw new Error('run end-to-end and unit test files separately');
  return { files, pattern, times, config: e2e[0] ? 'e2e/vitest.config.ts' : 'vitest.config.ts' };
}

/**
 * Whether a Vitest run's report says at least one test passed (a pattern matching nothing passes no test).
 *
 * @param report - what Vitest printed
 */
export function ranSome(report) {
  const tests = report.replace(/\x1b\[[0-9;]*m/g, '').match(/^\s*Tests\s+(.*)$/m)?.[1] ?? '';
  return /\b[1-9]\d* passed\b/.test(tests) && !/\bfailed\b/.test(tests);
}

/** A busy loop in its own process (one core), until killed. */
function startHog() {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

function main() {
  let args;
  try {
    args = repeatArguments(process.argv.slice(2));
  } catch (err) {
    console.error(`test:repeat: ${err.message}`);
    process.exit(2);
  }
  const vitest = path.join(ROOT, 'node_modules/.bin/vitest');
  const command = ['run', '--config', args.config, ...args.files, ...(args.pattern ? ['-t', args.pattern] : [])];
  const hog = startHog();
  const stop = () => hog.kill('SIGKILL');
  process.on('exit', stop);
  process.on('SIGINT', () => process.exit(130));
  let passed = 0;
  for (let run = 1; run <= args.times; run++) {
    const started = Date.now();
    const result = spawnSync(vitest, command, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const ok = result.status === 0 && ranSome(result.stdout);
    if (ok) passed++;
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`run ${run} of ${args.times}: ${ok ? 'passed' : 'FAILED'} (${secs} s)`);
    if (!ok) console.log((result.stdout + result.stderr).split('\n').filter((l) => /FAIL|Error|expected|✗|×/.test(l)).slice(0, 20).join('\n'));
  }
  stop();
  console.log(`repeat-runs-passed: ${passed} of ${args.times}`);
  process.exit(passed === args.times ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
