import type { PartyId, Role } from '../../../shared/src/index.js';
import type { TalksService } from '../app/talks-service.js';

/** Seeds a demo talks (two parties, heads, delegates, a co-mediator, an observer) and prints one link per role. */
export async function seedDemo(service: TalksService, out: (line: string) => void): Promise<number> {
  const opened = await service.openTalks({
    title: 'Demo: Northland–Southland water-sharing talks',
    partyNames: ['Northland', 'Southland'],
    observerCap: 2,
  });
  const [north, south] = opened.parties as [{ id: PartyId; name: string }, { id: PartyId; name: string }];
  const seats: { label: string; role: Role; partyId?: PartyId }[] = [
    { label: 'Co-mediator', role: 'co-mediator' },
    { label: `Head of delegation, ${north.name}`, role: 'head', partyId: north.id },
    { label: `Delegate, ${north.name}`, role: 'delegate', partyId: north.id },
    { label: `Head of delegation, ${south.name}`, role: 'head', partyId: south.id },
    { label: `Delegate, ${south.name}`, role: 'delegate', partyId: south.id },
    { label: `Observer (invited by ${north.name})`, role: 'observer', partyId: north.id },
  ];
  out(`Demo talks ${opened.talksId} is ready. Open each link in its own browser window (or private window):`);
  out('');
  out(`  Lead mediator: ${opened.invite.url}`);
  for (const seat of seats) {
    const invite = await service.operatorInvite(opened.talksId, {
      role: seat.role,
      ...(seat.partyId ? { partyId: seat.partyId } : {}),
    });
    out(`  ${seat.label}: ${invite.url}`);
  }
  out('');
  out('Each link works once. The lead mediator moves the talks to pre-negotiation to start shuttling.');
  return 0;
}
