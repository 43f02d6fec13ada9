import { request } from 'node:http';
import type { PartyInfo, Role, SessionGrant } from '../../shared/src/index.js';
import { startTestServer, type TestClient, type TestServer } from '../support/server.js';

// Seating members for visibility tests, which open hundreds of talks against one server.
// Sign-in is rate-limited per client address (30 a minute), so the server trusts a proxy
// and every redemption comes from its own forwarded address, as a delegation spread over
// many networks would. Every HTTP body is handed to `onBody`, to be searched for leaks.

/** A server for visibility tests: trusts X-Forwarded-For; SQLite durability relaxed for speed (not under test here). */
export async function startVisibilityServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({
    env: { PARLEY_TRUST_PROXY: 'true', PARLEY_SQLITE_SYNCHRONOUS: 'NORMAL', ...env },
  });
}

export interface Seated {
  memberId: string;
  role: Role;
  partyId: string | null;
  grant: SessionGrant;
  client: TestClient;
}

export interface OpenedTalks {
  talksId: string;
  parties: PartyInfo[];
  lead: Seated;
}

export class Seater {
  #address = 0;

  constructor(
    private readonly server: TestServer,
    private readonly onBody: (body: string) => void = () => undefined,
  ) {}

  /** POST /api/invites/redeem from a fresh forwarded address; the raw answer. */
  async redeem(code: string, displayName: string): Promise<{ status: number; body: string }> {
    this.#address += 1;
    const address = `10.${(this.#address >> 16) & 255}.${(this.#address >> 8) & 255}.${this.#address & 255}`;
    const answer = await postJson(`${this.server.url}/api/invites/redeem`, { code, displayName }, { 'x-forwarded-for': address });
    this.onBody(answer.body);
    return answer;
  }

  async join(code: string, displayName: string): Promise<SessionGrant> {
    const { status, body } = await this.redeem(code, displayName);
    if (status !== 200) throw new Error(`redeem failed: ${status} ${body}`);
    return JSON.parse(body) as SessionGrant;
  }

  async connect(grant: SessionGrant): Promise<Seated> {
    const client = await this.server.connect(grant.token);
    client.grant = grant;
    const { id, role, partyId } = grant.member;
    return { memberId: id, role, partyId, grant, client };
  }

  async openTalks(parties: string[] = ['Northland', 'Southland'], observerCap?: number, title?: string): Promise<OpenedTalks> {
    const talks = await this.server.createTalks({
      parties,
      ...(observerCap !== undefined ? { observerCap } : {}),
      ...(title !== undefined ? { title } : {}),
    });
    const lead = await this.connect(await this.join(talks.invite.code, 'Lead Mediator'));
    return { talksId: talks.talksId, parties: talks.parties, lead };
  }

  /** The lead mediator invites (an observer names its sponsoring party), the invitee redeems over HTTP. */
  async invite(lead: TestClient, role: Role, partyId?: string): Promise<SessionGrant> {
    const invited = await lead.command<{ code: string }>('member.invite', { role, ...(partyId ? { partyId } : {}) });
    if (!invited.ok) throw new Error(`invite failed: ${invited.error.code} ${invited.error.message}`);
    return this.join(invited.result.code, `${role} ${this.#address}`);
  }

  async seat(lead: TestClient, role: Role, partyId?: string): Promise<Seated> {
    return this.connect(await this.invite(lead, role, partyId));
  }
}

/** A plain HTTP POST (node:http: much lighter than fetch when a test signs in thousands of members). */
export function postJson(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(data);
  });
}

/** A plain HTTP GET (node:http), answered with its status, content type and body. */
export function getText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'GET', headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          type: String(incoming.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
