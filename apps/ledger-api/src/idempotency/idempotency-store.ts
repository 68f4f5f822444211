import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConcurrencyError, EventStore, type JsonObject, type RecordedEvent } from '@ledger/event-store';
import { ChainedAppender } from '../ledger-chain/chained-appender.js';
import { Clock } from '../ledger-chain/clock.js';
import { headOf, type StreamHead } from '../ledger-chain/stream-head.js';
import { problemType } from '../problem-details/problem-details.js';
import { ProblemException } from '../problem-details/problem.exception.js';
import { idempotencyStream, type IdempotencyClaim } from './idempotency-claim.js';
import { IDEMPOTENCY_EVENT_TYPES, idempotencyRecordOf, type StoredAnswer } from './idempotency-record.js';

/**
 * How long a claimed key is considered in flight. A process that dies between claim and completion
 * leaves a claim behind; past this lease another request with the key may take it over.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;
const CLAIM_ATTEMPTS = 3;

export interface IdempotentWrite {
  readonly ledgerPosition: string;
  readonly body: unknown;
}

/** Who is writing, for the key's stream name and the metadata of its events. */
export interface IdempotencyCaller {
  readonly tid: string;
  readonly sub: string;
}

/**
 * `Idempotency-Key` kept in the event store, so it holds across restarts and instances: a stream per
 * key, claimed with a `no_stream` append (of concurrent requests with one key, one claims it), completed
 * with the answer. Same key and request: the first answer again, nothing new recorded; another request:
 * 422 (also after a failed run released the key); the first still running: 409 with Retry-After. A run that never answered (its process died after
 * writing, before the answer was recorded) is taken over once its lease ends; `write` is then told it
 * resumes, so the command finds what the first run recorded rather than recording it twice.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly eventStore: EventStore,
    private readonly appender: ChainedAppender,
    private readonly clock: Clock,
  ) {}

  async once<Write extends IdempotentWrite>(
    caller: IdempotencyCaller,
    claim: IdempotencyClaim,
    metadata: JsonObject,
    write: (resumed: boolean) => Promise<Write>,
  ): Promise<Write> {
    const stream = idempotencyStream(caller, claim.key);
    const claimed = await this.claim(stream, claim, metadata);
    if ('replay' in claimed) return replay(claimed.replay) as Write;
    let result: Write;
    try {
      result = await write(claimed.resumed);
    } catch (error) {
      await this.settle(claimed.head, claim, metadata, error);
      throw error;
    }
    await this.complete(claimed.head, claim, metadata, {
      kind: 'written',
      ledgerPosition: result.ledgerPosition,
      body: result.body,
    });
    return result;
  }

  /**
   * Claims the key, or finds the answer to give again. Most keys are new: the first try claims the stream as
   * absent without reading it (a `no_stream` append, which fails if the key has a stream); only then is it read.
   */
  private async claim(
    stream: string,
    claim: IdempotencyClaim,
    metadata: JsonObject,
  ): Promise<{ head: StreamHead; resumed: boolean } | { replay: StoredAnswer }> {
    let known: RecordedEvent[] | undefined = [];
    for (let attempt = 0; ; attempt += 1) {
      const events = (known ??= await this.eventStore.readStream(stream));
      const record = idempotencyRecordOf(events);
      const now = this.clock.now();
      // A key belongs to its first request, also once a failed run released it: the ids that run derived from the key
      // name what it may have written, so another request would meet that run's aggregates as its own.
      if (record.requestHash !== undefined && record.requestHash !== claim.requestHash) throw keyReused(claim.key);
      if (record.status === 'completed') return { replay: record.answer };
      if (record.status === 'in-flight' && record.leaseUntil > now.getTime()) throw stillInFlight(record.leaseUntil - now.getTime());
      const head = headOf(stream, events);
      try {
        const outcome = await this.appender.append(head, [
          {
            id: randomUUID(),
            type: IDEMPOTENCY_EVENT_TYPES.claimed,
            data: {
              requestHash: claim.requestHash,
              claimedAt: now.toISOString(),
              leaseUntil: new Date(now.getTime() + IDEMPOTENCY_LEASE_MS).toISOString(),
            },
            metadata: appendedAt(metadata, now),
          },
        ]);
        // A key with history but no answer: an earlier run claimed it and may have written before it died.
        return { head: outcome.head, resumed: events.length > 0 };
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < CLAIM_ATTEMPTS) {
          known = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  /** A refusal is an answer too (given again); any other failure releases the key for a retry. */
  private async settle(head: StreamHead, claim: IdempotencyClaim, metadata: JsonObject, error: unknown): Promise<void> {
    if (error instanceof ProblemException && error.problem.status < 500) {
      await this.complete(head, claim, metadata, { kind: 'refused', problem: error.problem });
      return;
    }
    try {
      const now = this.clock.now();
      await this.appender.append(head, [
        {
          id: randomUUID(),
          type: IDEMPOTENCY_EVENT_TYPES.released,
          data: { requestHash: claim.requestHash, releasedAt: now.toISOString() },
          metadata: appendedAt(metadata, now),
        },
      ]);
    } catch (releaseError) {
      // The lease frees the key later; the caller gets the original error.
      this.logger.warn({ err: releaseError }, `could not release idempotency key after a failed write`);
    }
  }

  private async complete(head: StreamHead, claim: IdempotencyClaim, metadata: JsonObject, answer: StoredAnswer): Promise<void> {
    try {
      const now = this.clock.now();
      await this.appender.append(head, [
        {
          id: randomUUID(),
          type: IDEMPOTENCY_EVENT_TYPES.completed,
          data: { requestHash: claim.requestHash, answer: answer as unknown as JsonObject, completedAt: now.toISOString() },
          metadata: appendedAt(metadata, now),
        },
      ]);
    } catch (error) {
      // The write itself is recorded: answering with it beats a 503 that would invite a second write.
      // Until the lease ends, a retry with this key gets 409; after it, the key is free again.
      this.logger.error({ err: error }, 'could not record the answer of an idempotent request');
    }
  }
}

/** The request's metadata for an event appended at `now`: each records its own server time, as every event does. */
const appendedAt = (metadata: JsonObject, now: Date): JsonObject => ({ ...metadata, serverTime: now.toISOString() });

/** What a client that finds the first request with its key still running is told to wait before it retries. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

const replay = (answer: StoredAnswer): IdempotentWrite => {
  if (answer.kind === 'refused') throw new ProblemException({ ...answer.problem, extensions: answer.problem });
  return { ledgerPosition: answer.ledgerPosition, body: answer.body };
};

const keyReused = (key: string): ProblemException =>
  new ProblemException({
    status: 422,
    type: problemType('idempotency-key-reused'),
    detail: `Idempotency-Key "${key}" was already used with another request (method, path or body); use a new key for a new request`,
    extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
  });

/**
 * The first request with this key has not answered yet. It usually answers within milliseconds, so the client is asked
 * to retry in a second (it then gets that answer); only if that request died does the key stay taken, until its lease
 * ends, which the detail says.
 */
const stillInFlight = (remainingMs: number): ProblemException => {
  const leaseSeconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new ProblemException({
    status: 409,
    type: problemType('idempotent-request-in-flight'),
    detail:
      'a request with this Idempotency-Key is still being processed; retry in a second to get its answer ' +
      `(had that request failed before answering, the key is free again in ${leaseSeconds} seconds)`,
    extensions: { code: 'IDEMPOTENT_REQUEST_IN_FLIGHT' },
    headers: { 'Retry-After': String(IN_FLIGHT_RETRY_AFTER_SECONDS) },
  });
};
