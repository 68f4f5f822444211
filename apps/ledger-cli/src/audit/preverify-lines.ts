import { isAscii } from 'node:buffer';
import { hash } from 'node:crypto';
import { DIGEST_BYTES, recomputeLinkInto } from '@ledger/ledger-proofs';
import { CHECKPOINT_STREAM } from '../../../ledger-api/src/audit/ledger-format/index.js';

/**
 * One preverified leaf event, LEAF_BYTES in `PreverifiedBatch.leaves`: as float64 (index = leaf * 18 + k) its
 * revision (k 0), `$all` position (k 1) and the leaf index its line claims (k 2; NaN when it claims none); as uint32
 * (index = leaf * 36 + k) the start (k 6) and end (k 7) of its line in the chunk's text (UTF-16 offsets), its stream
 * as an index into `streams` (k 8), 1 when it is the first of its stream (k 9: no previous chain hash); then, as
 * bytes, the previous chain digest (`PREVIOUS_AT`), its chain digest (`CHAIN_AT`) and its Merkle leaf hash
 * (`LEAF_HASH_AT`). Numbers and bytes in one buffer that goes back and forth between threads without a copy; the
 * strings the main thread needs per event (the stream) sent once per batch.
 */
export const LEAF_BYTES = 144;
export const F64_PER_LEAF = LEAF_BYTES / 8;
export const U32_PER_LEAF = LEAF_BYTES / 4;
export const PREVIOUS_AT = 48;
export const CHAIN_AT = PREVIOUS_AT + DIGEST_BYTES;
export const LEAF_HASH_AT = CHAIN_AT + DIGEST_BYTES;

/** A leaf event's line holds at least its content and chain hashes (64 hex characters each): bounds leaves per chunk. */
const MIN_LEAF_LINE_BYTES = 128;
/** Largest position that is carried as a number (a safe integer); longer ones take the careful path. */
const MAX_NUMERIC_POSITION_DIGITS = 15;

/** The buffers one chunk of whole lines travels with; sized once, reused for chunk after chunk. */
export interface ChunkBuffers {
  /** The chunk's bytes: whole lines from 0 to the length sent with it. */
  chunk: Uint8Array;
  leaves: Uint8Array;
  /** Triples (the leaf they come before, start, end): runs of lines that are not preverified leaves. */
  gaps: Uint32Array;
}

export const chunkBuffers = (chunkBytes: number): ChunkBuffers => {
  const leaves = Math.ceil(chunkBytes / MIN_LEAF_LINE_BYTES) + 1;
  return { chunk: new Uint8Array(chunkBytes), leaves: new Uint8Array(leaves * LEAF_BYTES), gaps: new Uint32Array(3 * (leaves + 1)) };
};

/**
 * A chunk of whole export lines after the work that needs no earlier line: each line parsed, its content hash and
 * chain hash recomputed and compared with its link, its Merkle leaf hash computed. Lines are either preverified leaf
 * events (in `leaves`) or, when anything else (a checkpoint, an event that is no leaf, a line at fault), left in
 * runs (`gaps`) for the verifier's careful path to read from the chunk, check and name. The chunk and the records
 * come back with the batch, to be filled again.
 */
export interface PreverifiedBatch extends ChunkBuffers {
  /** Bytes of whole lines in `chunk`. */
  length: number;
  leafCount: number;
  gapCount: number;
  /** The streams of the leaves, each once. */
  streams: string[];
}

/** The text of a batch's chunk (what the offsets of `leaves` and `gaps` index). */
export const chunkText = (batch: Pick<PreverifiedBatch, 'chunk' | 'length'>): string => {
  const bytes = Buffer.from(batch.chunk.buffer, batch.chunk.byteOffset, batch.length);
  // ASCII (what most exports are) decodes the same as Latin-1, which is a plain copy; UTF-8 otherwise.
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
};

export const preverifyChunk = (buffers: ChunkBuffers, length: number): PreverifiedBatch => {
  const { chunk, leaves, gaps } = buffers;
  const text = chunkText({ chunk, length });
  const records = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.byteLength);
  const f64 = new Float64Array(leaves.buffer, leaves.byteOffset, leaves.byteLength / 8);
  const u32 = new Uint32Array(leaves.buffer, leaves.byteOffset, leaves.byteLength / 4);
  const capacity = Math.floor(leaves.byteLength / LEAF_BYTES);
  const streams: string[] = [];
  const streamIndexes = new Map<string, number>();
  let leafCount = 0;
  let gapCount = 0;
  let gapStart = -1;
  let gapEnd = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const at = leafCount * LEAF_BYTES;
    const leaf = leafCount < capacity ? preverifyLine(text.slice(start, end), records, at) : undefined;
    if (leaf === undefined) {
      if (gapStart === -1) gapStart = start;
      gapEnd = end;
    } else {
      if (gapStart !== -1) {
        gaps[3 * gapCount] = leafCount;
        gaps[3 * gapCount + 1] = gapStart;
        gaps[3 * gapCount + 2] = gapEnd;
        gapCount += 1;
        gapStart = -1;
      }
      let stream = streamIndexes.get(leaf.stream);
      if (stream === undefined) {
        stream = streams.push(leaf.stream) - 1;
        streamIndexes.set(leaf.stream, stream);
      }
      const f = leafCount * F64_PER_LEAF;
      f64[f] = leaf.revision;
      f64[f + 1] = leaf.position;
      f64[f + 2] = typeof leaf.claimedLeafIndex === 'number' ? leaf.claimedLeafIndex : Number.NaN;
      const u = leafCount * U32_PER_LEAF;
      u32[u + 6] = start;
      u32[u + 7] = end;
      u32[u + 8] = stream;
      u32[u + 9] = leaf.first ? 1 : 0;
      records.copy(leafInput, 1, at + CHAIN_AT, at + CHAIN_AT + DIGEST_BYTES);
      // As a one-byte string rather than a Buffer: cheaper to allocate, and copied into place as it is.
      records.write(hash('sha256', leafInput, 'binary'), at + LEAF_HASH_AT, DIGEST_BYTES, 'latin1');
      leafCount += 1;
    }
    start = end + 1;
  }
  if (gapStart !== -1) {
    gaps[3 * gapCount] = leafCount;
    gaps[3 * gapCount + 1] = gapStart;
    gaps[3 * gapCount + 2] = gapEnd;
    gapCount += 1;
  }
  return { chunk, leaves, gaps, length, leafCount, gapCount, streams };
};

// RFC 9162 leaf hash input, 0x00 || chain digest: crypto's one-shot hash reads it synchronously, so one serves all.
const leafInput = Buffer.alloc(1 + DIGEST_BYTES);

interface PreverifiedLine {
  stream: string;
  revision: number;
  position: number;
  claimedLeafIndex: unknown;
  /** No previous chain hash: the first event of its stream. */
  first: boolean;
}

/** A numeric position when `text` is a decimal without leading zeros short enough to be exact; else -1. */
const numericPosition = (text: string): number => {
  const length = text.length;
  if (length === 0 || length > MAX_NUMERIC_POSITION_DIGITS || (length > 1 && text.charCodeAt(0) === 0x30)) return -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return -1;
  }
  return Number(text);
};

/**
 * The line's fields when it is a leaf event whose link recomputes (its previous and chain digests then written into
 * `records` at `at`); undefined for the careful path.
 */
const preverifyLine = (text: string, records: Buffer, at: number): PreverifiedLine | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { stream, revision, id, type, data, metadata, position, hashes } = value as Record<string, unknown>;
  if (typeof stream !== 'string' || typeof id !== 'string' || typeof type !== 'string' || typeof position !== 'string') return undefined;
  if (typeof revision !== 'number' || typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  // Not Merkle leaves: the store's system events and the notary's own (any other event of its stream is one, which
  // the careful path's `merkleLeafOf` decides).
  if (stream === CHECKPOINT_STREAM || type.startsWith('$')) return undefined;
  const numeric = numericPosition(position);
  if (numeric === -1) return undefined;
  const event = { streamId: stream, eventId: id, type, data, metadata: metadata as Record<string, unknown> };
  const recomputed = recomputeLinkInto(event, revision, records, at + PREVIOUS_AT, at + CHAIN_AT);
  if (recomputed === undefined) return undefined;
  const claimedLeafIndex = (hashes as { leafIndex?: unknown } | null | undefined)?.leafIndex;
  return { stream, revision, position: numeric, claimedLeafIndex, first: recomputed === 'first' };
};
