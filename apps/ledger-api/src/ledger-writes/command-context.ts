import type { IdempotencyClaim } from '../idempotency/idempotency-claim.js';
import type { Actor } from '../identity/index.js';

/** Everything about a write request that is not the command itself: who, why, and how to replay it. */
export interface CommandContext {
  readonly actor: Actor;
  /** Shared by everything one business operation caused: the caller's `X-Correlation-Id`, else the request id. */
  readonly correlationId: string;
  /** This command's own id: the causation id of the events it records. */
  readonly commandId: string;
  readonly idempotency?: IdempotencyClaim;
}
