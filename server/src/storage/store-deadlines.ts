/** [FLT2] Every store call has a time limit; past it the command answers UNAVAILABLE. */
export interface StoreDeadlines {
  /** Opening one connection to PostgreSQL (or waiting for a free one in the pool). */
  connectMs: number;
  /** One query (read or write), on the client and as PostgreSQL's statement_timeout. */
  queryMs: number;
  /** One group commit from BEGIN to COMMIT (PostgreSQL) or one batch of the SQLite writer. */
  commitMs: number;
}

/** The documented defaults (docs/operations.md, "Faults and deadlines"). */
export const DEFAULT_STORE_DEADLINES: StoreDeadlines = { connectMs: 3_000, queryMs: 5_000, commitMs: 5_000 };
