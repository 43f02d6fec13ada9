import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import { seedDemo } from './cli/demo.js';
import { ConfigError, configWarnings, loadConfig, type Config } from './config.js';
import { loggerOptions, scrubSecrets, serializeError } from './http/logging.js';
import { registerHealthRoutes } from './http/public-routes.js';
import { openEventLog } from './storage/open-event-log.js';
import { storeFaultReason } from './storage/store-fault.js';
import { StoreHealth } from './storage/store-health.js';
import { waitForStore } from './storage/wait-for-store.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Reads the configuration, opens the store, builds Parley, listens, and stops cleanly on signals. */
async function main(): Promise<void> {
  // [ID10] Every file Parley creates (database, WAL, keys, exports) is the owner's alone.
  process.umask(0o077);
  const config = loadConfig();
  for (const warning of configWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
  const logger = pino(loggerOptions(config));
  installLastResort(logger);
  const health = new StoreHealth({
    onChange: (state) =>
      state.ok
        ? logger.info('the store can commit again')
        : logger.warn({ reason: state.reason }, 'the store cannot commit'),
  });
  let waitServer: FastifyInstance | undefined;
  const log = await waitForStore({
    open: async () => {
      try {
        return await openEventLog({
          ...config,
          onStoreError: (error) => logger.warn({ err: error }, 'a database connection failed'),
        });
      } catch (error) {
        // [FLT5] Waiting: answer /health (503) and /health/live on the port meanwhile.
        if (!waitServer && storeFaultReason(error) !== undefined && config.storeStartWaitMs > 0) {
          waitServer = await startWaitServer(config, health);
        }
        throw error;
      }
    },
    limitMs: config.storeStartWaitMs,
    logger,
    health,
  });
  await waitServer?.close();
  const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));
  const app = await buildApp({ config, log, clientDir, health });

  const tightened = 'tightened' in log && Array.isArray(log.tightened) ? (log.tightened as string[]) : [];
  for (const change of tightened) app.http.log.warn({ change }, 'data file mode tightened');

  const firstStart = (await log.listTalks()).length === 0;
  const address = await app.http.listen({ port: config.port, host: config.host });
  say(`Parley is listening on ${address} (public URL ${config.publicUrl}).`);

  if (process.argv.includes('--demo')) {
    await seedDemo(app.service, say);
  } else if (firstStart) {
    const opened = await app.service.openTalks({ title: 'First talks', partyNames: ['Party A', 'Party B'] });
    say('');
    say('This is a new Parley: a first talks was opened for you. Get in as its lead mediator');
    say(`(the link works once, for 72 hours): ${opened.invite.url}`);
    say('Open more talks with: npm run parley -- talks create --title "..." --party A --party B');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info({ signal }, 'stopping');
    void app
      .close()
      .then(() => log.close())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Only the health routes, while the node waits for its store. */
async function startWaitServer(config: Config, health: StoreHealth): Promise<FastifyInstance> {
  const server = Fastify({ logger: loggerOptions(config) });
  registerHealthRoutes(server, async () => {
    const state = await health.check();
    return state.ok || state.reason;
  });
  await server.listen({ port: config.port, host: config.host });
  return server;
}

/**
 * [FLT4] A fault no handler caught is still one JSON line with its cause. A
 * rejection left unhandled by a store fault is logged and survived (the request
 * that met it has already been answered or timed out); anything else means the
 * process's state is unknown, so it stops (Compose restarts it).
 */
function installLastResort(logger: pino.Logger): void {
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: stopping');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    if (storeFaultReason(reason) !== undefined) {
      logger.error({ err: reason }, 'a store fault was not handled');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled rejection: stopping');
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    // One JSON line (for the log collector) on stdout, then one line of plain words on stderr.
    process.stdout.write(
      `${JSON.stringify({ level: 60, time: Date.now(), msg: 'Parley could not start', err: serializeError(error) })}\n`,
    );
    const reason = storeFaultReason(error);
    const message = scrubSecrets(error instanceof Error ? error.message : String(error));
    process.stderr.write(`Parley could not start: ${reason ?? message}${reason ? ` (${message})` : ''}\n`);
  }
  process.exit(1);
});
