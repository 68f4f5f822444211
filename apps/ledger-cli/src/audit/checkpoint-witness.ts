import { DIGEST_BYTES, MerkleTreeBuilder, type HexDigest, type SignedCheckpoint } from '@ledger/ledger-proofs';

export type WitnessOutcome =
  | { ok: true }
  | { ok: false; kind: 'checkpoint-rollback' | 'checkpoint-beyond-events' | 'checkpoint-inconsistent' | 'checkpoint-position-mismatch'; reason: string };

/**
 * Recomputes the Merkle root at each checkpoint's tree size from the leaves of the export. It keeps a builder at
 * the last checkpoint's size and the leaves since (32 bytes each, with their positions): a checkpoint may cover
 * fewer leaves than precede it in `$all` (events recorded while it was signed), so its root is computed by moving
 * the builder forward to exactly its size. Memory: the leaves between two checkpoints, 40 bytes each (their hashes
 * and positions in typed arrays, reused), whatever the length of the export.
 */
export class CheckpointWitness {
  private readonly committed = new MerkleTreeBuilder();
  // Pending leaves [first, end) of these arrays: leaf hash (32 bytes) and position (a number, or NaN with its text
  // in `bigPositions` under its leaf index when it is beyond a safe integer).
  private pendingHashes = new Uint8Array(1024 * DIGEST_BYTES);
  private pendingPositions = new Float64Array(1024);
  private readonly bigPositions = new Map<number, string>();
  private first = 0;
  private end = 0;
  private lastCheckpoint: SignedCheckpoint | undefined;
  private leaves = 0;

  get leafCount(): number {
    return this.leaves;
  }

  get latest(): SignedCheckpoint | undefined {
    return this.lastCheckpoint;
  }

  addLeaf(leafHash: Uint8Array, position: string): void {
    this.addLeafAt(leafHash, 0, position);
  }

  /** Adds the leaf whose hash is `hashes[at..at+32]` (copied). */
  addLeafAt(hashes: Uint8Array, at: number, position: number | string): void {
    if (this.end === this.pendingPositions.length) this.makeRoom();
    const to = this.end * DIGEST_BYTES;
    for (let i = 0; i < DIGEST_BYTES; i++) this.pendingHashes[to + i] = hashes[at + i]!;
    const numeric = typeof position === 'number' ? position : Number(position);
    if (Number.isSafeInteger(numeric)) this.pendingPositions[this.end] = numeric;
    else {
      this.pendingPositions[this.end] = Number.NaN;
      this.bigPositions.set(this.leaves, String(position));
    }
    this.end += 1;
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
    for (let i = this.first; i < this.first + count; i++) {
      this.committed.appendLeafHash(this.pendingHashes.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
    }
    const numeric = this.pendingPositions[this.first + count - 1]!;
    const lastPosition = Number.isNaN(numeric) ? this.bigPositions.get(treeSize - 1) : String(numeric);
    if (this.bigPositions.size > 0) for (const leaf of this.bigPositions.keys()) if (leaf < treeSize) this.bigPositions.delete(leaf);
    this.first += count;
    if (this.first === this.end) this.first = this.end = 0;
    return lastPosition;
  }

  /** Moves the pending leaves to the front, or doubles the arrays when they are all pending. */
  private makeRoom(): void {
    const pending = this.end - this.first;
    if (pending * 2 > this.pendingPositions.length) {
      const hashes = new Uint8Array(this.pendingHashes.length * 2);
      const positions = new Float64Array(this.pendingPositions.length * 2);
      hashes.set(this.pendingHashes.subarray(this.first * DIGEST_BYTES, this.end * DIGEST_BYTES));
      positions.set(this.pendingPositions.subarray(this.first, this.end));
      this.pendingHashes = hashes;
      this.pendingPositions = positions;
    } else {
      this.pendingHashes.copyWithin(0, this.first * DIGEST_BYTES, this.end * DIGEST_BYTES);
      this.pendingPositions.copyWithin(0, this.first, this.end);
    }
    this.first = 0;
    this.end = pending;
  }
}
