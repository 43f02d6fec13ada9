import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { PublicSigningJwk } from '../../../../../shared/src/model.js';
import { prepareOnce, type KeyReadiness } from '../../../api/key-keeper.js';
import { useTalks } from '../../../components/talks-context.js';
import { KeyStoreContext } from './key-store-context.js';

// A head's signing key, made and registered as soon as the head is in the room (on
// joining, and on a later sign-in if no key is registered yet), so signing later is
// one click. Runs only once the view has caught up with the log: before that "no key
// registered" may just mean "not synced yet", and a key from another browser would be
// replaced for nothing.

/** The failure code when this browser cannot make or use a signing key at all. */
export const NO_CRYPTO = 'NO_CRYPTO';

export type SigningKeyState = KeyReadiness | { state: 'preparing' } | { state: 'not-needed' };

export interface SigningKeyHandle {
  key: SigningKeyState;
  /** The key registered for this member, as the talks knows it. */
  registered: PublicSigningJwk | null;
  /** Makes (or reuses) this browser's key and registers it, replacing any other. */
  registerThisBrowser: () => Promise<KeyReadiness>;
  /** Tries the preparation again after a failure. */
  retry: () => void;
}

export function useSigningKey(): SigningKeyHandle {
  const { me, view, status, send } = useTalks();
  const storeOf = useContext(KeyStoreContext);
  const registeredJson = JSON.stringify(view.agreement.keys[me.id]?.jwk ?? null);
  const registered = useMemo(() => JSON.parse(registeredJson) as PublicSigningJwk | null, [registeredJson]);
  const phase = view.talks?.phase;
  const needed = me.role === 'head' && phase !== undefined && phase !== 'concluded';
  const ready = needed && status === 'online';
  const [key, setKey] = useState<SigningKeyState>({ state: 'preparing' });
  const [attempt, setAttempt] = useState(0);

  const prepare = useCallback(
    async (replace: boolean): Promise<KeyReadiness> => {
      try {
        return await prepareOnce({
          memberId: me.id,
          registered,
          store: await storeOf(),
          replace,
          register: (jwk) => send({ type: 'member.registerKey', payload: { jwk } }, crypto.randomUUID()),
        });
      } catch (error) {
        // WebCrypto refused (no crypto.subtle outside a secure context, or no P-256).
        const message = error instanceof Error ? error.message : String(error);
        return { state: 'failed', code: NO_CRYPTO, message, persistent: false };
      }
    },
    [me.id, registered, storeOf, send],
  );

  useEffect(() => {
    if (!ready) return;
    let current = true;
    void prepare(false).then((result) => {
      if (current) setKey(result);
    });
    return () => {
      current = false;
    };
  }, [ready, prepare, attempt]);

  const registerThisBrowser = useCallback(async () => {
    setKey({ state: 'preparing' });
    const result = await prepare(true);
    setKey(result);
    return result;
  }, [prepare]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { key: needed ? key : { state: 'not-needed' }, registered, registerThisBrowser, retry };
}
