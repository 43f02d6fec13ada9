import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementBundle } from '../../shared/src/agreement.js';
import { startTestServer, type TestClient, type TestServer } from '../support/server.js';
import { agreedTalks, getAgreement, signAsHead, type SignedTalks } from './signed-talks.js';

// The agreement as it travels through a real server: the shared versions and the
// parties' private comments and marks over real sockets, and the export over HTTP.

let server: TestServer;
let talks: SignedTalks;

beforeAll(async () => {
  server = await startTestServer();
  // Only party A's head signs here; the tests below sign for B when they need it.
  talks = await agreedTalks(server, ['A']);
});

afterAll(async () => {
  await server.close();
});

const eventsOf = (client: TestClient, type: string) => client.events.filter((event) => event.type === type);

describe('[TXT3] versions reach every party at the same moment, over real sockets', () => {
  it('[TXT3] each version is one joint event, received by both delegations and the mediators alike', () => {
    const { heads, delegateA, cast, observer } = talks;
    const ids = (client: TestClient) => eventsOf(client, 'text.versionShared').map((event) => event.id);
    expect(ids(cast.lead)).toHaveLength(2);
    for (const client of [heads.A, heads.B, delegateA]) expect(ids(client)).toEqual(ids(cast.lead));
    for (const event of eventsOf(heads.B, 'text.versionShared')) {
      expect(event.audience).toBe('joint');
      expect(event.actor.role).toBe('lead-mediator');
    }
    expect(ids(observer)).toEqual([]);
  });

  it('[TXT1] the drafts never reach a delegation', () => {
    for (const client of [talks.heads.A, talks.heads.B, talks.delegateA, talks.observer]) {
      expect(client.events.filter((event) => event.audience === 'mediation')).toEqual([]);
    }
  });
});

describe('[TXT4] [PKG1] comments and marks reach only their own party and the mediators', () => {
  it('[TXT4] party A’s comment reaches A’s room and the mediators, never B', () => {
    const { heads, cast, delegateA } = talks;
    expect(eventsOf(delegateA, 'text.commented').map((event) => event.payload)).toMatchObject([
      { text: 'Too slow.' },
    ]);
    expect(eventsOf(cast.lead, 'text.commented')).toHaveLength(1);
    expect(eventsOf(heads.B, 'text.commented')).toEqual([]);
    expect(JSON.stringify(heads.B.events)).not.toContain('Too slow.');
  });

  it('[PKG1] each party sees its own marks and acceptance only; the mediators see both', () => {
    const { heads, cast } = talks;
    const parties = (client: TestClient, type: string) =>
      new Set(eventsOf(client, type).map((event) => (event.payload as { partyId: string }).partyId));
    for (const type of ['package.marked', 'package.accepted']) {
      expect(parties(heads.A, type)).toEqual(new Set([cast.partyA]));
      expect(parties(heads.B, type)).toEqual(new Set([cast.partyB]));
      expect(parties(cast.lead, type)).toEqual(new Set([cast.partyA, cast.partyB]));
    }
  });

  it('[VIS9] the observers learn that the package is agreed, from Parley, and nothing of who accepted', async () => {
    const agreed = await talks.observer.waitFor((event) => event.type === 'package.agreed');
    expect(agreed.actor).toEqual({ id: null, role: 'system', partyId: null, displayName: 'Parley' });
    expect(JSON.stringify(talks.observer.events)).not.toMatch(/Head [AB]/);
  });
});

describe('[SIG4] the export of the agreement', () => {
  it('[SIG4] delegations and mediators read it once the package is agreed; observers get NOT_FOUND until it is concluded', async () => {
    const { cast, heads, delegateA, observer } = talks;
    for (const client of [cast.lead, heads.A, heads.B, delegateA]) {
      const answer = await getAgreement(server, cast.talksId, client.grant.token);
      expect(answer.status).toBe(200);
      expect((JSON.parse(answer.text) as AgreementBundle).concluded).toBe(false);
    }
    const early = await getAgreement(server, cast.talksId, observer.grant.token);
    expect(early.status).toBe(404);
    expect(JSON.parse(early.text)).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  });

  it('[SIG4] without a token it is UNAUTHENTICATED; another talks, or a talks with nothing agreed, is NOT_FOUND', async () => {
    expect((await getAgreement(server, talks.cast.talksId, null)).status).toBe(401);
    const other = await agreedTalks(server, []);
    const crossed = await getAgreement(server, talks.cast.talksId, other.heads.A.grant.token);
    expect(crossed.status).toBe(404);
    const fresh = await server.createTalks();
    const lead = await server.join(fresh.invite.code, 'Another lead');
    expect((await getAgreement(server, fresh.talksId, lead.token)).status).toBe(404);
    expect((await getAgreement(server, fresh.talksId, lead.token, true)).status).toBe(404);
  });

  it('[SIG3] [SIG4] the last signature concludes the agreement; then observers read the export too', async () => {
    const { cast, heads, observer } = talks;
    await signAsHead(heads.B, talks.version, 'EdDSA');
    const concluded = await observer.waitFor((event) => event.type === 'agreement.concluded');
    expect(concluded.actor.role).toBe('system');
    const answer = await getAgreement(server, cast.talksId, observer.grant.token);
    expect(answer.status).toBe(200);
    const bundle = JSON.parse(answer.text) as AgreementBundle;
    expect(bundle.concluded).toBe(true);
    expect(bundle.signatures.map((signature) => signature.displayName)).toEqual(['Head A', 'Head B']);
    expect(answer.headers.get('content-disposition')).toMatch(/attachment; filename="agreement-.*-v2\.json"/);
  });

  it('[LNG3] the printable page shows every language side by side, marks the non-authentic ones, and runs no script', async () => {
    const answer = await getAgreement(server, talks.cast.talksId, talks.heads.A.grant.token, true);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|script-src/);
    expect(answer.text).not.toMatch(/<script/i);
    for (const words of [
      'The parties cease all hostilities.',
      'Сторони припиняють усі бойові дії.',
      'Стороны прекращают все боевые действия.',
    ]) {
      expect(answer.text).toContain(words);
    }
    expect(answer.text).toMatch(/English <span class="badge">\(authentic\)/);
    expect(answer.text.match(/\(not authentic\)/g)).toHaveLength(4);
    expect(answer.text).toContain('<mark class="term" title="The positions of 1 May.">the lines</mark>');
    expect(answer.text).toMatch(/Signed by every party/);
  });
});
