import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_MESSAGES } from '../../shared/src/index.js';
import type { TestServer } from '../support/server.js';
import {
  ACTING_ROLES,
  COMMAND_CASES,
  COMMAND_MATRIX,
  type ActingRole,
  type CommandCase,
} from './authorization-matrix.js';
import { AGREEMENT_SETUPS, type Call, type Setup } from './agreement-setups.js';
import { Seater, startVisibilityServer } from './seating.js';
import { Stage } from './stage.js';

// Every cell of the command matrix, against the real server over real sockets: each cell
// gets a fresh talks, moved to a phase where the command's activity is allowed and with
// its targets in place, so that only the role (and what the case names) decides.

const text = 'Words for the matrix.';
const isMediator = (role: ActingRole) => role === 'lead-mediator' || role === 'co-mediator';
const post = (payload: Record<string, unknown>): Call => ({ type: 'message.post', payload: { text, ...payload } });

const respond =
  (stance: string, toOwnParty = true): Setup =>
  async (stage) => {
    const conveyanceId = await stage.conveyTo(toOwnParty ? stage.partyA : stage.partyB);
    return { type: 'response.create', payload: { conveyanceId, stance, text, disclosure: 'conveyable' } };
  };

/** A conveyance to party B citing party A's submission with this disclosure. */
const conveyCiting =
  (disclosure: string, wording: 'same' | 'other', withdraw = false): Setup =>
  async (stage) => {
    const original = 'Northland offers the river 60/40.';
    const submissionId = await stage.submit(stage.partyA, disclosure, original);
    if (withdraw) await stage.ok((await stage.member('head', stage.partyA)).client, 'submission.withdraw', { submissionId });
    await stage.phase('pre-negotiation');
    const said = wording === 'same' ? original : 'Northland could share the river.';
    return { type: 'conveyance.create', payload: { toPartyId: stage.partyB, text: said, submissionId } };
  };

const SETUPS: Record<CommandCase, Setup> = {
  'talks.get': () => ({ type: 'talks.get', payload: {} }),
  'member.invite': (stage) => ({ type: 'member.invite', payload: { role: 'delegate', partyId: stage.partyB } }),
  'invite.revoke': async (stage) => {
    const invited = await stage.ok(stage.lead, 'member.invite', { role: 'delegate', partyId: stage.partyB });
    return { type: 'invite.revoke', payload: { inviteId: invited.inviteId } };
  },
  'member.remove': async (stage) => {
    const target = await stage.member('delegate', stage.partyB);
    return { type: 'member.remove', payload: { memberId: target.memberId } };
  },
  'member.offerReentry': async (stage) => {
    const target = await stage.member('delegate', stage.partyB);
    return { type: 'member.offerReentry', payload: { memberId: target.memberId } };
  },
  'phase.change': () => ({ type: 'phase.change', payload: { to: 'pre-negotiation' } }),
  'audit.read': () => ({ type: 'audit.read', payload: {} }),

  'message.post to the own caucus': () => post({ audience: 'caucus' }),
  'message.post to another party’s caucus': (stage) => post({ audience: 'caucus', partyId: stage.partyB }),
  'message.post to the own room (a mediator names party A)': (stage, role) =>
    post({ audience: 'room', ...(isMediator(role) ? { partyId: stage.partyA } : {}) }),
  'message.post to another party’s room (naming party B)': (stage) => post({ audience: 'room', partyId: stage.partyB }),
  'message.post to a room without naming a party': () => post({ audience: 'room' }),
  'message.post to mediation': () => post({ audience: 'mediation' }),
  'message.post to joint in negotiation': async (stage) => {
    await stage.phase('negotiation');
    return post({ audience: 'joint' });
  },
  'message.post to joint before negotiation': async (stage) => {
    await stage.phase('pre-negotiation');
    return post({ audience: 'joint' });
  },

  'submission.create': () => ({ type: 'submission.create', payload: { text, disclosure: 'conveyable' } }),
  'submission.withdraw of the own party’s submission': async (stage) => ({
    type: 'submission.withdraw',
    payload: { submissionId: await stage.submit(stage.partyA, 'conveyable') },
  }),
  'submission.withdraw of another party’s submission': async (stage) => ({
    type: 'submission.withdraw',
    payload: { submissionId: await stage.submit(stage.partyB, 'conveyable') },
  }),

  'conveyance.create as a bridging proposal': async (stage) => {
    await stage.phase('pre-negotiation');
    return { type: 'conveyance.create', payload: { toPartyId: stage.partyB, text } };
  },
  'conveyance.create citing a conveyable submission in other words': conveyCiting('conveyable', 'other'),
  'conveyance.create citing a verbatim submission word for word': conveyCiting('verbatim', 'same'),
  'conveyance.create citing a verbatim submission in other words': conveyCiting('verbatim', 'other'),
  'conveyance.create citing a mediator-only submission': conveyCiting('mediator-only', 'other'),
  'conveyance.create citing a withdrawn submission': conveyCiting('conveyable', 'other', true),
  'conveyance.create citing a conveyable response': async (stage) => {
    const conveyanceId = await stage.conveyTo(stage.partyA);
    const head = await stage.member('head', stage.partyA);
    const response = await stage.ok(head.client, 'response.create', {
      conveyanceId,
      stance: 'counter',
      text: 'Northland counters: 55/45.',
      disclosure: 'conveyable',
    });
    return {
      type: 'conveyance.create',
      payload: { toPartyId: stage.partyB, text: 'Northland would consider 55/45.', responseId: response.responseId },
    };
  },
  'conveyance.create in preparation': (stage) => ({
    type: 'conveyance.create',
    payload: { toPartyId: stage.partyB, text },
  }),

  'response.create accept': respond('accept'),
  'response.create reject': respond('reject'),
  'response.create counter': respond('counter'),
  'response.create clarify': respond('clarify'),
  'response.create counter to a conveyance delivered to another party': respond('counter', false),

  'summary.draft': () => ({ type: 'summary.draft', payload: { text } }),
  'summary.approve': async (stage) => ({ type: 'summary.approve', payload: { summaryId: await stage.draftSummary() } }),
  'summary.requestChanges': async (stage) => ({
    type: 'summary.requestChanges',
    payload: { summaryId: await stage.draftSummary(), text },
  }),
  'summary.publish once every head approved': async (stage) => {
    const summaryId = await stage.draftSummary();
    for (const party of [stage.partyA, stage.partyB]) {
      await stage.ok((await stage.member('head', party)).client, 'summary.approve', { summaryId });
    }
    return { type: 'summary.publish', payload: { summaryId } };
  },
  'summary.publish before every head approved': async (stage) => {
    const summaryId = await stage.draftSummary();
    await stage.ok((await stage.member('head', stage.partyA)).client, 'summary.approve', { summaryId });
    return { type: 'summary.publish', payload: { summaryId } };
  },

  'conveyance.create of a party’s question as a proposal': async (stage) => {
    const conveyanceId = await stage.conveyTo(stage.partyA);
    const head = await stage.member('head', stage.partyA);
    const asked = await stage.ok(head.client, 'response.create', {
      conveyanceId,
      stance: 'clarify',
      text: 'Calendar days or working days?',
      disclosure: 'conveyable',
    });
    return {
      type: 'conveyance.create',
      payload: { toPartyId: stage.partyB, text: 'Northland asks: which days?', responseId: asked.responseId, kind: 'proposal' },
    };
  },
  'response.create answer to a question': async (stage) => {
    await stage.phase('pre-negotiation');
    const made = await stage.ok(stage.lead, 'conveyance.create', { toPartyId: stage.partyA, text: 'Which days?', kind: 'question' });
    return { type: 'response.create', payload: { conveyanceId: made.conveyanceId, stance: 'answer', text, disclosure: 'conveyable' } };
  },
  'response.create accept to a question': async (stage) => {
    await stage.phase('pre-negotiation');
    const made = await stage.ok(stage.lead, 'conveyance.create', { toPartyId: stage.partyA, text: 'Which days?', kind: 'question' });
    return { type: 'response.create', payload: { conveyanceId: made.conveyanceId, stance: 'accept', text, disclosure: 'conveyable' } };
  },
  'response.create counter after the head accepted': async (stage) => {
    const conveyanceId = await stage.conveyTo(stage.partyA);
    const head = await stage.member('head', stage.partyA);
    await stage.ok(head.client, 'response.create', { conveyanceId, stance: 'accept', text, disclosure: 'conveyable' });
    return { type: 'response.create', payload: { conveyanceId, stance: 'counter', text, disclosure: 'conveyable' } };
  },
  'summary.revise after changes were requested': async (stage) => {
    const summaryId = await stage.draftSummary();
    const head = await stage.member('head', stage.partyA);
    await stage.ok(head.client, 'summary.requestChanges', { summaryId, text: 'Say Geneva.' });
    return { type: 'summary.revise', payload: { summaryId, text: 'The parties met in Geneva.' } };
  },
  'summary.withdraw': async (stage) => ({ type: 'summary.withdraw', payload: { summaryId: await stage.draftSummary() } }),
  'summary.approve of a withdrawn summary': async (stage) => {
    const summaryId = await stage.draftSummary();
    await stage.ok(stage.lead, 'summary.withdraw', { summaryId });
    return { type: 'summary.approve', payload: { summaryId } };
  },
  'inbox.mark a submission handled': async (stage) => ({
    type: 'inbox.mark',
    payload: { submissionId: await stage.submit(stage.partyA, 'conveyable'), handled: true },
  }),
  'inbox.mark an unknown item': () => ({
    type: 'inbox.mark',
    payload: { responseId: '00000000-0000-4000-8000-0000000fffff', handled: true },
  }),

  ...AGREEMENT_SETUPS,

  'an unknown command type': () => ({ type: 'talks.delete', payload: {} }),
};

let server: TestServer;
let seater: Seater;
beforeAll(async () => {
  server = await startVisibilityServer();
  seater = new Seater(server);
});
afterAll(async () => {
  await server.close();
});

const verdict = (expected: string) => (expected === 'allowed' ? 'is allowed' : `is refused with ${expected}`);

describe('the authorisation matrix, cell by cell over real sockets', () => {
  for (const commandCase of COMMAND_CASES) {
    describe(commandCase, () => {
      for (const role of ACTING_ROLES) {
        const expected = COMMAND_MATRIX[commandCase][role];
        it(`${role} ${verdict(expected)}`, async () => {
          const stage = await Stage.open(seater);
          try {
            const call = await SETUPS[commandCase](stage, role);
            const actor = await stage.actor(role);
            const answer = await actor.client.command(call.type, call.payload);
            expect(answer.ok ? 'allowed' : answer.error.code).toBe(expected);
            if (!answer.ok && answer.error.code === 'NOT_FOUND') expect(answer.error.message).toBe(FIXED_MESSAGES.NOT_FOUND);
          } finally {
            stage.close();
          }
        });
      }
    });
  }
});
