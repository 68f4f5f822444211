import { hash } from 'node:crypto';
import { DIGEST_BYTES, sha256 } from '../digest.js';

/**
 * RFC 9162 §2.1.1 hashing, with SHA-256. The one-byte prefixes keep a leaf from ever being mistaken for an interior
 * node (the second-preimage defence of RFC 6962 and 9162).
 *
 * What a leaf is in this ledger: the 32 bytes of an event's chain hash (see `ChainLink.chainHash`), one leaf per
 * chained event, in `$all` order. The chain hash commits to the event's content and to its stream's history, so one
 * tree covers both the content of every event and the order of the whole ledger.
 */

/** MTH({}) = SHA-256() : the root of the empty tree. */
export const EMPTY_TREE_ROOT: Buffer = sha256(new Uint8Array(0));

/** MTH({d}) = SHA-256(0x00 || d). */
export const leafHash = (leaf: Uint8Array): Buffer => {
  const prefixed = Buffer.allocUnsafe(1 + leaf.byteLength);
  prefixed[0] = 0x00;
  prefixed.set(leaf, 1);
  return sha256(prefixed);
};

// Reused for every interior node: crypto.hash reads its input synchronously, so one scratch buffer is safe and
// spares an allocation per node on the hot path of tree building.
const nodeInput = Buffer.alloc(1 + 2 * DIGEST_BYTES);

/** `nodeInput` filled with 0x01 || left || right, once both children are known to be 32-byte digests. */
const fillNodeInput = (left: Uint8Array, right: Uint8Array): Buffer => {
  if (left.byteLength !== DIGEST_BYTES || right.byteLength !== DIGEST_BYTES) {
    throw new TypeError(
      `Merkle child hashes must be ${DIGEST_BYTES} bytes, got ${left.byteLength} and ${right.byteLength}`,
    );
  }
  nodeInput[0] = 0x01;
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + DIGEST_BYTES);
  return nodeInput;
};

/** SHA-256(0x01 || left || right). Both children must be 32-byte digests. */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(fillNodeInput(left, right));

/**
 * `nodeHash` written into `out[0..32]` (which may be `left` itself): no Buffer allocated, for builders that hash
 * millions of nodes into buffers of their own.
 */
export const nodeHashInto = (left: Uint8Array, right: Uint8Array, out: Buffer): void => {
  // As a one-byte string (cheap to allocate) copied into place, rather than a Buffer per node.
  out.write(hash('sha256', fillNodeInput(left, right), 'binary'), 0, DIGEST_BYTES, 'latin1');
};

/** The largest power of two strictly smaller than n (n >= 2): where RFC 9162 splits a tree of n leaves. */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
