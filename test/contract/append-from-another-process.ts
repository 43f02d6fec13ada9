// Another process appending to a talks while a log is open on the same file, as
// the CLI may while the server runs. Appends `count` events to the talks' current
// head, one append each, and prints the last seq.
// Usage: node --import tsx/esm append-from-another-process.ts <dataDir> <talksId> <count> <audience>
import { asId, SYSTEM_ACTOR, type Audience, type TalksId } from '../../shared/src/index.js';
import { openEventLog } from '../../server/src/storage/open-event-log.js';

const [dataDir = '', talksId = '', count = '1', audience = 'joint'] = process.argv.slice(2);

const log = await openEventLog({ dataDir });
try {
  const talks = asId<TalksId>(talksId);
  let { seq } = await log.head(talks);
  for (let index = 0; index < Number(count); index += 1) {
    const id = `elsewhere-${talksId}-${seq}`;
    const outcome = await log.append({
      talksId: talks,
      expectedSeq: seq,
      events: [
        {
          id,
          type: 'message.posted',
          audience: audience as Audience,
          at: new Date().toISOString(),
          actor: SYSTEM_ACTOR,
          payload: { messageId: id, channel: 'joint', partyId: null, text: 'from another process' },
        },
      ],
    });
    if (outcome.kind !== 'appended') throw new Error('an append without a command came back as a duplicate');
    seq = outcome.events.at(-1)?.seq ?? seq;
  }
  process.stdout.write(`${seq}\n`);
} finally {
  await log.close();
}
