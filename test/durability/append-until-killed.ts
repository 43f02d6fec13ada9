// A writer to be killed: appends to several talks at once, forever, and prints
// one line per acknowledged event, `ack <talksId> <seq> <hash>`, the moment its
// append resolves. group-commit.test.ts SIGKILLs it mid-stream and checks that
// every printed event is in the store. Writes to a pipe are synchronous on
// Linux, so a printed line was acknowledged before the kill.
// Usage: node --import tsx/esm append-until-killed.ts <dataDir> <talksCount> [databaseUrl schema]
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, asId, type TalksId } from '../../shared/src/index.js';
import type { EventLog, NewEvent } from '../../server/src/log/event-log.js';
import { openEventLog } from '../../server/src/storage/open-event-log.js';

const [dataDir = '', talksCount = '8', databaseUrl, postgresSchema] = process.argv.slice(2);

const message = (index: number): NewEvent => {
  const id = randomUUID();
  return {
    id,
    type: 'message.posted',
    audience: index % 3 === 0 ? 'joint' : 'room:p1',
    at: new Date().toISOString(),
    actor: SYSTEM_ACTOR,
    payload: { messageId: id, channel: 'joint', partyId: null, text: `message ${index}` },
  };
};

// Each appender owns one talks, so it knows the head without asking after the first time.
const appendForever = async (log: EventLog, talksId: TalksId): Promise<never> => {
  let { seq } = await log.head(talksId);
  for (let index = 0; ; index += 1) {
    const events = Array.from({ length: 1 + (index % 3) }, (_, offset) => message(index + offset));
    const outcome = await log.append({
      talksId,
      expectedSeq: seq,
      events,
      command: { commandId: randomUUID(), fingerprint: 'f'.repeat(64), result: { index } },
    });
    if (outcome.kind !== 'appended') throw new Error('a fresh commandId came back as a duplicate');
    for (const event of outcome.events) process.stdout.write(`ack ${talksId} ${event.seq} ${event.hash}\n`);
    seq = outcome.events.at(-1)?.seq ?? seq;
  }
};

const log = await openEventLog({ dataDir, databaseUrl, postgresSchema });
const talks = Array.from({ length: Number(talksCount) }, (_, index) => asId<TalksId>(`durable-talks-${index}`));
process.stdout.write('ready\n');
await Promise.all(talks.map((talksId) => appendForever(log, talksId)));
