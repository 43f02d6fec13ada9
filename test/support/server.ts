import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  PartyInfo,
  PresenceChange,
  Role,
  ServerToClientEvents,
  SessionGrant,
  SyncResult,
  WireEvent,
} from '../../shared/src/index.js';
import { buildApp, type ParleyApp } from '../../server/src/app.js';
import { loadConfig, type Config } from '../../server/src/config.js';
import type { EventLog } from '../../server/src/log/event-log.js';
import { openEventLog } from '../../server/src/storage/open-event-log.js';

// A real Parley server for tests: real SQLite file (or PostgreSQL when databaseUrl is
// given), real HTTP on port 0, real Socket.IO clients. Every log line is captured so
// tests can search it for content that must never be logged.

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestClient {
  socket: ClientSocket;
  grant: SessionGrant;
  /** Every `event` message received, in arrival order. */
  events: WireEvent[];
  presence: PresenceChange[];
  closing: { code: string; message: string }[];
  command<T = unknown>(type: string, payload?: unknown, commandId?: string): Promise<Ack<T>>;
  sync(cursors?: Record<string, number>): Promise<Ack<SyncResult>>;
  /** Resolves when an event matching the predicate has arrived (already or later). */
  waitFor(predicate: (event: WireEvent) => boolean, timeoutMs?: number): Promise<WireEvent>;
  close(): void;
}

export interface TestServerOptions {
  databaseUrl?: string;
  env?: Record<string, string>;
  now?: () => Date;
  /** Listen on this port instead of a random one (browser tests need the page origin allowed up front). */
  port?: number;
  /** Serve the built web client from here (browser tests). */
  clientDir?: string;
}

export interface TestServer {
  url: string;
  port: number;
  app: ParleyApp;
  log: EventLog;
  config: Config;
  dataDir: string;
  /** Every pino line written by the server, raw. */
  logLines: string[];
  createTalks(options?: { title?: string; parties?: string[]; observerCap?: number }): Promise<{
    talksId: string;
    parties: PartyInfo[];
    invite: { code: string; url: string };
  }>;
  redeem(code: string, displayName: string): Promise<{ status: number; body: unknown }>;
  join(code: string, displayName: string): Promise<SessionGrant>;
  connect(token: string, options?: { origin?: string }): Promise<TestClient>;
  /** Closes the app and builds a new one on the same data (same port), as after a crash or deploy. */
  restart(): Promise<void>;
  /** Shuts the app down (as a deploy does: every socket closed), keeping its data and port for `start`. */
  stop(): Promise<void>;
  /** Starts the app again after `stop`, on the same data and port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-test-'));
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let port = options.port ?? 0;
  const env = {
    PARLEY_DATA_DIR: dataDir,
    PORT: '3000',
    PARLEY_LOG_LEVEL: 'info',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  let config = loadConfig(env);
  let log = await openEventLog(config);
  let app = await build();

  async function build(): Promise<ParleyApp> {
    const built = await buildApp({
      config,
      log,
      logStream: logSink,
      ...(options.now ? { now: options.now } : {}),
      ...(options.clientDir ? { clientDir: options.clientDir } : {}),
    });
    await built.http.listen({ port, host: '127.0.0.1' });
    port = (built.http.server.address() as AddressInfo).port;
    return built;
  }

  const url = () => `http://127.0.0.1:${port}`;
  const clients: TestClient[] = [];

  const server: TestServer = {
    get url() {
      return url();
    },
    get port() {
      return port;
    },
    get app() {
      return app;
    },
    get log() {
      return log;
    },
    get config() {
      return config;
    },
    dataDir,
    logLines,
    createTalks: async ({ title = 'Test talks', parties = ['Northland', 'Southland'], observerCap } = {}) =>
      app.service.openTalks({
        title,
        partyNames: parties,
        ...(observerCap !== undefined ? { observerCap } : {}),
      }),
    redeem: async (code, displayName) => {
      const response = await fetch(`${url()}/api/invites/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, displayName }),
      });
      return { status: response.status, body: await response.json() };
    },
    join: async (code, displayName) => {
      const { status, body } = await server.redeem(code, displayName);
      if (status !== 200) throw new Error(`redeem failed: ${status} ${JSON.stringify(body)}`);
      return body as SessionGrant;
    },
    connect: async (token, connectOptions = {}) => {
      const client = await connectClient(url(), token, connectOptions.origin);
      clients.push(client);
      return client;
    },
    restart: async () => {
      await server.stop();
      await server.start();
    },
    stop: async () => {
      for (const client of clients) client.socket.disconnect();
      await app.close();
      await log.close();
    },
    start: async () => {
      config = loadConfig({ ...env, PORT: String(port) });
      log = await openEventLog(config);
      app = await build();
    },
    close: async () => {
      for (const client of clients) client.close();
      await app.close();
      await log.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

async function connectClient(url: string, token: string, origin?: string): Promise<TestClient> {
  const grant = { token } as SessionGrant;
  const socket: ClientSocket = connectSocket(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  const events: WireEvent[] = [];
  const presence: PresenceChange[] = [];
  const closing: { code: string; message: string }[] = [];
  const waiters = new Set<{
    predicate: (event: WireEvent) => boolean;
    resolve: (event: WireEvent) => void;
  }>();
  socket.on('event', (event) => {
    events.push(event);
    for (const waiter of waiters) {
      if (waiter.predicate(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  });
  socket.on('presence', (change) => presence.push(change));
  socket.on('closing', (reason) => closing.push(reason));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  let talksId = '';
  const client: TestClient = {
    socket,
    grant,
    events,
    presence,
    closing,
    command: (type, payload = {}, commandId = randomUUID()) =>
      socket.timeout(15_000).emitWithAck('command', { commandId, talksId, type, payload }) as Promise<
        Ack<never>
      >,
    sync: (cursors = {}) => socket.timeout(15_000).emitWithAck('sync', { talksId, cursors }),
    waitFor: (predicate, timeoutMs = 10_000) => {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error('timed out waiting for an event'));
        }, timeoutMs);
      });
    },
    close: () => socket.disconnect(),
  };
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    tid: string;
  };
  talksId = claims.tid;
  return client;
}

export interface Cast {
  talksId: string;
  parties: PartyInfo[];
  /** The first two parties' ids. */
  partyA: string;
  partyB: string;
  lead: TestClient;
  /** Invites a member through the lead's socket, redeems it over HTTP and connects it. */
  seat(role: Role, partyId?: string, displayName?: string): Promise<TestClient>;
}

/** A talks with its lead mediator connected, ready to seat everyone else. */
export async function openCast(
  server: TestServer,
  options?: { parties?: string[]; observerCap?: number },
): Promise<Cast> {
  const talks = await server.createTalks(options);
  const leadGrant = await server.join(talks.invite.code, 'Lead Mediator');
  const lead = await server.connect(leadGrant.token);
  lead.grant = leadGrant;
  return {
    talksId: talks.talksId,
    parties: talks.parties,
    partyA: talks.parties[0]?.id ?? '',
    partyB: talks.parties[1]?.id ?? '',
    lead,
    seat: async (role, partyId, displayName = `${role} ${partyId?.slice(0, 4) ?? ''}`.trim()) => {
      const invited = await lead.command<{ code: string }>('member.invite', {
        role,
        ...(partyId ? { partyId } : {}),
      });
      if (!invited.ok) throw new Error(`invite failed: ${invited.error.code} ${invited.error.message}`);
      const grant = await server.join(invited.result.code, displayName);
      const client = await server.connect(grant.token);
      client.grant = grant;
      return client;
    },
  };
}
