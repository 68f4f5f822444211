import { crc32 } from 'node:zlib';

/**
 * CRC-32 over every field of a record, its position included (a record moved to another place
 * fails too). Stored beside the record and verified on every read.
 */
export function recordChecksum(
  position: bigint,
  streamId: string,
  revision: bigint,
  eventId: string,
  eventType: string,
  contentType: string,
  created: bigint,
  data: Uint8Array,
  metadata: Uint8Array,
): number {
  const header = `${position}\u0000${streamId}\u0000${revision}\u0000${eventId}\u0000${eventType}\u0000${contentType}\u0000${created}\u0000${data.length}\u0000${metadata.length}\u0000`;
  let crc = crc32(header);
  // Empty buffers are skipped: zlib.crc32 answers 0 for a zero-length buffer with no backing store.
  if (data.length > 0) crc = crc32(data, crc);
  if (metadata.length > 0) crc = crc32(metadata, crc);
  return crc;
}
