import type { EventLog } from '../server/src/log/event-log.js';
import { newHistogram, recordMs, summarise, type LatencySummary } from './histogram.js';

// The event log Parley runs on in the benchmark, with a stopwatch around the two
// calls on every command's path: the durable append (which resolves only once its
// batch is committed) and the idempotency lookup. It tells how much of the
// proposal path's latency the store accounts for. Everything else is passed through.

export interface StoreTimings {
  append: LatencySummary;
  findCommand: LatencySummary;
}

export function timedLog(log: EventLog): { log: EventLog; reset: () => void; timings: () => StoreTimings } {
  let append = newHistogram();
  let findCommand = newHistogram();
  const timed =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>, into: () => ReturnType<typeof newHistogram>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await call(...args);
      } finally {
        recordMs(into(), performance.now() - started);
      }
    };
  const wrapped: EventLog = {
    append: timed((request) => log.append(request), () => append),
    findCommand: timed((talksId, commandId) => log.findCommand(talksId, commandId), () => findCommand),
    read: (talksId, afterSeq, limit) => log.read(talksId, afterSeq, limit),
    readAudiences: (talksId, cursors, limit) => log.readAudiences(talksId, cursors, limit),
    head: (talksId) => log.head(talksId),
    readEntries: (talksId, afterSeq, limit) => log.readEntries(talksId, afterSeq, limit),
    listTalks: () => log.listTalks(),
    indexInvite: (codeHash, talksId) => log.indexInvite(codeHash, talksId),
    findInviteTalks: (codeHash) => log.findInviteTalks(codeHash),
    close: () => log.close(),
  };
  return {
    log: wrapped,
    reset: () => {
      append = newHistogram();
      findCommand = newHistogram();
    },
    timings: () => ({ append: summarise(append), findCommand: summarise(findCommand) }),
  };
}
