import type { PublicSigningJwk } from '../../../shared/src/model.js';
import { memoryKeyStore, type KeyStore } from './key-store.js';
import { generateSigningKey, sameKey, type SigningKey } from './signing-key.js';
import type { Outcome } from './transport.js';

// Makes sure a head holds a signing key whose public half the talks knows: reuses the
// key kept in this browser, or makes one, and registers it ([SIG1]). A key registered
// from another browser is not silently replaced: the head decides, before signing.

export type KeyReadiness =
  /** This browser holds the private half of the key registered for the member. */
  | { state: 'ready'; key: SigningKey; persistent: boolean }
  /** A key is registered, but its private half is not in this browser. */
  | { state: 'elsewhere'; persistent: boolean }
  | { state: 'failed'; code: string; message: string; persistent: boolean };

export interface PrepareOptions {
  memberId: string;
  /** The key the talks has registered for the member, as far as the view knows. */
  registered: PublicSigningJwk | null;
  store: KeyStore;
  register: (jwk: PublicSigningJwk) => Promise<Outcome>;
  /** Register this browser's key even though another one is registered. */
  replace?: boolean;
  generate?: () => Promise<SigningKey>;
}

/** Keys the store refused to keep (quota, a private mode), for the rest of this page. */
const refused = memoryKeyStore();

/** Keeps the key; when the store refuses, keeps it for this page. */
async function keep(store: KeyStore, memberId: string, key: SigningKey): Promise<boolean> {
  try {
    await store.save(memberId, key);
    return store.persistent;
  } catch {
    await refused.save(memberId, key);
    return false;
  }
}

/** The key this browser holds for the member, and whether it survives a reload. */
async function held(
  store: KeyStore,
  memberId: string,
): Promise<{ key: SigningKey | null; persistent: boolean }> {
  const kept = await store.load(memberId).catch(() => null);
  if (kept) return { key: kept, persistent: store.persistent };
  return { key: await refused.load(memberId), persistent: false };
}

export async function prepareSigningKey(options: PrepareOptions): Promise<KeyReadiness> {
  const { memberId, registered, store, register, replace = false } = options;
  const generate = options.generate ?? (() => generateSigningKey());
  const { key: existing, persistent: kept } = await held(store, memberId);
  if (existing && sameKey(existing.publicJwk, registered))
    return { state: 'ready', key: existing, persistent: kept };
  if (registered && !replace) return { state: 'elsewhere', persistent: store.persistent };
  let key = existing;
  let persistent = existing ? kept : store.persistent;
  if (!key) {
    key = await generate();
    // Kept before it is registered, so a reload mid-way never orphans a registered key.
    persistent = await keep(store, memberId, key);
  }
  const outcome = await register(key.publicJwk);
  if (!outcome.ok) return { state: 'failed', ...outcome.error, persistent };
  return { state: 'ready', key, persistent };
}

const inFlight = new Map<string, Promise<KeyReadiness>>();

/** One preparation per member at a time, so a double mount never makes two keys. */
export function prepareOnce(options: PrepareOptions): Promise<KeyReadiness> {
  const key = `${options.memberId}:${options.replace ? 'replace' : 'keep'}`;
  const running = inFlight.get(key);
  if (running) return running;
  const next = prepareSigningKey(options).finally(() => inFlight.delete(key));
  inFlight.set(key, next);
  return next;
}
