import { isHexDigest, type HexDigest } from '../digest.js';

/** The outcome of checking a proof: a verifier reports why a proof fails rather than throwing on hostile input. */
export type ProofCheck<T = undefined> = { ok: true; value: T } | { ok: false; reason: string };

export const proofBytes = (path: readonly unknown[]): ProofCheck<Buffer[]> => {
  if (!Array.isArray(path)) return { ok: false, reason: 'proof path must be an array of hex digests' };
  const bytes: Buffer[] = [];
  for (const [i, element] of path.entries()) {
    if (!isHexDigest(element)) return { ok: false, reason: `proof path element ${i} is not a 64-character hex digest` };
    bytes.push(Buffer.from(element, 'hex'));
  }
  return { ok: true, value: bytes };
};

export const sameDigest = (computed: Uint8Array, expected: HexDigest): boolean =>
  isHexDigest(expected) && Buffer.from(computed).equals(Buffer.from(expected, 'hex'));
