import { DIGEST_BYTES, toHex, type HexDigest } from '../digest.js';
import { assertTreeSize, leafHashAt, rangeRoot, type LeafHashes } from './leaf-hashes.js';
import { proofBytes, sameDigest, type ProofCheck } from './proof-check.js';
import { nodeHash, splitPoint } from './tree-hashing.js';

/** RFC 9162 §4.12 InclusionProofDataV2 without the log id, hashes as lower-case hex, leaf to root. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  inclusionPath: HexDigest[];
}

/**
 * PATH(m, D[n]) of RFC 9162 §2.1.3.1: the sibling hashes from leaf `leafIndex` up to the root of the tree of the
 * first `treeSize` leaves. Reads each of those leaf hashes once (O(n) hashing, O(log n) memory).
 */
export const inclusionProof = (leafIndex: number, treeSize: number, leafHashes: LeafHashes): InclusionProof => {
  assertTreeSize(treeSize, 'treeSize');
  assertTreeSize(leafIndex, 'leafIndex');
  if (leafIndex >= treeSize) {
    throw new RangeError(`leaf index ${leafIndex} is not in a tree of ${treeSize} leaves; ask for a larger tree size`);
  }
  const rootToLeaf: Buffer[] = [];
  // Walk down from the root, keeping [start, end) the subtree that holds the leaf; each step's sibling subtree root
  // is the next path element (collected root first, returned leaf first).
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      rootToLeaf.push(rangeRoot(leafHashes, start + k, end));
      end = start + k;
    } else {
      rootToLeaf.push(rangeRoot(leafHashes, start, start + k));
      start += k;
    }
  }
  return { leafIndex, treeSize, inclusionPath: rootToLeaf.reverse().map(toHex) };
};

/**
 * The root an inclusion proof leads to from a leaf hash (RFC 9162 §2.1.3.2 steps 1-4), or a reason it leads nowhere.
 * Arithmetic instead of bit operators: JavaScript's are 32-bit and a ledger may outgrow them.
 */
export const rootFromInclusionProof = (proof: InclusionProof, leafHash: Uint8Array): ProofCheck<Buffer> => {
  if (!Number.isSafeInteger(proof.treeSize) || !Number.isSafeInteger(proof.leafIndex) || proof.leafIndex < 0) {
    return { ok: false, reason: 'leaf index and tree size must be non-negative integers' };
  }
  if (proof.leafIndex >= proof.treeSize) {
    return { ok: false, reason: `leaf index ${proof.leafIndex} is not below tree size ${proof.treeSize}` };
  }
  if (leafHash.byteLength !== DIGEST_BYTES) return { ok: false, reason: `leaf hash must be ${DIGEST_BYTES} bytes` };
  const path = proofBytes(proof.inclusionPath);
  if (!path.ok) return path;
  let fn = proof.leafIndex;
  let sn = proof.treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of path.value) {
    if (sn === 0) return { ok: false, reason: 'inclusion path is longer than the tree is high' };
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { ok: false, reason: 'inclusion path is shorter than the tree is high' };
  return { ok: true, value: r };
};

/** Verifies that the leaf hashing to `leafHash` is leaf `proof.leafIndex` of the tree of `proof.treeSize` leaves. */
export const verifyInclusion = (proof: InclusionProof, leafHash: Uint8Array, rootHash: HexDigest): ProofCheck => {
  const computed = rootFromInclusionProof(proof, leafHash);
  if (!computed.ok) return computed;
  return sameDigest(computed.value, rootHash)
    ? { ok: true, value: undefined }
    : { ok: false, reason: `inclusion path leads to root ${toHex(computed.value)}, not ${rootHash}` };
};
