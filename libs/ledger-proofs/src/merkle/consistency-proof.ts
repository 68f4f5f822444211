import { isHexDigest, toHex, type HexDigest } from '../digest.js';
import { assertTreeSize, rangeRoot, type LeafHashes } from './leaf-hashes.js';
import { proofBytes, sameDigest, type ProofCheck } from './proof-check.js';
import { EMPTY_TREE_ROOT, nodeHash, splitPoint } from './tree-hashing.js';

/** RFC 9162 §4.13 ConsistencyProofDataV2 without the log id, hashes as lower-case hex. */
export interface ConsistencyProof {
  treeSize1: number;
  treeSize2: number;
  consistencyPath: HexDigest[];
}

/**
 * PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1: what proves that the tree of the first `treeSize1`
 * leaves is a prefix of the tree of the first `treeSize2`, i.e. that nothing before `treeSize1` was rewritten.
 * Empty when treeSize1 is 0 or equals treeSize2.
 */
export const consistencyProof = (treeSize1: number, treeSize2: number, leafHashes: LeafHashes): ConsistencyProof => {
  assertTreeSize(treeSize1, 'treeSize1');
  assertTreeSize(treeSize2, 'treeSize2');
  if (treeSize1 > treeSize2) {
    throw new RangeError(`tree size ${treeSize1} is larger than ${treeSize2}; a tree only grows, so swap them`);
  }
  const proof = { treeSize1, treeSize2, consistencyPath: [] as HexDigest[] };
  if (treeSize1 === 0 || treeSize1 === treeSize2) return proof;
  // SUBPROOF unrolled: [start, end) is the subtree D[n] in hand, m the old size within it, and `whole` the b flag
  // (true while the old tree is the left edge of this subtree, so its root needs no proof element of its own).
  const rootToLeaf: Buffer[] = [];
  let start = 0;
  let end = treeSize2;
  let m = treeSize1;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      rootToLeaf.push(rangeRoot(leafHashes, start + k, end));
      end = start + k;
    } else {
      rootToLeaf.push(rangeRoot(leafHashes, start, start + k));
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) rootToLeaf.push(rangeRoot(leafHashes, start, end));
  proof.consistencyPath = rootToLeaf.reverse().map(toHex);
  return proof;
};

/**
 * Verifies that the tree of `treeSize1` leaves with `rootHash1` is a prefix of the tree of `treeSize2` leaves with
 * `rootHash2` (RFC 9162 §2.1.4.2; with the equal-size and empty-tree cases, which need an empty path).
 */
export const verifyConsistency = (proof: ConsistencyProof, rootHash1: HexDigest, rootHash2: HexDigest): ProofCheck => {
  const { treeSize1, treeSize2 } = proof;
  if (!Number.isSafeInteger(treeSize1) || !Number.isSafeInteger(treeSize2) || treeSize1 < 0) {
    return { ok: false, reason: 'tree sizes must be non-negative integers' };
  }
  if (!isHexDigest(rootHash1) || !isHexDigest(rootHash2)) {
    return { ok: false, reason: 'root hashes must be 64-character lower-case hex digests' };
  }
  if (treeSize2 < treeSize1) return { ok: false, reason: `tree size went down from ${treeSize1} to ${treeSize2}` };
  const path = proofBytes(proof.consistencyPath);
  if (!path.ok) return path;
  if (treeSize1 === treeSize2 || treeSize1 === 0) {
    if (path.value.length > 0) return { ok: false, reason: 'consistency path must be empty for these tree sizes' };
    if (treeSize1 === 0) {
      return sameDigest(EMPTY_TREE_ROOT, rootHash1)
        ? { ok: true, value: undefined }
        : { ok: false, reason: 'the root of an empty tree must be SHA-256 of nothing' };
    }
    return rootHash1 === rootHash2
      ? { ok: true, value: undefined }
      : { ok: false, reason: `two different roots for the same tree size ${treeSize1}` };
  }
  return verifyGrowth(treeSize1, treeSize2, path.value, rootHash1, rootHash2);
};

// RFC 9162 §2.1.4.2 steps 1-7 for 0 < treeSize1 < treeSize2.
const verifyGrowth = (
  treeSize1: number,
  treeSize2: number,
  consistencyPath: Buffer[],
  rootHash1: HexDigest,
  rootHash2: HexDigest,
): ProofCheck => {
  if (consistencyPath.length === 0) return { ok: false, reason: 'consistency path is empty' };
  const path = isPowerOfTwo(treeSize1) ? [Buffer.from(rootHash1, 'hex'), ...consistencyPath] : consistencyPath;
  let fn = treeSize1 - 1;
  let sn = treeSize2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return { ok: false, reason: 'consistency path is longer than the tree is high' };
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { ok: false, reason: 'consistency path is shorter than the tree is high' };
  if (!sameDigest(fr, rootHash1)) {
    return { ok: false, reason: `consistency path rebuilds the first root as ${toHex(fr)}, not ${rootHash1}` };
  }
  if (!sameDigest(sr, rootHash2)) {
    return { ok: false, reason: `consistency path rebuilds the second root as ${toHex(sr)}, not ${rootHash2}` };
  }
  return { ok: true, value: undefined };
};

const isPowerOfTwo = (n: number): boolean => {
  let rest = n;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
};
