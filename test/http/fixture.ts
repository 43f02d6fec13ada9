import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  asId,
  type InvitePreview,
  type MemberId,
  type MemberView,
  type PartyId,
  type Role,
  type TalksId,
} from '../../shared/src/index.js';
import type { SigningKeys } from '../../server/src/auth/keys.js';
import type { SessionClaims, TokenService } from '../../server/src/auth/tokens.js';
import type { SessionRenewal } from '../../server/src/app/talks-service.js';
import { loadConfig, type Config } from '../../server/src/config.js';
import { loggerOptions } from '../../server/src/http/logging.js';
import { registerHttp, type HttpDeps } from '../../server/src/http/routes.js';
import { fastifyOptions } from '../../server/src/http/server-options.js';
import { DomainError } from '../../server/src/talks/domain-error.js';
import { newSigningKeys, tokenServiceFor } from '../auth/fixtures.js';

// A small in-memory stand-in for the TalksService side of HttpDeps: the
// edge's own interface, exercised without a database. End-to-end tests with
// the real service live with the app.

interface InviteSeat {
  talksId: TalksId;
  role: Role;
  partyId: PartyId | null;
  used: boolean;
}

export class InviteBook {
  readonly talksId = asId<TalksId>(randomUUID());
  readonly partyId = asId<PartyId>(randomUUID());
  private readonly seats = new Map<string, InviteSeat>();
  private readonly members = new Map<MemberId, MemberView & { removed: boolean }>();
  storageUp = true;
  private readonly generations = new Map<string, number>();
  private readonly revoked = new Set<string>();

  /** A fresh single-use code, shaped like a real one. */
  invite(role: Role = 'head'): string {
    const code = randomBytes(40).toString('base64url');
    const partyId = role === 'head' || role === 'delegate' ? this.partyId : null;
    this.seats.set(code, { talksId: this.talksId, role, partyId, used: false });
    return code;
  }

  redeem(code: string, displayName: string): MemberView {
    const seat = this.seats.get(code);
    if (seat === undefined || seat.used) throw new DomainError('INVITE_INVALID');
    seat.used = true;
    const member: MemberView = {
      id: asId<MemberId>(randomUUID()),
      talksId: seat.talksId,
      role: seat.role,
      partyId: seat.partyId,
      displayName,
    };
    this.members.set(member.id, { ...member, removed: false });
    return member;
  }

  remove(memberId: MemberId): void {
    const member = this.members.get(memberId);
    if (member !== undefined) member.removed = true;
  }

  preview(code: string): InvitePreview {
    const seat = this.seats.get(code);
    if (seat === undefined || seat.used) throw new DomainError('INVITE_INVALID');
    return { talksTitle: 'Fixture talks', role: seat.role, partyName: seat.partyId === null ? null : 'Northland', memberName: null };
  }

  /** [ID6] The same once-only rule as the real service, kept in memory. */
  renew(claims: SessionClaims): SessionRenewal {
    const member = this.find(claims.talksId, claims.memberId);
    if (member === undefined || this.revoked.has(claims.familyId)) throw new DomainError('UNAUTHENTICATED');
    const current = this.generations.get(claims.familyId) ?? 0;
    if (claims.generation !== current) {
      this.revoked.add(claims.familyId);
      return { outcome: 'reused', memberId: member.id, familyId: claims.familyId };
    }
    this.generations.set(claims.familyId, current + 1);
    return { outcome: 'renewed', member, lineage: { familyId: claims.familyId, epoch: 0, generation: current + 1 } };
  }

  find(talksId: TalksId, memberId: MemberId): MemberView | undefined {
    const member = this.members.get(memberId);
    if (member === undefined || member.removed || member.talksId !== talksId) return undefined;
    const { removed: _removed, ...view } = member;
    return view;
  }
}

export interface Edge {
  app: FastifyInstance;
  book: InviteBook;
  keys: SigningKeys;
  tokens: TokenService;
  config: Config;
  /** Every log line written so far, parsed. */
  logLines: () => string[];
}

export interface EdgeOptions {
  deps?: Partial<HttpDeps>;
  env?: Record<string, string>;
  tokens?: TokenService;
  /** Registers extra routes (e.g. a bearer-protected one) before the app is ready. */
  routes?: (app: FastifyInstance, deps: HttpDeps) => void | Promise<void>;
}

let sharedKeys: SigningKeys | undefined;

export async function buildEdge(options: EdgeOptions = {}): Promise<Edge> {
  sharedKeys ??= await newSigningKeys();
  const keys = sharedKeys;
  const config = loadConfig({ PARLEY_LOG_LEVEL: 'info', ...options.env });
  const tokens = options.tokens ?? tokenServiceFor(keys, () => new Date());
  const book = new InviteBook();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const app = Fastify({ ...fastifyOptions(config), logger: { ...loggerOptions(config), stream } });
  const deps: HttpDeps = {
    config,
    tokens,
    keys,
    // Wrapped so that a throw becomes a rejection, as it would from a real store.
    redeemInvite: (code, displayName) => new Promise((resolve) => resolve(book.redeem(code, displayName))),
    previewInvite: (code) => new Promise((resolve) => resolve(book.preview(code))),
    findSessionMember: (claims) => Promise.resolve(book.find(claims.talksId, claims.memberId)),
    renewSession: (claims) => new Promise((resolve) => resolve(book.renew(claims))),
    isHealthy: () => Promise.resolve(book.storageUp),
    ...options.deps,
  };
  await registerHttp(app, deps);
  await options.routes?.(app, deps);
  await app.ready();
  return { app, book, keys, tokens, config, logLines: () => [...lines] };
}

export const jsonOf = (response: { body: string }): unknown => JSON.parse(response.body);
