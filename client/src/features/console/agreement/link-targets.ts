import type { AgendaLinkKind } from '../../../../../shared/src/model.js';
import { LANGUAGES, type LanguageTexts } from '../../../../../shared/src/model.js';
import { partyName } from '../../../api/selectors.js';
import type { TalksView } from '../../../api/talks-view.js';
import type { AgendaItemEntry } from '../../agreement/agreement-model.js';

// What an agenda item can be linked to, named so a mediator recognises it: whose
// words (a submission, a response), which conveyance, which clause.

export interface LinkTarget {
  kind: AgendaLinkKind;
  targetId: string;
  /** Who or what: a party's name, "→ party", or "Clause 3". */
  owner: string;
  text: string;
}

const EXCERPT = 90;
export const excerpt = (text: string): string =>
  text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1).trimEnd()}…` : text;

/** The first wording a clause has, in the order en, uk, ru. */
export const firstWording = (texts: LanguageTexts): string =>
  LANGUAGES.map((language) => texts[language]).find((text) => text !== '') ?? '';

export function linkTargets(view: TalksView, clauseLabel: (n: number) => string): LinkTarget[] {
  return [
    ...Object.values(view.submissions).map((s): LinkTarget => ({
      kind: 'submission',
      targetId: s.submissionId,
      owner: partyName(view, s.partyId),
      text: s.text,
    })),
    ...Object.values(view.responses).map((r): LinkTarget => ({
      kind: 'response',
      targetId: r.responseId,
      owner: partyName(view, r.partyId),
      text: r.text,
    })),
    ...Object.values(view.conveyances).map((c): LinkTarget => ({
      kind: 'conveyance',
      targetId: c.conveyanceId,
      owner: `→ ${partyName(view, c.toPartyId)}`,
      text: c.text,
    })),
    ...view.agreement.clauses.map((c): LinkTarget => ({
      kind: 'clause',
      targetId: c.clauseId,
      owner: clauseLabel(c.number),
      text: firstWording(c.texts),
    })),
  ];
}

/** The targets of one kind an item is not yet linked to. */
export const unlinkedTargets = (
  targets: LinkTarget[],
  item: AgendaItemEntry,
  kind: AgendaLinkKind,
): LinkTarget[] =>
  targets.filter(
    (target) =>
      target.kind === kind && !item.links.some((l) => l.kind === kind && l.targetId === target.targetId),
  );
