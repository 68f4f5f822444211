import { createHash, randomUUID } from 'node:crypto';
import { idempotencyStream } from '../idempotency/idempotency-claim.js';
import type { CommandContext } from './command-context.js';

/** A UUID (version 8, RFC 9562) derived from `name`: the same name always gives the same id. */
export const nameBasedId = (name: string): string => {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The id of something a command creates (a consent request, an OEM consent link, a revocation request).
 * Random, except for a request sent with an `Idempotency-Key`: then it is derived from the caller's key, so
 * that running the request again (after a crash between its write and the record of its answer) names the
 * same aggregate, where the pipeline finds what the first run recorded instead of creating a second one.
 */
export const newAggregateId = (context: CommandContext, purpose: string): string =>
  context.idempotency === undefined
    ? randomUUID()
    : nameBasedId(`${idempotencyStream(context.actor, context.idempotency.key)}\u0000${purpose}`);
