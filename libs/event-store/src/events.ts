/**
 * The domain-neutral shapes the port speaks: what a caller proposes to append, and what the store
 * gives back once recorded. Event payloads are JSON objects; the store never sees domain types.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event proposed for appending. `id` (a UUID) makes a retried append of the same event idempotent. */
export interface NewEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

/** An event as the store recorded it. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  /** Its place in its stream, from 0. */
  readonly revision: bigint;
  /** The `$all` commit position: grows with every event, shared order of the whole ledger. */
  readonly position: bigint;
  readonly createdAt: Date;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

/**
 * What the stream must look like for an append to go through:
 * `'no_stream'` (must not exist), `'stream_exists'`, `'any'` (no check), or the revision of its last event.
 * Only an exact revision or `'no_stream'` makes the append safe against concurrent writers.
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

/** The stream's revision after an append, as stored: `'no_stream'` when it does not exist. */
export type ActualRevision = 'no_stream' | bigint;

export interface AppendOutcome {
  /** The revision of the last appended event: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  /** The `$all` commit position of the last appended event (the `Ledger-Position` of a write). */
  readonly position: bigint;
}

/** Where a read or subscription of `$all` starts: `'start'`, or after the event at this commit position. */
export type AllPosition = 'start' | bigint;
