import { DIGEST_BYTES, leafHash, recomputeLink } from '@ledger/ledger-proofs';
import { merkleLeafOf } from '../../../ledger-api/src/audit/ledger-format/index.js';
import { parseExportLine } from './parse-export-line.js';

/**
 * A batch of export lines after the work that needs no earlier line: each line parsed, its content hash and chain
 * hash recomputed and compared with its link, its Merkle leaf hash computed. Line `i` is either a preverified leaf
 * event (`texts[i]` undefined; its fields in the parallel arrays, its chain digest and leaf hash the next 64 bytes of
 * `digests`) or, when it is anything else (a checkpoint, an event that is no leaf, a line at fault), its text
 * `texts[i]`, for the verifier's careful path to check and name. Parallel arrays of strings rather than an object per
 * line: they cross between threads several times cheaper.
 */
export interface PreverifiedBatch {
  texts: (string | undefined)[];
  streams: string[];
  ids: string[];
  revisions: number[];
  positions: string[];
  /** `hashes.leafIndex` as each line claims it (checked against the leaf's real place). */
  claimedLeafIndexes: unknown[];
  previousChainHashes: (string | null)[];
  /** Per leaf: its chain digest (32 bytes) then its Merkle leaf hash (32 bytes). */
  digests: Uint8Array;
}

export const DIGESTS_PER_LEAF = 2 * DIGEST_BYTES;

export const preverifyLines = (lines: readonly string[]): PreverifiedBatch => {
  const batch: PreverifiedBatch = {
    texts: [],
    streams: [],
    ids: [],
    revisions: [],
    positions: [],
    claimedLeafIndexes: [],
    previousChainHashes: [],
    digests: new Uint8Array(lines.length * DIGESTS_PER_LEAF),
  };
  let leaves = 0;
  for (const text of lines) {
    if (preverifyLine(text, batch, leaves)) {
      batch.texts.push(undefined);
      leaves += 1;
    } else {
      batch.texts.push(text);
    }
  }
  batch.digests = batch.digests.subarray(0, leaves * DIGESTS_PER_LEAF);
  return batch;
};

const preverifyLine = (text: string, batch: PreverifiedBatch, leaf: number): boolean => {
  const parsed = parseExportLine(text);
  if (!parsed.ok) return false;
  const { stream, revision, id, type, data, metadata, position, hashes } = parsed.line;
  const recomputed = recomputeLink({ streamId: stream, eventId: id, type, data, metadata }, revision, undefined);
  if (recomputed === undefined || merkleLeafOf(parsed.line, { linkChecked: true }) === undefined) return false;
  batch.streams.push(stream);
  batch.ids.push(id);
  batch.revisions.push(revision);
  batch.positions.push(position);
  batch.claimedLeafIndexes.push(hashes?.leafIndex);
  batch.previousChainHashes.push(recomputed.link.previousChainHash);
  batch.digests.set(recomputed.chainDigest, leaf * DIGESTS_PER_LEAF);
  batch.digests.set(leafHash(recomputed.chainDigest), leaf * DIGESTS_PER_LEAF + DIGEST_BYTES);
  return true;
};
