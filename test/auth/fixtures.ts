import { randomUUID } from 'node:crypto';
import { asId, type MemberId, type MemberView, type PartyId, type TalksId } from '../../shared/src/index.js';
import { generateSigningJwk, keysFromPrivateJwk, type SigningKeys } from '../../server/src/auth/keys.js';
import { createTokenService, type TokenService } from '../../server/src/auth/tokens.js';

/** A fixed instant, so token times in tests are exact. */
export const T0 = new Date('2030-01-01T12:00:00.000Z');

export const newSigningKeys = async (): Promise<SigningKeys> =>
  keysFromPrivateJwk(await generateSigningJwk());

/** A clock the test can move forward. */
export function fixedClock(start: Date = T0): { now: () => Date; advance: (seconds: number) => void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (seconds) => {
      current += seconds * 1000;
    },
  };
}

export function tokenServiceFor(keys: SigningKeys, now: () => Date = () => T0): TokenService {
  return createTokenService(keys, { issuer: 'parley', sessionTtl: 900, refreshTtl: 7 * 86_400, now });
}

export function aMember(overrides: Partial<MemberView> = {}): MemberView {
  return {
    id: asId<MemberId>(randomUUID()),
    talksId: asId<TalksId>(randomUUID()),
    role: 'head',
    partyId: asId<PartyId>(randomUUID()),
    displayName: 'Amira Haddad',
    ...overrides,
  };
}
