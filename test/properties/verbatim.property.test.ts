import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command, Disclosure } from '../../shared/src/index.js';
import { audienceOf } from '../../server/src/visibility/audience.js';
import { talks, type Scenario } from '../support/domain.js';

// Issue 15, item 2, the class: over generated submissions (every disclosure, texts with
// canaries, in three languages) and generated mediator actions (conveyances with and
// without a cited source, messages to rooms and to the joint session, summaries,
// clauses), pasting the parties' words in whole, in part, in another case or
// punctuation, no party ever receives another party's conveyable or mediator-only text
// word for word ([DIS5], [DIS6]), nor eight words in a row of a mediator-only one.
// The oracle reads words with its own code, not the domain's.

const PARTIES = ['A', 'B', 'C'] as const;
type PartyName = (typeof PARTIES)[number];

// The parties and the mediator speak from disjoint vocabularies, so only a paste can
// make a mediator's text carry a party's words.
const PARTY_WORDS = ['river', 'water', 'ridge', 'вода', 'річка', 'хребет', 'берег', 'граница', 'войска', 'days', 'monitors', 'сто', 'двадцять'];
const MEDIATOR_WORDS = ['perhaps', 'consider', 'proposal', 'можливо', 'пропозиція', 'предложение', 'обсудить', 'joint', 'commission'];

const oracleWords = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word !== '');

/** Whether `received` holds `run` as consecutive words. */
function holdsRun(received: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= received.length; i++) {
    for (let j = 0; j < run.length; j++) if (received[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

const garble = fc.constantFrom(
  (t: string) => t,
  (t: string) => t.toUpperCase(),
  (t: string) => t.replace(/ /g, '  \n'),
  (t: string) => `«${t.replace(/ /g, ', ')}»!`,
);

const submission = fc.record({
  kind: fc.constant('submit' as const),
  party: fc.constantFrom(...PARTIES),
  disclosure: fc.constantFrom<Disclosure>('mediator-only', 'conveyable', 'verbatim'),
  words: fc.array(fc.constantFrom(...PARTY_WORDS), { minLength: 4, maxLength: 14 }),
});

const paste = fc.record({
  source: fc.nat(),
  /** The whole text, or a slice of it (in words). */
  slice: fc.option(fc.record({ start: fc.nat(6), length: fc.integer({ min: 3, max: 10 }) }), { nil: undefined }),
  garble,
});

const mediatorAction = fc.record({
  kind: fc.constantFrom('convey' as const, 'cite' as const, 'room' as const, 'joint' as const, 'summary' as const, 'clause' as const),
  to: fc.constantFrom(...PARTIES),
  own: fc.array(fc.constantFrom(...MEDIATOR_WORDS), { minLength: 1, maxLength: 6 }),
  paste: fc.option(paste, { nil: undefined }),
  cite: fc.nat(),
  who: fc.constantFrom('lead', 'co'),
});

const steps = fc.array(fc.oneof(submission, mediatorAction), { minLength: 4, maxLength: 24 });

interface Said {
  partyName: PartyName;
  disclosure: Disclosure;
  text: string;
  id: string;
}

const tally = { accepted: 0, refused: 0 };


function textOf(said: Said[], action: Pick<MediatorStep, "own" | "paste">): string {
  const own = action.own.join(' ');
  const from = action.paste && said.length > 0 ? said[action.paste.source % said.length] : undefined;
  if (!action.paste || !from) return `${own}.`;
  const words = from.text.split(' ');
  const part = action.paste.slice
    ? words.slice(action.paste.slice.start, action.paste.slice.start + action.paste.slice.length).join(' ')
    : from.text;
  return `${own}: ${action.paste.garble(part)} ${own}?`;
}

function commandOf(s: Scenario, said: Said[], step: MediatorStep): Command {
  const text = textOf(said, step);
  const to = s.party(step.to);
  switch (step.kind) {
    case 'convey':
      return { type: 'conveyance.create', payload: { toPartyId: to, text } };
    case 'cite': {
      const cited = said.filter((entry) => entry.partyName !== step.to);
      const source = cited[step.cite % Math.max(cited.length, 1)];
      return { type: 'conveyance.create', payload: { toPartyId: to, text, ...(source ? { submissionId: source.id } : {}) } };
    }
    case 'room':
      return { type: 'message.post', payload: { audience: 'room', partyId: to, text } };
    case 'joint':
      return { type: 'message.post', payload: { audience: 'joint', text } };
    case 'summary':
      return { type: 'summary.draft', payload: { text } };
    case 'clause':
      return { type: 'text.draftClause', payload: { agendaItemIds: [], texts: { en: text } } };
  }
}

type MediatorStep = {
  kind: 'convey' | 'cite' | 'room' | 'joint' | 'summary' | 'clause';
  to: PartyName;
  own: string[];
  paste?: { source: number; slice?: { start: number; length: number }; garble: (t: string) => string } | undefined;
  cite: number;
  who: string;
};

/** Every text an event carries, as its readers see it. */
function textsIn(payload: unknown): string[] {
  if (typeof payload === 'string') return [payload];
  if (Array.isArray(payload)) return payload.flatMap(textsIn);
  if (payload && typeof payload === 'object') return Object.values(payload).flatMap(textsIn);
  return [];
}

/** The parties that read an audience. */
function readers(s: Scenario, audience: string): PartyName[] {
  if (audience === 'joint' || audience === 'gallery') return [...PARTIES];
  return PARTIES.filter((name) => audience === s.room(name) || audience === s.caucus(name));
}

function checkNothingLeaked(s: Scenario, said: Said[]): void {
  for (const event of s.log) {
    if (event.type === 'submission.created' || event.type === 'talks.opened') continue;
    const audience = audienceOf(event, s.state);
    const received = textsIn(event.payload).map(oracleWords);
    for (const reader of readers(s, audience)) {
      for (const source of said) {
        if (source.partyName === reader || source.disclosure === 'verbatim') continue;
        const words = oracleWords(source.text);
        for (const text of received) {
          expect(holdsRun(text, words), `${reader} received ${source.disclosure} text of ${source.partyName} in ${event.type}`).toBe(false);
          if (source.disclosure !== 'mediator-only') continue;
          for (let i = 0; i + 8 <= words.length; i++) {
            expect(holdsRun(text, words.slice(i, i + 8)), `${reader} received 8 mediator-only words of ${source.partyName}`).toBe(false);
          }
        }
      }
    }
  }
}

describe('[DIS5] [DIS6] no party receives another party’s protected words', () => {
  afterAll(() => {
    // The property means something only if both outcomes happened.
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('[DIS6] over generated submissions and mediator actions, no conveyable or mediator-only text reaches another party verbatim', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        const s = talks({ parties: [...PARTIES] }).withEveryone().inPhase('negotiation');
        const said: Said[] = [];
        plan.forEach((step, index) => {
          if (step.kind === 'submit') {
            const text = `${step.words.join(' ')} canary${index}`;
            const id = String(
              s.run({ type: 'submission.create', payload: { text, disclosure: step.disclosure } }, `head:${step.party}`)
                .result.submissionId,
            );
            said.push({ partyName: step.party, disclosure: step.disclosure, text, id });
            return;
          }
          const command = commandOf(s, said, step);
          const outcome = s.when(command, step.who);
          if (outcome.decided instanceof Error) {
            tally.refused++;
            expect(['DISCLOSURE', 'INVALID_INPUT', 'CONFLICT']).toContain(outcome.error.code);
            return;
          }
          tally.accepted++;
          s.run(command, step.who);
        });
        checkNothingLeaked(s, said);
      }),
      { numRuns: Number(process.env.PARLEY_VERBATIM_RUNS ?? 120) },
    );
  });
});
