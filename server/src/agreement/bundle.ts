import { AGREEMENT_FORMAT, type AgreementBundle } from '../../../shared/src/agreement.js';
import { versionNumbered } from '../talks/agreement-state.js';
import type { TalksState } from '../talks/state.js';
import { versionTextHash } from './canonical-text.js';

/**
 * The export of the agreed text, built from named fields of the state only: the agreed
 * version in every language, its glossary, the signatures made so far (each with the
 * key it was checked against) and the audit chain's head. Who may read it is decided
 * by visibility/agreement.ts; undefined while no package is agreed.
 */
export function buildBundle(
  state: TalksState,
  auditHead: AgreementBundle['auditHead'],
): AgreementBundle | undefined {
  const { agreement } = state;
  const shared =
    agreement.agreedVersion === null ? undefined : versionNumbered(agreement, agreement.agreedVersion);
  if (!shared) return undefined;
  const signatures = state.parties.flatMap((party) => {
    const signature = agreement.signatures[party.id];
    if (!signature) return [];
    const { partyId, memberId, displayName, jwk, jws } = signature;
    return [{ partyId, memberId, displayName, jwk, jws }];
  });
  return {
    format: AGREEMENT_FORMAT,
    talksId: state.id,
    title: state.title,
    parties: state.parties.map(({ id, name }) => ({ id, name })),
    version: shared.version,
    authenticLanguage: shared.authenticLanguage,
    texts: shared.clauses.map(({ clauseId, number, agendaItemIds, texts }) => ({
      clauseId,
      number,
      agendaItemIds,
      texts,
    })),
    glossary: shared.glossary.map(({ termId, term, definition }) => ({ termId, term, definition })),
    textHash: versionTextHash(state, shared),
    signatures,
    concluded: agreement.concluded,
    auditHead,
  };
}
