import type { PartyId } from '../../../../shared/src/ids.js';
import type { InboxItem } from '../../api/selectors.js';

/** What the "Convey to…" dialog is opened for: a party's text, or the mediator's own proposal to a room. */
export interface ConveyTarget {
  source: InboxItem | null;
  toPartyId: PartyId | null;
}

export type OpenConvey = (target: ConveyTarget) => void;
