import { open, readFile, stat } from 'node:fs/promises';
import type { SignedCheckpoint } from '@ledger/ledger-proofs';
import { ExportVerifier, type VerifyVerdict } from './export-verifier.js';
import { chunkBuffers, type ChunkBuffers, type PreverifiedBatch } from './preverify-lines.js';
import { defaultWorkerCount, inThreadPreverifier, PreverifierPool, type Preverifier } from './preverifier-pool.js';
import { PROGRESS_THRESHOLD_BYTES, ProgressBar, type ProgressOutput } from './progress-bar.js';

export interface VerifyFiles {
  exportFile: string;
  jwksFile: string;
  trustedCheckpointFile?: string;
}

export interface VerifyOptions {
  /** Worker threads preverifying lines (parse, content and chain hashes); 0: all on this thread. Default: up to 4
   * for an export of `WORKERS_THRESHOLD_BYTES` or more, 0 below. */
  workers?: number;
}

/** Below this size the threads would cost more to start than they save. */
export const WORKERS_THRESHOLD_BYTES = 16 * 1024 * 1024;
// Under Node's 1,031,913 bytes above which a decoded string is external (its text malloc'd outside the JS heap,
// freed only when a collection happens to find it): a chunk's text stays in the heap the workers' limits bound.
// At 1 MiB the workers' malloc'd memory grew by about 150 MiB over the first 400,000 events.
const CHUNK_BYTES = 960 * 1024;
// Chunks in flight per worker: enough to keep each busy while the main thread checks, few enough to bound memory.
const AHEAD_PER_WORKER = 3;

export class VerifyInputError extends Error {
  override readonly name = 'VerifyInputError';
}

const readJson = async (file: string, what: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new VerifyInputError(`cannot read the ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new VerifyInputError(`the ${what} ${file} is not JSON: ${(error as Error).message}`);
  }
};

/**
 * Streams the export through the verifier in chunks of whole lines (memory does not grow with the file): each chunk
 * preverified (parsing, content and chain hashes: nothing that depends on earlier lines) on worker threads for a large
 * export, then checked here in the file's order (chains, order, Merkle roots, checkpoints); a progress bar on
 * `progress` for large files.
 */
export const verifyExportFile = async (
  files: VerifyFiles,
  progress?: ProgressOutput,
  options: VerifyOptions = {},
): Promise<VerifyVerdict> => {
  const jwks = await readJson(files.jwksFile, 'JWKS');
  const trusted = files.trustedCheckpointFile
    ? ((await readJson(files.trustedCheckpointFile, 'trusted checkpoint')) as SignedCheckpoint)
    : undefined;
  const size = await stat(files.exportFile).then(
    (s) => s.size,
    (error: Error) => {
      throw new VerifyInputError(`cannot read the export ${files.exportFile}: ${error.message}`);
    },
  );
  const verifier = new ExportVerifier(jwks, trusted);
  const workers = options.workers ?? (size >= WORKERS_THRESHOLD_BYTES ? defaultWorkerCount() : 0);
  const preverifier: Preverifier = (workers > 0 ? PreverifierPool.start(workers) : undefined) ?? inThreadPreverifier();
  const input = await open(files.exportFile, 'r');
  const bar = progress && size >= PROGRESS_THRESHOLD_BYTES ? new ProgressBar(size, progress) : undefined;
  // A fixed set of chunk buffers goes round: read into, preverified (on a worker), checked here, read into again.
  // Reading waits for a free one, so a slow verification holds back the reading (memory does not grow with the file).
  const depth = Math.max(1, workers) * AHEAD_PER_WORKER;
  const free: ChunkBuffers[] = [];
  let buffersMade = 0;
  const ahead: Promise<PreverifiedBatch>[] = [];
  let bytesRead = 0;
  const checkNext = async (): Promise<boolean> => {
    const batch = await ahead.shift()!;
    const going = verifier.checkPreverified(batch);
    if (batch.chunk.byteLength === CHUNK_BYTES) free.push(batch); // a larger one (a long line) is dropped

    bar?.update(bytesRead, verifier.linesRead);
    return going;
  };
  const send = (buffers: ChunkBuffers, length: number): void => {
    const preverified = preverifier.preverify(buffers, length);
    preverified.catch(() => undefined); // awaited in turn below; a stop after a fault must not leave it unhandled
    ahead.push(preverified);
  };
  try {
    let going = true;
    // The start of a line that the last chunk cut (a copy: that chunk's buffer has gone to be preverified).
    let carry = Buffer.alloc(0);
    for (;;) {
      if (free.length === 0 && buffersMade >= depth + 1 && !(going = await checkNext())) break;
      let buffers = free.pop() ?? (buffersMade++, chunkBuffers(CHUNK_BYTES));
      // A line longer than half a chunk: a larger chunk (4 times the line, so that a huge line is copied a few
      // times, not once per chunk of it), used once.
      if (carry.length > buffers.chunk.byteLength / 2) {
        if (buffers.chunk.byteLength === CHUNK_BYTES) free.push(buffers);
        buffers = chunkBuffers(4 * carry.length);
      }
      buffers.chunk.set(carry, 0);
      const room = buffers.chunk.byteLength - carry.length;
      const { bytesRead: read } = await input.read(buffers.chunk, carry.length, room, bytesRead);
      bytesRead += read;
      const filled = carry.length + read;
      if (read === 0) {
        if (filled > 0) send(buffers, filled);
        break;
      }
      const lastNewline = Buffer.from(buffers.chunk.buffer, buffers.chunk.byteOffset, filled).lastIndexOf(0x0a);
      carry = Buffer.from(buffers.chunk.subarray(lastNewline + 1, filled));
      if (lastNewline === -1) {
        if (buffers.chunk.byteLength === CHUNK_BYTES) free.push(buffers);
      }
      else send(buffers, lastNewline + 1);
    }
    while (going && ahead.length > 0) going = await checkNext();
  } finally {
    await input.close();
    await preverifier.close();
  }
  if (bar) {
    bar.update(size, verifier.linesRead);
    bar.done();
  }
  return verifier.finish();
};

/** The summary or the fault, for people. */
export const describeVerdict = (verdict: VerifyVerdict): string[] => {
  if (!verdict.ok) {
    const { fault } = verdict;
    const at = fault.eventId
      ? `event ${fault.eventId}`
      : fault.checkpointTreeSize !== undefined
        ? `checkpoint of tree size ${fault.checkpointTreeSize}`
        : 'the export';
    return [`FAILED at line ${fault.line} (${at}): ${fault.kind}`, fault.message];
  }
  const s = verdict.summary;
  const lines = [
    `OK: ${s.events} events in ${s.streams} streams, every hash chain intact`,
    `Merkle tree: ${s.leaves} leaves, root ${s.rootHash}`,
    `${s.checkpoints} signed checkpoints verified (signature, root recomputed from the events, consistent with every earlier one)`,
  ];
  if (s.lastCheckpoint) {
    lines.push(`last checkpoint: tree size ${s.lastCheckpoint.treeSize}, root ${s.lastCheckpoint.rootHash}, signed ${s.lastCheckpoint.time}`);
  }
  if (s.leavesAfterLastCheckpoint > 0) {
    lines.push(`${s.leavesAfterLastCheckpoint} events after the last checkpoint are chained but not yet covered by a signature`);
  }
  if (s.trustedCheckpointTreeSize !== undefined) {
    lines.push(`the trusted checkpoint (tree size ${s.trustedCheckpointTreeSize}) is a prefix of this export`);
  }
  return lines;
};
