import { parseArgs } from 'node:util';
import type { TalksId } from '../../shared/src/index.js';
import { TalksService } from './app/talks-service.js';
import { runAgreementCli } from './cli/agreement.js';
import { runAuditExport, runAuditVerify } from './cli/audit.js';
import { seedDemo } from './cli/demo.js';
import { ConfigError, inviteUrl, loadConfig } from './config.js';
import { isDomainError } from './talks/domain-error.js';
import { openEventLog } from './storage/open-event-log.js';

const USAGE = `Usage: npm run parley -- <command> [options]

  talks create --title T --party NAME --party NAME [--observer-cap N] [--json]
      Opens a talks and prints the lead mediator's invite link.
  audit verify --talks ID        Checks a talks' hash chain (exit 0 intact, 1 broken).
  audit verify --file FILE       Checks an exported audit file offline.
  audit export --talks ID --out FILE
      Writes the talks' full stored chain to FILE (confidential: it holds every message).
  agreement verify FILE          Checks an exported agreement offline (exit 0 valid, 1 naming what failed).
  demo                           Seeds a demo talks and prints one invite link per role.

Storage is chosen as by the server: DATABASE_URL (postgres://) or SQLite in PARLEY_DATA_DIR.`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

export async function runCli(argv: string[]): Promise<number> {
  const [group, action, ...rest] = argv;
  if (group === 'demo') return withService((service) => seedDemo(service, out), true);
  if (group === 'agreement') return runAgreementCli(action, rest, out, err);
  const { values } = parseArgs({
    args: rest,
    options: {
      title: { type: 'string' },
      party: { type: 'string', multiple: true },
      'observer-cap': { type: 'string' },
      json: { type: 'boolean', default: false },
      talks: { type: 'string' },
      out: { type: 'string' },
      file: { type: 'string' },
    },
    strict: true,
  });
  if (group === 'talks' && action === 'create') {
    return withService(async (service) => {
      const cap = values['observer-cap'];
      const opened = await service.openTalks({
        title: values.title ?? '',
        partyNames: values.party ?? [],
        ...(cap !== undefined ? { observerCap: Number(cap) } : {}),
      });
      const summary = {
        talksId: opened.talksId,
        parties: opened.parties.map(({ id, name }) => ({ id, name })),
        invite: { code: opened.invite.code, url: opened.invite.url },
      };
      if (values.json) out(JSON.stringify(summary));
      else {
        out(`Opened talks ${summary.talksId}: ${summary.parties.map((party) => party.name).join(', ')}`);
        out(`Lead mediator's invite (single use): ${summary.invite.url}`);
      }
      return 0;
    });
  }
  if (group === 'audit' && action === 'verify') {
    if (values.file) return runAuditVerify({ file: values.file, out });
    if (!values.talks) return usage('audit verify needs --talks ID or --file FILE');
    const talksId = values.talks as TalksId;
    return withLog((log) => runAuditVerify({ log, talksId, out }));
  }
  if (group === 'audit' && action === 'export') {
    if (!values.talks || !values.out) return usage('audit export needs --talks ID and --out FILE');
    const talksId = values.talks as TalksId;
    const outFile = values.out;
    return withLog((log) => runAuditExport({ log, talksId, outFile, out }));
  }
  return usage(group ? `Unknown command: ${[group, action].filter(Boolean).join(' ')}` : undefined);
}

function usage(problem?: string): number {
  if (problem) err(problem);
  err(USAGE);
  return 2;
}

async function withLog(task: (log: Awaited<ReturnType<typeof openEventLog>>) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const log = await openEventLog(config);
  try {
    return await task(log);
  } finally {
    await log.close();
  }
}

function withService(task: (service: TalksService) => Promise<number>, _demo = false): Promise<number> {
  const config = loadConfig();
  return withLog((log) => task(new TalksService({ log, inviteUrl: (code) => inviteUrl(config, code) })));
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain || process.argv[1]?.endsWith('cli.ts') || process.argv[1]?.endsWith('cli.js')) {
  // [ID10] Files the command line writes (keys, exports, a new database) are the owner's alone.
  process.umask(0o077);
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ConfigError) err(error.message);
      else if (isDomainError(error)) err(`${error.code}: ${error.message}`);
      else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) usage(error.message);
      else err(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
    },
  );
}
