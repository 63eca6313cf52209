/**
 * Encryption at rest for the cache. The keys live only in `storage.session` (memory, never written to
 * disk, gone when the browser closes), so nothing cached in IndexedDB is readable after the session:
 * record contents are sealed with AES-GCM, and row keys are HMACs, so not even a patient id is on disk
 * in the clear.
 */
import { cacheSecrets } from '@/utils/shared/state';

export interface StoredSecrets {
  aes: string;
  hmac: string;
}

export interface SessionSecrets {
  aesKey: CryptoKey;
  hmacKey: CryptoKey;
  /** True when made just now: anything already cached is from an earlier session, and unreadable. */
  fresh: boolean;
}

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

const toB64 = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const fromB64 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function importSecrets(stored: StoredSecrets, fresh: boolean): Promise<SessionSecrets> {
  const [aesKey, hmacKey] = await Promise.all([
    crypto.subtle.importKey('raw', fromB64(stored.aes), 'AES-GCM', false, ['encrypt', 'decrypt']),
    crypto.subtle.importKey('raw', fromB64(stored.hmac), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  ]);
  return { aesKey, hmacKey, fresh };
}

let pending: Promise<SessionSecrets> | undefined;

/**
 * The session's secrets, made on first use. Only the background calls this: one maker, so two
 * contexts never make two different keys.
 */
export function ensureSessionSecrets(): Promise<SessionSecrets> {
  pending ??= (async () => {
    const stored = await cacheSecrets.getValue();
    if (stored) return importSecrets(stored, false);
    const made: StoredSecrets = {
      aes: toB64(crypto.getRandomValues(new Uint8Array(32)).buffer),
      hmac: toB64(crypto.getRandomValues(new Uint8Array(32)).buffer),
    };
    await cacheSecrets.setValue(made);
    return importSecrets(made, true);
  })();
  pending.catch(() => (pending = undefined));
  return pending;
}

let read: Promise<SessionSecrets | undefined> | undefined;
let watching = false;

/**
 * The session's secrets if the background has made them (the side panel only reads). Read once, and
 * kept until they change: the panel opens a record at every patient switch.
 */
export function readSessionSecrets(): Promise<SessionSecrets | undefined> {
  if (!watching) {
    watching = true;
    cacheSecrets.watch(() => (read = undefined));
  }
  const reading = (read ??= (async () => {
    const stored = await cacheSecrets.getValue();
    return stored ? importSecrets(stored, false) : undefined;
  })());
  // Not made yet, or not readable: asked again next time.
  const forget = () => {
    if (read === reading) read = undefined;
  };
  reading.then((secrets) => secrets || forget(), forget);
  return reading;
}

/**
 * The on-disk key for a logical key (e.g. server base + patient id): an HMAC, hex.
 *
 * @param secrets - this session's keys (the HMAC key is used)
 * @param logicalKey - the key as the code names it, never written to disk
 */
export async function storageKey(secrets: SessionSecrets, logicalKey: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', secrets.hmacKey, new TextEncoder().encode(logicalKey));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Encrypts a value with this session's key (AES-GCM, a fresh IV each time), so what is on disk is unreadable
 * once the session ends.
 *
 * @param secrets - this session's keys
 * @param value - what to seal; it must survive JSON
 */
export async function seal(secrets: Pick<SessionSecrets, 'aesKey'>, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, secrets.aesKey, new TextEncoder().encode(JSON.stringify(value)));
  return { iv, data };
}

/**
 * Opens a sealed value; `undefined` when it was sealed in another session (or tampered with).
 *
 * @param secrets - this session's keys
 * @param sealed - the value as `seal` made it
 */
export async function unseal<T>(secrets: Pick<SessionSecrets, 'aesKey'>, sealed: Sealed): Promise<T | undefined> {
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, secrets.aesKey, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return undefined;
  }
}
