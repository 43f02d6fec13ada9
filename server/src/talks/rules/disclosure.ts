import {
  MIN_QUOTED_WORDS,
  containsWords,
  copiedRun,
  sameWords,
  wordsOf,
  type Disclosure,
  type PartyId,
  type ResponseId,
  type Stance,
  type SubmissionId,
} from '../../../../shared/src/index.js';
import { DomainError } from '../domain-error.js';
import type { TalksState } from '../state.js';

// What a party told the mediators, checked against what the mediators send to other
// parties. A refusal is DISCLOSURE, worded for the mediator (who may read every room).

/** A party's submission or response, as the disclosure rules see it. */
export interface Source {
  partyId: PartyId;
  text: string;
  disclosure: Disclosure;
  withdrawn: boolean;
  submissionId: SubmissionId | null;
  responseId: ResponseId | null;
  /** For a response: the stance it took (a question conveyed stays a question). */
  stance: Stance | null;
}

const refuse = (message: string): DomainError => new DomainError('DISCLOSURE', message);

/**
 * [DIS1] mediator-only content is never conveyed. [DIS2] [DIS5] conveyable content is
 * conveyed in the mediator's own words, never as the party's own words again, alone or
 * inside a longer text.
 * [DIS3] verbatim content travels only word for word. [DIS4] withdrawn content is never
 * conveyed.
 */
export function checkCitedSource(source: Source, text: string): void {
  if (source.withdrawn) throw refuse('The party withdrew this submission: it can no longer be conveyed.');
  if (source.disclosure === 'mediator-only') {
    throw refuse('The party shared this with the mediators only: it cannot be conveyed.');
  }
  if (source.disclosure === 'verbatim' && text !== source.text) {
    throw refuse('The party allowed this to be conveyed only word for word: send the exact text.');
  }
  if (source.disclosure === 'conveyable' && (sameWords(text, source.text) || copies(text, source))) {
    throw refuse(
      'The party allowed this to be conveyed in your own words, not theirs: rephrase it before sending.',
    );
  }
}

/** Every submission and response the talks holds, as sources. */
function sourcesOf(state: TalksState): Source[] {
  const submissions = Object.values(state.submissions).map(
    (s): Source => ({ ...s, submissionId: s.id, responseId: null, stance: null }),
  );
  const responses = Object.values(state.responses).map(
    (r): Source => ({ ...r, withdrawn: false, submissionId: null, responseId: r.id, stance: r.stance }),
  );
  return [...submissions, ...responses];
}

/** How closely a text may follow a party's words, by the party's own choice. */
function copyLimit(source: Source): 'none' | 'whole' | null {
  if (source.disclosure === 'mediator-only') return 'none';
  // A withdrawn text, whatever its setting, is no longer the party's to be quoted.
  if (source.disclosure === 'conveyable' || source.withdrawn) return 'whole';
  return null;
}

/** Whether `text` carries `source` word for word, as far as its setting forbids. */
function copies(text: string, source: Source): boolean {
  const limit = copyLimit(source);
  if (limit === null || wordsOf(source.text).length < MIN_QUOTED_WORDS) return false;
  if (containsWords(text, source.text)) return true;
  return limit === 'none' && copiedRun(text, source.text) !== null;
}

export interface Reach {
  /** The one party the text goes to (its own words are no secret to it), or every party. */
  toPartyId: PartyId | null;
  /** The source a conveyance cites: checked by checkCitedSource instead. */
  cited?: Source | null;
}

/**
 * [DIS6] Every text a mediator puts before a party (a conveyance with or without a cited
 * source, a message to a room or to the joint session, a summary, a clause of the
 * negotiating text) is refused when it carries, word for word, another party's
 * mediator-only text (whole, or any run of eight words) or conveyable text (whole).
 */
export function requireNoCopiedWords(state: TalksState, texts: readonly string[], reach: Reach): void {
  const cited = reach.cited ?? null;
  for (const source of sourcesOf(state)) {
    if (source.partyId === reach.toPartyId) continue;
    if (cited && source.submissionId === cited.submissionId && source.responseId === cited.responseId) continue;
    if (!texts.some((text) => copies(text, source))) continue;
    const party = state.parties.find((candidate) => candidate.id === source.partyId)?.name ?? 'a party';
    throw refuse(
      source.disclosure === 'mediator-only'
        ? `This text repeats words that ${party} shared with the mediators only: they cannot reach another party. Write it without them.`
        : `This text repeats, word for word, what ${party} allowed to be passed on only in your own words. Rephrase it.`,
    );
  }
}
