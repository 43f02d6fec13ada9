import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/src/index.js';
import { openCast, startTestServer, type TestClient, type TestServer } from '../support/server.js';
import { ok } from './signed-talks.js';

// Regression (found by the generated sessions of test/properties): the rules that refuse
// "nothing changed" compared the new wording with the folded one as JSON text, so their
// answer depended on the order of keys. A talks folded from the log (after a restart, or on
// another node) holds its payloads as stored, in canonical key order: the same wording, the
// same draft or the same key then read as a change, and were accepted a second time.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const code = (answer: Ack) => (answer.ok ? 'ok' : answer.error.code);

describe('the rules answer alike when the talks is read back from the log', () => {
  it('[TXT1][TXT3][LNG2][SIG1] after a restart, the same wording, the same draft and the same key are still CONFLICT', async () => {
    const cast = await openCast(server);
    const head = await cast.seat('head', cast.partyA, 'Head A');
    ok(await cast.lead.command('phase.change', { to: 'pre-negotiation' }), 'phase');
    const term = { en: 'the lines', ru: 'линии' };
    const definition = { uk: 'позиції на 1 травня', en: 'the positions of 1 May' };
    const { termId } = ok<{ termId: string }>(
      await cast.lead.command('glossary.define', { term, definition }),
      'define',
    );
    const texts = { ru: 'Стороны прекращают огонь.', en: 'The parties cease fire.' };
    const { clauseId } = ok<{ clauseId: string }>(
      await cast.lead.command('text.draftClause', {
        agendaItemIds: [],
        texts,
        alternatives: [
          { label: 'A', texts: { uk: 'Протягом 60 днів.', en: 'Within 60 days.' } },
          { label: 'B', texts: { en: 'Within 120 days.' } },
        ],
      }),
      'draft',
    );
    ok(await cast.lead.command('text.shareVersion'), 'share');
    const { publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    ok(await head.command('member.registerKey', { jwk }), 'register');

    const again = async (lead: TestClient, member: TestClient) => ({
      define: code(await lead.command('glossary.define', { termId, term, definition })),
      draft: code(await lead.command('text.draftClause', { clauseId, agendaItemIds: [], texts })),
      share: code(await lead.command('text.shareVersion')),
      key: code(await member.command('member.registerKey', { jwk })),
    });
    const refused = { define: 'CONFLICT', draft: 'CONFLICT', share: 'CONFLICT', key: 'CONFLICT' };
    expect(await again(cast.lead, head)).toEqual(refused);

    await server.restart();
    const lead = await server.connect(cast.lead.grant.token);
    const headAgain = await server.connect(head.grant.token);
    expect(await again(lead, headAgain)).toEqual(refused);
  });
});
