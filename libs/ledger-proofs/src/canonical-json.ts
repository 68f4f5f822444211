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

export const canonicalJson = (value: unknown): string => {
  try {
    return serialise(value);
  } catch (error) {
    if (error instanceof NotJson) throw new CanonicalJsonError(`$${error.path.join('')}: ${error.message}`);
    throw error;
  }
};

// Thrown deep inside and given its path on the way out: building a path string for every member up front would
// cost more than the serialisation itself, and errors are rare.
class NotJson extends Error {
  readonly path: string[] = [];
}

const addSegment = (error: unknown, segment: string): unknown => {
  if (error instanceof NotJson) error.path.unshift(segment);
  return error;
};

// String.prototype.isWellFormed (ES2024, in Node 20) finds lone surrogates several times faster than a regular
// expression; the project's TypeScript lib is ES2023, hence the cast.
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

// Printable ASCII other than '"' and '\\' is written as it is, between quotes: the common case, checked here faster
// than isWellFormed and JSON.stringify take on short strings (a profile of verification showed them at 11%).
const isPlainAscii = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
};

const serialiseString = (text: string): string => {
  if (text.length <= 64 && isPlainAscii(text)) return `"${text}"`;
  if (!isWellFormed(text)) {
    throw new NotJson('string holds a lone UTF-16 surrogate; I-JSON (RFC 7493) forbids it');
  }
  return JSON.stringify(text);
};

const serialise = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return serialiseString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson(`${value} is not a JSON number; send a finite number or a string`);
      return JSON.stringify(value); // ECMAScript Number::toString, as RFC 8785 §3.2.2.3 requires; -0 becomes 0
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return serialise((value as { toJSON: () => unknown }).toJSON());
      }
      return Array.isArray(value) ? serialiseArray(value) : serialiseObject(value);
    default:
      throw new NotJson(`a ${typeof value} has no JSON form; convert it first (a bigint to a decimal string, say)`);
  }
};

const serialiseArray = (items: readonly unknown[]): string => {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item === undefined) throw new NotJson(`item ${index} is undefined, which has no JSON form; use null`);
    try {
      text += (index === 0 ? '' : ',') + serialise(item);
    } catch (error) {
      throw addSegment(error, `[${index}]`);
    }
  }
  return text + ']';
};

// Member names repeat from one event to the next (the same few fields per event type), so their serialised form is
// remembered; the cap keeps hostile input with millions of distinct names from growing it without bound.
const serialisedNames = new Map<string, string>();
const NAME_CACHE_LIMIT = 10_000;

const serialiseName = (name: string): string => {
  let serialised = serialisedNames.get(name);
  if (serialised === undefined) {
    serialised = serialiseString(name);
    if (serialisedNames.size < NAME_CACHE_LIMIT) serialisedNames.set(name, serialised);
  }
  return serialised;
};

const serialiseObject = (object: object): string => {
  const prototype = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new NotJson(
      `a ${prototype?.constructor?.name ?? 'non-plain'} object has no canonical JSON form; pass plain data`,
    );
  }
  let text = '{';
  for (const name of Object.keys(object).sort()) {
    const member = (object as Record<string, unknown>)[name];
    if (member === undefined) continue;
    try {
      text += `${text.length === 1 ? '' : ','}${serialiseName(name)}:${serialise(member)}`;
    } catch (error) {
      throw addSegment(error, `.${name}`);
    }
  }
  return text + '}';
};
