/**
 * The wipe's order: what is on this machine goes before the server is asked anything, and every local
 * part runs whatever another does. (In the built extension: e2e/attacks.e2e.ts, attack 7.)
 */
import { describe, expect, it } from 'vitest';
import { wipeAll } from './wipe';

describe('wiping what the last clinician could see', () => {
  it('wipes everything local before the server is asked, however long the server takes', async () => {
    const done: string[] = [];
    let serverAsked = false;
    const never = new Promise<never>(() => {});
    const wiping = wipeAll({
      local: [() => void done.push('records'), async () => void done.push('my tasks'), () => void done.push('tab contexts')],
      server: () => {
        serverAsked = true;
        expect(done).toEqual(['records', 'my tasks', 'tab contexts']);
        return never;
      },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toEqual(['records', 'my tasks', 'tab contexts']);
    expect(serverAsked).toBe(true);
    void wiping;
  });

  it('runs every local part even when one fails, and then says it failed', async () => {
    const done: string[] = [];
    const wiping = wipeAll({
      local: [() => void done.push('records'), () => Promise.reject(new Error('identifier index locked')), () => void done.push('my tasks')],
      server: () => Promise.reject(new Error('401')),
    });
    await expect(wiping).rejects.toThrow('identifier index locked');
    expect(done).toEqual(['records', 'my tasks']);
  });

  it('a server refusing is not a failure of the wipe', async () => {
    await expect(wipeAll({ local: [() => undefined], server: () => Promise.reject(new Error('401')) })).resolves.toBeUndefined();
  });
});
