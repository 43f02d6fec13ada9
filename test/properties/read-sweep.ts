import { LIMITS, READ_COMMANDS, type CommandType } from '../../shared/src/index.js';
import type { ModelCommand } from '../support/oracle.js';
import { getText } from '../visibility/seating.js';
import { CAST, type RunEnv, type Session } from './session.js';

// [AUD4][VIS3] Every read path a member can reach, called by every member of a session:
// each read command, `sync` from nothing, and each HTTP GET route of the server's route
// table. What they answer leaves the server as frames and bodies, which the leak check
// judges with the same canary oracle as events (no read is exempt, the audit included).
// A read command or a GET route without a scan here fails the session, so a read path
// added later is scanned, or the test says it is not.

/** Each read command, with the payload that reads the most. */
export const READ_COMMAND_SCANS: Partial<Record<CommandType, Record<string, unknown>>> = {
  'talks.get': {},
  'audit.read': { afterSeq: 0, limit: LIMITS.maxAuditPage },
};

/** How a GET route is scanned as the member in a seat (CAST.length: the outsider, a member of another talks). */
type RouteScan = (session: Session, env: RunEnv, who: number) => Promise<void>;

/** A route that serves no talks' data: its body, whoever asks, must hold no canary (judged with every HTTP body). */
const plain: (path: string) => RouteScan = (path) => async (session, env, who) => {
  const token = who < CAST.length ? session.linkAt(who).grant.token : env.outsider.grant.token;
  const answer = await getText(`${env.server.url}${path}`, { authorization: `Bearer ${token}` });
  env.bodies.push(answer.body);
};

/** Each GET route of the server, by its URL pattern. */
export const GET_ROUTE_SCANS: Record<string, RouteScan> = {
  '/health': plain('/health'),
  '/health/live': plain('/health/live'),
  '/.well-known/jwks.json': plain('/.well-known/jwks.json'),
  // [SIG4] The export of the agreement: who may read it when, and nothing but the agreed text.
  '/api/talks/:talksId/agreement': (session, _env, who) => session.checkExport(who, false),
  '/api/talks/:talksId/agreement.html': (session, _env, who) => session.checkExport(who, true),
};

/** The read commands and GET routes nobody scans: must be none. */
export function unscannedReads(routes: readonly { method: string; url: string }[]): string[] {
  const commands = [...READ_COMMANDS].filter((type) => !(type in READ_COMMAND_SCANS)).map((type) => `read command ${type}`);
  const gets = routes.filter((route) => route.method === 'GET' && !(route.url in GET_ROUTE_SCANS));
  return [...commands, ...gets.map((route) => `GET ${route.url}`)];
}

/** Every member (and the outsider, over HTTP) calls every read path once. */
export async function sweepReads(session: Session, env: RunEnv): Promise<void> {
  const routes = env.server.app.routes;
  const missing = unscannedReads(routes);
  if (missing.length > 0) throw new Error(`read paths no leak scan covers: ${missing.join(', ')} (add them to read-sweep.ts)`);
  for (const [seat, link] of session.links.entries()) {
    // A removed member's socket is refused (expectRefused in the session); its token is tried over HTTP below.
    if (link.removed) continue;
    for (const [type, payload] of Object.entries(READ_COMMAND_SCANS)) {
      await session.run(seat, { type, payload } as ModelCommand);
    }
    await link.probe({}, null);
  }
  const gets = new Set(routes.filter((route) => route.method === 'GET').map((route) => route.url));
  for (let who = 0; who <= CAST.length; who++) {
    for (const url of gets) await GET_ROUTE_SCANS[url]?.(session, env, who);
  }
}
