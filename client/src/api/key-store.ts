import type { SigningKey } from './signing-key.js';

// Where a head's signing key survives a reload: IndexedDB, which stores a CryptoKey as
// it is (structured clone), so the private half stays non-extractable on disk too.
// Without IndexedDB (some private modes, locked-down browsers) the key lives in memory
// for this page only; the room says so, and a lost key is replaced before signing.

export interface KeyStore {
  /** false when keys last only until the page is closed or reloaded. */
  readonly persistent: boolean;
  load(memberId: string): Promise<SigningKey | null>;
  save(memberId: string, key: SigningKey): Promise<void>;
}

const DATABASE = 'parley-signing-keys';
const STORE = 'keys';

/** Keys for this page only. */
export function memoryKeyStore(): KeyStore {
  const keys = new Map<string, SigningKey>();
  return {
    persistent: false,
    load: (memberId) => Promise.resolve(keys.get(memberId) ?? null),
    save: (memberId, key) => {
      keys.set(memberId, key);
      return Promise.resolve();
    },
  };
}

const done = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB cannot be opened.'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab.'));
  });
}

const isSigningKey = (value: unknown): value is SigningKey =>
  typeof value === 'object' &&
  value !== null &&
  'privateKey' in value &&
  'publicJwk' in value &&
  typeof value.publicJwk === 'object';

function indexedDbKeyStore(database: IDBDatabase): KeyStore {
  const store = (mode: IDBTransactionMode) => database.transaction(STORE, mode).objectStore(STORE);
  return {
    persistent: true,
    load: async (memberId) => {
      const value: unknown = await done(store('readonly').get(memberId));
      return isSigningKey(value) ? value : null;
    },
    save: async (memberId, key) => {
      await done(store('readwrite').put(key, memberId));
    },
  };
}

/** IndexedDB when the browser offers it and lets us open it; otherwise keys for this page only. */
export async function openKeyStore(
  factory: IDBFactory | undefined = globalThis.indexedDB,
): Promise<KeyStore> {
  if (!factory) return memoryKeyStore();
  try {
    return indexedDbKeyStore(await openDatabase(factory));
  } catch {
    return memoryKeyStore();
  }
}

let shared: Promise<KeyStore> | null = null;

/** The one store of this page (opened once). */
export const pageKeyStore = (): Promise<KeyStore> => (shared ??= openKeyStore());
