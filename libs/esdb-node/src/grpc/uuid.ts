import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';

/** A signed 64-bit decimal string (a structured UUID half as the client sends it) as 16 hex digits. */
const int64Hex = (decimal: string): string => BigInt.asUintN(64, BigInt(decimal)).toString(16).padStart(16, '0');

/**
 * A UUID message in either encoding: the structured form as the lower-case hyphenated string, the string form
 * as sent (`parseGuid` says whether it is one). Undefined when neither is set.
 */
export function decodeUuid(uuid: UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  const structured = uuid.getStructured();
  if (structured) {
    const hex = int64Hex(structured.getMostSignificantBits()) + int64Hex(structured.getLeastSignificantBits());
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}

const HYPHENATED = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** .NET's `Guid.Parse` forms N, D, B and P (`{…}`, `(…)`): 32 hex digits, bare or hyphenated, hyphenated in brackets. */
const GUID = new RegExp(`^(?:[0-9a-f]{32}|${HYPHENATED}|\\{${HYPHENATED}\\}|\\(${HYPHENATED}\\))$`, 'i');
/** Form X, `{0x…,0x…,0x…,{0x…,…eight bytes}}`, once its white space is removed (as .NET does). */
const GUID_X = /^\{0x([0-9a-f]{1,8}),0x([0-9a-f]{1,4}),0x([0-9a-f]{1,4}),\{((?:0x[0-9a-f]{1,2},){7}0x[0-9a-f]{1,2})\}\}$/i;

/**
 * The string form of an event id read as EventStoreDB reads it (`Guid.Parse`: leading and trailing white space
 * ignored, the forms N, D, B, P and X), as the lower-case hyphenated form, so that one id sent in two forms is
 * one id; undefined when it is not a Guid (EventStoreDB refuses the append).
 */
export function parseGuid(text: string): string | undefined {
  const trimmed = text.trim();
  let hex: string;
  if (GUID.test(trimmed)) hex = trimmed.replace(/[^0-9a-f]/gi, '');
  else {
    const x = GUID_X.exec(trimmed.replace(/\s/g, ''));
    if (!x) return undefined;
    const bytes = x[4]!.split(',').map((b) => b.slice(2).padStart(2, '0'));
    hex = x[1]!.padStart(8, '0') + x[2]!.padStart(4, '0') + x[3]!.padStart(4, '0') + bytes.join('');
  }
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
