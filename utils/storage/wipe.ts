/**
 * Wiping what the last clinician could see (sign-out, the tokens lost or changing hands, inactivity, the
 * clinician's own request). Everything on this machine goes first, each part whatever another does;
 * only then is the server asked to drop what it keeps for this browser (the Subscriptions), best
 * effort: without a token it may refuse, and a request to it can take as long as the network does,
 * while the records, My tasks and notices must be gone at once.
 */

/** One part of the wipe; it may be synchronous. */
export type WipeStep = () => unknown;

/**
 * Runs `local` in order, each even if one before it failed, then `server` (its failure ignored).
 * Rejects with the first local failure, once everything has run.
 *
 * @param parts - the wipes on this computer, in order, and the one at the server
 */
export async function wipeAll(parts: { local: readonly WipeStep[]; server: () => Promise<unknown> }): Promise<void> {
  const failures: unknown[] = [];
  for (const step of parts.local) {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  }
  await parts.server().catch(() => {});
  if (failures.length) throw failures[0];
}
