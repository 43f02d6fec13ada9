import { randomUUID } from 'node:crypto';
import { FIXED_MESSAGES, type Ack, type Role, type SessionGrant } from '../../shared/src/index.js';
import { canariesIn, canaryMint, textWith, type CanaryMint } from '../support/canary.js';
import { mayRead, TalksOracle, type ExpectedEvent, type ModelCommand, type Prediction } from '../support/oracle.js';
import type { TestClient, TestServer } from '../support/server.js';
import { getText, type Seater } from '../visibility/seating.js';
import type { SigningKey } from './agreement-rounds.js';
import { judgeExport } from './export-check.js';
import type { FrameTap } from './frame-tap.js';
import { describeLeaks, judgeAuditEntries, judgeEvents, judgeFrames, judgeTexts, type Leak, type Recipient, type SessionBook } from './leak-check.js';
import { MemberLink } from './member-link.js';
import { sweepReads } from './read-sweep.js';
import type { SessionPlan } from './session-plan.js';

// One generated session: a fresh talks with three parties (head and delegate each), the
// lead and a co-mediator, an observer, and an outsider from another talks watching. Every
// command is judged by the oracle first; the server must agree, and each success must reach
// every connected reader of its audience before the next action (no sleeps: we wait for
// the events themselves). At the end, every frame, log line and HTTP body is searched.

/** What lives as long as the test file: one server, its frames, who owns which connection. */
export interface RunEnv {
  server: TestServer;
  tap: FrameTap;
  seater: Seater;
  recipients: Map<string, Recipient>;
  /** The talks of every generated session (no outsider may be told of one). */
  talks: Set<string>;
  outsider: { grant: SessionGrant; authored: Set<string> };
  bodies: string[];
  logCursor: number;
  sessions: number;
  /** How often each command met each answer, and how many canaries were judged: is the generator reaching the rules? */
  tally: Map<string, number>;
}

const count = (tally: Map<string, number>, key: string, by = 1) => tally.set(key, (tally.get(key) ?? 0) + by);

export const CAST: readonly { label: string; role: Role; party: number | null }[] = [
  { label: 'lead', role: 'lead-mediator', party: null },
  { label: 'co-mediator', role: 'co-mediator', party: null },
  { label: 'head of A', role: 'head', party: 0 },
  { label: 'delegate of A', role: 'delegate', party: 0 },
  { label: 'head of B', role: 'head', party: 1 },
  { label: 'delegate of B', role: 'delegate', party: 1 },
  { label: 'head of C', role: 'head', party: 2 },
  { label: 'delegate of C', role: 'delegate', party: 2 },
  { label: 'observer', role: 'observer', party: null },
];
const SIDES = ['M', 'M', 'A', 'A', 'B', 'B', 'C', 'C', 'O'];
const BARRIER_MS = 5_000;
const TITLE = 'Talks on the northern border';

/** How many events each connected member's socket had received before a command was sent. */
type Positions = Map<MemberLink, { client: TestClient | null; seen: number }>;

export class Session {
  readonly links: MemberLink[] = [];
  readonly oracle: TalksOracle;
  readonly parties: readonly string[];
  readonly #mint: CanaryMint;
  readonly #book: SessionBook;
  /** Each seat's signing key, once the server registered it. */
  readonly keys = new Map<number, SigningKey>();
  /** What the export routes answered that they must not have. */
  readonly #exportLeaks: Leak[] = [];
  #outsider: TestClient | null = null;
  #outsiderRequests = 0;

  private constructor(
    private readonly env: RunEnv,
    readonly talksId: string,
    parties: readonly { id: string; name: string }[],
    nonce: string,
  ) {
    this.parties = parties.map((party) => party.id);
    this.oracle = new TalksOracle(talksId, this.parties, { title: TITLE, parties });
    this.#mint = canaryMint(nonce);
    this.#book = { nonce, oracle: this.oracle, labels: new Map() };
  }

  /** Opens the talks, seats the cast, connects the outsider, moves to pre-negotiation and syncs everyone. */
  static async open(env: RunEnv, plan: SessionPlan): Promise<Session> {
    env.sessions += 1;
    const talks = await env.seater.openTalks(['Northland', 'Southland', 'Eastland'], undefined, TITLE);
    const session = new Session(env, talks.talksId, talks.parties, `${env.sessions}x${plan.nonce}`);
    env.talks.add(talks.talksId);
    const lead = session.#link(0, talks.lead.grant);
    lead.adopt(talks.lead.client, 0);
    // Seats are invited, redeemed and connected side by side: the server orders the appends.
    await Promise.all(
      CAST.map(async ({ role, party, label }, seat) => {
        if (seat === 0) return;
        const partyId = session.parties[role === 'observer' ? plan.sponsor : (party ?? -1)];
        const invited = await lead.command('member.invite', { role, ...(partyId ? { partyId } : {}) });
        if (!invited.ok) throw new Error(`invite failed: ${invited.error.code} ${invited.error.message}`);
        const grant = await env.seater.join((invited.result as { code: string }).code, label);
        await session.#link(seat, grant).connect();
      }),
    );
    await session.reconnectOutsider();
    await session.exec(0, { type: 'phase.change', payload: { to: 'pre-negotiation' } });
    await Promise.all(session.links.map((link) => link.initialSync()));
    return session;
  }

  #link(seat: number, grant: SessionGrant, label = CAST[seat]?.label ?? '?'): MemberLink {
    const link = new MemberLink(label, grant.member.role, grant.member.partyId, grant, {
      server: this.env.server,
      attribute: (sid, memberId) => this.env.recipients.set(sid, { kind: 'member', book: this.#book, memberId }),
    });
    this.links[seat] = link;
    this.oracle.seat({ id: grant.member.id, role: grant.member.role, partyId: grant.member.partyId });
    this.#book.labels.set(grant.member.id, label);
    return link;
  }

  /** A new text carrying a fresh canary, authored by this seat. */
  text(seat: number, words?: string): string {
    const text = textWith(this.#mint.next(SIDES[seat] ?? 'O'), words);
    this.oracle.wrote(this.linkAt(seat).memberId, text);
    return text;
  }

  linkAt(seat: number): MemberLink {
    const link = this.links[seat];
    if (!link) throw new Error(`no member in seat ${seat}`);
    return link;
  }

  /** Runs a command as the member in this seat: predicted, sent, compared, folded in, awaited by every reader. */
  async exec(seat: number, command: ModelCommand): Promise<void> {
    await this.run(seat, command);
  }

  /** As exec, answering what the server answered (a removed member's attempt reads as FORBIDDEN). */
  async run(seat: number, command: ModelCommand): Promise<Ack> {
    const link = this.linkAt(seat);
    if (link.removed) {
      await link.expectRefused();
      return { ok: false, error: { code: 'FORBIDDEN', message: 'removed' } };
    }
    if (!link.client) await link.resume();
    const prediction = this.oracle.predict(link.memberId, command);
    const positions = this.#positions();
    const answer = await link.command(command.type, command.payload);
    this.#agree(link, command, prediction, answer);
    count(this.env.tally, `${command.type} → ${answer.ok ? 'ok' : answer.error.code}`);
    if (!answer.ok) return answer;
    const events = this.oracle.commit(link.memberId, command, answer.result);
    for (const event of events) count(this.env.tally, `event ${event.type}`);
    if (command.type === 'member.remove') {
      await this.links.find((other) => other.memberId === command.payload.memberId)?.cutOff();
    }
    await this.#barrier(events, positions);
    return answer;
  }

  #positions(): Positions {
    return new Map(this.links.map((link) => [link, { client: link.client, seen: link.client?.events.length ?? 0 }]));
  }

  #agree(link: MemberLink, command: ModelCommand, prediction: Prediction, answer: Ack): void {
    const agreed = prediction.ok ? answer.ok : !answer.ok && prediction.codes.includes(answer.error.code);
    const said = answer.ok ? 'ok' : `${answer.error.code} (${answer.error.message})`;
    if (!agreed) {
      const expected = prediction.ok ? 'ok' : prediction.codes.join(' or ');
      throw new Error(
        `the model and the server disagree: ${link.label} sent ${command.type} ${JSON.stringify(command.payload)} ` +
          `in ${this.oracle.phase}; the model expects ${expected}, the server said ${said}`,
      );
    }
    if (!answer.ok && answer.error.code === 'NOT_FOUND' && answer.error.message !== FIXED_MESSAGES.NOT_FOUND) {
      throw new Error(`NOT_FOUND must read "${FIXED_MESSAGES.NOT_FOUND}", got "${answer.error.message}"`);
    }
  }

  /**
   * Waits until every connected member who may read each event has received it, as an
   * event that arrived after the command was sent (an earlier event of the same kind and
   * content does not count).
   */
  async #barrier(events: readonly ExpectedEvent[], positions: Positions): Promise<void> {
    const waits: Promise<unknown>[] = [];
    for (const link of this.links) {
      const client = link.client;
      if (!client || link.removed) continue;
      const before = positions.get(link);
      const earlier = new Set(client.events.slice(0, before?.client === client ? before.seen : 0));
      for (const event of events) {
        if (!mayRead(this.oracle.reader(link.memberId), event.audience)) continue;
        waits.push(
          client.waitFor((wire) => !earlier.has(wire) && event.matches(wire), BARRIER_MS).catch(() => {
            throw new Error(`${link.label} never received ${event.type} in ${event.audience}`);
          }),
        );
      }
    }
    await Promise.all(waits);
  }

  /**
   * A delegate joins party `party` mid-session: its first sync returns the history it may
   * read (its party's room and caucus, joint, gallery), never the rest. It stays a reader.
   */
  async lateJoin(party: number): Promise<void> {
    const lead = this.linkAt(0);
    if (!lead.client) await lead.resume();
    const partyId = this.parties[party] ?? '';
    const invited = await lead.command('member.invite', { role: 'delegate', partyId });
    if (this.oracle.phase === 'concluded') {
      if (invited.ok || invited.error.code !== 'PHASE') throw new Error(`an invite in a concluded talks got ${JSON.stringify(invited)}`);
      return;
    }
    if (!invited.ok) throw new Error(`the late invite failed: ${invited.error.code} ${invited.error.message}`);
    // [MB9] Each newcomer takes a name of its own: a name an active member holds is refused.
    const grant = await this.env.seater.join((invited.result as { code: string }).code, `late delegate ${this.links.length}`);
    // Wait until the join has been fanned out, so the newcomer's first sync is its only source for it.
    await lead.client?.waitFor(
      (event) => event.type === 'member.joined' && (event.payload as { memberId?: string }).memberId === grant.member.id,
      BARRIER_MS,
    );
    const link = this.#link(this.links.length, grant, `late delegate of ${'ABC'[party] ?? '?'}`);
    await link.connect();
    await link.initialSync();
  }

  /** Every audience of this talks, each from its start. */
  allAudiences(): Record<string, number> {
    const cursors: Record<string, number> = { mediation: 0, joint: 0, gallery: 0 };
    for (const party of this.parties) {
      cursors[`caucus:${party}`] = 0;
      cursors[`room:${party}`] = 0;
    }
    return cursors;
  }

  /** The outsider (a member of another talks) gets a fresh socket, attributed for the leak check. */
  async reconnectOutsider(): Promise<void> {
    this.#outsider?.close();
    const client = await this.env.server.connect(this.env.outsider.grant.token);
    this.env.recipients.set(client.socket.io.engine.id, { kind: 'outsider', authored: this.env.outsider.authored });
    this.#outsider = client;
    this.#outsiderRequests = 0;
  }

  /** The outsider addresses this talks: whatever it asks, it hears NOT_FOUND. */
  async outsiderTries(what: 'command' | 'sync', type: string): Promise<void> {
    if (!this.#outsider?.socket.connected || this.#outsiderRequests >= 24) await this.reconnectOutsider();
    const outsider = this.#outsider as TestClient;
    this.#outsiderRequests += 1;
    const canary = this.#mint.next('X');
    this.env.outsider.authored.add(canary);
    const text = textWith(canary);
    const payloads: Record<string, unknown> = {
      'message.post': { audience: 'room', partyId: this.parties[0], text },
      'submission.create': { text, disclosure: 'conveyable' },
      'talks.get': {},
      'summary.draft': { text },
    };
    const answer = (
      what === 'sync'
        ? await outsider.socket.timeout(10_000).emitWithAck('sync', { talksId: this.talksId, cursors: {} })
        : await outsider.socket
            .timeout(10_000)
            .emitWithAck('command', { commandId: randomUUID(), talksId: this.talksId, type, payload: payloads[type] ?? {} })
    ) as Ack;
    if (answer.ok || answer.error.code !== 'NOT_FOUND' || answer.error.message !== FIXED_MESSAGES.NOT_FOUND) {
      throw new Error(`an outsider's ${what} ${type} on this talks got ${JSON.stringify(answer)}`);
    }
  }

  /** Restarts the server mid-session: every member reconnects and resumes from its cursors. */
  async restart(): Promise<void> {
    for (const link of this.links) link.disconnect();
    await this.env.server.restart();
    this.env.tap.attach(this.env.server);
    for (const link of this.links) if (!link.removed) await link.resume();
    await this.reconnectOutsider();
  }

  /** Resumes whoever is offline, checks everyone holds exactly what they may, closes the sockets. */
  async finish(): Promise<void> {
    for (const link of this.links) {
      if (link.removed) continue;
      if (link.client) await link.verify('at the end');
      else await link.resume();
    }
  }

  /** [AUD4] Every member calls every read command, sync and GET route (read-sweep.ts); the leak check judges the answers. */
  async sweepReads(): Promise<void> {
    await sweepReads(this, this.env);
    count(this.env.tally, 'read sweeps');
  }

  /**
   * [SIG4] GETs the export of the agreement as this seat (the seat after the cast is the
   * outsider) and holds the answer against the rules: who may read it when, and that it
   * carries the agreed text and nothing else (no comment, mark, draft or other version).
   */
  async checkExport(who: number, html: boolean): Promise<void> {
    const link = who < CAST.length ? this.linkAt(who) : undefined;
    const token = link ? link.grant.token : this.env.outsider.grant.token;
    const path = `/api/talks/${this.talksId}/agreement${html ? '.html' : ''}`;
    const answer = await getText(`${this.env.server.url}${path}`, { authorization: `Bearer ${token}` });
    const reader = link ? this.oracle.reader(link.memberId) : undefined;
    const { agreement } = this.oracle;
    const expected = !reader ? 'NOT_FOUND' : reader.removed ? 'UNAUTHENTICATED' : agreement.mayExport(reader) ? 'ok' : 'NOT_FOUND';
    count(this.env.tally, `export ${html ? 'html' : 'json'} → ${answer.status}`);
    this.#exportLeaks.push(
      ...judgeExport(answer, {
        recipient: link?.label ?? 'the outsider',
        expected,
        html,
        texts: agreement.agreedTexts(),
        version: agreement.agreedVersion,
        concluded: agreement.concluded,
        signed: [...agreement.signed],
      }),
    );
  }

  /** Closes every socket, then searches every frame, log line and body since the last check. */
  closeAndJudge(): string | null {
    for (const link of this.links) link.close();
    this.#outsider?.close();
    const { server, tap, recipients, bodies, talks } = this.env;
    const lines = server.logLines.slice(this.env.logCursor);
    this.env.logCursor = server.logLines.length;
    const frames = tap.drain();
    count(this.env.tally, 'frames judged', frames.length);
    count(this.env.tally, 'canaries in frames', frames.reduce((sum, frame) => sum + canariesIn(frame.data).length, 0));
    const leaks = [
      ...this.#exportLeaks.splice(0),
      ...judgeFrames(frames, recipients, talks),
      ...judgeEvents(frames, recipients),
      ...judgeAuditEntries(frames, recipients),
      ...judgeTexts('log line', lines),
      ...judgeTexts('HTTP body', bodies.splice(0)),
    ];
    return leaks.length > 0 ? `${describeLeaks(leaks)}\n(talks ${this.talksId})` : null;
  }
}
