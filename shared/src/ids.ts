// Branded ids: a PartyId can never be passed where a MemberId is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type TalksId = Brand<string, 'TalksId'>;
export type PartyId = Brand<string, 'PartyId'>;
export type MemberId = Brand<string, 'MemberId'>;
export type EventId = Brand<string, 'EventId'>;
export type InviteId = Brand<string, 'InviteId'>;
export type SubmissionId = Brand<string, 'SubmissionId'>;
export type ConveyanceId = Brand<string, 'ConveyanceId'>;
export type ResponseId = Brand<string, 'ResponseId'>;
export type SummaryId = Brand<string, 'SummaryId'>;
export type CommandId = Brand<string, 'CommandId'>;
export type AgendaItemId = Brand<string, 'AgendaItemId'>;
export type ClauseId = Brand<string, 'ClauseId'>;
export type TermId = Brand<string, 'TermId'>;
export type CommentId = Brand<string, 'CommentId'>;

/** Ids are UUIDs everywhere; the brand only exists at compile time. */
export const asId = <T extends string>(value: string): T => value as T;
