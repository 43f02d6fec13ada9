import { describe, expect, it } from 'vitest';
import { PHASES, type Command, type Phase } from '../../shared/src/index.js';
import { SPEC_PHASE_EDGES, talks, type Scenario } from '../support/domain.js';

describe('[PH1] phase transitions', () => {
  for (const from of PHASES) {
    for (const to of PHASES) {
      if (from === to) continue;
      const allowed = SPEC_PHASE_EDGES[from].includes(to);
      it(`[PH1] ${from} → ${to} is ${allowed ? 'allowed' : 'refused with PHASE'}`, () => {
        const s = talks().inPhase(from);
        const outcome = s.when({ type: 'phase.change', payload: { to } }, 'lead');
        if (allowed) outcome.then({ type: 'phase.changed', payload: { from, to } }).thenAudiences('gallery');
        else outcome.thenError('PHASE');
      });
    }
  }

  it('[PH1] moving to the phase the talks is already in is a CONFLICT', () => {
    for (const phase of PHASES) {
      talks()
        .inPhase(phase)
        .when({ type: 'phase.change', payload: { to: phase } }, 'lead')
        .thenError('CONFLICT');
    }
  });

  it('[PH1] a concluded talks is final: it leaves for no phase', () => {
    const s = talks().inPhase('concluded');
    for (const to of PHASES.filter((phase) => phase !== 'concluded')) {
      s.when({ type: 'phase.change', payload: { to } }, 'lead').thenError('PHASE');
    }
  });

  it('[PH1] only the lead mediator changes the phase', () => {
    const s = talks().withEveryone();
    for (const who of ['co', 'head:A', 'delegate:B', 'observer:A']) {
      s.when({ type: 'phase.change', payload: { to: 'pre-negotiation' } }, who).thenError('FORBIDDEN');
    }
  });

  it('[PH1] the folded phase is the last one moved to', () => {
    const s = talks().inPhase('negotiation').inPhase('suspended').inPhase('pre-negotiation');
    expect(s.state.phase).toBe('pre-negotiation');
  });
});

// [PH2] What each phase allows, as docs/SPEC.md tabulates it; written here
// independently of server/src/talks/phases.ts.
type Activity = 'membership' | 'talk' | 'joint' | 'submit' | 'withdraw' | 'shuttle' | 'summarise';
const ACTIVE: Phase[] = ['preparation', 'pre-negotiation', 'negotiation'];
const SPEC_PHASE_ALLOWS: Record<Activity, Phase[]> = {
  membership: [...ACTIVE, 'suspended'],
  talk: [...ACTIVE, 'suspended'],
  joint: ['negotiation'],
  submit: ACTIVE,
  withdraw: [...ACTIVE, 'suspended'],
  shuttle: ['pre-negotiation', 'negotiation'],
  summarise: [...PHASES],
};

interface Fixture {
  s: Scenario;
  spareInvite: string;
  submission: string;
  conveyance: string;
  openSummary: string;
  approvedSummary: string;
}

/** Everything every activity needs, made in pre-negotiation (which allows all but joint), then moved to `phase`. */
function fixtureIn(phase: Phase): Fixture {
  const s = talks().withEveryone();
  const spareInvite = s.invite('spare', 'delegate', 'A');
  s.inPhase('pre-negotiation');
  const submission = String(
    s.run(
      { type: 'submission.create', payload: { text: 'Ninety days.', disclosure: 'conveyable' } },
      'delegate:A',
    ).result.submissionId,
  );
  const conveyance = String(
    s.run(
      {
        type: 'conveyance.create',
        payload: { toPartyId: s.party('B'), text: 'About three months.', submissionId: submission },
      },
      'lead',
    ).result.conveyanceId,
  );
  const openSummary = String(
    s.run({ type: 'summary.draft', payload: { text: 'Open.' } }, 'co').result.summaryId,
  );
  const approvedSummary = String(
    s.run({ type: 'summary.draft', payload: { text: 'Ready.' } }, 'co').result.summaryId,
  );
  s.run({ type: 'summary.approve', payload: { summaryId: approvedSummary } }, 'head:A');
  s.run({ type: 'summary.approve', payload: { summaryId: approvedSummary } }, 'head:B');
  s.inPhase(phase);
  return { s, spareInvite, submission, conveyance, openSummary, approvedSummary };
}

interface Attempt {
  what: string;
  actor: string;
  command: (f: Fixture) => Command;
}

const ATTEMPTS: Record<Activity, Attempt[]> = {
  membership: [
    {
      what: 'invite a delegate',
      actor: 'lead',
      command: (f) => ({ type: 'member.invite', payload: { role: 'delegate', partyId: f.s.party('A') } }),
    },
    {
      what: 'revoke an invite',
      actor: 'lead',
      command: (f) => ({ type: 'invite.revoke', payload: { inviteId: f.spareInvite } }),
    },
    {
      what: 'remove a member',
      actor: 'lead',
      command: (f) => ({ type: 'member.remove', payload: { memberId: f.s.member('delegate:B').id } }),
    },
  ],
  talk: [
    {
      what: 'post in the caucus',
      actor: 'head:A',
      command: () => ({ type: 'message.post', payload: { audience: 'caucus', text: 'Hold firm.' } }),
    },
    {
      what: 'post in the own room',
      actor: 'delegate:B',
      command: () => ({ type: 'message.post', payload: { audience: 'room', text: 'A question.' } }),
    },
    {
      what: 'post in a party’s room as a mediator',
      actor: 'co',
      command: (f) => ({
        type: 'message.post',
        payload: { audience: 'room', partyId: f.s.party('A'), text: 'An answer.' },
      }),
    },
    {
      what: 'post in the mediation channel',
      actor: 'lead',
      command: () => ({ type: 'message.post', payload: { audience: 'mediation', text: 'A note.' } }),
    },
  ],
  joint: [
    {
      what: 'post in the joint session as a head',
      actor: 'head:A',
      command: () => ({ type: 'message.post', payload: { audience: 'joint', text: 'Good morning.' } }),
    },
    {
      what: 'post in the joint session as a mediator',
      actor: 'co',
      command: () => ({ type: 'message.post', payload: { audience: 'joint', text: 'Welcome.' } }),
    },
  ],
  submit: [
    {
      what: 'submit a position',
      actor: 'delegate:B',
      command: () => ({
        type: 'submission.create',
        payload: { text: 'Sixty days.', disclosure: 'mediator-only' },
      }),
    },
  ],
  withdraw: [
    {
      what: 'withdraw a submission',
      actor: 'head:A',
      command: (f) => ({ type: 'submission.withdraw', payload: { submissionId: f.submission } }),
    },
  ],
  shuttle: [
    {
      what: 'convey a submission',
      actor: 'co',
      command: (f) => ({
        type: 'conveyance.create',
        payload: { toPartyId: f.s.party('B'), text: 'Roughly a season.', submissionId: f.submission },
      }),
    },
    {
      what: 'convey a bridging proposal',
      actor: 'lead',
      command: (f) => ({
        type: 'conveyance.create',
        payload: { toPartyId: f.s.party('A'), text: 'What about seventy-five days?' },
      }),
    },
    {
      what: 'counter a conveyance',
      actor: 'delegate:B',
      command: (f) => ({
        type: 'response.create',
        payload: { conveyanceId: f.conveyance, stance: 'counter', text: 'Sixty.', disclosure: 'conveyable' },
      }),
    },
    {
      what: 'accept a conveyance',
      actor: 'head:B',
      command: (f) => ({
        type: 'response.create',
        payload: { conveyanceId: f.conveyance, stance: 'accept', text: 'Yes.', disclosure: 'verbatim' },
      }),
    },
  ],
  summarise: [
    {
      what: 'draft a summary',
      actor: 'co',
      command: () => ({ type: 'summary.draft', payload: { text: 'Where we stand.' } }),
    },
    {
      what: 'approve a summary',
      actor: 'head:A',
      command: (f) => ({ type: 'summary.approve', payload: { summaryId: f.openSummary } }),
    },
    {
      what: 'ask for changes to a summary',
      actor: 'head:B',
      command: (f) => ({
        type: 'summary.requestChanges',
        payload: { summaryId: f.openSummary, text: 'Say sixty.' },
      }),
    },
    {
      what: 'publish an approved summary',
      actor: 'lead',
      command: (f) => ({ type: 'summary.publish', payload: { summaryId: f.approvedSummary } }),
    },
  ],
};

describe('[PH2] what each phase allows', () => {
  for (const phase of PHASES) {
    for (const [activity, attempts] of Object.entries(ATTEMPTS) as [Activity, Attempt[]][]) {
      const allowed = SPEC_PHASE_ALLOWS[activity].includes(phase);
      for (const attempt of attempts) {
        it(`[PH2] in ${phase}: ${attempt.what} is ${allowed ? 'allowed' : 'refused with PHASE'}`, () => {
          const f = fixtureIn(phase);
          const outcome = f.s.when(attempt.command(f), attempt.actor);
          if (allowed) outcome.thenOk();
          else outcome.thenError('PHASE');
        });
      }
    }
  }

  it('[PH2] reading the talks is allowed in every phase, to every member', () => {
    for (const phase of PHASES) {
      const s = talks().withEveryone().inPhase(phase);
      for (const who of ['lead', 'co', 'head:A', 'delegate:B', 'observer:A']) {
        s.when({ type: 'talks.get', payload: {} }, who).thenOk().thenTypes();
      }
    }
  });
});
