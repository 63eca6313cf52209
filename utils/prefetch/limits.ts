/** How much prefetch asks of the server (a module of its own: the bench's trust simulation reads it in plain Node). */

/** Patients looked up and fetched per batch request (about a dozen searches each). */
export const PREFETCH_BATCH_PATIENTS = 20;
/** At most one prefetch batch this often. */
export const PREFETCH_INTERVAL_MS = 3_000;
