/**
 * RFC 8785 (JCS) canonical JSON: object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number formatting. The hash chain is computed over
 * these bytes, so any verifier in any language can rebuild them.
 *
 * Byte for byte what the `canonicalize` package (4.0.0) writes, including what
 * it refuses (NaN, infinities, lone surrogates, cycles) and how it treats
 * `toJSON`, `undefined` and symbols; test/log/canonical.test.ts holds the two
 * side by side. Written out here because sealing runs for every event of every
 * append: checking strings with one native regular expression and building one
 * string instead of arrays of parts makes it two to three times faster.
 */
export const canonicalJson = (value: unknown): string => {
  const text = encode(value, new Set());
  if (text === undefined) {
    throw new TypeError('value has no JSON representation');
  }
  return text;
};

// With the u flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

// undefined where JSON.stringify has no text (a function, undefined): the caller decides.
const encode = (value: unknown, path: Set<object>): string | undefined => {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
    case 'number':
      if (Number.isNaN(value)) throw new Error('NaN is not allowed');
      if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : encodeObject(value, path);
    default:
      // undefined, functions and symbols have no text; a bigint throws, as in JSON.stringify.
      return JSON.stringify(value);
  }
};

// `path` holds the objects being written around this one: meeting one again is a cycle.
const encodeObject = (object: object, path: Set<object>): string | undefined => {
  if (path.has(object)) throw new Error('Circular reference detected');
  path.add(object);
  const toJSON: unknown = (object as { toJSON?: unknown }).toJSON;
  const text =
    typeof toJSON === 'function'
      ? encode(toJSON.call(object), path)
      : Array.isArray(object)
        ? encodeArray(object, path)
        : encodeMembers(object as Record<string, unknown>, path);
  path.delete(object);
  return text;
};

const encodeArray = (array: readonly unknown[], path: Set<object>): string => {
  let text = '[';
  for (let index = 0; index < array.length; index += 1) {
    const item = array[index];
    if (index > 0) text += ',';
    // As Array.prototype.join would: a member without text leaves an empty slot.
    text += encode(item === undefined || typeof item === 'symbol' ? null : item, path) ?? '';
  }
  return `${text}]`;
};

const checked = (key: string): string => {
  if (LONE_SURROGATE.test(key)) throw new Error('Lone surrogate is not allowed');
  return key;
};

const encodeMembers = (record: Record<string, unknown>, path: Set<object>): string => {
  let text = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (text.length > 1) text += ',';
    // As a template literal would: a member without text is written `undefined`.
    text += `${JSON.stringify(checked(key))}:${String(encode(item, path))}`;
  }
  return `${text}}`;
};
