import canonicalize from 'canonicalize';

/**
 * Whether two JSON values say the same, whatever the order of their keys. A value received
 * live holds its keys in the order the server built them; the same value read back from the
 * log holds them in canonical order (RFC 8785). Comparing with JSON.stringify would call
 * them different after a restart or a reload.
 */
export const sameJson = (a: unknown, b: unknown): boolean => canonicalize(a) === canonicalize(b);
