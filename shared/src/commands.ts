import { z } from 'zod';
import {
  CLAUSE_STATES,
  CONVEYANCE_KINDS,
  DISCLOSURES,
  LANGUAGES,
  LIMITS,
  MESSAGE_CHANNELS,
  PHASES,
  ROLES,
  STANCES,
  type Role,
} from './model.js';

// A runtime schema for every inbound command payload; the TypeScript types are
// derived from them so the two can never drift apart.

const id = z.uuid();
const text = z.string().trim().min(1, 'Text is empty.').max(LIMITS.maxTextChars);

// The agreement's parts. A text in several languages names each language it gives;
// a language left out keeps its earlier wording (or stays empty), "" clears it.
const languageText = z.string().trim().max(LIMITS.maxTextChars);
const languageTexts = z.strictObject({
  en: languageText.optional(),
  uk: languageText.optional(),
  ru: languageText.optional(),
});
const termTexts = z.strictObject({
  en: languageText.max(LIMITS.maxTermChars).optional(),
  uk: languageText.max(LIMITS.maxTermChars).optional(),
  ru: languageText.max(LIMITS.maxTermChars).optional(),
});
const alternative = z.strictObject({
  label: z.string().trim().min(1).max(LIMITS.maxLabelChars),
  texts: languageTexts,
});
const version = z.number().int().min(1);
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'Not base64url.');
// What WebCrypto's exportKey('jwk') gives for a public key; a private member (d) is refused.
const jwkExtras = {
  alg: z.enum(['ES256', 'EdDSA', 'Ed25519']).optional(),
  ext: z.boolean().optional(),
  key_ops: z.array(z.string().max(20)).max(8).optional(),
  use: z.literal('sig').optional(),
  kid: z.string().max(200).optional(),
};
const publicJwk = z.discriminatedUnion('kty', [
  z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: base64url.length(43), y: base64url.length(43), ...jwkExtras }),
  z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: base64url.length(43), ...jwkExtras }),
]);

/** Payload schemas of the agenda, the single negotiating text, the package and the signatures. */
const agreementCommandSchemas = {
  'agenda.add': z.strictObject({ title: z.string().trim().min(1).max(LIMITS.maxTitleChars), description: languageText.optional() }),
  'agenda.update': z.strictObject({
    itemId: id,
    title: z.string().trim().min(1).max(LIMITS.maxTitleChars).optional(),
    description: languageText.optional(),
  }),
  'agenda.link': z.strictObject({
    itemId: id,
    submissionId: id.optional(),
    responseId: id.optional(),
    conveyanceId: id.optional(),
    clauseId: id.optional(),
  }),
  'text.draftClause': z.strictObject({
    clauseId: id.optional(),
    agendaItemIds: z.array(id).max(LIMITS.maxAgendaItems),
    texts: languageTexts,
    alternatives: z.array(alternative).max(LIMITS.maxAlternatives).optional(),
  }),
  'text.setClauseState': z.strictObject({
    clauseId: id,
    state: z.enum(CLAUSE_STATES),
    alternative: z.string().trim().min(1).max(LIMITS.maxLabelChars).optional(),
  }),
  'text.setAuthentic': z.strictObject({ language: z.enum(LANGUAGES) }),
  'text.shareVersion': z.strictObject({}),
  'text.comment': z.strictObject({ version, clauseId: id, text, objects: z.boolean() }),
  'glossary.define': z.strictObject({ termId: id.optional(), term: termTexts, definition: languageTexts }),
  'glossary.setState': z.strictObject({ termId: id, state: z.enum(CLAUSE_STATES) }),
  'package.mark': z.strictObject({ version, clauseId: id, canLiveWith: z.boolean() }),
  'package.accept': z.strictObject({ version }),
  'item.proposeEarly': z.strictObject({ itemId: id }),
  'item.consentEarly': z.strictObject({ itemId: id }),
  'member.registerKey': z.strictObject({ jwk: publicJwk }),
  'agreement.sign': z.strictObject({ version, jws: z.string().min(1).max(LIMITS.maxJwsChars) }),
} as const;

export const commandPayloadSchemas = {
  'talks.get': z.strictObject({}),
  'member.invite': z.strictObject({
    role: z.enum(ROLES),
    partyId: id.optional(),
    expiresInHours: z.number().int().min(1).max(LIMITS.maxInviteHours).optional(),
  }),
  'invite.revoke': z.strictObject({ inviteId: id }),
  'member.remove': z.strictObject({ memberId: id }),
  'member.offerReentry': z.strictObject({
    memberId: id,
    expiresInHours: z.number().int().min(1).max(LIMITS.maxInviteHours).optional(),
  }),
  'phase.change': z.strictObject({ to: z.enum(PHASES) }),
  'message.post': z.strictObject({
    audience: z.enum(MESSAGE_CHANNELS),
    partyId: id.optional(),
    text,
  }),
  'submission.create': z.strictObject({ text, disclosure: z.enum(DISCLOSURES) }),
  'submission.withdraw': z.strictObject({ submissionId: id }),
  'conveyance.create': z.strictObject({
    toPartyId: id,
    text,
    submissionId: id.optional(),
    responseId: id.optional(),
    /** [CNV4] Defaults to what the cited source is: a party's question stays a question. */
    kind: z.enum(CONVEYANCE_KINDS).optional(),
  }),
  'response.create': z.strictObject({
    conveyanceId: id,
    stance: z.enum(STANCES),
    text,
    disclosure: z.enum(DISCLOSURES),
  }),
  'summary.draft': z.strictObject({ text }),
  'summary.approve': z.strictObject({ summaryId: id, version: version.optional() }),
  'summary.requestChanges': z.strictObject({ summaryId: id, text }),
  'summary.publish': z.strictObject({ summaryId: id }),
  // [SUM5][SUM6] A summary is revised (a new version, asked for approval again) or withdrawn.
  'summary.revise': z.strictObject({ summaryId: id, text }),
  'summary.withdraw': z.strictObject({ summaryId: id }),
  // [INB1] A mediator marks a party's submission or answer handled (or not) in the inbox.
  'inbox.mark': z.strictObject({
    submissionId: id.optional(),
    responseId: id.optional(),
    handled: z.boolean(),
  }),
  'audit.read': z.strictObject({
    afterSeq: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(LIMITS.maxAuditPage).optional(),
  }),
  ...agreementCommandSchemas,
} as const;

export type CommandType = keyof typeof commandPayloadSchemas;
export const COMMAND_TYPES = Object.keys(commandPayloadSchemas) as CommandType[];

export type CommandPayloads = { [K in CommandType]: z.infer<(typeof commandPayloadSchemas)[K]> };

/** Commands that only read: they append nothing and need no idempotency record. */
export const READ_COMMANDS: ReadonlySet<CommandType> = new Set(['talks.get', 'audit.read']);

export const commandEnvelopeSchema = z.strictObject({
  commandId: id,
  talksId: id,
  type: z.string().min(1).max(64),
  payload: z.unknown(),
});

export type CommandEnvelope = z.infer<typeof commandEnvelopeSchema>;

/** A command once validated: the type and its payload travel together. */
export type Command = { [K in CommandType]: { type: K; payload: CommandPayloads[K] } }[CommandType];

export const isCommandType = (value: string): value is CommandType =>
  Object.prototype.hasOwnProperty.call(commandPayloadSchemas, value);

export const syncRequestSchema = z.strictObject({
  talksId: id,
  cursors: z.record(z.string().max(80), z.number().int().min(0)),
  limit: z.number().int().min(1).max(LIMITS.maxSyncEvents).optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export const redeemRequestSchema = z.strictObject({
  code: z.string().min(1).max(200),
  displayName: z.string().trim().min(1, 'Say how others should see your name.').max(LIMITS.maxNameChars),
});
export type RedeemRequest = z.infer<typeof redeemRequestSchema>;

/** [MB10] What the join page asks before anyone signs in: the code only. */
export const invitePreviewRequestSchema = z.strictObject({ code: z.string().min(1).max(200) });

/** [MB10] What a pending invite is for, as the join page shows it. */
export interface InvitePreview {
  talksTitle: string;
  role: Role;
  /** The delegation's party, or for an observer the party on whose behalf they come; null for mediators. */
  partyName: string | null;
  /** For a re-entry link: the name of the member it signs in as; null for a new seat. */
  memberName: string | null;
}

export const refreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(4096) });
