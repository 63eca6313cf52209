/**
 * Which shared-record patient an identifier (an NHS number, an EPR's local id) resolved to, so a
 * patient opened again is found without asking the server. Kept in `storage.session`: identifiers are
 * patient data, and this index must not outlive the browser session on disk.
 */
import { browser } from 'wxt/browser';

export interface KnownIdentifier {
  patientId: string;
  resolvedAt: number;
}

const key = (idKey: string) => `id:${idKey}`;

/** The mappings this worker wrote, read back without asking the browser (empty after a restart). */
const written = new Map<string, KnownIdentifier>();

export async function getKnownIdentifier(idKey: string): Promise<KnownIdentifier | undefined> {
  return written.get(idKey) ?? ((await browser.storage.session.get(key(idKey)))[key(idKey)] as KnownIdentifier | undefined);
}

export async function putKnownIdentifier(idKey: string, value: KnownIdentifier): Promise<void> {
  written.set(idKey, value);
  await browser.storage.session.set({ [key(idKey)]: value });
}

/** Forgets every identifier mapping (the cache was wiped). */
export async function clearKnownIdentifiers(): Promise<void> {
  written.clear();
  const all = await browser.storage.session.get(null);
  await browser.storage.session.remove(Object.keys(all).filter((k) => k.startsWith('id:')));
}
