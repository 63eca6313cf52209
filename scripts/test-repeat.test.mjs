import { describe, expect, it } from 'vitest';
import { ranSome, repeatArguments } from './test-repeat.mjs';

describe('test:repeat', () => {
  it('reads the files, the name pattern and the number of runs', () => {
    expect(repeatArguments(['e2e/attacks.e2e.ts', '-t', 'attack 7', '--times', '50'])).toEqual({ files: ['e2e/attacks.e2e.ts'], pattern: 'attack 7', times: 50, config: 'e2e/vitest.config.ts' });
    expect(repeatArguments(['utils/context/context-service.test.ts'])).toMatchObject({ times: 50, config: 'vitest.config.ts', pattern: undefined });
    expect(() => repeatArguments([])).toThrow(/name the test files/);
    expect(() => repeatArguments(['e2e/attacks.e2e.ts', '--times', '0'])).toThrow(/whole number/);
    expect(() => repeatArguments(['e2e/attacks.e2e.ts', 'utils/x.test.ts'])).toThrow(/separately/);
  });

  it('counts a run as passed only when a test ran and none failed', () => {
    expect(ranSome(' Test Files  1 passed (1)\n      Tests  1 passed | 44 skipped (45)\n')).toBe(true);
    expect(ranSome('      Tests  44 skipped (45)\n')).toBe(false);
    expect(ranSome('      Tests  1 failed | 3 passed (4)\n')).toBe(false);
    expect(ranSome('\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[32m1 passed\x1b[39m\x1b[22m\n')).toBe(true);
  });
});
