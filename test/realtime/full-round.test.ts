import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../shared/src/index.js';
import { openCast, startTestServer, type TestServer } from '../support/server.js';

// The shuttle end to end over real sockets: A submits, the mediator conveys to B, B
// counters, the mediator conveys to A, a summary is approved by both heads and
// published, and the observer reads it, and nothing else.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const texts = (events: WireEvent[]) => events.map((event) => JSON.stringify(event.payload)).join('\n');

describe('a full round of proximity talks', () => {
  it('[CNV1][CNV2][RSP1][SUM1-4] carries a proposal from A to B and back, and publishes an approved summary', async () => {
    const cast = await openCast(server);
    const [a, b] = [{ id: cast.partyA }, { id: cast.partyB }];
    const headA = await cast.seat('head', a.id, 'Amira');
    const headB = await cast.seat('head', b.id, 'Boris');
    const observer = await cast.seat('observer', a.id, 'Olga');
    const { lead } = cast;
    expect((await lead.command('phase.change', { to: 'pre-negotiation' })).ok).toBe(true);

    await headA.command('message.post', { audience: 'caucus', text: 'A-CAUCUS-SECRET: we can give ground on the dam' });
    const hidden = await headA.command<{ submissionId: string }>('submission.create', {
      text: 'A-MEDIATOR-ONLY: our red line is 40%',
      disclosure: 'mediator-only',
    });
    expect(hidden.ok).toBe(true);
    const position = await headA.command<{ submissionId: string }>('submission.create', {
      text: 'A-POSITION: share the river 60/40',
      disclosure: 'conveyable',
    });
    if (!position.ok) throw new Error(position.error.message);

    const refused = await lead.command('conveyance.create', {
      toPartyId: b.id,
      text: 'anything',
      submissionId: hidden.ok ? hidden.result.submissionId : '',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'DISCLOSURE' } });

    const toB = await lead.command<{ conveyanceId: string }>('conveyance.create', {
      toPartyId: b.id,
      text: 'Northland proposes sharing the river 60/40.',
      submissionId: position.result.submissionId,
    });
    if (!toB.ok) throw new Error(toB.error.message);
    await headB.waitFor((event) => event.type === 'conveyance.delivered');
    const disclosed = await headA.waitFor((event) => event.type === 'conveyance.disclosed');
    expect(disclosed.payload).toMatchObject({ toPartyId: b.id, text: 'Northland proposes sharing the river 60/40.' });

    const counter = await headB.command<{ responseId: string }>('response.create', {
      conveyanceId: toB.result.conveyanceId,
      stance: 'counter',
      text: 'B-COUNTER: 55/45 with a drought clause',
      disclosure: 'verbatim',
    });
    if (!counter.ok) throw new Error(counter.error.message);
    const toA = await lead.command('conveyance.create', {
      toPartyId: a.id,
      text: 'B-COUNTER: 55/45 with a drought clause',
      responseId: counter.result.responseId,
    });
    expect(toA.ok).toBe(true);
    await headA.waitFor((event) => event.type === 'conveyance.delivered');

    const summary = await lead.command<{ summaryId: string }>('summary.draft', { text: 'The parties discussed water.' });
    if (!summary.ok) throw new Error(summary.error.message);
    const early = await lead.command('summary.publish', { summaryId: summary.result.summaryId });
    expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await headA.command('summary.approve', { summaryId: summary.result.summaryId })).ok).toBe(true);
    expect((await headB.command('summary.approve', { summaryId: summary.result.summaryId })).ok).toBe(true);
    expect((await lead.command('summary.publish', { summaryId: summary.result.summaryId })).ok).toBe(true);
    await observer.waitFor((event) => event.type === 'summary.published');

    const seenByB = texts(headB.events);
    expect(seenByB).not.toContain('A-CAUCUS-SECRET');
    expect(seenByB).not.toContain('A-MEDIATOR-ONLY');
    expect(seenByB).not.toContain('A-POSITION');
    expect(texts(lead.events)).not.toContain('A-CAUCUS-SECRET');
    expect(observer.events.map((event) => event.type).sort()).toEqual(['phase.changed', 'summary.published']);
    expect(texts(observer.events)).not.toMatch(/A-|B-/);
    for (const line of server.logLines) expect(line).not.toMatch(/A-CAUCUS|A-MEDIATOR|A-POSITION|B-COUNTER/);
  });
});
