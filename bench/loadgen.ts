import { serveParent } from './child.js';
import { Fleet } from './fleet.js';
import { runProposals, type ProposalRunOptions } from './proposals.js';
import type { Ticket } from './roster.js';

// The load generator, in its own process (pinned to the core the server is not
// on, when taskset exists). It holds every client socket and measures every
// latency; the orchestrator tells it what to do, one call at a time.

let fleet: Fleet | undefined;

const fleetOf = (): Fleet => {
  if (!fleet) throw new Error('call target first');
  return fleet;
};

serveParent(
  {
    target: ({ url }: { url: string }) => {
      fleet?.closeAll();
      fleet = new Fleet(url);
    },
    connect: ({ tickets, concurrency }: { tickets: Ticket[]; concurrency?: number }) => fleetOf().connect(tickets, concurrency),
    proposals: (options: ProposalRunOptions) => runProposals(fleetOf(), options),
    disconnect: ({ memberIds }: { memberIds: string[] }) => fleetOf().disconnect(memberIds),
    resume: ({ memberIds }: { memberIds: string[] }) => fleetOf().resume(memberIds),
    closeAll: () => fleetOf().closeAll(),
  },
  () => {
    fleet?.closeAll();
    return Promise.resolve();
  },
);
