import { leafHash, MerkleTreeBuilder, sha256, type SignedCheckpoint } from '@ledger/ledger-proofs';
import { CheckpointWitness } from './checkpoint-witness.js';

const leaves = Array.from({ length: 10 }, (_, i) => leafHash(sha256(`event ${i}`)));
const rootOf = (count: number): string => {
  const tree = new MerkleTreeBuilder();
  leaves.slice(0, count).forEach((leaf) => tree.appendLeafHash(leaf));
  return tree.rootHex();
};
const checkpoint = (treeSize: number, rootHash = rootOf(treeSize)): SignedCheckpoint => ({
  treeSize,
  rootHash,
  lastPosition: { commit: String(treeSize), prepare: String(treeSize) },
  time: '2026-03-01T10:00:00.000Z',
  kid: 'k',
  signature: 's',
});

describe('CheckpointWitness', () => {
  it('checks a checkpoint that covers fewer leaves than precede it (events recorded while it was signed)', () => {
    const witness = new CheckpointWitness();
    leaves.slice(0, 6).forEach((leaf, i) => witness.addLeaf(leaf, String(i + 1)));
    expect(witness.witness(checkpoint(4))).toEqual({ ok: true });
    leaves.slice(6).forEach((leaf, i) => witness.addLeaf(leaf, String(i + 7)));
    expect(witness.witness(checkpoint(9))).toEqual({ ok: true });
    expect(witness.rootOfAll()).toBe(rootOf(10));
  });

  it('names a shrinking tree, a tree beyond the events, another root, and a wrong last position', () => {
    const witness = new CheckpointWitness();
    leaves.slice(0, 5).forEach((leaf, i) => witness.addLeaf(leaf, String(i + 1)));
    expect(witness.witness(checkpoint(4))).toEqual({ ok: true });
    expect(witness.witness(checkpoint(3))).toMatchObject({ ok: false, kind: 'checkpoint-rollback' });
    expect(witness.witness(checkpoint(6))).toMatchObject({ ok: false, kind: 'checkpoint-beyond-events' });
    expect(witness.witness(checkpoint(5, rootOf(4)))).toMatchObject({ ok: false, kind: 'checkpoint-inconsistent' });
  });

  it('names a checkpoint whose last position is not its last leaf', () => {
    const witness = new CheckpointWitness();
    leaves.slice(0, 3).forEach((leaf, i) => witness.addLeaf(leaf, String(100 + i)));
    expect(witness.witness(checkpoint(3))).toMatchObject({ ok: false, kind: 'checkpoint-position-mismatch' });
  });

  it('keeps thousands of pending leaves (its arrays grow and compact) and positions beyond a safe integer', () => {
    const many = Array.from({ length: 5000 }, (_, i) => leafHash(sha256(`many ${i}`)));
    const big = (i: number): string => `9${String(i).padStart(20, '0')}`;
    const root = (count: number): string => {
      const tree = new MerkleTreeBuilder();
      many.slice(0, count).forEach((leaf) => tree.appendLeafHash(leaf));
      return tree.rootHex();
    };
    const at = (treeSize: number, commit: string): SignedCheckpoint => ({ ...checkpoint(treeSize, root(treeSize)), lastPosition: { commit, prepare: commit } });
    const witness = new CheckpointWitness();
    many.slice(0, 3000).forEach((leaf, i) => witness.addLeafAt(Buffer.concat([Buffer.alloc(5), leaf]), 5, i < 2000 ? i + 1 : big(i)));
    expect(witness.witness(at(1900, '1900'))).toEqual({ ok: true });
    expect(witness.witness(at(2500, big(2499)))).toEqual({ ok: true });
    many.slice(3000).forEach((leaf, i) => witness.addLeaf(leaf, String(3001 + i)));
    expect(witness.witness(at(4999, '4999'))).toEqual({ ok: true });
    expect(witness.rootOfAll()).toBe(root(5000));
  });
});

