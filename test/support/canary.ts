// Canaries: a unique marker planted in every text a test authors, so that a leak is a
// plain substring search over socket frames, HTTP bodies and log lines. A canary names
// its author's side (`A`, `B`, `C` for parties, `M` for mediators, `X` for outsiders),
// a running number and a nonce unique to the session, e.g. `CANARY-A-3-k2x9q`.

const CANARY_PATTERN = /CANARY-[A-Za-z0-9]+-\d+-[a-z0-9]+/g;

export interface CanaryMint {
  /** A canary never minted before by this mint, for a text written by `side`. */
  next(side: string): string;
}

/** `nonce` must be unique per session and made of lower-case letters and digits. */
export function canaryMint(nonce: string): CanaryMint {
  if (!/^[a-z0-9]+$/.test(nonce)) throw new Error(`a canary nonce is [a-z0-9]+, got ${nonce}`);
  let count = 0;
  return {
    next: (side) => {
      if (!/^[A-Za-z0-9]+$/.test(side)) throw new Error(`a canary side is [A-Za-z0-9]+, got ${side}`);
      count += 1;
      return `CANARY-${side}-${count}-${nonce}`;
    },
  };
}

/** Every canary in a text (a frame, a body, a log line), in order of appearance. */
export function canariesIn(text: string): string[] {
  return text.match(CANARY_PATTERN) ?? [];
}

/** A sentence around a canary, so texts look like what people write, not bare markers. */
export function textWith(canary: string, words = 'we could agree on the river'): string {
  return `${canary} ${words}`;
}
