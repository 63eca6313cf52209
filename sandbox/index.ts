/**
 * The sandbox: a FHIR R4 server seeded with synthetic patients, and demo EPR pages listing the same
 * patients. For the demo, the tests and the benchmarks; never part of the extension.
 */
import { buildSandboxData, type SandboxData } from './seed';
import { startFhirSandbox, type FhirSandbox } from './fhir-server/server';
import { startEprSandbox, type EprSandbox } from './epr/server';

/** The documented fixed ports (README): FHIR on 8100, EPR pages on 8200. */
export const DEFAULT_PORTS = { fhir: 8100, epr: 8200 } as const;

export interface Sandbox {
  fhir: FhirSandbox;
  epr: EprSandbox;
  data: SandboxData;
  close(): Promise<void>;
}

/**
 * Starts both servers. Port 0 picks free ports (tests); the defaults are the documented ones (demo).
 *
 * @param opts.syntheaDir - `undefined`: load ../shared's Synthea records when present; `null`: don't
 */
export async function startSandbox(opts: { fhirPort?: number; eprPort?: number; syntheaDir?: string | null; now?: Date } = {}): Promise<Sandbox> {
  const data = buildSandboxData({ now: opts.now, syntheaDir: opts.syntheaDir });
  const fhir = await startFhirSandbox({ port: opts.fhirPort ?? DEFAULT_PORTS.fhir, resources: data.resources });
  const epr = await startEprSandbox({ port: opts.eprPort ?? DEFAULT_PORTS.epr, roster: data.roster, fhirBaseUrl: fhir.baseUrl });
  return {
    fhir,
    epr,
    data,
    close: async () => {
      await Promise.all([fhir.close(), epr.close()]);
    },
  };
}
