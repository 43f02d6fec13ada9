// What `talks.get` and the `presence` messages add to the event fold: who is
// online right now (presence is not a logged event). Read defensively, so a
// field the server leaves out for this reader simply stays unknown.

export interface TalksSnapshot {
  /** Ids of the members online now, or null when this reader may not know presence. */
  online: ReadonlySet<string> | null;
}

export const emptySnapshot: TalksSnapshot = { online: null };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Accepts `online` as a list of ids, a map of id → boolean, or a map of room → list of ids. */
function readOnline(value: unknown): ReadonlySet<string> | null {
  if (Array.isArray(value)) return new Set(value.filter((id): id is string => typeof id === 'string'));
  if (!isRecord(value)) return null;
  const ids = new Set<string>();
  for (const [key, entry] of Object.entries(value)) {
    if (entry === true) ids.add(key);
    if (Array.isArray(entry)) entry.forEach((id) => typeof id === 'string' && ids.add(id));
  }
  return ids;
}

/** Reads presence also from members flagged `online: true` in the members list. */
function readMembersOnline(value: unknown): ReadonlySet<string> | null {
  if (!Array.isArray(value)) return null;
  const flagged = value.filter(
    (m): m is { id: string; online: boolean } =>
      isRecord(m) && typeof m.id === 'string' && typeof m.online === 'boolean',
  );
  if (flagged.length === 0) return null;
  return new Set(flagged.filter((m) => m.online).map((m) => m.id));
}

/** Folds one live presence change into what we know; unknown presence stays unknown. */
export function withPresence(snapshot: TalksSnapshot, memberId: string, online: boolean): TalksSnapshot {
  const next = new Set(snapshot.online ?? []);
  if (online) next.add(memberId);
  else next.delete(memberId);
  return { ...snapshot, online: next };
}

export function readSnapshot(result: unknown): TalksSnapshot {
  if (!isRecord(result)) return emptySnapshot;
  return { online: readOnline(result.online) ?? readMembersOnline(result.members) };
}
