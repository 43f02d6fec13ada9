import { createHash } from 'node:crypto';
import {
  canonicalInputOf,
  canonicalTextJson,
  type CanonicalTextInput,
} from '../../../shared/src/agreement.js';
import type { SharedVersion } from '../../../shared/src/index.js';

// The server's side of the one canonical text (shared/src/agreement.ts): the same
// canonical JSON, hashed synchronously so the pure rules can check a signature while
// deciding. The browser and the offline verifier hash it with WebCrypto; a test holds
// the two to the same answer.

/** SHA-256 (hex) of the canonical JSON of a final text. */
export const textHashSync = (input: CanonicalTextInput): string =>
  createHash('sha256').update(canonicalTextJson(input), 'utf8').digest('hex');

/** The hash a head signs for a version shared in this talks. */
export const versionTextHash = (
  talks: { title: string; parties: { id: string; name: string }[] },
  version: Pick<SharedVersion, 'authenticLanguage' | 'clauses' | 'glossary'>,
): string => textHashSync(canonicalInputOf(talks, version));
