/** How much a budget holds and how fast it fills again. */
export interface BudgetRate {
  /** The most that may be spent at once (the burst). */
  capacity: number;
  /** What comes back each second. */
  perSecond: number;
}

/**
 * A token bucket that may go into debt. A read's cost is only known once it has
 * been produced (what it returned), so it is admitted while the bucket holds
 * anything and charged in full afterwards; the debt then keeps the next request out
 * for as long as it takes to repay.
 */
export class DebtBucket {
  #tokens: number;
  #last: number;

  constructor(now: number, rate: BudgetRate) {
    this.#tokens = rate.capacity;
    this.#last = now;
  }

  /** Milliseconds until `cost` can be spent (0: now). */
  wait(now: number, rate: BudgetRate, cost: number): number {
    this.#refill(now, rate);
    const short = Math.min(cost, rate.capacity) - this.#tokens;
    if (short <= 0) return 0;
    return Math.ceil((short / rate.perSecond) * 1000);
  }

  charge(now: number, rate: BudgetRate, cost: number): void {
    this.#refill(now, rate);
    this.#tokens -= cost;
  }

  /** A full bucket remembers nothing a fresh one would not: it can be dropped. */
  isFull(now: number, rate: BudgetRate): boolean {
    this.#refill(now, rate);
    return this.#tokens >= rate.capacity;
  }

  #refill(now: number, rate: BudgetRate): void {
    this.#tokens = Math.min(rate.capacity, this.#tokens + ((now - this.#last) / 1000) * rate.perSecond);
    this.#last = now;
  }
}

/**
 * Buckets by key (a member, an address), all at one rate scaled by `share`: with
 * several nodes each enforces its share of the budget, so together they never give
 * a member more than the whole. Buckets that filled up again are swept away, so the
 * book holds only those who spent recently.
 */
export class BudgetBook {
  readonly #buckets = new Map<string, DebtBucket>();
  #share = 1;
  #operations = 0;

  constructor(
    private readonly rate: BudgetRate,
    private readonly now: () => number,
  ) {}

  setShare(share: number): void {
    this.#share = Math.min(1, Math.max(share, 0.01));
  }

  /** Milliseconds until `key` may spend `cost` (0: now). */
  wait(key: string, cost = 1): number {
    const bucket = this.#buckets.get(key);
    return bucket ? bucket.wait(this.now(), this.#scaled(), cost) : 0;
  }

  charge(key: string, cost: number): void {
    const now = this.now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new DebtBucket(now, this.#scaled());
      this.#buckets.set(key, bucket);
    }
    bucket.charge(now, this.#scaled(), cost);
    if (++this.#operations % 1024 === 0) this.sweep();
  }

  sweep(): void {
    const now = this.now();
    const rate = this.#scaled();
    for (const [key, bucket] of this.#buckets) if (bucket.isFull(now, rate)) this.#buckets.delete(key);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #scaled(): BudgetRate {
    return { capacity: this.rate.capacity * this.#share, perSecond: this.rate.perSecond * this.#share };
  }
}
