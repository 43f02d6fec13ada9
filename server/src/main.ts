import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { seedDemo } from './cli/demo.js';
import { ConfigError, configWarnings, loadConfig } from './config.js';
import { openEventLog } from './storage/open-event-log.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Reads the configuration, opens the store, builds Parley, listens, and stops cleanly on signals. */
async function main(): Promise<void> {
  // [ID10] Every file Parley creates (database, WAL, keys, exports) is the owner's alone.
  process.umask(0o077);
  const config = loadConfig();
  for (const warning of configWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
  const log = await openEventLog(config);
  const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));
  const app = await buildApp({ config, log, clientDir });

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

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Parley could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
