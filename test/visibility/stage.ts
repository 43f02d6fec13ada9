import { randomUUID } from 'node:crypto';
import type { Ack, Phase, Role } from '../../shared/src/index.js';
import type { TestClient } from '../support/server.js';
import { NEXT_PHASES, type ActingRole } from './authorization-matrix.js';
import type { OpenedTalks, Seated, Seater } from './seating.js';

// A stage for one cell of a matrix: a fresh talks with two parties, its lead mediator
// connected, and whoever else the cell needs seated on demand. The acting member always
// belongs to party A (an observer is invited on A's behalf).

export class Stage {
  readonly #seats = new Map<string, Seated>();
  #phase: Phase = 'preparation';

  private constructor(
    private readonly seater: Seater,
    readonly talks: OpenedTalks,
  ) {}

  static async open(seater: Seater): Promise<Stage> {
    return new Stage(seater, await seater.openTalks(['Northland', 'Southland']));
  }

  get talksId(): string {
    return this.talks.talksId;
  }
  get partyA(): string {
    return this.talks.parties[0]?.id ?? '';
  }
  get partyB(): string {
    return this.talks.parties[1]?.id ?? '';
  }
  get lead(): TestClient {
    return this.talks.lead.client;
  }

  /** A member with this role (of this party, or sponsored by it for an observer), seated once. */
  async member(role: Role, partyId?: string): Promise<Seated> {
    if (role === 'lead-mediator') return this.talks.lead;
    const key = `${role}/${partyId ?? ''}`;
    let seated = this.#seats.get(key);
    if (!seated) {
      seated = await this.seater.seat(this.lead, role, partyId);
      this.#seats.set(key, seated);
    }
    return seated;
  }

  /** The acting member of a cell: party A's head, delegate or observer, or a mediator. */
  async actor(role: ActingRole): Promise<Seated> {
    return this.member(role, role === 'head' || role === 'delegate' || role === 'observer' ? this.partyA : undefined);
  }

  /** Moves the talks to a phase along the allowed edges. */
  async phase(to: Phase): Promise<void> {
    for (const step of phasePath(this.#phase, to)) {
      await this.ok(this.lead, 'phase.change', { to: step });
      this.#phase = step;
    }
  }

  /** Sends a command that the setup needs to succeed, and returns its result. */
  async ok<T = Record<string, string>>(client: TestClient, type: string, payload: unknown): Promise<T> {
    const answer: Ack<T> = await client.command<T>(type, payload);
    if (!answer.ok) throw new Error(`setup ${type} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.result;
  }

  async submit(partyId: string, disclosure: string, text = `A position ${randomUUID()}`): Promise<string> {
    const head = await this.member('head', partyId);
    return (await this.ok(head.client, 'submission.create', { text, disclosure })).submissionId ?? '';
  }

  /** A bridging proposal from the lead mediator to a party's room (moves to pre-negotiation first). */
  async conveyTo(partyId: string): Promise<string> {
    await this.phase('pre-negotiation');
    const made = await this.ok(this.lead, 'conveyance.create', { toPartyId: partyId, text: 'A bridging proposal' });
    return made.conveyanceId ?? '';
  }

  async draftSummary(): Promise<string> {
    return (await this.ok(this.lead, 'summary.draft', { text: 'The parties met.' })).summaryId ?? '';
  }

  close(): void {
    this.lead.close();
    for (const seated of this.#seats.values()) seated.client.close();
  }
}

/** The shortest way from one phase to another along the phase graph. */
export function phasePath(from: Phase, to: Phase): Phase[] {
  const previous = new Map<Phase, Phase>([[from, from]]);
  const queue: Phase[] = [from];
  while (queue.length > 0 && !previous.has(to)) {
    const phase = queue.shift() as Phase;
    for (const next of NEXT_PHASES[phase]) {
      if (!previous.has(next)) {
        previous.set(next, phase);
        queue.push(next);
      }
    }
  }
  if (!previous.has(to)) throw new Error(`no way from ${from} to ${to}`);
  const path: Phase[] = [];
  for (let at = to; at !== from; at = previous.get(at) as Phase) path.unshift(at);
  return path;
}
