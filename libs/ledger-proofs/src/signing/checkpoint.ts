import { sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { isHexDigest, type HexDigest } from '../digest.js';
import { verificationKey } from './jwks.js';
import type { LedgerSigningKey } from './signing-key.js';

/** An `$all` position, commit and prepare as decimal strings (they are 64-bit; JSON numbers are not). */
export interface LedgerPosition {
  commit: string;
  prepare: string;
}

/** A position as `@eventstore/db-client` gives it, made JSON-safe. */
export const ledgerPosition = (position: { commit: bigint; prepare: bigint }): LedgerPosition => ({
  commit: position.commit.toString(),
  prepare: position.prepare.toString(),
});

/** What the notary attests: the Merkle tree of the first `treeSize` chained events in `$all` order has `rootHash`. */
export interface Checkpoint {
  treeSize: number;
  /** RFC 9162 root, lower-case hex. */
  rootHash: HexDigest;
  /** The `$all` position of the last event in the tree; null for the empty tree. */
  lastPosition: LedgerPosition | null;
  /** When the checkpoint was made, ISO 8601 UTC (`Date.prototype.toISOString`). */
  time: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Which key of the JWKS signed it. */
  kid: string;
  /** Ed25519 signature of `checkpointSigningInput(checkpoint)`, base64url without padding. */
  signature: string;
}

export type CheckpointCheck = { ok: true } | { ok: false; reason: string };

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

// Domain separation: a signature over a checkpoint can never be replayed as a signature over anything else this
// key signs (consent receipts are JWS, whose signing input starts with a base64url header, never with this).
const CHECKPOINT_CONTEXT = 'consent-ledger checkpoint v1\n';

/**
 * The exact bytes signed: UTF-8 of `"consent-ledger checkpoint v1\n"` followed by the RFC 8785 canonical JSON of
 * `{ lastPosition, rootHash, time, treeSize }`, so that any verifier rebuilds them from the four fields alone.
 */
export const checkpointSigningInput = (checkpoint: Checkpoint): Buffer => {
  const problem = checkpointProblem(checkpoint);
  if (problem) throw new CheckpointError(problem);
  const { treeSize, rootHash, lastPosition, time } = checkpoint;
  return Buffer.from(CHECKPOINT_CONTEXT + canonicalJson({ lastPosition, rootHash, time, treeSize }), 'utf8');
};

export const signCheckpoint = (checkpoint: Checkpoint, key: LedgerSigningKey): SignedCheckpoint => ({
  treeSize: checkpoint.treeSize,
  rootHash: checkpoint.rootHash,
  lastPosition: checkpoint.lastPosition,
  time: checkpoint.time,
  kid: key.kid,
  signature: sign(null, checkpointSigningInput(checkpoint), key.privateKey).toString('base64url'),
});

/** Checks a signed checkpoint (read from an event, a response or a file) against the ledger's JWKS. */
export const verifyCheckpoint = (signed: SignedCheckpoint, jwks: unknown): CheckpointCheck => {
  const problem = typeof signed === 'object' && signed !== null ? checkpointProblem(signed) : 'not an object';
  if (problem) return { ok: false, reason: `malformed checkpoint: ${problem}` };
  if (typeof signed.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(signed.signature)) {
    return { ok: false, reason: 'the signature is not a base64url Ed25519 signature (64 bytes)' };
  }
  let publicKey;
  try {
    publicKey = verificationKey(jwks, signed.kid);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const valid = verify(null, checkpointSigningInput(signed), publicKey, Buffer.from(signed.signature, 'base64url'));
  return valid
    ? { ok: true }
    : { ok: false, reason: `the signature of the checkpoint at tree size ${signed.treeSize} is forged or altered` };
};

const DECIMAL = /^(0|[1-9][0-9]*)$/;

const checkpointProblem = (checkpoint: Checkpoint): string | undefined => {
  const { treeSize, rootHash, lastPosition, time } = checkpoint;
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    return `tree size must be a non-negative integer, got ${treeSize}`;
  }
  if (!isHexDigest(rootHash)) return 'root hash must be 64 lower-case hex characters';
  if (lastPosition === null) {
    if (treeSize !== 0) return 'only the empty tree has no last position';
  } else if (
    typeof lastPosition !== 'object' ||
    typeof lastPosition.commit !== 'string' ||
    typeof lastPosition.prepare !== 'string' ||
    !DECIMAL.test(lastPosition.commit) ||
    !DECIMAL.test(lastPosition.prepare)
  ) {
    return 'last position must be { commit, prepare } as decimal strings';
  }
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time)) || new Date(time).toISOString() !== time) {
    return `time must be ISO 8601 UTC as toISOString() writes it, got ${JSON.stringify(time)}`;
  }
  return undefined;
};
