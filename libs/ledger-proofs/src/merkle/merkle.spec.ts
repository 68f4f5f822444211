import { createHash } from 'node:crypto';
import { consistencyProof, verifyConsistency, type ConsistencyProof } from './consistency-proof.js';
import { inclusionProof, rootFromInclusionProof, verifyInclusion, type InclusionProof } from './inclusion-proof.js';
import { MerkleTreeBuilder } from './merkle-tree-builder.js';
import { EMPTY_TREE_ROOT, leafHash } from './tree-hashing.js';

// An independent reference: RFC 9162 §2.1.1 and §2.1.3/§2.1.4 written as literally as the RFC states them,
// recursively, over the raw leaves, with createHash (the library uses crypto.hash and an iterative walk).
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};
const k = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);
const mth = (d: Buffer[]): Buffer => {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.from([0]), d[0]!);
  return sha(Buffer.from([1]), mth(d.slice(0, k(d.length))), mth(d.slice(k(d.length))));
};
const path = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length <= 1) return [];
  const split = k(d.length);
  return m < split
    ? [...path(m, d.slice(0, split)), mth(d.slice(split))]
    : [...path(m - split, d.slice(split)), mth(d.slice(0, split))];
};
const subproof = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const split = k(d.length);
  return m <= split
    ? [...subproof(m, d.slice(0, split), b), mth(d.slice(split))]
    : [...subproof(m - split, d.slice(split), false), mth(d.slice(0, split))];
};
const hex = (b: Buffer): string => b.toString('hex');

const leaves = Array.from({ length: 64 }, (_, i) => sha(Buffer.from(`event ${i}`)));
const leafHashes = leaves.map(leafHash);
const referenceRoots = Array.from({ length: 65 }, (_, n) => hex(mth(leaves.slice(0, n))));

// Known answers from transparency-dev/merkle (testonly/constants.go, proof/verify_test.go), RFC 6962 = RFC 9162
// hashing with SHA-256.
const vectorLeaves = [
  '', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const vectorRoots = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const vectorInclusion: Array<[number, number, string[]]> = [
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
const vectorConsistency: Array<[number, number, string[]]> = [
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
  [6, 7, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];

const flipBit = (digest: string): string => (parseInt(digest[0]!, 16) ^ 8).toString(16) + digest.slice(1);
const otherRoot = hex(sha(Buffer.from('some other root')));

describe('RFC 9162 Merkle tree: known answers', () => {
  it('builds every root of the transparency-dev test tree, sizes 0 to 8', () => {
    const builder = new MerkleTreeBuilder();
    const roots = [builder.rootHex()];
    for (const leaf of vectorLeaves) {
      builder.appendLeaf(leaf);
      roots.push(builder.rootHex());
    }
    expect(roots).toEqual(vectorRoots);
    expect(hex(EMPTY_TREE_ROOT)).toBe(vectorRoots[0]);
  });

  it.each(vectorInclusion)('gives the known inclusion proof of leaf %i in a tree of %i', (index, size, expected) => {
    const proof = inclusionProof(index, size, vectorLeaves.map(leafHash));
    expect(proof).toEqual({ leafIndex: index, treeSize: size, inclusionPath: expected });
    expect(verifyInclusion(proof, leafHash(vectorLeaves[index]!), vectorRoots[size]!).ok).toBe(true);
  });

  it.each(vectorConsistency)('gives the known consistency proof from %i to %i', (size1, size2, expected) => {
    const proof = consistencyProof(size1, size2, vectorLeaves.map(leafHash));
    expect(proof).toEqual({ treeSize1: size1, treeSize2: size2, consistencyPath: expected });
    expect(verifyConsistency(proof, vectorRoots[size1]!, vectorRoots[size2]!).ok).toBe(true);
  });
});

describe('RFC 9162 Merkle tree against an independent recursive reference, sizes 1 to 64', () => {
  it('builds the same root at every size, from an array or resumed from a compact range', () => {
    const builder = new MerkleTreeBuilder();
    for (let n = 1; n <= 64; n++) {
      expect(hex(builder.appendLeaf(leaves[n - 1]!))).toBe(hex(leafHashes[n - 1]!));
      expect(builder.rootHex()).toBe(referenceRoots[n]);
      const resumed = MerkleTreeBuilder.resume(builder.compactRange());
      expect(resumed.rootHex()).toBe(referenceRoots[n]);
    }
    const resumed = MerkleTreeBuilder.resume(new MerkleTreeBuilder().compactRange());
    expect(resumed.rootHex()).toBe(referenceRoots[0]);
  });

  it('refuses a compact range whose frontier does not fit its size', () => {
    expect(() => MerkleTreeBuilder.resume({ treeSize: 3, frontier: [referenceRoots[2]!] })).toThrow(
      /3 leaves holds 2 subtree roots, got 1/,
    );
  });

  it('proves and verifies the inclusion of every leaf in every tree', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, (i) => leafHashes[i]!);
        expect(proof.inclusionPath).toEqual(path(m, leaves.slice(0, n)).map(hex));
        expect(verifyInclusion(proof, leafHashes[m]!, referenceRoots[n]!)).toEqual({ ok: true, value: undefined });
      }
    }
  });

  it('proves and verifies consistency between every pair of sizes', () => {
    for (let n = 1; n <= 64; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, leafHashes);
        const expected = m === n ? [] : subproof(m, leaves.slice(0, n), true).map(hex);
        expect(proof.consistencyPath).toEqual(expected);
        expect(verifyConsistency(proof, referenceRoots[m]!, referenceRoots[n]!).ok).toBe(true);
      }
    }
  });
});

describe('tampered proofs fail', () => {
  const tamperedInclusions = (proof: InclusionProof): Array<[string, InclusionProof]> => [
    ['leaf index - 1', { ...proof, leafIndex: proof.leafIndex - 1 }],
    ['leaf index + 1', { ...proof, leafIndex: proof.leafIndex + 1 }],
    ['tree size * 2', { ...proof, treeSize: proof.treeSize * 2 }],
    ['tree size / 2', { ...proof, treeSize: Math.floor(proof.treeSize / 2) }],
    ['a trailing element', { ...proof, inclusionPath: [...proof.inclusionPath, otherRoot] }],
    ['a leading element', { ...proof, inclusionPath: [otherRoot, ...proof.inclusionPath] }],
    ['the last element removed', { ...proof, inclusionPath: proof.inclusionPath.slice(0, -1) }],
    ['an element not hex', { ...proof, inclusionPath: proof.inclusionPath.map((h) => h.toUpperCase()) }],
    ...proof.inclusionPath.map((_, i): [string, InclusionProof] => [
      `element ${i} with a bit flipped`,
      { ...proof, inclusionPath: proof.inclusionPath.map((h, j) => (j === i ? flipBit(h) : h)) },
    ]),
  ];

  it('inclusion: every corruption of every proof in trees of 2 to 33 leaves', () => {
    for (let n = 2; n <= 33; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, leafHashes);
        for (const [label, tampered] of tamperedInclusions(proof)) {
          const verdict = verifyInclusion(tampered, leafHashes[m]!, referenceRoots[n]!);
          if (verdict.ok) throw new Error(`inclusion of ${m} in ${n} verified with ${label}`);
        }
        expect(verifyInclusion(proof, leafHashes[(m + 1) % n]!, referenceRoots[n]!).ok).toBe(false);
        expect(verifyInclusion(proof, leafHashes[m]!, otherRoot).ok).toBe(false);
      }
    }
  });

  it('inclusion: says why', () => {
    const proof = inclusionProof(3, 10, leafHashes);
    expect(verifyInclusion({ ...proof, leafIndex: 10 }, leafHashes[3]!, referenceRoots[10]!)).toEqual({
      ok: false,
      reason: 'leaf index 10 is not below tree size 10',
    });
    expect(verifyInclusion(proof, leafHashes[3]!, otherRoot)).toMatchObject({ reason: /leads to root/ });
    expect(rootFromInclusionProof(proof, Buffer.alloc(3)).ok).toBe(false);
    expect(() => inclusionProof(10, 10, leafHashes)).toThrow(/leaf index 10 is not in a tree of 10 leaves/);
    expect(() => inclusionProof(0, 65, leafHashes)).toThrow(/no 32-byte leaf hash stored at leaf index 64/);
  });

  const tamperedConsistencies = (proof: ConsistencyProof): Array<[string, ConsistencyProof]> => [
    ['first size - 1', { ...proof, treeSize1: proof.treeSize1 - 1 }],
    ['first size + 1', { ...proof, treeSize1: proof.treeSize1 + 1 }],
    ['second size * 2', { ...proof, treeSize2: proof.treeSize2 * 2 }],
    ['second size / 2', { ...proof, treeSize2: Math.floor(proof.treeSize2 / 2) }],
    ['an empty path', { ...proof, consistencyPath: [] }],
    ['a trailing element', { ...proof, consistencyPath: [...proof.consistencyPath, otherRoot] }],
    ['a leading element', { ...proof, consistencyPath: [otherRoot, ...proof.consistencyPath] }],
    ['the last element removed', { ...proof, consistencyPath: proof.consistencyPath.slice(0, -1) }],
    ...proof.consistencyPath.map((_, i): [string, ConsistencyProof] => [
      `element ${i} with a bit flipped`,
      { ...proof, consistencyPath: proof.consistencyPath.map((h, j) => (j === i ? flipBit(h) : h)) },
    ]),
  ];

  it('consistency: every corruption of every proof between sizes 1 to 33, and rewritten history', () => {
    for (let n = 2; n <= 33; n++) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(m, n, leafHashes);
        for (const [label, tampered] of tamperedConsistencies(proof)) {
          const verdict = verifyConsistency(tampered, referenceRoots[m]!, referenceRoots[n]!);
          if (verdict.ok) throw new Error(`consistency ${m} -> ${n} verified with ${label}`);
        }
        expect(verifyConsistency(proof, referenceRoots[n]!, referenceRoots[m]!).ok).toBe(false);
        expect(verifyConsistency(proof, otherRoot, referenceRoots[n]!).ok).toBe(false);
      }
    }
    // A second tree that rewrote leaf 2 cannot be proven to extend the first.
    const rewritten = [...leafHashes];
    rewritten[2] = leafHash(Buffer.from('rewritten'));
    const rewrittenRoot = new MerkleTreeBuilder();
    rewritten.slice(0, 20).forEach((h) => rewrittenRoot.appendLeafHash(h));
    const proof = consistencyProof(5, 20, rewritten);
    expect(verifyConsistency(proof, referenceRoots[5]!, rewrittenRoot.rootHex())).toMatchObject({
      ok: false,
      reason: /first root/,
    });
  });

  it('consistency: the degenerate sizes need an empty path and matching roots', () => {
    const empty = referenceRoots[0]!;
    expect(consistencyProof(0, 7, leafHashes).consistencyPath).toEqual([]);
    expect(verifyConsistency({ treeSize1: 0, treeSize2: 7, consistencyPath: [] }, empty, referenceRoots[7]!).ok).toBe(
      true,
    );
    expect(verifyConsistency({ treeSize1: 0, treeSize2: 7, consistencyPath: [] }, otherRoot, referenceRoots[7]!).ok)
      .toBe(false);
    expect(verifyConsistency({ treeSize1: 7, treeSize2: 7, consistencyPath: [] }, otherRoot, referenceRoots[7]!))
      .toEqual({ ok: false, reason: 'two different roots for the same tree size 7' });
    const sameSize = { treeSize1: 7, treeSize2: 7, consistencyPath: [empty] };
    expect(verifyConsistency(sameSize, referenceRoots[7]!, referenceRoots[7]!).ok).toBe(false);
    expect(() => consistencyProof(8, 7, leafHashes)).toThrow(/a tree only grows/);
  });
});
