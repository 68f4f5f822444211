import { DIGEST_BYTES, isHexDigest, sha256, sha256Hex } from '../digest.js';
import { CHAIN_METADATA_KEY, type ChainLink } from './chain-link.js';
import { eventContentDigest, eventContentHash } from './event-content-hash.js';

const NO_PREVIOUS_EVENT = Buffer.alloc(DIGEST_BYTES);
// crypto's one-shot hash reads its input synchronously: one scratch buffer serves every chain hash.
const linked = Buffer.alloc(2 * DIGEST_BYTES);

export interface RecomputedLink {
  /** What the stream's order is checked with (the content hash is already known to match). */
  link: Pick<ChainLink, 'previousChainHash' | 'chainHash'>;
  /** The 32 bytes of `link.chainHash`, for the next event of the stream. */
  chainDigest: Buffer;
}

/**
 * The verifier's fast path: recomputes an event's content hash and chain hash as bytes and compares them, as hex,
 * with its recorded link. Equal digests prove the recorded ones well formed, so no digest is validated or decoded
 * on the way; `previousBytes` are the bytes of the stream's head when `previousChainHash` names it (nothing to
 * decode either). Undefined whenever anything differs or cannot be read: the caller's careful path then names the
 * fault (unchained, malformed, edited, link altered).
 */
export const recomputeLink = (
  event: { streamId: string; eventId: string; type: string; data: unknown; metadata: Record<string, unknown> | null | undefined },
  revision: number,
  head: { chainHash: string; chainDigest: Buffer } | undefined,
): RecomputedLink | undefined => {
  const candidate = event.metadata?.[CHAIN_METADATA_KEY];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const { contentHash, previousChainHash, chainHash } = candidate as Record<string, unknown>;
  if (typeof contentHash !== 'string' || typeof chainHash !== 'string') return undefined;
  let previous: Buffer;
  if (previousChainHash === null) previous = NO_PREVIOUS_EVENT;
  else if (head !== undefined && previousChainHash === head.chainHash) previous = head.chainDigest;
  else if (isHexDigest(previousChainHash)) previous = Buffer.from(previousChainHash, 'hex');
  else return undefined;
  const { [CHAIN_METADATA_KEY]: _link, ...metadataWithoutChain } = event.metadata!;
  let contentDigest: Buffer;
  try {
    const { streamId, eventId, type, data } = event;
    contentDigest = eventContentDigest({ streamId, revision, eventId, type, data, metadataWithoutChain });
  } catch {
    return undefined;
  }
  if (contentDigest.toString('hex') !== contentHash) return undefined;
  previous.copy(linked, 0);
  contentDigest.copy(linked, DIGEST_BYTES);
  const chainDigest = sha256(linked);
  if (chainDigest.toString('hex') !== chainHash) return undefined;
  return { link: { previousChainHash: previousChainHash as string | null, chainHash }, chainDigest };
};

/** What `recomputeLinkInto` found: a link with no previous chain hash (the first event of its stream), or with one. */
export type RecomputedInto = 'first' | 'linked';

/**
 * `recomputeLink` for a verifier that carries digests as bytes in a buffer of its own (the offline verifier's worker
 * threads): writes the previous chain digest the link names (unless it names none) at `out[previousAt..+32]` and the
 * recomputed chain digest at `out[chainAt..+32]`, allocating nothing else that outlives the call. Undefined whenever
 * anything differs or cannot be read, as `recomputeLink`: the caller's careful path then names the fault.
 */
export const recomputeLinkInto = (
  event: { streamId: string; eventId: string; type: string; data: unknown; metadata: Record<string, unknown> | null | undefined },
  revision: number,
  out: Buffer,
  previousAt: number,
  chainAt: number,
): RecomputedInto | undefined => {
  const candidate = event.metadata?.[CHAIN_METADATA_KEY];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const { contentHash, previousChainHash, chainHash } = candidate as Record<string, unknown>;
  if (typeof contentHash !== 'string' || typeof chainHash !== 'string') return undefined;
  const first = previousChainHash === null;
  if (!first) {
    // Lower-case hex only, as `isHexDigest`: 64 characters that decode to 32 bytes and are their own lower case.
    if (typeof previousChainHash !== 'string' || previousChainHash.length !== 2 * DIGEST_BYTES) return undefined;
    if (previousChainHash.toLowerCase() !== previousChainHash) return undefined;
    if (out.write(previousChainHash, previousAt, DIGEST_BYTES, 'hex') !== DIGEST_BYTES) return undefined;
  }
  const { [CHAIN_METADATA_KEY]: _link, ...metadataWithoutChain } = event.metadata!;
  // Digests as hex strings here, compared as they are recorded and decoded straight into place: no Buffer per hash.
  let recomputedContentHash: string;
  try {
    const { streamId, eventId, type, data } = event;
    recomputedContentHash = eventContentHash({ streamId, revision, eventId, type, data, metadataWithoutChain });
  } catch {
    return undefined;
  }
  if (recomputedContentHash !== contentHash) return undefined;
  if (first) NO_PREVIOUS_EVENT.copy(linked, 0);
  else out.copy(linked, 0, previousAt, previousAt + DIGEST_BYTES);
  linked.write(recomputedContentHash, DIGEST_BYTES, DIGEST_BYTES, 'hex');
  if (sha256Hex(linked) !== chainHash) return undefined;
  out.write(chainHash, chainAt, DIGEST_BYTES, 'hex');
  return first ? 'first' : 'linked';
};
