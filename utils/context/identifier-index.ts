/**
 * Which shared-record patient an identifier (an NHS number, an EPR's local id) resolved to, so a
 * patient opened again is found without asking the server. Kept in `storage.session`: identifiers are
 * patient data, and this index must not outlive the browser session on disk.
 */
import { KNOWN_IDENTIFIER_PREFIX, knownIdentifier, removeSessionItemsUnder } from '@/utils/shared/state';

export interface KnownIdentifier {
  patientId: string;
  resolvedAt: number;
}


/** The mappings this worker wrote, read back without asking the browser (empty after a restart). */
const written = new Map<string, KnownIdentifier>();

/**
 * The shared-record patient an identifier resolved to before, if it did this session.
 *
 * @param idKey - the FHIR server and the identifier (`baseUrl|system|value`)
 */
export async function getKnownIdentifier(idKey: string): Promise<KnownIdentifier | undefined> {
  return written.get(idKey) ?? (await knownIdentifier(idKey).getValue()) ?? undefined;
}

/**
 * Notes the shared-record patient an identifier resolved to, for the rest of the session.
 *
 * @param idKey - the FHIR server and the identifier (`baseUrl|system|value`)
 * @param value - the patient it resolved to, and when
 */
export async function putKnownIdentifier(idKey: string, value: KnownIdentifier): Promise<void> {
  written.set(idKey, value);
  await knownIdentifier(idKey).setValue(value);
}

/** Forgets every identifier mapping (the cache was wiped). */
export async function clearKnownIdentifiers(): Promise<void> {
  written.clear();
  await removeSessionItemsUnder(KNOWN_IDENTIFIER_PREFIX);
}
