import { canonicalJson } from '../canonical-json.js';
import { sha256, sha256Hex, type HexDigest } from '../digest.js';

/** What of an event the per-stream hash chain protects: everything recorded except the chain link itself. */
export interface EventContent {
  streamId: string;
  /** The event's revision in its stream, from 0. A bigint (as `@eventstore/db-client` gives it) is accepted. */
  revision: number | bigint;
  /** The event id (a UUID); hashed in lower case, as the store returns it. */
  eventId: string;
  type: string;
  /** The event's JSON data. */
  data: unknown;
  /** The event's JSON metadata without the chain link (see `CHAIN_METADATA_KEY`); absent counts as `{}`. */
  metadataWithoutChain?: Record<string, unknown> | null;
}

/**
 * The content hash of an event, as lower-case hex:
 *
 *     SHA-256( UTF-8( JCS({ streamId, revision, eventId, type, data, metadata }) ) )
 *
 * where JCS is RFC 8785 canonical JSON, `revision` a JSON number, `eventId` the UUID in lower case and `metadata` the
 * event's metadata object without the chain link member (`{}` when there is none). For example:
 *
 *     {"data":{"partnerId":"p1"},"eventId":"…","metadata":{},"revision":0,"streamId":"…","type":"ConsentRequested"}
 *
 * The stream id and revision are hashed so that an event cannot be moved to another stream or place and still
 * verify. The recorded time and the `$all` position are not hashed: the store assigns them after the hash is
 * computed, and the Merkle tree over the `$all` order covers the order instead.
 */
export const eventContentHash = (content: EventContent): HexDigest => sha256Hex(canonicalContent(content));

/** `eventContentHash` as the 32 bytes of the digest (what the chain hash is computed over). */
export const eventContentDigest = (content: EventContent): Buffer => sha256(canonicalContent(content));

// The envelope's member names are fixed and already in JCS order, so only the values go through canonicalJson:
// the same bytes as canonicalJson of the whole object, without sorting six names for every event.
const canonicalContent = (content: EventContent): string =>
  `{"data":${canonicalJson(content.data)}` +
  `,"eventId":${canonicalJson(content.eventId.toLowerCase())}` +
  `,"metadata":${canonicalJson(content.metadataWithoutChain ?? {})}` +
  `,"revision":${revisionNumber(content.revision)}` +
  `,"streamId":${canonicalJson(content.streamId)}` +
  `,"type":${canonicalJson(content.type)}}`;

export const revisionNumber = (revision: number | bigint): number => {
  const asNumber = Number(revision);
  if (!Number.isSafeInteger(asNumber) || asNumber < 0) {
    throw new RangeError(`stream revision must be a non-negative safe integer, got ${String(revision)}`);
  }
  return asNumber;
};
