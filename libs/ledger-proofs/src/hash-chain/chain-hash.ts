import { DIGEST_BYTES, digestBytes, sha256Hex, type HexDigest } from '../digest.js';

// The first event of a stream has no predecessor; 32 zero bytes stand for it, so that every link hashes 64 bytes.
const NO_PREVIOUS_EVENT = Buffer.alloc(DIGEST_BYTES);

/**
 * The chain hash of an event, as lower-case hex:
 *
 *     SHA-256( previousChainHash (32 bytes, or 32 zero bytes for revision 0) || contentHash (32 bytes) )
 *
 * It commits to the event's content and, through `previousChainHash`, to every earlier event of its stream.
 */
export const chainHash = (previousChainHash: HexDigest | null, contentHash: HexDigest): HexDigest => {
  const linked = Buffer.allocUnsafe(2 * DIGEST_BYTES);
  const previous = previousChainHash === null ? NO_PREVIOUS_EVENT : digestBytes(previousChainHash, 'previousChainHash');
  previous.copy(linked, 0);
  digestBytes(contentHash, 'contentHash').copy(linked, DIGEST_BYTES);
  return sha256Hex(linked);
};
