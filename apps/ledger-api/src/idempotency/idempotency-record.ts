import type { RecordedEvent } from '@ledger/event-store';
import type { ProblemDetails } from '../problem-details/problem-details.js';

/**
 * The events of one key's stream (`idempotency-<sha256(tenant, caller, key)>`): claimed, then either
 * completed with the answer to give again, or released (the write failed; the same request may be sent again
 * with the key, and another request still may not).
 */
export const IDEMPOTENCY_EVENT_TYPES = {
  claimed: 'IdempotencyKeyClaimed',
  completed: 'IdempotentRequestCompleted',
  released: 'IdempotencyKeyReleased',
} as const;

/** The answer a completed key gives again: a write's result, or the refusal it met. */
export type StoredAnswer =
  | { readonly kind: 'written'; readonly ledgerPosition: string; readonly body: unknown }
  | { readonly kind: 'refused'; readonly problem: ProblemDetails };

export type IdempotencyRecord =
  /** `requestHash`: the request a released key belongs to (undefined for a key never claimed). */
  | { readonly status: 'free'; readonly requestHash?: string }
  | { readonly status: 'in-flight'; readonly requestHash: string; readonly leaseUntil: number }
  | { readonly status: 'completed'; readonly requestHash: string; readonly answer: StoredAnswer };

/** Folds a key's stream into what a new request with that key may do. */
export const idempotencyRecordOf = (events: readonly RecordedEvent[]): IdempotencyRecord =>
  events.reduce<IdempotencyRecord>((record, event) => {
    switch (event.type) {
      case IDEMPOTENCY_EVENT_TYPES.claimed:
        return {
          status: 'in-flight',
          requestHash: String(event.data['requestHash']),
          leaseUntil: Date.parse(String(event.data['leaseUntil'])),
        };
      case IDEMPOTENCY_EVENT_TYPES.completed:
        return {
          status: 'completed',
          requestHash: String(event.data['requestHash']),
          answer: event.data['answer'] as unknown as StoredAnswer,
        };
      case IDEMPOTENCY_EVENT_TYPES.released:
        return { status: 'free', requestHash: String(event.data['requestHash']) };
      default:
        return record;
    }
  }, { status: 'free' });
