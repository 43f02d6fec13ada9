/**
 * A lost race for a talks' head (stale expectedSeq, or another writer's row),
 * thrown where DomainError is not loaded: the SQLite writer thread imports no
 * protocol code (its schemas would cost the thread a quarter second to load).
 * The log hands it to callers as DomainError('CONFLICT') with the same message.
 */
export class LogConflict extends Error {
  override readonly name = 'LogConflict';
}
