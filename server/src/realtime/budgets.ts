import { DomainError } from '../talks/domain-error.js';
import { BudgetBook, type BudgetRate } from './budget-bucket.js';

export interface BudgetLimits {
  /** Socket messages (commands, syncs, renewals, handshakes) per member, across all its sockets. */
  messages: BudgetRate;
  /** Bytes of answers to reads (`sync`, `talks.get`, `audit.read`) per member. */
  readBytes: BudgetRate;
  /** A client address gets this many members' worth of both (0: no per-address budget). */
  addressFactor: number;
  /** Reads of one member waiting behind the one being served; more are refused. */
  readsWaiting: number;
}

/** What each event of a read costs on top of its bytes: folding an event is work for the server too. */
export const EVENT_COST_BYTES = 256;

/** The answer to anything over budget: nothing was done, retry after `retryAfterMs`. */
export class RateLimited extends DomainError {
  constructor(retryAfterMs: number, message: string) {
    super('RATE_LIMITED', message, retryAfterMs);
  }
}

const TOO_MANY_MESSAGES = 'Too many requests from this member: wait a moment and retry.';
const TOO_MANY_FROM_ADDRESS = 'Too many requests from this network address: wait a moment and retry.';
const TOO_MUCH_READ = 'This member has read a lot in a short time: wait a moment and retry.';
const TOO_MANY_READS = 'This member already has reads under way: retry when they have answered.';
// A waiting read is refused with a short pause: the one ahead of it is being served.
const READ_BUSY_RETRY_MS = 250;

interface Gate {
  running: boolean;
  waiting: (() => void)[];
}

/**
 * Budgets per member and per client address, shared by all their sockets on this
 * node (a member may open several sockets; each used to get a budget of its own).
 * Messages cost one each; reads are charged what they returned, in bytes and events,
 * and run one at a time per member, so a flood of reads holds at most one answer of
 * that member in memory at once instead of one per socket per message.
 */
export class Budgets {
  readonly #memberMessages: BudgetBook;
  readonly #memberReads: BudgetBook;
  readonly #addressMessages: BudgetBook | undefined;
  readonly #addressReads: BudgetBook | undefined;
  readonly #gates = new Map<string, Gate>();

  constructor(
    private readonly limits: BudgetLimits,
    now: () => number = Date.now,
  ) {
    this.#memberMessages = new BudgetBook(limits.messages, now);
    this.#memberReads = new BudgetBook(limits.readBytes, now);
    if (limits.addressFactor > 0) {
      this.#addressMessages = new BudgetBook(scale(limits.messages, limits.addressFactor), now);
      this.#addressReads = new BudgetBook(scale(limits.readBytes, limits.addressFactor), now);
    }
  }

  /** With N nodes, each enforces 1/N of every budget (see docs/operations.md). */
  setNodeCount(nodes: number): void {
    const share = 1 / Math.max(1, nodes);
    for (const book of this.#books()) book.setShare(share);
  }

  /** Charges one message to the member and its address, or throws RATE_LIMITED having charged nothing. */
  admitMessage(member: string, address: string): void {
    const memberWait = this.#memberMessages.wait(member);
    if (memberWait > 0) throw new RateLimited(memberWait, TOO_MANY_MESSAGES);
    this.admitAddress(address);
    this.#memberMessages.charge(member, 1);
  }

  /** Charges one message to an address alone (a handshake, before its token is checked). */
  admitAddress(address: string): void {
    const wait = this.#addressMessages?.wait(address) ?? 0;
    if (wait > 0) throw new RateLimited(wait, TOO_MANY_FROM_ADDRESS);
    this.#addressMessages?.charge(address, 1);
  }

  /** Charges one message to a member alone (a handshake, once its token names the member). */
  admitMember(member: string): void {
    const wait = this.#memberMessages.wait(member);
    if (wait > 0) throw new RateLimited(wait, TOO_MANY_MESSAGES);
    this.#memberMessages.charge(member, 1);
  }

  /**
   * Runs a read for a member: refused while its read budget is in debt or when
   * `readsWaiting` reads already wait; otherwise run after the member's previous
   * read, and charged the cost `costOf` puts on its answer.
   */
  async read<T>(member: string, address: string, produce: () => Promise<T>, costOf: (answer: T) => number): Promise<T> {
    this.#checkReadBudget(member, address);
    const gate = this.#gates.get(member) ?? { running: false, waiting: [] };
    if (gate.running && gate.waiting.length >= this.limits.readsWaiting) {
      throw new RateLimited(READ_BUSY_RETRY_MS, TOO_MANY_READS);
    }
    this.#gates.set(member, gate);
    if (gate.running) await new Promise<void>((resolve) => gate.waiting.push(resolve));
    gate.running = true;
    try {
      // The budget may have gone into debt while this read waited.
      this.#checkReadBudget(member, address);
      const answer = await produce();
      const cost = costOf(answer);
      this.#memberReads.charge(member, cost);
      this.#addressReads?.charge(address, cost);
      return answer;
    } finally {
      const next = gate.waiting.shift();
      if (next) next();
      else {
        gate.running = false;
        this.#gates.delete(member);
      }
    }
  }

  /** Members and addresses remembered now (for the tests that check the books empty out). */
  get remembered(): number {
    return this.#books().reduce((sum, book) => sum + book.size, 0) + this.#gates.size;
  }

  sweep(): void {
    for (const book of this.#books()) book.sweep();
  }

  #checkReadBudget(member: string, address: string): void {
    const memberWait = this.#memberReads.wait(member);
    if (memberWait > 0) throw new RateLimited(memberWait, TOO_MUCH_READ);
    const addressWait = this.#addressReads?.wait(address) ?? 0;
    if (addressWait > 0) throw new RateLimited(addressWait, TOO_MANY_FROM_ADDRESS);
  }

  #books(): BudgetBook[] {
    return [this.#memberMessages, this.#memberReads, this.#addressMessages, this.#addressReads].filter(
      (book): book is BudgetBook => book !== undefined,
    );
  }
}

const scale = (rate: BudgetRate, factor: number): BudgetRate => ({
  capacity: rate.capacity * factor,
  perSecond: rate.perSecond * factor,
});

/** What a read answer costs: its bytes as JSON plus a fixed amount per event it carries. */
export const readCost = (bytes: number, events: number): number => bytes + events * EVENT_COST_BYTES;
