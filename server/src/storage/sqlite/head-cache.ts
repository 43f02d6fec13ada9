import type { Audience } from '../../../../shared/src/index.js';

/** What the writer knows of a talks' chain: its head, and the last aseq of the audiences it met. */
export interface KnownHead {
  seq: number;
  hash: string;
  /** Whether the talks has a row in talks_heads (a talks with no events yet has none). */
  stored: boolean;
  /** The last aseq of each audience known so far; an audience missing here is read from the store. */
  aseqs: Map<Audience, number>;
}

/** About 0.5 KB a talks: a few megabytes at most. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The chain heads the writer's connection read or wrote, per talks, so an
 * append need not read its talks' head and audience heads again. Another
 * process (the CLI, a second server) may append to the same file between two
 * of the writer's transactions, so a head kept from an earlier transaction is
 * only a guess: the append that uses it moves the head row with a
 * compare-and-set on both seq and hash, and a miss throws the guess away (see
 * append.ts). A head the current transaction read or wrote is the truth,
 * since the transaction holds the file's write lock. Bounded: the talks
 * appended to least recently are forgotten first.
 */
export class HeadCache {
  readonly #heads = new Map<string, KnownHead>();
  // The talks whose row the open transaction read or moved.
  readonly #seen = new Set<string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The talks' known head and whether the open transaction saw its row; undefined if only the store knows. */
  find(talksId: string): { head: KnownHead; seen: boolean } | undefined {
    const head = this.#heads.get(talksId);
    if (!head) return undefined;
    const seen = this.#seen.has(talksId);
    // Without a row there is nothing to compare-and-set against: only the store can say it is still absent.
    if (!seen && !head.stored) {
      this.#heads.delete(talksId);
      return undefined;
    }
    return { head, seen };
  }

  /** The open transaction read this head from the store, or moved the talks' row to it. */
  saw(talksId: string, head: KnownHead): void {
    // Deleted first, so the Map's order stays that of last use.
    this.#heads.delete(talksId);
    this.#heads.set(talksId, head);
    this.#seen.add(talksId);
  }

  /** Forgets a head found stale. */
  evict(talksId: string): void {
    this.#heads.delete(talksId);
    this.#seen.delete(talksId);
  }

  /** The open transaction committed: what it saw becomes a guess for the next one. */
  committed(): void {
    this.#seen.clear();
    for (const talksId of this.#heads.keys()) {
      if (this.#heads.size <= this.capacity) break;
      this.#heads.delete(talksId);
    }
  }

  /** The open transaction rolled back: heads were changed in place, so forget them all. */
  rolledBack(): void {
    this.#heads.clear();
    this.#seen.clear();
  }

  get size(): number {
    return this.#heads.size;
  }
}
