import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, SessionGrant, WireEvent } from '../../shared/src/index.js';
import { generateSigningJwk } from '../../server/src/auth/keys.js';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import { PostgresEventLog } from '../../server/src/storage/postgres/postgres-event-log.js';

// Two real Parley processes sharing one PostgreSQL schema and the PostgreSQL adapter,
// as behind a load balancer: what one node appends, the other delivers; either node
// resumes a client; concurrent appends from both never fork the chain.

const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `parley_test_${randomBytes(6).toString('hex')}`;

interface Node {
  url: string;
  child: ChildProcess;
  output: () => string;
}

const nodes: Node[] = [];
const dirs: string[] = [];
const sockets: Socket[] = [];

async function startNode(signingKey: string): Promise<Node> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-node-'));
  dirs.push(dir);
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      PARLEY_DATA_DIR: dir,
      DATABASE_URL,
      PARLEY_PG_SCHEMA: schema,
      PARLEY_FANOUT: 'postgres',
      PARLEY_SIGNING_KEY: signingKey,
      PARLEY_LOG_LEVEL: 'warn',
      // [LOG3] below writes 1,000 commands at once through 40 sockets of one member: far
      // beyond one person's budget and socket cap ([OPS2], [OPS3]), on purpose.
      PARLEY_SOCKETS_PER_MEMBER: '100',
      PARLEY_MEMBER_MESSAGES_PER_SECOND: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const address = /listening on (http:\/\/\S+) /.exec(output)?.[1];
      if (address) {
        clearTimeout(timer);
        resolve(address);
      }
    });
    child.on('exit', (code) => reject(new Error(`node exited ${code}:\n${output}`)));
  });
  const node = { url, child, output: () => output };
  nodes.push(node);
  return node;
}

async function redeem(node: Node, code: string, displayName: string): Promise<SessionGrant> {
  const response = await fetch(`${node.url}/api/invites/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, displayName }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as SessionGrant;
}

interface Client {
  socket: Socket;
  events: WireEvent[];
  command<T>(type: string, payload?: unknown): Promise<Ack<T>>;
  sync(cursors: Record<string, number>): Promise<Ack<{ events: WireEvent[] }>>;
  waitFor(type: string): Promise<WireEvent>;
}

async function connect(node: Node, grant: SessionGrant): Promise<Client> {
  const socket = connectSocket(node.url, { auth: { token: grant.token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  const events: WireEvent[] = [];
  socket.on('event', (event: WireEvent) => events.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const talksId = grant.member.talksId;
  return {
    socket,
    events,
    command: (type, payload = {}) =>
      socket.timeout(20_000).emitWithAck('command', { commandId: randomUUID(), talksId, type, payload }) as Promise<Ack<never>>,
    sync: (cursors) => socket.timeout(20_000).emitWithAck('sync', { talksId, cursors }) as Promise<Ack<never>>,
    waitFor: (type) =>
      new Promise((resolve, reject) => {
        const seen = events.find((event) => event.type === type);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => reject(new Error(`no ${type}`)), 20_000);
        socket.on('event', (event: WireEvent) => {
          if (event.type === type) {
            clearTimeout(timer);
            resolve(event);
          }
        });
      }),
  };
}

/** Polls a reading of a child's output until it yields a value. */
async function eventually<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ok = <T>(answer: Ack<T>): T => {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.result;
};

let first: Node;
let second: Node;
let leadGrant: SessionGrant;

beforeAll(async () => {
  const signingKey = JSON.stringify(await generateSigningJwk());
  first = await startNode(signingKey);
  const link = await eventually(() => /join\?code=([A-Za-z0-9_-]+)/.exec(first.output())?.[1]);
  if (!link) throw new Error(`no first-start link:\n${first.output()}`);
  second = await startNode(signingKey);
  leadGrant = await redeem(first, link, 'Lead Mediator');
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await Promise.all(
    nodes.map(
      (node) =>
        new Promise<void>((resolve) => {
          node.child.once('exit', () => resolve());
          node.child.kill('SIGTERM');
        }),
    ),
  );
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('two Parley nodes sharing PostgreSQL', () => {
  it('[VIS7] a mediator on one node conveys to a party on the other, and either node resumes a client', async () => {
    const lead = await connect(first, leadGrant);
    const view = ok(await lead.command<{ talks: { parties: { id: string }[] } }>('talks.get'));
    const [a, b] = view.talks.parties.map((party) => party.id);
    ok(await lead.command('phase.change', { to: 'pre-negotiation' }));
    const inviteA = ok(await lead.command<{ code: string }>('member.invite', { role: 'head', partyId: a }));
    const inviteB = ok(await lead.command<{ code: string }>('member.invite', { role: 'head', partyId: b }));
    const headA = await connect(first, await redeem(first, inviteA.code, 'Amira'));
    const grantB = await redeem(second, inviteB.code, 'Boris');
    const headB = await connect(second, grantB);

    const submitted = ok(await headA.command<{ submissionId: string }>('submission.create', { text: 'Share the river', disclosure: 'conveyable' }));
    await lead.waitFor('submission.created');
    ok(await lead.command('conveyance.create', { toPartyId: b, text: 'Would you share the river?', submissionId: submitted.submissionId }));
    const delivered = await headB.waitFor('conveyance.delivered');
    expect(delivered.payload).toMatchObject({ text: 'Would you share the river?' });
    expect(headB.events.some((event) => event.type === 'submission.created')).toBe(false);

    const cursors: Record<string, number> = {};
    for (const event of ok(await headB.sync({})).events) {
      cursors[event.audience] = Math.max(cursors[event.audience] ?? 0, event.aseq);
    }
    headB.socket.disconnect();
    ok(await lead.command('message.post', { audience: 'room', partyId: b, text: 'while you were away' }));
    for (const node of [first, second]) {
      const back = await connect(node, grantB);
      const missed = ok(await back.sync(cursors)).events;
      expect(missed.map((event) => event.type)).toEqual(['message.posted']);
      back.socket.disconnect();
    }
  });

  it('[LOG3] 1,000 concurrent appends from both nodes leave one valid chain', async () => {
    const writers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => connect(index % 2 === 0 ? first : second, leadGrant)),
    );
    const answers = await Promise.all(
      writers.flatMap((writer, w) =>
        Array.from({ length: 25 }, (_, m) => writer.command('message.post', { audience: 'mediation', text: `note ${w}/${m}` })),
      ),
    );
    expect(answers.filter((answer) => !answer.ok).map((answer) => !answer.ok && answer.error)).toEqual([]);
    const log = await PostgresEventLog.open({ connectionString: DATABASE_URL, schema });
    try {
      const verdict = await verifyTalksChain(log, leadGrant.member.talksId);
      expect(verdict.ok).toBe(true);
      const notes = (await log.read(leadGrant.member.talksId, 0, 100_000)).filter(
        (event) => event.type === 'message.posted' && String(event.payload.text).startsWith('note '),
      );
      expect(new Set(notes.map((event) => event.payload.text)).size).toBe(1000);
    } finally {
      await log.close();
    }
  });
});
