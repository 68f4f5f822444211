import { DIGEST_BYTES, digestBytes, toHex, type HexDigest } from '../digest.js';
import { EMPTY_TREE_ROOT, leafHash, nodeHash, nodeHashInto } from './tree-hashing.js';

/** A builder's state, small enough to store beside a checkpoint and resume from. */
export interface CompactRange {
  treeSize: number;
  /** Roots of the perfect subtrees that make up the tree, left (largest) to right (smallest), as hex. */
  frontier: HexDigest[];
}

/**
 * Builds the RFC 9162 Merkle tree of a growing list of leaves in O(log n) memory: it keeps only the roots of the
 * perfect subtrees the tree decomposes into (one per set bit of the size, a "compact range" over [0, size)), so
 * millions of leaves stream through in constant memory and the root is available at every size.
 */
export class MerkleTreeBuilder {
  private size = 0;
  // Left to right: frontier[0] covers the largest, leftmost perfect subtree.
  private readonly frontier: Buffer[] = [];

  /** Resumes from a saved compact range (for instance, the one stored with the last checkpoint). */
  static resume(range: CompactRange): MerkleTreeBuilder {
    if (!Number.isSafeInteger(range.treeSize) || range.treeSize < 0) {
      throw new RangeError(`compact range tree size must be a non-negative integer, got ${range.treeSize}`);
    }
    const expected = setBits(range.treeSize);
    if (range.frontier.length !== expected) {
      throw new RangeError(
        `a compact range of ${range.treeSize} leaves holds ${expected} subtree roots, got ${range.frontier.length}`,
      );
    }
    const builder = new MerkleTreeBuilder();
    builder.size = range.treeSize;
    range.frontier.forEach((root, i) => builder.frontier.push(digestBytes(root, `frontier[${i}]`)));
    return builder;
  }

  get treeSize(): number {
    return this.size;
  }

  /** Appends a leaf (for the ledger: an event's 32-byte chain hash) and returns its leaf hash. */
  appendLeaf(leaf: Uint8Array): Buffer {
    const hash = leafHash(leaf);
    this.push(hash);
    return hash;
  }

  /** Appends an already computed leaf hash, SHA-256(0x00 || leaf). */
  appendLeafHash(hash: Uint8Array): void {
    if (hash.byteLength !== DIGEST_BYTES) {
      throw new TypeError(`a leaf hash is ${DIGEST_BYTES} bytes, got ${hash.byteLength}`);
    }
    this.push(hash); // copied when the frontier keeps it: the caller may reuse its buffer
  }

  // The frontier's buffers are the builder's own (copied in, never handed out), so a merge writes its node over
  // the left child's buffer: one allocation per two leaves instead of one per node.
  private push(hash: Uint8Array): void {
    let size = this.size;
    this.size += 1;
    if (size % 2 === 0) {
      this.frontier.push(Buffer.from(hash));
      return;
    }
    // Each trailing 1 bit of the old size is a perfect subtree of the same height as the node to its left: merge
    // them, as in binary addition with carries.
    let node = this.frontier.pop()!;
    nodeHashInto(node, hash, node);
    for (size = Math.floor(size / 2); size % 2 === 1; size = Math.floor(size / 2)) {
      const left = this.frontier.pop()!;
      nodeHashInto(left, node, left);
      node = left;
    }
    this.frontier.push(node);
  }

  /** MTH of the leaves so far (RFC 9162 §2.1.1): the perfect subtree roots folded right to left. */
  root(): Buffer {
    if (this.frontier.length === 0) return Buffer.from(EMPTY_TREE_ROOT);
    if (this.frontier.length === 1) return Buffer.from(this.frontier[0]!); // a copy: the frontier's may be rewritten
    let root = this.frontier[this.frontier.length - 1]!;
    for (let i = this.frontier.length - 2; i >= 0; i--) root = nodeHash(this.frontier[i]!, root);
    return root;
  }

  rootHex(): HexDigest {
    return toHex(this.root());
  }

  compactRange(): CompactRange {
    return { treeSize: this.size, frontier: this.frontier.map(toHex) };
  }
}

const setBits = (n: number): number => {
  let count = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
};
