import type { FastifyInstance, FastifyRequest } from 'fastify';
import { calculateJwkThumbprint } from 'jose';
import type { AgreementBundle } from '../../../shared/src/agreement.js';
import type { MemberId, TalksId } from '../../../shared/src/index.js';
import { buildBundle } from '../agreement/bundle.js';
import type { TalksService } from '../app/talks-service.js';
import type { EventLog } from '../log/event-log.js';
import { renderBundleHtml } from '../agreement/bundle-html.js';
import { notFound } from '../talks/domain-error.js';
import type { Member, TalksState } from '../talks/state.js';
import { canReadAgreement } from '../visibility/agreement.js';
import { bearerMember } from './bearer.js';
import type { HttpDeps } from './routes.js';

/** What the agreement routes read: the talks as the member may see it, and the audit chain's head. */
export interface AgreementSource {
  /** The talks, caught up with the log, and the member; NOT_FOUND when the member is not (or no longer) in it. */
  memberContext(talksId: TalksId, memberId: MemberId): Promise<{ state: TalksState; member: Member }>;
  /** The hash of the newest entry of the talks' audit chain. */
  auditHeadHash(talksId: TalksId): Promise<string>;
  now(): Date;
}

/** The source the server uses: the talks service's folded state, caught up with the log, and the log's head. */
export const agreementSourceOf = (
  service: Pick<TalksService, 'memberContext' | 'registry'>,
  log: Pick<EventLog, 'head'>,
  now: () => Date = () => new Date(),
): AgreementSource => ({
  memberContext: async (talksId, memberId) => {
    // Another node may have appended since this one folded the talks: catch up, then look again.
    await service.registry.catchUp((await service.memberContext(talksId, memberId)).state);
    return service.memberContext(talksId, memberId);
  },
  auditHeadHash: async (talksId) => (await log.head(talksId)).hash,
  now,
});

type AgreementDeps = Pick<HttpDeps, 'tokens' | 'findSessionMember'> & { agreement: AgreementSource };

/**
 * [SIG4] The bundle for the caller, or NOT_FOUND: the same answer for another talks, a
 * talks without an agreed package, and a reader the audience rule does not admit.
 */
async function bundleFor(request: FastifyRequest, deps: AgreementDeps): Promise<AgreementBundle> {
  const caller = await bearerMember(request, deps);
  const { talksId } = request.params as { talksId: string };
  if (caller.talksId !== talksId) throw notFound();
  const { state, member } = await deps.agreement.memberContext(caller.talksId, caller.id);
  if (!canReadAgreement(state, member)) throw notFound();
  const hash = await deps.agreement.auditHeadHash(state.id);
  const bundle = buildBundle(state, { hash, at: deps.agreement.now().toISOString() });
  if (!bundle) throw notFound();
  return bundle;
}

const fileName = (bundle: AgreementBundle, extension: string) =>
  `agreement-${bundle.talksId.slice(0, 8)}-v${bundle.version}.${extension}`;

/** GET /api/talks/:talksId/agreement (JSON) and /agreement.html (printable), with a session token. */
export function registerAgreementRoutes(app: FastifyInstance, deps: AgreementDeps): void {
  app.get('/api/talks/:talksId/agreement', async (request, reply) => {
    const bundle = await bundleFor(request, deps);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(bundle, 'json')}"`)
      .send(JSON.stringify(bundle, null, 2));
  });

  app.get('/api/talks/:talksId/agreement.html', async (request, reply) => {
    const bundle = await bundleFor(request, deps);
    const thumbprints: Record<string, string> = {};
    for (const signature of bundle.signatures) {
      thumbprints[signature.partyId] = await calculateJwkThumbprint({ ...signature.jwk });
    }
    const { html, csp } = renderBundleHtml(bundle, thumbprints);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', csp)
      .header('content-disposition', `inline; filename="${fileName(bundle, 'html')}"`)
      .send(html);
  });
}
