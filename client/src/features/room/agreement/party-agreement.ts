import type { ClauseSnapshot } from '../../../../../shared/src/events.js';
import type { ClauseId, PartyId } from '../../../../../shared/src/ids.js';
import type { Phase } from '../../../../../shared/src/model.js';
import { phaseAllows } from '../../../../../shared/src/phases.js';
import {
  hasAccepted,
  latestVersion,
  markOf,
  type AgreementModel,
  type SharedVersionEntry,
} from '../../agreement/agreement-model.js';

// What one party's room asks of the agreement model: its own marks, acceptance and
// comments (a party only ever reads its own), and what the phase lets it do. The rules
// themselves live on the server; these only decide what the room offers and explains.

/** Commenting and early-implementation consent: once proximity talks begin ([PH2] text). */
export const textPhase = (phase: Phase | undefined): boolean => phase !== undefined && phaseAllows(phase, 'text');

/** Marks, acceptance and signatures: at the table ([PH2] package). */
export const packagePhase = (phase: Phase | undefined): boolean =>
  phase !== undefined && phaseAllows(phase, 'package');

export interface OurPackage {
  version: SharedVersionEntry;
  /** Clauses the mediators have not set `agreed` yet. */
  clausesNotAgreed: ClauseSnapshot[];
  termsNotAgreed: number;
  /** Clauses this party has not marked as one it can live with. */
  notLivedWith: ClauseSnapshot[];
  livedWith: number;
  accepted: boolean;
  /** Everything the server will check before an acceptance holds ([PKG2]). */
  readyToAccept: boolean;
  /** The package was agreed on this version. */
  agreed: boolean;
}

/** The party's own standing on the current version, or null before the first version. */
export function ourPackage(model: AgreementModel, partyId: PartyId): OurPackage | null {
  const version = latestVersion(model);
  if (!version) return null;
  const v = version.version;
  const clausesNotAgreed = version.clauses.filter((clause) => clause.state !== 'agreed');
  const termsNotAgreed = version.glossary.filter((term) => term.state !== 'agreed').length;
  const notLivedWith = version.clauses.filter(
    (clause) => markOf(model, v, clause.clauseId, partyId) !== true,
  );
  return {
    version,
    clausesNotAgreed,
    termsNotAgreed,
    notLivedWith,
    livedWith: version.clauses.length - notLivedWith.length,
    accepted: hasAccepted(model, v, partyId),
    readyToAccept: clausesNotAgreed.length === 0 && termsNotAgreed === 0 && notLivedWith.length === 0,
    agreed: model.agreed?.version === v,
  };
}

/** Our newest comment on a clause of a version says whether we object to it now. */
export function weObject(
  model: AgreementModel,
  version: number,
  clauseId: ClauseId,
  partyId: PartyId,
): boolean {
  const ours = model.comments.filter(
    (c) => c.version === version && c.clauseId === clauseId && c.partyId === partyId,
  );
  return ours.at(-1)?.objects ?? false;
}

export const clauseNumbers = (clauses: readonly ClauseSnapshot[]): string =>
  clauses.map((clause) => clause.number).join(', ');
