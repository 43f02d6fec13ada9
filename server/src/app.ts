import Fastify, { type FastifyInstance } from 'fastify';
import { TalksService } from './app/talks-service.js';
import { loadSigningKeys, type SigningKeys } from './auth/keys.js';
import { createTokenService, type TokenService } from './auth/tokens.js';
import { inviteUrl, type Config } from './config.js';
import { loggerOptions } from './http/logging.js';
import { registerClient } from './http/client.js';
import { agreementSourceOf } from './http/agreement-routes.js';
import { registerHttp } from './http/routes.js';
import { fastifyOptions } from './http/server-options.js';
import type { EventLog } from './log/event-log.js';
import { attachClusterAdapter } from './realtime/adapter.js';
import { fanoutOf } from './realtime/fanout.js';
import { attachGateway, onlineMembers } from './realtime/gateway.js';
import type { ParleyServer } from './realtime/types.js';
import { StoreHealth } from './storage/store-health.js';

export interface AppDeps {
  config: Config;
  log: EventLog;
  /** Given by tests; otherwise loaded from configuration or the data directory. */
  keys?: SigningKeys;
  now?: () => Date;
  /** Where the built client lives; absent in most tests. */
  clientDir?: string;
  /** Where pino writes (stdout by default); tests capture it to search for leaks. */
  logStream?: NodeJS.WritableStream;
  /** Whether the store can commit (main.ts hands over the one its start-up server used). */
  health?: StoreHealth;
}

export interface ParleyApp {
  http: FastifyInstance;
  io: ParleyServer;
  service: TalksService;
  tokens: TokenService;
  /** Every HTTP route registered (method and URL pattern): read paths are found here, e.g. by the leak test. */
  routes: readonly { method: string; url: string }[];
  /** Stops accepting, closes every socket and the HTTP server. The event log is the caller's to close. */
  close(): Promise<void>;
}

/** Builds Parley (Fastify with Socket.IO attached) without listening: main.ts and tests listen. */
export async function buildApp(deps: AppDeps): Promise<ParleyApp> {
  const { config, log } = deps;
  const keys = deps.keys ?? (await loadSigningKeys(config));
  const tokens = createTokenService(keys, {
    issuer: 'parley',
    sessionTtl: config.sessionTtlSeconds,
    refreshTtl: config.refreshTtlSeconds,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const service = new TalksService({
    log,
    inviteUrl: (code) => inviteUrl(config, code),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const health = deps.health ?? new StoreHealth();
  health.attach(log);
  const options = fastifyOptions(config);
  const http = Fastify({
    ...options,
    logger: { ...loggerOptions(config), ...(deps.logStream ? { stream: deps.logStream } : {}) },
  });
  const routes: { method: string; url: string }[] = [];
  http.addHook('onRoute', ({ method, url }) => {
    for (const one of [method].flat()) routes.push({ method: one, url });
  });
  await registerHttp(http, {
    config,
    tokens,
    keys,
    redeemInvite: (code, displayName) => service.redeemInvite(code, displayName),
    previewInvite: (code) => service.previewInvite(code),
    findSessionMember: (claims) => service.findSessionMember(claims),
    renewSession: (claims) => service.renewSession(claims),
    isHealthy: async () => {
      const state = await health.check();
      return state.ok || state.reason;
    },
    agreement: agreementSourceOf(service, log, deps.now),
  });
  if (deps.clientDir) await registerClient(http, deps.clientDir);
  const io = attachGateway(http.server, {
    service,
    tokens,
    logger: http.log,
    allowedOrigins: config.allowedOrigins,
    publicUrl: config.publicUrl,
    log,
    clustered: config.fanout !== 'local',
    online: (talksId, ids) => onlineMembers(io, talksId, ids),
    budgets: config.budgets,
    trustProxy: config.trustProxy,
  });
  const closeAdapter = await attachClusterAdapter(io, config, http.log);
  await http.ready();
  return {
    http,
    io,
    service,
    tokens,
    routes,
    close: async () => {
      fanoutOf(io)?.stop();
      io.disconnectSockets(true);
      await io.close();
      await http.close();
      await closeAdapter();
    },
  };
}
