import type { Audience } from '../../../shared/src/index.js';
import type { Member } from '../talks/state.js';
import { membershipAudience } from './audience.js';

/** The audience that learns of this member: the audience of its member.joined event. */
export const membershipAudienceOf = (member: Member): Audience => membershipAudience(member.role, member.partyId);
