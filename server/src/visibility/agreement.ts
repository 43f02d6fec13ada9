import type { Audience } from '../../../shared/src/index.js';
import type { Member, TalksState } from '../talks/state.js';
import { canRead } from './audience.js';

/**
 * [SIG4] Who may read the export of the agreement, by the same audience rule as its
 * events: nothing exists before the package is agreed; the agreed text and its
 * signatures are joint (every delegation and the mediators) until every party has
 * signed, and public (the gallery, observers included) once the agreement is concluded.
 */
export function agreementAudience(state: TalksState): Audience | null {
  if (state.agreement.agreedVersion === null) return null;
  return state.agreement.concluded ? 'gallery' : 'joint';
}

export const canReadAgreement = (state: TalksState, member: Member): boolean => {
  const audience = agreementAudience(state);
  return audience !== null && canRead(state, member, audience);
};
