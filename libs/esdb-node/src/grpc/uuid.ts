import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';

/** A signed 64-bit decimal string (a structured UUID half as the client sends it) as 16 hex digits. */
const int64Hex = (decimal: string): string => BigInt.asUintN(64, BigInt(decimal)).toString(16).padStart(16, '0');

/** The lower-case hyphenated form of a UUID message in either encoding. */
export function decodeUuid(uuid: UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  const structured = uuid.getStructured();
  if (structured) {
    const hex = int64Hex(structured.getMostSignificantBits()) + int64Hex(structured.getLeastSignificantBits());
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}
