import { createHash } from 'node:crypto';

/**
 * A small RFC 9162 verifier written for the tests, independent of `@ledger/ledger-proofs`: it rebuilds roots from
 * the published proofs with nothing but SHA-256, following §2.1.3.2 and §2.1.4.2 step by step.
 */
const sha256 = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
export const referenceLeafHash = (leaf: Buffer): Buffer => sha256(Buffer.from([0]), leaf);
const node = (left: Buffer, right: Buffer): Buffer => sha256(Buffer.from([1]), left, right);

export const referenceInclusionRoot = (leafIndex: number, treeSize: number, leafHash: Buffer, path: string[]): string => {
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r: Buffer = leafHash;
  for (const hex of path) {
    const p = Buffer.from(hex, 'hex');
    if (sn === 0n) throw new Error('path too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = node(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = node(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('path too short');
  return r.toString('hex');
};

/** Returns [root1, root2] rebuilt from a consistency path (0 < size1 < size2). */
export const referenceConsistencyRoots = (size1: number, size2: number, first: string, path: string[]): [string, string] => {
  const hashes = path.map((hex) => Buffer.from(hex, 'hex'));
  if ((size1 & (size1 - 1)) === 0) hashes.unshift(Buffer.from(first, 'hex'));
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Buffer = hashes[0]!;
  let sr: Buffer = hashes[0]!;
  for (const c of hashes.slice(1)) {
    if (sn === 0n) throw new Error('path too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = node(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new Error('path too short');
  return [fr.toString('hex'), sr.toString('hex')];
};

/** MTH over all leaves, straight from the definition (recursive split at the largest power of two below n). */
export const referenceRoot = (leafHashes: Buffer[]): string => {
  const mth = (leaves: Buffer[]): Buffer => {
    if (leaves.length === 0) return sha256();
    if (leaves.length === 1) return leaves[0]!;
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  };
  return mth(leafHashes).toString('hex');
};
