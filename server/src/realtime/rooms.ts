import type { Audience, MemberId, TalksId } from '../../../shared/src/index.js';

// Socket.IO room names. Clients never name a room: the server joins each socket to
// the rooms of the audiences its member may read.

export const audienceRoom = (talksId: TalksId, audience: Audience): string => `t:${talksId}:a:${audience}`;
export const memberRoom = (talksId: TalksId, memberId: MemberId): string => `t:${talksId}:m:${memberId}`;
export const talksRoom = (talksId: TalksId): string => `t:${talksId}`;
