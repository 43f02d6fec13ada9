import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { ROLES, asId } from '../../../shared/src/index.js';
import type {
  MemberId,
  MemberView,
  PartyId,
  Role,
  SessionGrant,
  TalksId,
} from '../../../shared/src/index.js';
import { DomainError } from '../talks/domain-error.js';
import { SIGNING_ALG, type SigningKeys } from './keys.js';

// Two kinds of token, told apart by `typ` and `aud` both, so that neither can
// ever stand in for the other. Verification pins every check jose would
// otherwise skip (see DESIGN.md, "Traps already known").

export interface TokenServiceOptions {
  issuer: string;
  /** Lifetime of a session (access) token, in seconds. */
  sessionTtl: number;
  /** Lifetime of a refresh token, in seconds. */
  refreshTtl: number;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/** What a verified token says about its bearer. */
export interface SessionClaims {
  memberId: MemberId;
  talksId: TalksId;
  role: Role;
  partyId: PartyId | null;
  jti: string;
  /** Expiry, in seconds since the epoch (the JWT `exp`). */
  exp: number;
  /** [ID6] The sign-in this token descends from: every refresh stays in its family. */
  familyId: string;
  /** [MB8] The member's session epoch when the family began: a re-entry voids older ones. */
  epoch: number;
  /** [ID6] Refresh tokens only: which refresh of the family this is (0 for the sign-in's own). */
  generation: number;
}

/** Where a new pair of tokens sits: its family, the member's epoch, the refresh generation. */
export interface SessionLineage {
  familyId: string;
  epoch: number;
  generation: number;
}

export interface TokenService {
  /** Without a lineage: a new family at epoch 0 (a first sign-in). */
  issueSession(member: MemberView, lineage?: SessionLineage): Promise<SessionGrant>;
  /** Throws DomainError AUTH_EXPIRED for an expired token, UNAUTHENTICATED for anything else wrong. */
  verifySession(token: string): Promise<SessionClaims>;
  /** Same as verifySession, for refresh tokens only. */
  verifyRefresh(token: string): Promise<SessionClaims>;
}

interface TokenKind {
  typ: string;
  aud: string;
  ttl: number;
}

/** Clock skew between nodes that is forgiven on `exp` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 5;

const privateClaimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  jti: z.uuid(),
  exp: z.number(),
  role: z.enum(ROLES),
  pid: z.uuid().nullable(),
  // Absent from tokens issued before rotation existed: such a token is a family of its own.
  fam: z.uuid().optional(),
  ep: z.number().int().min(0).optional(),
  gen: z.number().int().min(0).optional(),
});

export function createTokenService(keys: SigningKeys, options: TokenServiceOptions): TokenService {
  const now = options.now ?? (() => new Date());
  const session: TokenKind = { typ: 'parley-session+jwt', aud: 'parley:session', ttl: options.sessionTtl };
  const refresh: TokenKind = { typ: 'parley-refresh+jwt', aud: 'parley:refresh', ttl: options.refreshTtl };

  async function sign(
    member: MemberView,
    kind: TokenKind,
    issuedAt: number,
    lineage: Record<string, number | string>,
  ): Promise<{ token: string; exp: number }> {
    const exp = issuedAt + kind.ttl;
    const token = await new SignJWT({ tid: member.talksId, role: member.role, pid: member.partyId, ...lineage })
      .setProtectedHeader({ alg: SIGNING_ALG, typ: kind.typ, kid: keys.kid })
      .setIssuer(options.issuer)
      .setAudience(kind.aud)
      .setSubject(member.id)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(exp)
      .sign(keys.privateKey);
    return { token, exp };
  }

  async function verify(token: string, kind: TokenKind): Promise<SessionClaims> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys.publicKey, {
        algorithms: [SIGNING_ALG],
        issuer: options.issuer,
        audience: kind.aud,
        typ: kind.typ,
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'tid'],
        maxTokenAge: kind.ttl,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now(),
      }));
    } catch (error) {
      // jose checks the signature before any claim, so "expired" is only ever
      // said about a token this server really issued.
      throw new DomainError(error instanceof joseErrors.JWTExpired ? 'AUTH_EXPIRED' : 'UNAUTHENTICATED');
    }
    const claims = privateClaimsSchema.safeParse(payload);
    if (!claims.success) throw new DomainError('UNAUTHENTICATED');
    const { sub, tid, jti, exp, role, pid, fam, ep, gen } = claims.data;
    return {
      memberId: asId<MemberId>(sub),
      talksId: asId<TalksId>(tid),
      role,
      partyId: pid === null ? null : asId<PartyId>(pid),
      jti,
      exp,
      familyId: fam ?? jti,
      epoch: ep ?? 0,
      generation: gen ?? 0,
    };
  }

  return {
    async issueSession(member, lineage = { familyId: randomUUID(), epoch: 0, generation: 0 }) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const family = { fam: lineage.familyId, ep: lineage.epoch };
      const access = await sign(member, session, issuedAt, family);
      const renewal = await sign(member, refresh, issuedAt, { ...family, gen: lineage.generation });
      return {
        token: access.token,
        expiresAt: isoFromSeconds(access.exp),
        refreshToken: renewal.token,
        refreshExpiresAt: isoFromSeconds(renewal.exp),
        member: pickMemberView(member),
      };
    },
    verifySession: (token) => verify(token, session),
    verifyRefresh: (token) => verify(token, refresh),
  };
}

const isoFromSeconds = (seconds: number): string => new Date(seconds * 1000).toISOString();

// The grant carries exactly the public member fields, whatever the caller's object holds.
const pickMemberView = (member: MemberView): MemberView => ({
  id: member.id,
  talksId: member.talksId,
  role: member.role,
  partyId: member.partyId,
  displayName: member.displayName,
});
