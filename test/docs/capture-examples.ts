// Drives a real test server through a full round, and through every error the
// protocol names, and prints what went over the wire as JSON. The examples in
// docs/protocol.md were pasted from this output; run it again after a protocol change:
//
//   npx tsx test/docs/capture-examples.ts > /tmp/parley-examples.json
//
// UUIDs, tokens and invite codes are shortened (`3f2a…`) so the output reads like the doc.
import { randomUUID } from 'node:crypto';
import { io as connectSocket } from 'socket.io-client';
import type {
  Ack,
  PartyInfo,
  PresenceChange,
  Role,
  SessionGrant,
  WireEvent,
} from '../../shared/src/index.js';
import { loadSigningKeys } from '../../server/src/auth/keys.js';
import { createTokenService } from '../../server/src/auth/tokens.js';
import { writeFile } from 'node:fs/promises';
import { openCast, startTestServer, type TestClient, type TestServer } from '../support/server.js';
import { agreementRound } from './capture-agreement.js';

interface Exchange {
  step: string;
  who: string;
  send: unknown;
  answer: unknown;
}

const exchanges: Exchange[] = [];
const http: { step: string; request: string; status: number; body: unknown }[] = [];
const handshake: { step: string; error: { message: string; data: unknown } }[] = [];

/**
 * Emits one client message and returns the acknowledgement. This script is faster than any
 * person: when the socket's rate limit says wait, it waits and sends the very same message
 * again (a refused command appended nothing, so the retry is safe).
 */
async function emit(
  client: TestClient,
  name: 'command' | 'sync' | 'renew',
  data: unknown,
): Promise<Ack<never>> {
  for (;;) {
    const answer: unknown = await client.socket.timeout(15_000).emitWithAck(name, data as never);
    const ack = answer as Ack<never>;
    if (ack.ok || ack.error.code !== 'RATE_LIMITED') return ack;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function send(
  step: string,
  who: string,
  client: TestClient,
  type: string,
  payload: unknown = {},
  commandId = randomUUID(),
) {
  const envelope = { commandId, talksId: client.grant.member.talksId, type, payload };
  const answer = await emit(client, 'command', envelope);
  exchanges.push({ step, who, send: envelope, answer });
  return answer as Ack<Record<string, string>>;
}

async function call(
  server: TestServer,
  step: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text.startsWith('{') ? JSON.parse(text) : text;
  http.push({ step, request: `${method} ${path}`, status: response.status, body: parsed });
  return parsed;
}

/** Tries a handshake that must fail and records the connect_error it gave. */
function refusedHandshake(
  server: TestServer,
  step: string,
  auth: Record<string, unknown>,
  origin?: string,
): Promise<void> {
  const socket = connectSocket(server.url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error(`${step}: the handshake was accepted`)));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      handshake.push({ step, error: { message: error.message, data: error.data ?? null } });
      socket.close();
      resolve();
    });
  });
}

const ok = (answer: Ack<Record<string, string>>): Record<string, string> => {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result;
};

async function seat(
  server: TestServer,
  lead: TestClient,
  role: Role,
  partyId: string | undefined,
  name: string,
) {
  const invite = ok(
    await send(`invite a ${role}`, 'lead', lead, 'member.invite', { role, ...(partyId ? { partyId } : {}) }),
  );
  const grant = (await call(server, `redeem the ${role} invite`, 'POST', '/api/invites/redeem', {
    code: invite.code,
    displayName: name,
  })) as SessionGrant;
  const client = await server.connect(grant.token);
  client.grant = grant;
  return client;
}

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function run(server: TestServer): Promise<void> {
  await call(server, 'health', 'GET', '/health');
  await call(server, 'jwks', 'GET', '/.well-known/jwks.json');
  const cast = await openCast(server, { parties: ['Northland', 'Southland'] });
  const { lead } = cast;
  const [a, b] = [cast.partyA, cast.partyB];
  const leadGrant = lead.grant;
  const refreshed = (await call(server, 'refresh', 'POST', '/api/session/refresh', {
    refreshToken: leadGrant.refreshToken,
  })) as SessionGrant;
  await call(server, 'redeem an unknown code', 'POST', '/api/invites/redeem', {
    code: 'x'.repeat(54),
    displayName: 'Eve',
  });
  await call(server, 'redeem without a name', 'POST', '/api/invites/redeem', { code: 'abc' });
  await call(server, 'refresh with a session token', 'POST', '/api/session/refresh', {
    refreshToken: leadGrant.token,
  });
  await call(server, 'unknown route', 'GET', '/api/nothing-here');
  await call(server, 'malformed JSON', 'POST', '/api/invites/redeem', '{"code":');
  await call(server, 'oversized body', 'POST', '/api/invites/redeem', {
    code: 'x',
    displayName: 'y'.repeat(70 * 1024),
  });
  await call(
    server,
    'foreign origin',
    'POST',
    '/api/invites/redeem',
    { code: 'x', displayName: 'y' },
    { origin: 'https://evil.example' },
  );

  await refusedHandshake(server, 'no token', {});
  await refusedHandshake(server, 'bad token', { token: 'not-a-token' });
  const keys = await loadSigningKeys(server.config);
  const past = createTokenService(keys, {
    issuer: 'parley',
    sessionTtl: 60,
    refreshTtl: 120,
    now: () => new Date(Date.now() - 3_600_000),
  });
  const stale = await past.issueSession(leadGrant.member);
  await refusedHandshake(server, 'expired token', { token: stale.token });
  await refusedHandshake(server, 'foreign origin', { token: leadGrant.token }, 'https://evil.example');

  await send('read the talks', 'lead', lead, 'talks.get');
  const renewed = await emit(lead, 'renew', { token: refreshed.token });
  exchanges.push({ step: 'renew', who: 'lead', send: { token: refreshed.token }, answer: renewed });

  const coMediator = await seat(server, lead, 'co-mediator', undefined, 'Chen');
  const headA = await seat(server, lead, 'head', a, 'Amira');
  const headB = await seat(server, lead, 'head', b, 'Boris');
  const delegateA = await seat(server, lead, 'delegate', a, 'Dara');
  const observer = await seat(server, lead, 'observer', a, 'Olga');
  const spare = ok(
    await send('invite a delegate', 'lead', lead, 'member.invite', {
      role: 'delegate',
      partyId: b,
      expiresInHours: 24,
    }),
  );
  await send('revoke an invite', 'lead', lead, 'invite.revoke', { inviteId: spare.inviteId });
  await send('a second head', 'lead', lead, 'member.invite', { role: 'head', partyId: a });
  await send('read the talks as a head', 'headA', headA, 'talks.get');
  await send('read the talks as the observer', 'observer', observer, 'talks.get');

  await send('caucus in preparation', 'headA', headA, 'message.post', {
    audience: 'caucus',
    text: 'Can we live with 60/40?',
  });
  await send('joint too early', 'headA', headA, 'message.post', { audience: 'joint', text: 'Hello all' });
  await send('convey too early', 'lead', lead, 'conveyance.create', { toPartyId: b, text: 'Too early' });
  await send('delegate moves the phase', 'delegateA', delegateA, 'phase.change', { to: 'pre-negotiation' });
  await send('move to pre-negotiation', 'lead', lead, 'phase.change', { to: 'pre-negotiation' });
  await send('move to the same phase', 'lead', lead, 'phase.change', { to: 'pre-negotiation' });
  await send('skip to concluded', 'lead', lead, 'phase.change', { to: 'concluded' });

  await send('room message from a party', 'headA', headA, 'message.post', {
    audience: 'room',
    text: 'We are ready.',
  });
  await send('room message from a mediator', 'lead', lead, 'message.post', {
    audience: 'room',
    partyId: b,
    text: 'Welcome, Southland.',
  });
  await send('mediation note', 'coMediator', coMediator, 'message.post', {
    audience: 'mediation',
    text: 'North seems flexible.',
  });
  const hidden = ok(
    await send('submit mediator-only', 'headA', headA, 'submission.create', {
      text: 'Our red line is 40%.',
      disclosure: 'mediator-only',
    }),
  );
  const position = ok(
    await send('submit conveyable', 'headA', headA, 'submission.create', {
      text: 'Share the river 60/40.',
      disclosure: 'conveyable',
    }),
  );
  const exact = ok(
    await send('submit verbatim', 'delegateA', delegateA, 'submission.create', {
      text: 'Northland will not build the second dam.',
      disclosure: 'verbatim',
    }),
  );
  const retracted = ok(
    await send('submit to withdraw', 'delegateA', delegateA, 'submission.create', {
      text: 'Joint patrols.',
      disclosure: 'conveyable',
    }),
  );
  await send('withdraw a submission', 'delegateA', delegateA, 'submission.withdraw', {
    submissionId: retracted.submissionId,
  });
  await send('withdraw another party’s submission', 'headB', headB, 'submission.withdraw', {
    submissionId: position.submissionId,
  });
  await send('convey mediator-only', 'lead', lead, 'conveyance.create', {
    toPartyId: b,
    text: 'They could accept 40%.',
    submissionId: hidden.submissionId,
  });
  await send('convey verbatim reworded', 'lead', lead, 'conveyance.create', {
    toPartyId: b,
    text: 'No second dam.',
    submissionId: exact.submissionId,
  });
  await send('convey withdrawn', 'lead', lead, 'conveyance.create', {
    toPartyId: b,
    text: 'Joint patrols.',
    submissionId: retracted.submissionId,
  });
  const toB = ok(
    await send('convey to B', 'lead', lead, 'conveyance.create', {
      toPartyId: b,
      text: 'Northland proposes sharing the river 60/40.',
      submissionId: position.submissionId,
    }),
  );
  await send('bridging proposal', 'coMediator', coMediator, 'conveyance.create', {
    toPartyId: b,
    text: 'Could a joint commission set the share each season?',
  });
  await send('delegate accepts', 'delegateA', delegateA, 'response.create', {
    conveyanceId: toB.conveyanceId,
    stance: 'accept',
    text: 'Yes',
    disclosure: 'conveyable',
  });
  await send('A answers B’s conveyance', 'headA', headA, 'response.create', {
    conveyanceId: toB.conveyanceId,
    stance: 'accept',
    text: 'Yes',
    disclosure: 'conveyable',
  });
  const counter = ok(
    await send('B counters', 'headB', headB, 'response.create', {
      conveyanceId: toB.conveyanceId,
      stance: 'counter',
      text: '55/45, with a drought clause.',
      disclosure: 'conveyable',
    }),
  );
  await send('convey the counter to A', 'lead', lead, 'conveyance.create', {
    toPartyId: a,
    text: 'Southland counters with a slightly larger share for itself and relief in dry years.',
    responseId: counter.responseId,
  });
  // Issue 15 (8, 9, 10): a later answer supersedes, a question travels as a question, the inbox is marked.
  const clarify = ok(
    await send('B asks a question', 'headB', headB, 'response.create', {
      conveyanceId: toB.conveyanceId,
      stance: 'clarify',
      text: 'Does 60/40 hold in the dry season too?',
      disclosure: 'conveyable',
    }),
  );
  const asked = ok(
    await send('convey the question to A', 'lead', lead, 'conveyance.create', {
      toPartyId: a,
      text: 'Southland asks whether the share holds in the dry season.',
      responseId: clarify.responseId,
    }),
  );
  await send('accept a question', 'headA', headA, 'response.create', {
    conveyanceId: asked.conveyanceId,
    stance: 'accept',
    text: 'Yes',
    disclosure: 'conveyable',
  });
  await send('answer the question', 'delegateA', delegateA, 'response.create', {
    conveyanceId: asked.conveyanceId,
    stance: 'answer',
    text: 'Yes, all year round.',
    disclosure: 'conveyable',
  });
  await send('B rejects after countering', 'headB', headB, 'response.create', {
    conveyanceId: toB.conveyanceId,
    stance: 'reject',
    text: 'On reflection, no.',
    disclosure: 'mediator-only',
  });
  await send('mark handled', 'coMediator', coMediator, 'inbox.mark', {
    responseId: counter.responseId,
    handled: true,
  });
  await send('mark handled again', 'lead', lead, 'inbox.mark', { responseId: counter.responseId, handled: true });
  await send('convey to its own author', 'lead', lead, 'conveyance.create', {
    toPartyId: a,
    text: 'x',
    submissionId: position.submissionId,
  });

  const summary = ok(
    await send('draft a summary', 'lead', lead, 'summary.draft', {
      text: 'The parties discussed sharing the river; a drought clause is on the table.',
    }),
  );
  await send('publish too early', 'lead', lead, 'summary.publish', { summaryId: summary.summaryId });
  await send('ask for changes', 'headB', headB, 'summary.requestChanges', {
    summaryId: summary.summaryId,
    text: 'Name the drought clause as Southland’s idea.',
  });
  await send('revise', 'coMediator', coMediator, 'summary.revise', {
    summaryId: summary.summaryId,
    text: 'The parties discussed sharing the river; Southland proposed a drought clause.',
  });
  await send('approve an old version', 'headB', headB, 'summary.approve', { summaryId: summary.summaryId, version: 1 });
  await send('approve as A', 'headA', headA, 'summary.approve', { summaryId: summary.summaryId });
  await send('approve twice', 'headA', headA, 'summary.approve', { summaryId: summary.summaryId });
  await send('approve as B', 'headB', headB, 'summary.approve', { summaryId: summary.summaryId });
  await send('co-mediator publishes', 'coMediator', coMediator, 'summary.publish', {
    summaryId: summary.summaryId,
  });
  await send('publish', 'lead', lead, 'summary.publish', { summaryId: summary.summaryId });
  await observer.waitFor((event) => event.type === 'summary.published');
  const dropped = ok(await send('draft another', 'lead', lead, 'summary.draft', { text: 'A draft to drop.' }));
  await send('withdraw', 'lead', lead, 'summary.withdraw', { summaryId: dropped.summaryId });
  await send('approve a withdrawn summary', 'headA', headA, 'summary.approve', { summaryId: dropped.summaryId });

  await send('move to negotiation', 'lead', lead, 'phase.change', { to: 'negotiation' });
  await send('joint message', 'headB', headB, 'message.post', {
    audience: 'joint',
    text: 'Thank you for meeting us.',
  });

  const talks = ok(
    await send('read the talks before the agreement', 'lead', lead, 'talks.get'),
  ) as unknown as { talks: { title: string; parties: PartyInfo[] } };
  await agreementRound(send, {
    lead,
    coMediator,
    headA,
    headB,
    title: talks.talks.title,
    parties: talks.talks.parties,
    submissionId: position.submissionId ?? '',
  });
  await observer.waitFor((event) => event.type === 'agreement.concluded');
  const exportPath = `/api/talks/${lead.grant.member.talksId}/agreement`;
  const bundle = await call(server, 'agreement export', 'GET', exportPath, undefined, {
    authorization: `Bearer ${headA.grant.token}`,
  });
  if (process.env.CAPTURE_AGREEMENT_OUT)
    await writeFile(process.env.CAPTURE_AGREEMENT_OUT, JSON.stringify(bundle, null, 2));
  await call(server, 'agreement export without a token', 'GET', exportPath);

  const fixedId = randomUUID();
  await send(
    'first try',
    'lead',
    lead,
    'message.post',
    { audience: 'mediation', text: 'Lunch at one.' },
    fixedId,
  );
  await send(
    'retry, same commandId',
    'lead',
    lead,
    'message.post',
    { audience: 'mediation', text: 'Lunch at one.' },
    fixedId,
  );
  await send(
    'same commandId, other payload',
    'lead',
    lead,
    'message.post',
    { audience: 'mediation', text: 'Lunch at two.' },
    fixedId,
  );
  await send('unknown type', 'lead', lead, 'talks.delete', {});
  await send('bad payload', 'lead', lead, 'message.post', { audience: 'mediation' });
  await send('oversized', 'lead', lead, 'message.post', {
    audience: 'mediation',
    text: 'x'.repeat(70 * 1024),
  });
  await send('audit as a co-mediator', 'coMediator', coMediator, 'audit.read', {});
  await send('read the audit log', 'lead', lead, 'audit.read', { afterSeq: 0, limit: 2 });
  const badEnvelope = await emit(lead, 'command', { nonsense: true });
  exchanges.push({ step: 'malformed envelope', who: 'lead', send: { nonsense: true }, answer: badEnvelope });
  const otherTalks = { commandId: randomUUID(), talksId: randomUUID(), type: 'talks.get', payload: {} };
  exchanges.push({
    step: 'another talks',
    who: 'lead',
    send: otherTalks,
    answer: await emit(lead, 'command', otherTalks),
  });

  const talksId = lead.grant.member.talksId;
  const syncAll = await emit(headA, 'sync', { talksId, cursors: {} });
  exchanges.push({ step: 'sync everything', who: 'headA', send: { talksId, cursors: {} }, answer: syncAll });
  const paged = { talksId, cursors: { [`room:${a}`]: 3, gallery: 1 }, limit: 2 };
  exchanges.push({
    step: 'sync a page',
    who: 'headA',
    send: paged,
    answer: await emit(headA, 'sync', paged),
  });

  const removed = new Promise((resolve) => delegateA.socket.once('disconnect', resolve));
  await send('remove a member', 'lead', lead, 'member.remove', { memberId: delegateA.grant.member.id });
  await removed;
  await send('remove again', 'lead', lead, 'member.remove', { memberId: delegateA.grant.member.id });

  const flood = await Promise.all(Array.from({ length: 40 }, () => observer.command('talks.get')));
  const limited = flood.find((answer) => !answer.ok);
  exchanges.push({ step: 'flood', who: 'observer', send: '40 × talks.get at once', answer: limited ?? null });

  const clients: Record<string, TestClient> = { lead, coMediator, headA, headB, delegateA, observer };
  const events: Record<string, WireEvent[]> = {};
  const presence: Record<string, PresenceChange[]> = {};
  const closing: Record<string, unknown[]> = {};
  for (const [name, client] of Object.entries(clients)) {
    events[name] = client.events;
    presence[name] = client.presence;
    closing[name] = client.closing;
  }
  process.stdout.write(
    `${shorten(JSON.stringify({ http, handshake, exchanges, events, presence, closing }, null, 2))}\n`,
  );
}

/** Shortens UUIDs, tokens and invite codes so the examples stay readable. */
const shorten = (json: string): string =>
  json
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => `${id.slice(0, 4)}…`)
    .replace(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, (token) => `${token.slice(0, 10)}…`)
    .replace(/"[A-Za-z0-9_-]{54}"/g, (code) => `"${code.slice(1, 9)}…"`)
    .replace(/x{200,}/g, 'xxx…')
    .replace(/y{200,}/g, 'yyy…');

await main();
