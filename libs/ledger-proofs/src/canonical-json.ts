/**
 * JSON Canonicalization Scheme (RFC 8785, "JCS"): one byte sequence per JSON value, so that the same event
 * content hashes to the same digest in the service, in the offline verifier, and in any other language.
 *
 * - Object members sorted by their names compared as UTF-16 code units (RFC 8785 §3.2.3), which is exactly what
 *   JavaScript's default string comparison does.
 * - Numbers and strings serialised as ECMAScript's `JSON.stringify` does (RFC 8785 §3.2.2), no whitespace.
 * - Input must be I-JSON (RFC 7493): finite numbers only, no lone surrogates. Anything else is refused rather than
 *   silently changed, because a hash over a silently changed value would not survive a round trip through storage.
 * - Like `JSON.stringify`, members whose value is `undefined` are left out and `toJSON()` is honoured (a `Date`
 *   becomes its ISO string): the hash then covers exactly what a JSON store keeps.
 */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

export const canonicalJson = (value: unknown): string => serialise(value, '$');

// A lone (unpaired) UTF-16 surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const serialiseString = (text: string, path: string): string => {
  if (LONE_SURROGATE.test(text)) {
    throw new CanonicalJsonError(`${path}: string holds a lone UTF-16 surrogate; I-JSON (RFC 7493) forbids it`);
  }
  return JSON.stringify(text);
};

const serialise = (value: unknown, path: string): string => {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return serialise((value as { toJSON: () => unknown }).toJSON(), path);
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(`${path}: ${value} is not a JSON number; send a finite number or a string`);
      }
      return JSON.stringify(value); // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 requires; -0 becomes 0
    case 'string':
      return serialiseString(value, path);
    case 'object':
      return Array.isArray(value) ? serialiseArray(value, path) : serialiseObject(value as object, path);
    default:
      throw new CanonicalJsonError(
        `${path}: a ${typeof value} has no JSON form; convert it first (a bigint to a decimal string, for instance)`,
      );
  }
};

const serialiseArray = (items: readonly unknown[], path: string): string => {
  const parts = items.map((item, index) => {
    if (item === undefined) {
      throw new CanonicalJsonError(`${path}[${index}]: undefined in an array has no JSON form; use null`);
    }
    return serialise(item, `${path}[${index}]`);
  });
  return `[${parts.join(',')}]`;
};

const serialiseObject = (object: object, path: string): string => {
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(
      `${path}: a ${prototype?.constructor?.name ?? 'non-plain'} object has no canonical JSON form; pass plain data`,
    );
  }
  const members: string[] = [];
  for (const name of Object.keys(object).sort()) {
    const member = (object as Record<string, unknown>)[name];
    if (member === undefined) continue;
    members.push(`${serialiseString(name, path)}:${serialise(member, `${path}.${name}`)}`);
  }
  return `{${members.join(',')}}`;
};
