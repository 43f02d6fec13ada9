import { describe, it } from 'vitest';
import { PHASES, type Command, type Phase } from '../../shared/src/index.js';
import type { Scenario } from '../support/domain.js';
import {
  accept,
  agreeEverything,
  agreedTalks,
  markAll,
  readyTalks,
  share,
  signCommand,
  signedPayload,
  testSigner,
  texts,
} from './agreement-support.js';

// [PH2] The phases of the agreement's activities, as docs/SPEC.md tabulates them;
// written here independently of server/src/talks/phases.ts.
type Activity = 'agenda' | 'text' | 'package' | 'keys';
const SPEC_PHASE_ALLOWS: Record<Activity, Phase[]> = {
  agenda: ['preparation', 'pre-negotiation', 'negotiation'],
  text: ['pre-negotiation', 'negotiation'],
  package: ['negotiation'],
  keys: ['preparation', 'pre-negotiation', 'negotiation', 'suspended'],
};

interface Attempt {
  what: string;
  actor: string;
  /** Builds the talks in negotiation (which allows every activity), then the command to try. */
  command: (s: Scenario) => Command;
  given?: () => Scenario;
}

/** A working draft with a shared version, a term and an item proposed for early implementation. */
function drafting(): Scenario {
  const { s, itemId } = readyTalks();
  share(s);
  s.run({ type: 'item.proposeEarly', payload: { itemId } }, 'lead');
  return s;
}

/** Every clause agreed, shared, marked by A's head: it may accept. */
function markedByA(): Scenario {
  const { s } = readyTalks();
  agreeEverything(s);
  markAll(s, share(s), ['A']);
  return s;
}

const firstClause = (s: Scenario) => s.state.agreement.clauseOrder[0] ?? '';
const firstItem = (s: Scenario) => s.state.agreement.agendaOrder[0] ?? '';
const latest = (s: Scenario) => s.state.agreement.versions.length;

const ATTEMPTS: Record<Activity, Attempt[]> = {
  agenda: [
    {
      what: 'adding an agenda item',
      actor: 'lead',
      command: () => ({ type: 'agenda.add', payload: { title: 'Prisoners' } }),
    },
    {
      what: 'rewording an agenda item',
      actor: 'co',
      command: (s) => ({ type: 'agenda.update', payload: { itemId: firstItem(s), title: 'Prisoners' } }),
    },
    {
      what: 'linking an agenda item',
      actor: 'lead',
      command: (s) => ({ type: 'agenda.link', payload: { itemId: firstItem(s), clauseId: firstClause(s) } }),
    },
  ],
  text: [
    {
      what: 'drafting a clause',
      actor: 'lead',
      command: () => ({ type: 'text.draftClause', payload: { agendaItemIds: [], texts: texts('More.') } }),
    },
    {
      what: 'setting a clause’s state',
      actor: 'co',
      command: (s) => ({
        type: 'text.setClauseState',
        payload: { clauseId: firstClause(s), state: 'agreed' },
      }),
    },
    {
      what: 'designating the authentic language',
      actor: 'lead',
      command: () => ({ type: 'text.setAuthentic', payload: { language: 'uk' } }),
    },
    {
      what: 'defining a glossary term',
      actor: 'lead',
      command: () => ({
        type: 'glossary.define',
        payload: { term: texts('ceasefire'), definition: texts('A halt.') },
      }),
    },
    {
      what: 'commenting on a clause',
      actor: 'delegate:A',
      command: (s) => ({
        type: 'text.comment',
        payload: { version: latest(s), clauseId: firstClause(s), text: 'No.', objects: true },
      }),
    },
    {
      what: 'consenting to early implementation',
      actor: 'head:B',
      command: (s) => ({ type: 'item.consentEarly', payload: { itemId: firstItem(s) } }),
    },
    {
      what: 'sharing a version',
      actor: 'lead',
      given: () => {
        const s = drafting();
        s.run(
          { type: 'text.setClauseState', payload: { clauseId: firstClause(s), state: 'agreed' } },
          'lead',
        );
        return s;
      },
      command: () => ({ type: 'text.shareVersion', payload: {} }),
    },
  ],
  package: [
    {
      what: 'marking a clause',
      actor: 'head:A',
      command: (s) => ({
        type: 'package.mark',
        payload: { version: latest(s), clauseId: firstClause(s), canLiveWith: false },
      }),
    },
    { what: 'accepting the package', actor: 'head:A', given: markedByA, command: (s) => accept(latest(s)) },
    {
      what: 'signing the agreement',
      actor: 'head:A',
      given: () => agreedTalks().s,
      command: (s) => {
        const signer = testSigner();
        s.run({ type: 'member.registerKey', payload: { jwk: signer.jwk } }, 'head:A');
        return signCommand(latest(s), signer.sign(signedPayload(s, 'A')));
      },
    },
  ],
  keys: [
    {
      what: 'registering a signing key',
      actor: 'delegate:B',
      command: () => ({ type: 'member.registerKey', payload: { jwk: testSigner('EdDSA').jwk } }),
    },
  ],
};

describe('[PH2] what each phase allows of the agreement', () => {
  for (const phase of PHASES) {
    for (const [activity, attempts] of Object.entries(ATTEMPTS) as [Activity, Attempt[]][]) {
      const allowed = SPEC_PHASE_ALLOWS[activity].includes(phase);
      for (const attempt of attempts) {
        it(`[PH2] in ${phase}: ${attempt.what} is ${allowed ? 'allowed' : 'refused with PHASE'}`, () => {
          const s = (attempt.given ?? drafting)();
          const command = attempt.command(s);
          s.inPhase(phase);
          const outcome = s.when(command, attempt.actor);
          if (allowed) outcome.thenOk();
          else outcome.thenError('PHASE');
        });
      }
    }
  }
});
