import {
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, StoreUnavailableError } from '../errors.js';
import type { ActualRevision, ExpectedRevision } from '../events.js';

// gRPC status codes that mean "the store did not answer", whichever layer reports them.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const UNREACHABLE_MESSAGE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|Failed to discover|No connection established/i;

export const isNotLeader = (error: unknown): boolean => error instanceof NotLeaderError;

/** True when the error says the store could not be reached or did not answer in time. */
export const isStoreUnreachable = (error: unknown): boolean => {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || UNREACHABLE_MESSAGE.test(error.message);
};

const toActualRevision = (revision: unknown): ActualRevision =>
  typeof revision === 'bigint' ? revision : 'no_stream';

/**
 * Translates the client's errors into the port's: a failed expected revision becomes a
 * `ConcurrencyError`, an unreachable store a `StoreUnavailableError`; anything else (access denied,
 * a deleted stream, an oversized append) is a fault the caller cannot retry away, and passes unchanged.
 */
export const toPortError = (error: unknown, operation: string): unknown => {
  if (error instanceof WrongExpectedVersionError) {
    return new ConcurrencyError(
      error.streamName,
      error.expectedVersion as ExpectedRevision,
      toActualRevision(error.actualVersion),
    );
  }
  if (isStoreUnreachable(error)) {
    const reason = error instanceof Error && error.message ? error.message : String(error);
    return new StoreUnavailableError(operation, reason, { cause: error });
  }
  return error;
};
