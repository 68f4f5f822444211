/**
 * The contract between the node's storage and its gRPC operations (append, read, subscriptions).
 *
 * Positions: every event gets one `$all` position, a positive integer that only grows, assigned
 * at commit; EventStoreDB's commit and prepare positions are both this value. Revisions count
 * from 0 within a stream.
 */
export interface RecordedEvent {
  /** `$all` position (commit = prepare). */
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  /** UUID, lower-case, hyphenated. */
  readonly eventId: string;
  readonly eventType: string;
  /** `application/json` or `application/octet-stream`. */
  readonly contentType: string;
  readonly data: Buffer;
  /** The custom (user) metadata bytes the client sent. */
  readonly metadata: Buffer;
  /** Time of commit, in .NET ticks (100 ns) since the Unix epoch, as EventStoreDB reports `created`. */
  readonly createdTicks: bigint;
}

export interface EventLog {
  /** Events with `position >= from`, in `$all` order, at most `limit`. Read from disk, checksums verified. */
  readAllForwards(from: bigint, limit: number): RecordedEvent[];
  /** Events of one stream with `revision >= fromRevision`, at most `limit` (raw: no metadata rules applied). */
  readStreamForwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[];
  /** Position of the last committed event, or 0n when the log is empty. */
  lastPosition(): bigint;
  /** Called after each durable commit with the position of its last event. Returns an unsubscribe function. */
  onCommitted(listener: (lastPosition: bigint) => void): () => void;
}
