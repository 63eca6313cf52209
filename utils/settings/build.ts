/**
 * What kind of build this is. Store builds (`npm run build`) carry no demo defaults, no access to this
 * computer's own web servers, and accept https servers only. Demo builds (`npm run build:demo`, used by
 * the demo, the end-to-end tests and the benchmarks) point at the sandbox on localhost over http.
 */

/** True in demo and development builds only (WXT's `--mode demo`, `wxt dev`). Unit tests run as neither. */
export const IS_DEMO_BUILD: boolean = import.meta.env.MODE === 'demo' || import.meta.env.MODE === 'development';
