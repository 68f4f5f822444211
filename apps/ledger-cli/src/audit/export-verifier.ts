import {
  ChainVerifier,
  DIGEST_BYTES,
  leafHash,
  MerkleTreeBuilder,
  verifyCheckpoint,
  type ChainFault,
  type SignedCheckpoint,
} from '@ledger/ledger-proofs';
import {
  CHECKPOINT_STREAM,
  LEDGER_CHECKPOINTED,
  merkleLeafOf,
  signedCheckpointOf,
} from '../../../ledger-api/src/audit/ledger-format/index.js';
import { CheckpointWitness } from './checkpoint-witness.js';
import { parseExportLine } from './parse-export-line.js';
import {
  CHAIN_AT,
  chunkText,
  F64_PER_LEAF,
  LEAF_BYTES,
  LEAF_HASH_AT,
  PREVIOUS_AT,
  U32_PER_LEAF,
  type PreverifiedBatch,
} from './preverify-lines.js';
import type { VerifyFault } from './verify-fault.js';

export interface VerifySummary {
  events: number;
  streams: number;
  leaves: number;
  checkpoints: number;
  /** The last checkpoint verified, if any. */
  lastCheckpoint: SignedCheckpoint | undefined;
  /** Leaves after the last checkpoint: intact as far as the chains tell, but not yet covered by a signature. */
  leavesAfterLastCheckpoint: number;
  /** The Merkle root of every leaf of the export. */
  rootHash: string;
  trustedCheckpointTreeSize: number | undefined;
}

// Positions are decimal without leading zeros (`parseExportLine` checked): the longer is the larger, and equal lengths
// compare as text. No BigInt per event.
// A position is a number when it is a safe integer (every preverified leaf's), its decimal text otherwise.
type Position = number | string;
const isAfter = (position: Position, previous: Position): boolean => {
  if (typeof position === 'number' && typeof previous === 'number') return position > previous;
  const [a, b] = [String(position), String(previous)];
  return a.length !== b.length ? a.length > b.length : a > b;
};

export type VerifyVerdict = { ok: true; summary: VerifySummary } | { ok: false; fault: VerifyFault; linesRead: number };

/**
 * Checks an export line by line, trusting nothing but the JWKS (and a trusted checkpoint): the per-stream chains
 * (`ChainVerifier`), the `$all` order, the Merkle leaves, and every `LedgerCheckpointed` line: its signature, and
 * its root recomputed from the leaves before it. Each checkpoint is checked against the same leaf sequence as the
 * ones before it, so one that rewrites history (is not an extension of an earlier one) cannot match. Stops at the
 * first fault and names it.
 */
export class ExportVerifier {
  private readonly chain = new ChainVerifier();
  private readonly witness = new CheckpointWitness();
  private trustedTree: MerkleTreeBuilder | undefined;
  private lines = 0;
  private checkpoints = 0;
  private lastPosition: Position | undefined;
  // The batch being checked, its text (decoded only when a line of it takes the careful path) and its records.
  private batch: PreverifiedBatch | undefined;
  private batchText: string | undefined;
  private f64: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private u32: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private currentLeaf = 0;
  private fault: VerifyFault | undefined;
  /** Nothing more to learn from further lines. */
  private settled = false;

  constructor(
    private readonly jwks: unknown,
    private readonly trusted?: SignedCheckpoint,
  ) {
    if (trusted) {
      const check = verifyCheckpoint(trusted, jwks);
      if (!check.ok) {
        const message = `the trusted checkpoint does not verify: ${check.reason}`;
        this.fault = { line: 0, kind: 'trusted-checkpoint-invalid', message };
        this.settled = true;
      }
      this.trustedTree = new MerkleTreeBuilder();
    }
  }

  get linesRead(): number {
    return this.lines;
  }

  /** Checks the next line; false once later lines can change nothing in the verdict. */
  checkLine(text: string): boolean {
    if (this.settled) return false;
    const line = ++this.lines;
    if (text.trim() === '') return true;
    const parsed = parseExportLine(text);
    if (!parsed.ok) {
      this.fault ??= { line, kind: 'malformed-line', message: `line ${line} is not an export line: ${parsed.reason}` };
      this.settled = true;
      return false;
    }
    const event = parsed.line;
    const { stream: streamId, revision, id: eventId, type, data, metadata } = event;
    if (!this.chain.check({ streamId, revision, eventId, type, data, metadata })) {
      this.settled = true;
      return false;
    }
    // After a fault of the order or the tree, the chains still read on: an event that seemed missing earlier may
    // turn up, and the chain then names the real fault (a reordering) at an earlier or the same line.
    if (this.fault) return true;
    // Built only for a fault: on the hot path every allocation per event counts.
    const name = (): string => `event ${event.id} (line ${line}, stream ${event.stream}, revision ${event.revision})`;
    if (!this.checkPosition(event.position, line, name, eventId)) return true;
    // The chain verifier accepted the event, so its chain link is well formed: `merkleLeafOf` decides without
    // checking the link's digests a second time.
    const leaf = merkleLeafOf(event, { linkChecked: true });
    if (leaf) return this.checkLeaf(leafHash(leaf), 0, event.hashes?.leafIndex, event.position, line, name, event.id);
    if (event.stream === CHECKPOINT_STREAM && event.type === LEDGER_CHECKPOINTED) {
      return this.checkCheckpoint(signedCheckpointOf(event.data as Record<string, unknown>), line);
    }
    return true;
  }

  /**
   * Checks the next batch of lines, preverified (`preverifyChunk`, here or on a worker thread): what depends on
   * earlier lines (chains, order, Merkle leaves, checkpoints) is checked here, the other lines go through the careful
   * path line by line. False once later lines can change nothing in the verdict.
   */
  checkPreverified(batch: PreverifiedBatch): boolean {
    this.batch = batch;
    this.batchText = undefined;
    this.f64 = new Float64Array(batch.leaves.buffer, batch.leaves.byteOffset, batch.leafCount * F64_PER_LEAF);
    this.u32 = new Uint32Array(batch.leaves.buffer, batch.leaves.byteOffset, batch.leafCount * U32_PER_LEAF);
    const { gaps, gapCount, leafCount } = batch;
    let gap = 0;
    for (let leaf = 0; leaf <= leafCount; leaf++) {
      for (; gap < gapCount && gaps[3 * gap] === leaf; gap++) {
        for (const text of this.text().slice(gaps[3 * gap + 1], gaps[3 * gap + 2]).split('\n')) {
          if (!this.checkLine(text)) return false;
        }
      }
      if (leaf < leafCount && !this.checkPreverifiedLeaf(batch, leaf)) return false;
    }
    return true;
  }

  private text(): string {
    return (this.batchText ??= chunkText(this.batch!));
  }

  /** The id of the leaf being checked, read again from its line: only to name a fault. */
  private readonly currentEventId = (): string => {
    const u = this.currentLeaf * U32_PER_LEAF;
    return String((JSON.parse(this.text().slice(this.u32[u + 6], this.u32[u + 7])) as { id: unknown }).id);
  };

  private checkPreverifiedLeaf(batch: PreverifiedBatch, leaf: number): boolean {
    if (this.settled) return false;
    const line = ++this.lines;
    this.currentLeaf = leaf;
    const f = leaf * F64_PER_LEAF;
    const u = leaf * U32_PER_LEAF;
    const at = leaf * LEAF_BYTES;
    const streamId = batch.streams[this.u32[u + 8]!]!;
    const revision = this.f64[f]!;
    const previousAt = this.u32[u + 9] === 1 ? -1 : at + PREVIOUS_AT;
    if (!this.chain.checkDigests(streamId, revision, batch.leaves, previousAt, at + CHAIN_AT, this.currentEventId)) {
      this.settled = true;
      return false;
    }
    if (this.fault) return true;
    const position = this.f64[f + 1]!;
    if (this.lastPosition !== undefined && !isAfter(position, this.lastPosition)) {
      const eventId = this.currentEventId();
      const name = (): string => `event ${eventId} (line ${line}, stream ${streamId}, revision ${revision})`;
      this.checkPosition(position, line, name, eventId); // records the fault; the chains read on
      return true;
    }
    this.lastPosition = position;
    const claimed = this.f64[f + 2]!;
    if (!Number.isNaN(claimed) && claimed !== this.witness.leafCount) {
      const eventId = this.currentEventId();
      const name = (): string => `event ${eventId} (line ${line}, stream ${streamId}, revision ${revision})`;
      return this.checkLeaf(batch.leaves, at + LEAF_HASH_AT, claimed, position, line, name, eventId);
    }
    return this.checkLeaf(batch.leaves, at + LEAF_HASH_AT, undefined, position, line, () => '', '');
  }

  /** The verdict once every line has been fed. */
  finish(): VerifyVerdict {
    const chainVerdict = this.chain.finish();
    const chainFault = chainVerdict.ok ? undefined : this.chainFault(chainVerdict.fault);
    // The chain may settle a removal only now, for an earlier line than a later Merkle fault: the first line wins.
    const fault = [chainFault, this.fault]
      .filter((f): f is VerifyFault => f !== undefined)
      .sort((a, b) => a.line - b.line)[0];
    if (fault) return { ok: false, fault, linesRead: this.lines };
    if (this.trusted && this.trustedTree && this.witness.leafCount < this.trusted.treeSize) {
      const message =
        `the export holds ${this.witness.leafCount} leaf events, fewer than the ${this.trusted.treeSize} of the trusted ` +
        'checkpoint: events were removed or the export is incomplete';
      return { ok: false, fault: { line: 0, kind: 'export-truncated', message }, linesRead: this.lines };
    }
    const last = this.witness.latest;
    return {
      ok: true,
      summary: {
        events: chainVerdict.eventsChecked,
        streams: chainVerdict.ok ? chainVerdict.streams : 0,
        leaves: this.witness.leafCount,
        checkpoints: this.checkpoints,
        lastCheckpoint: last,
        leavesAfterLastCheckpoint: this.witness.leafCount - (last?.treeSize ?? 0),
        rootHash: this.witness.rootOfAll(),
        trustedCheckpointTreeSize: this.trusted?.treeSize,
      },
    };
  }

  /** False (with the fault recorded) when the event does not come after the one before it in `$all`. */
  private checkPosition(position: Position, line: number, name: () => string, eventId: string): boolean {
    if (this.lastPosition !== undefined && !isAfter(position, this.lastPosition)) {
      const message = `${name()} at position ${position} comes after position ${this.lastPosition}: events were reordered`;
      this.fail({ line, kind: 'out-of-order', eventId, message });
      return false;
    }
    this.lastPosition = position;
    return true;
  }

  private checkLeaf(
    hashes: Uint8Array,
    hashAt: number,
    claimedIndex: unknown,
    position: Position,
    line: number,
    name: () => string,
    eventId: string,
  ): boolean {
    const index = this.witness.leafCount;
    if (typeof claimedIndex === 'number' && claimedIndex !== index) {
      const message =
        `${name()} says it is Merkle leaf ${claimedIndex} but is leaf ${index} of the export: ` +
        'events were removed or reordered before it';
      return this.fail({ line, kind: 'leaf-index-mismatch', eventId, message });
    }
    this.witness.addLeafAt(hashes, hashAt, position);
    if (this.trustedTree && this.trusted) {
      this.trustedTree.appendLeafHash(hashes.subarray(hashAt, hashAt + DIGEST_BYTES));
      if (this.trustedTree.treeSize === this.trusted.treeSize) return this.checkTrusted(line);
    }
    return true;
  }

  private checkTrusted(line: number): boolean {
    const root = this.trustedTree!.rootHex();
    this.trustedTree = undefined;
    if (root === this.trusted!.rootHash) return true;
    return this.fail({
      line,
      kind: 'trusted-checkpoint-inconsistent',
      checkpointTreeSize: this.trusted!.treeSize,
      message:
        `the first ${this.trusted!.treeSize} leaf events (up to line ${line}) have root ${root}, not the trusted ` +
        `checkpoint's ${this.trusted!.rootHash}: the history was rewritten since it was signed`,
    });
  }

  private checkCheckpoint(checkpoint: SignedCheckpoint, line: number): boolean {
    const name = `checkpoint at line ${line} (tree size ${checkpoint.treeSize})`;
    const at = { line, checkpointTreeSize: checkpoint.treeSize };
    const signature = verifyCheckpoint(checkpoint, this.jwks);
    if (!signature.ok) {
      return this.fail({ ...at, kind: 'forged-checkpoint', message: `${name} is forged: ${signature.reason}` });
    }
    const outcome = this.witness.witness(checkpoint);
    if (!outcome.ok) return this.fail({ ...at, kind: outcome.kind, message: `${name} is wrong: ${outcome.reason}` });
    this.checkpoints += 1;
    return true;
  }

  private chainFault(fault: ChainFault): VerifyFault {
    const line = fault.index + 1;
    return { line, kind: fault.kind, eventId: fault.eventId, message: `line ${line}: ${fault.message}` };
  }

  /** Records the fault; reading goes on for the chains only (see `checkLine`). */
  private fail(fault: VerifyFault): true {
    this.fault = fault;
    return true;
  }
}
