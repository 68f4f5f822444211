import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/ledger-proofs';
import { problemType } from '../problem-details/problem-details.js';
import { ProblemException } from '../problem-details/problem.exception.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The `Idempotency-Key` a caller sent, with a digest of what it sent it with (route and body). */
export interface IdempotencyClaim {
  readonly key: string;
  readonly requestHash: string;
  /**
   * Set when this request runs again for a key an earlier run claimed and never answered (its process died,
   * or its write failed without a clear outcome): what that run recorded may be in the ledger, and the
   * command pipeline looks for it before deciding anything (see `CommandPipeline`).
   */
  readonly resumed?: boolean;
}

const badKey = (detail: string): ProblemException =>
  new ProblemException({ status: 400, type: problemType('invalid-idempotency-key'), detail });

/** The header's key, undefined when absent; 400 when empty, repeated or longer than 200 characters. */
export const idempotencyKeyOf = (header: string | string[] | undefined): string | undefined => {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw badKey('send one Idempotency-Key header, not several');
  if (header.length === 0) throw badKey('Idempotency-Key is empty: send any string of 1 to 200 characters, or no header');
  if (header.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw badKey(`Idempotency-Key has ${header.length} characters; at most ${MAX_IDEMPOTENCY_KEY_LENGTH} are allowed`);
  }
  return header;
};

const canonicalOrPlain = (body: unknown): string => {
  try {
    return canonicalJson(body ?? null);
  } catch {
    // Not I-JSON (validation will refuse it anyway): any stable text will do for a digest.
    return JSON.stringify(body ?? null);
  }
};

/**
 * What "the same request" means for a key: the same method, path and body (canonical JSON, so member
 * order and spacing do not matter).
 */
export const requestHashOf = (method: string, path: string, body: unknown): string =>
  createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalOrPlain(body)}`).digest('hex');

/** A key belongs to its caller: the same key from two callers names two requests. */
export const idempotencyStream = (caller: { readonly tid: string; readonly sub: string }, key: string): string =>
  `idempotency-${createHash('sha256').update(`${caller.tid}\u0000${caller.sub}\u0000${key}`).digest('hex')}`;
