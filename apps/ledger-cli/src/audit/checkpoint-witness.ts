import { MerkleTreeBuilder, type HexDigest, type SignedCheckpoint } from '@ledger/ledger-proofs';

export type WitnessOutcome =
  | { ok: true }
  | { ok: false; kind: 'checkpoint-rollback' | 'checkpoint-beyond-events' | 'checkpoint-inconsistent' | 'checkpoint-position-mismatch'; reason: string };

/**
 * Recomputes the Merkle root at each checkpoint's tree size from the leaves of the export. It keeps a builder at
 * the last checkpoint's size and the leaves since (32 bytes each, with their positions): a checkpoint may cover
 * fewer leaves than precede it in `$all` (events recorded while it was signed), so its root is computed by moving
 * the builder forward to exactly its size. Memory: the leaves between two checkpoints.
 */
export class CheckpointWitness {
  private readonly committed = new MerkleTreeBuilder();
  private pendingHashes: Buffer[] = [];
  private pendingPositions: string[] = [];
  private lastCheckpoint: SignedCheckpoint | undefined;
  private leaves = 0;

  get leafCount(): number {
    return this.leaves;
  }

  get latest(): SignedCheckpoint | undefined {
    return this.lastCheckpoint;
  }

  addLeaf(leafHash: Buffer, position: string): void {
    this.pendingHashes.push(leafHash);
    this.pendingPositions.push(position);
    this.leaves += 1;
  }

  /** Checks a checkpoint whose signature already verified against the leaves seen so far. */
  witness(checkpoint: SignedCheckpoint): WitnessOutcome {
    const previous = this.lastCheckpoint;
    if (previous && checkpoint.treeSize < previous.treeSize) {
      return {
        ok: false,
        kind: 'checkpoint-rollback',
        reason: `it covers ${checkpoint.treeSize} leaves, fewer than the earlier checkpoint's ${previous.treeSize}: a ledger only grows`,
      };
    }
    if (checkpoint.treeSize > this.leaves) {
      return {
        ok: false,
        kind: 'checkpoint-beyond-events',
        reason: `it covers ${checkpoint.treeSize} leaves but only ${this.leaves} leaf events precede it: events were removed`,
      };
    }
    const lastPosition = this.advanceTo(checkpoint.treeSize);
    const root = this.committed.rootHex();
    if (root !== checkpoint.rootHash) {
      const since = previous ? `, though the events agree with the earlier checkpoint at tree size ${previous.treeSize}` : '';
      return {
        ok: false,
        kind: 'checkpoint-inconsistent',
        reason:
          `its root ${checkpoint.rootHash} is not the root ${root} of the ${checkpoint.treeSize} leaf events before it` +
          `${since}: the history it signs differs from the export (events altered, removed or reordered, or a rewritten history)`,
      };
    }
    if (lastPosition !== undefined && checkpoint.lastPosition?.commit !== lastPosition) {
      return {
        ok: false,
        kind: 'checkpoint-position-mismatch',
        reason: `its last position ${checkpoint.lastPosition?.commit} is not the position ${lastPosition} of leaf ${checkpoint.treeSize - 1}`,
      };
    }
    this.lastCheckpoint = checkpoint;
    return { ok: true };
  }

  /** The root of every leaf seen (used at the end, for the summary and a trusted checkpoint at the last size). */
  rootOfAll(): HexDigest {
    this.advanceTo(this.leaves);
    return this.committed.rootHex();
  }

  private advanceTo(treeSize: number): string | undefined {
    const count = treeSize - this.committed.treeSize;
    if (count <= 0) return undefined;
    for (let i = 0; i < count; i++) this.committed.appendLeafHash(this.pendingHashes[i]!);
    const lastPosition = this.pendingPositions[count - 1];
    this.pendingHashes = this.pendingHashes.slice(count);
    this.pendingPositions = this.pendingPositions.slice(count);
    return lastPosition;
  }
}
