import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { SignedCheckpoint } from '@ledger/ledger-proofs';
import { ExportVerifier, type VerifyVerdict } from './export-verifier.js';
import { ndjsonLines } from './ndjson-lines.js';
import { PROGRESS_THRESHOLD_BYTES, ProgressBar, type ProgressOutput } from './progress-bar.js';

export interface VerifyFiles {
  exportFile: string;
  jwksFile: string;
  trustedCheckpointFile?: string;
}

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
 * Streams the export through the verifier, a line at a time (memory does not grow with the file), with a progress
 * bar on `progress` for large files.
 */
export const verifyExportFile = async (files: VerifyFiles, progress?: ProgressOutput): Promise<VerifyVerdict> => {
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
  const input = createReadStream(files.exportFile, { highWaterMark: 1024 * 1024 });
  const bar = progress && size >= PROGRESS_THRESHOLD_BYTES ? new ProgressBar(size, progress) : undefined;
  try {
    for await (const text of ndjsonLines(input)) {
      if (!verifier.checkLine(text)) break;
      if (bar && verifier.linesRead % 4096 === 0) bar.update(input.bytesRead, verifier.linesRead);
    }
  } finally {
    input.destroy();
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
