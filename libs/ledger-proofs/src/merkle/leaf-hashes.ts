import { DIGEST_BYTES } from '../digest.js';
import { MerkleTreeBuilder } from './merkle-tree-builder.js';

/**
 * Where proofs read the stored leaf hashes from: an array, or a callback returning the leaf hash at an index
 * (from a table, a file, a cache). Leaf hashes, not leaves: SHA-256(0x00 || leaf), 32 bytes each.
 */
export type LeafHashes = readonly Uint8Array[] | ((leafIndex: number) => Uint8Array);

export const leafHashAt = (leafHashes: LeafHashes, leafIndex: number): Uint8Array => {
  const hash = typeof leafHashes === 'function' ? leafHashes(leafIndex) : leafHashes[leafIndex];
  if (!hash || hash.byteLength !== DIGEST_BYTES) {
    throw new RangeError(`no ${DIGEST_BYTES}-byte leaf hash stored at leaf index ${leafIndex}`);
  }
  return hash;
};

/** MTH(D[start:end]): the root of the subtree over leaves [start, end), read once each, in O(log n) memory. */
export const rangeRoot = (leafHashes: LeafHashes, start: number, end: number): Buffer => {
  const builder = new MerkleTreeBuilder();
  for (let i = start; i < end; i++) builder.appendLeafHash(leafHashAt(leafHashes, i));
  return builder.root();
};

/** Checks that tree sizes and indexes are integers the proofs can work with. */
export const assertTreeSize = (value: number, what: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  }
};
