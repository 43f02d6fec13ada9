import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCast, startTestServer, type TestServer } from '../support/server.js';

// [MB10] The join page names the talks, the role and the party before anyone signs in.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const preview = async (code: unknown) => {
  const response = await fetch(`${server.url}/api/invites/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('[MB10] what an invite is for', () => {
  it('[MB10] a pending invite answers the talks title, the role and the party, and nothing else', async () => {
    const cast = await openCast(server, { parties: ['Northland', 'Southland'] });
    const invited = await cast.lead.command<{ code: string }>('member.invite', { role: 'delegate', partyId: cast.partyA });
    if (!invited.ok) throw new Error(invited.error.message);
    const answer = await preview(invited.result.code);
    expect(answer).toEqual({
      status: 200,
      body: { talksTitle: expect.any(String) as string, role: 'delegate', partyName: 'Northland', memberName: null },
    });
    // Nothing of the other party, the members or the code travels.
    expect(JSON.stringify(answer.body)).not.toContain('Southland');
    expect(JSON.stringify(answer.body)).not.toContain(invited.result.code);
  });

  it('[MB10] a re-entry link names the member it signs in as', async () => {
    const cast = await openCast(server);
    const member = await cast.seat('head', cast.partyB, 'Jean Moreau');
    const offered = await cast.lead.command<{ code: string }>('member.offerReentry', { memberId: member.grant.member.id });
    if (!offered.ok) throw new Error(offered.error.message);
    expect((await preview(offered.result.code)).body).toMatchObject({ role: 'head', memberName: 'Jean Moreau' });
  });

  it('[MB10] unknown, used, malformed and revoked codes all get the one INVITE_INVALID', async () => {
    const cast = await openCast(server);
    const used = await cast.lead.command<{ code: string }>('member.invite', { role: 'co-mediator' });
    const revoked = await cast.lead.command<{ code: string; inviteId: string }>('member.invite', { role: 'co-mediator' });
    if (!used.ok || !revoked.ok) throw new Error('invite failed');
    await server.join(used.result.code, 'Used Once');
    await cast.lead.command('invite.revoke', { inviteId: revoked.result.inviteId });
    const answers = await Promise.all(
      [used.result.code, revoked.result.code, 'x'.repeat(43), 'not a code', `${used.result.code}x`].map(preview),
    );
    const first = answers[0];
    expect(first?.status).toBe(400);
    expect(first?.body).toMatchObject({ error: { code: 'INVITE_INVALID' } });
    for (const answer of answers) expect(answer).toEqual(first);
  });
});
