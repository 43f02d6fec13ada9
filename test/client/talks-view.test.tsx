import { describe, expect, it } from 'vitest';
import type { ConveyanceId, InviteId, MemberId, SubmissionId, SummaryId } from '../../shared/src/ids.js';
import {
  allApproved,
  approvalsOf,
  conveyancesOfSource,
  inbox,
  openInvites,
} from '../../client/src/api/selectors.js';
import { applyEvent, applyEvents, emptyView, placeOf } from '../../client/src/api/talks-view.js';
import { EventFactory, NORTH, NORTH_HEAD, SOUTH, SOUTH_HEAD, seededId } from './support/events.js';

describe('the client view is a pure fold of the events the reader received', () => {
  it('builds the talks, its parties and phase from talks.opened and phase.changed', () => {
    const f = new EventFactory();
    const view = applyEvents(emptyView(), [
      f.opened('Harbour talks'),
      f.event('phase.changed', 'gallery', { from: 'pre-negotiation', to: 'negotiation' }),
    ]);
    expect(view.talks?.title).toBe('Harbour talks');
    expect(view.talks?.parties.map((p) => p.name)).toEqual(['North', 'South']);
    expect(view.talks?.phase).toBe('negotiation');
    expect(view.milestones.map((m) => m.kind)).toEqual(['opened', 'phase']);
  });

  it('keeps one cursor per audience, at the last aseq folded in', () => {
    const f = new EventFactory();
    const view = applyEvents(emptyView(), [
      f.opened(),
      f.event('message.posted', `room:${NORTH}`, {
        messageId: 'm1',
        channel: 'room',
        partyId: NORTH,
        text: 'hello',
      }),
      f.event('message.posted', `room:${NORTH}`, {
        messageId: 'm2',
        channel: 'room',
        partyId: NORTH,
        text: 'again',
      }),
    ]);
    expect(view.cursors).toEqual({ gallery: 1, [`room:${NORTH}`]: 2 });
  });

  it('ignores an event it already holds, so a replay after reconnect shows nothing twice', () => {
    const f = new EventFactory();
    const posted = f.event('message.posted', 'mediation', {
      messageId: 'm1',
      channel: 'mediation',
      partyId: null,
      text: 'note',
    });
    const once = applyEvent(emptyView(), posted);
    const twice = applyEvent(once, posted);
    expect(twice).toBe(once);
    expect(twice.messages).toHaveLength(1);
  });

  it('tells a duplicate, the next event and a gap apart', () => {
    const cursors = { mediation: 3 };
    expect(placeOf(cursors, { audience: 'mediation', aseq: 2 })).toBe('duplicate');
    expect(placeOf(cursors, { audience: 'mediation', aseq: 4 })).toBe('next');
    expect(placeOf(cursors, { audience: 'mediation', aseq: 6 })).toBe('gap');
    expect(placeOf(cursors, { audience: 'joint', aseq: 1 })).toBe('next');
  });

  it('merges the delivered and disclosed halves of one conveyance into one entry', () => {
    const f = new EventFactory();
    const submissionId = seededId<SubmissionId>();
    const conveyanceId = seededId<ConveyanceId>();
    const view = applyEvents(emptyView(), [
      f.opened(),
      f.event(
        'submission.created',
        `room:${NORTH}`,
        { submissionId, partyId: NORTH, text: 'Open the port', disclosure: 'conveyable' },
        NORTH_HEAD,
      ),
      f.event('conveyance.delivered', `room:${SOUTH}`, {
        conveyanceId,
        toPartyId: SOUTH,
        text: 'North would open the port',
      }),
      f.event('conveyance.disclosed', `room:${NORTH}`, {
        conveyanceId,
        fromPartyId: NORTH,
        toPartyId: SOUTH,
        text: 'North would open the port',
        submissionId,
        responseId: null,
      }),
    ]);
    expect(Object.keys(view.conveyances)).toEqual([conveyanceId]);
    expect(conveyancesOfSource(view, submissionId)).toMatchObject([
      { toPartyId: SOUTH, fromPartyId: NORTH, text: 'North would open the port' },
    ]);
  });

  it('tracks each party’s answer to a summary and whether all approved', () => {
    const f = new EventFactory();
    const summaryId = seededId<SummaryId>();
    const drafted = applyEvents(emptyView(), [
      f.opened(),
      f.event('summary.drafted', 'mediation', { summaryId, text: 'Both sides agree to meet.' }),
      f.event('summary.proposed', `room:${NORTH}`, {
        summaryId,
        partyId: NORTH,
        text: 'Both sides agree to meet.',
      }),
      f.event('summary.proposed', `room:${SOUTH}`, {
        summaryId,
        partyId: SOUTH,
        text: 'Both sides agree to meet.',
      }),
      f.event(
        'summary.changesRequested',
        `room:${SOUTH}`,
        { summaryId, partyId: SOUTH, text: 'Say "next week".' },
        SOUTH_HEAD,
      ),
      f.event('summary.approved', `room:${NORTH}`, { summaryId, partyId: NORTH }, NORTH_HEAD),
    ]);
    const summary = drafted.summaries[summaryId];
    if (!summary) throw new Error('summary missing');
    expect(approvalsOf(drafted, summary).map((a) => [a.name, a.state])).toEqual([
      ['North', 'approved'],
      ['South', 'changes-requested'],
    ]);
    expect(allApproved(drafted, summary)).toBe(false);

    const approved = applyEvent(
      drafted,
      f.event('summary.approved', `room:${SOUTH}`, { summaryId, partyId: SOUTH }, SOUTH_HEAD),
    );
    const again = approved.summaries[summaryId];
    if (!again) throw new Error('summary missing');
    expect(allApproved(approved, again)).toBe(true);

    const published = applyEvent(
      approved,
      f.event('summary.published', 'gallery', { summaryId, text: 'Both sides agree to meet.' }),
    );
    expect(published.summaries[summaryId]?.published).toBe(true);
    expect(published.milestones.at(-1)?.kind).toBe('published');
  });

  it('marks an invite used when its member joins, and revoked when revoked', () => {
    const f = new EventFactory();
    const used = seededId<InviteId>();
    const revoked = seededId<InviteId>();
    const expiresAt = '2999-01-01T00:00:00.000Z';
    const memberId = seededId<MemberId>();
    const view = applyEvents(emptyView(), [
      f.opened(),
      f.event('member.invited', 'mediation', {
        inviteId: used,
        role: 'head',
        partyId: NORTH,
        sponsorPartyId: null,
        expiresAt,
      }),
      f.event('member.invited', 'mediation', {
        inviteId: revoked,
        role: 'delegate',
        partyId: SOUTH,
        sponsorPartyId: null,
        expiresAt,
      }),
      f.event('member.joined', `room:${NORTH}`, {
        memberId,
        role: 'head',
        partyId: NORTH,
        displayName: 'Nils',
        inviteId: used,
        sponsorPartyId: null,
      }),
      f.event('invite.revoked', 'mediation', { inviteId: revoked }),
    ]);
    expect(view.invites[used]?.usedBy).toBe(memberId);
    expect(view.invites[revoked]?.revoked).toBe(true);
    expect(openInvites(view, Date.parse('2025-01-01'))).toEqual([]);
    expect(view.members[memberId]?.displayName).toBe('Nils');
  });

  it('lists submissions and responses in the mediator’s inbox, newest first', () => {
    const f = new EventFactory();
    const first = seededId<SubmissionId>();
    const second = seededId<SubmissionId>();
    const view = applyEvents(emptyView(), [
      f.opened(),
      f.event(
        'submission.created',
        `room:${NORTH}`,
        { submissionId: first, partyId: NORTH, text: 'A', disclosure: 'verbatim' },
        NORTH_HEAD,
      ),
      f.event(
        'submission.created',
        `room:${SOUTH}`,
        { submissionId: second, partyId: SOUTH, text: 'B', disclosure: 'mediator-only' },
        SOUTH_HEAD,
      ),
      f.event('submission.withdrawn', `room:${NORTH}`, { submissionId: first, partyId: NORTH }, NORTH_HEAD),
    ]);
    expect(inbox(view).map((item) => item.entry.text)).toEqual(['B', 'A']);
    expect(view.submissions[first]?.withdrawn).toBe(true);
  });
});
