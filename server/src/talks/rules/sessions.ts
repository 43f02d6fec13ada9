import type { MemberId } from '../../../../shared/src/index.js';
import { decision, type Decision } from '../decision.js';
import { DomainError } from '../domain-error.js';
import { draft } from '../events.js';
import { activeMember, type Member, type TalksState } from '../state.js';

// Sessions are kept in the talks' own log, so that every node and every restart
// agrees on them: a refresh moves its family on by one generation (session.renewed),
// a refresh token seen twice ends its family (session.revoked), and a re-entry
// (member.reentered) ends every session the member had before.

/** What a token says about where it comes from (see auth/tokens.ts). */
export interface SessionLineageClaims {
  memberId: MemberId;
  familyId: string;
  epoch: number;
}

/**
 * [ID8] [MB8] A session holds while its member is active, its family was not ended
 * and no re-entry happened since its family began.
 */
export function sessionHolds(state: TalksState, claims: SessionLineageClaims): Member | undefined {
  const member = activeMember(state, claims.memberId);
  if (!member) return undefined;
  if (member.revokedFamilies[claims.familyId]) return undefined;
  if (claims.epoch !== member.sessionEpoch) return undefined;
  return member;
}

/**
 * [ID6] A refresh token is good once. The current generation renews the family (the
 * caller issues the next one); an older one was already used, so someone holds a copy:
 * the whole family ends, whoever holds which part of it.
 */
export function renewSession(
  state: TalksState,
  claims: SessionLineageClaims & { generation: number },
): Decision {
  const member = sessionHolds(state, claims);
  if (!member) throw new DomainError('UNAUTHENTICATED');
  const current = member.sessionFamilies[claims.familyId] ?? 0;
  const ids = { memberId: member.id, familyId: claims.familyId };
  if (claims.generation === current) {
    const generation = current + 1;
    return decision([draft('session.renewed', { ...ids, generation })], { outcome: 'renewed', generation });
  }
  // Newer than current: not a token this server issued in this family.
  if (claims.generation > current) throw new DomainError('UNAUTHENTICATED');
  return decision([draft('session.revoked', ids)], { outcome: 'reused' });
}
