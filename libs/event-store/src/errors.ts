import type { ActualRevision, ExpectedRevision } from './events.js';

const describeRevision = (revision: ExpectedRevision | ActualRevision): string =>
  typeof revision === 'bigint' ? `revision ${revision}` : revision;

/**
 * The stream moved on since the caller read it: another writer appended first.
 * Reload the stream, decide again and append with the new revision.
 */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(
      `Stream "${stream}" was expected at ${describeRevision(expected)} but is at ${describeRevision(actual)}: ` +
        'reload it and decide again.',
    );
  }
}

/**
 * The event store did not answer (unreachable, deadline passed, no leader). Nothing was acknowledged;
 * retrying later with the same event ids and expected revision is safe.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(
    readonly operation: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The event store is unavailable (${operation}): ${reason}. Retry later.`, options);
  }
}
