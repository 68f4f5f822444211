import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  DELETED_STREAM_REVISION,
  METADATA_EVENT_TYPE,
  METASTREAM_RULES,
  NO_RULES,
  STREAM_DELETED_EVENT_TYPE,
  isMetastream,
  metastreamOf,
  parseStreamMetadata,
  withTruncateBefore,
  type StreamRules,
} from '../metadata/stream-metadata.js';
import { isHardDeleted } from '../metadata/visibility.js';
import { recordChecksum } from './checksum.js';
import { CorruptRecordError, DatabaseIntegrityError, StorageWriteError } from './errors.js';
import type { EventLog, RecordedEvent } from './event-log.js';

/** What the caller expects the stream's current revision to be. */
export type ExpectedRevision =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'exact'; revision: bigint };

export interface ProposedEvent {
  eventId: string;
  eventType: string;
  contentType: string;
  data: Buffer;
  metadata: Buffer;
}

export type WriteResult =
  | { kind: 'success'; currentRevision: bigint; position: bigint }
  /** `current` undefined: the stream does not exist. */
  | { kind: 'wrong_expected_version'; current: bigint | undefined; expected: ExpectedRevision }
  | { kind: 'stream_deleted' };

type Operation =
  | { kind: 'append'; streamId: string; expected: ExpectedRevision; events: ProposedEvent[] }
  | { kind: 'delete'; streamId: string; expected: ExpectedRevision }
  | { kind: 'tombstone'; streamId: string; expected: ExpectedRevision };

interface PendingOperation {
  op: Operation;
  resolve: (result: WriteResult) => void;
  reject: (error: Error) => void;
}

/** Last revision (-1 when the stream has no event) and whether it is tombstoned. */
interface StreamState {
  last: bigint;
  tombstoned: boolean;
}

/** One row a commit inserted: its place, and the event as it was handed to `append` (or made by the log). */
export interface InsertedRecord {
  readonly position: bigint;
  readonly streamId: string;
  readonly revision: bigint;
  readonly event: ProposedEvent;
}

/** What one commit wrote, in position order (contiguous positions), all with the commit's `created` ticks. */
export interface CommittedRecords {
  readonly created: bigint;
  readonly records: readonly InsertedRecord[];
}

export interface SqliteEventLogOptions {
  dataDir: string;
  /** SQLite `max_page_count` (pages of 4 KiB): a size limit, used to test a full disk. */
  maxPageCount?: number;
  /**
   * A second connection that only reads (the node's reads, beside a writer in a worker thread):
   * no integrity check or schema work, `query_only`, and its caches are invalidated by `invalidate`.
   */
  readOnly?: boolean;
}

/**
 * A stored record as read (statements that read records return raw rows: arrays, not objects): its data and
 * metadata come as one BLOB, the data first, joined by SQLite (`RECORD_COLUMNS`), with the data's length.
 * better-sqlite3 makes a Buffer of its own for each BLOB, the costliest part of reading a row: one rather than
 * two (the bench's store read in pages of 256, checksums verified: 4.6-5.1 -> 3.6-3.8 µs of CPU per record).
 */
type Row = [
  position: bigint,
  stream: string,
  revision: bigint,
  eventId: string,
  eventType: string,
  contentType: string,
  payload: Buffer,
  dataLength: bigint,
  created: bigint,
  checksum: bigint,
];

/** The columns of a `Row`. `||` joins the bytes of two BLOBs as they are; CAST keeps the result a BLOB. */
const RECORD_COLUMNS =
  'position, stream, revision, event_id, event_type, content_type, CAST(data || metadata AS BLOB), length(data), created, checksum';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position     INTEGER PRIMARY KEY,
  stream       TEXT    NOT NULL,
  revision     INTEGER NOT NULL,
  event_id     TEXT    NOT NULL,
  event_type   TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  data         BLOB    NOT NULL,
  metadata     BLOB    NOT NULL,
  created      INTEGER NOT NULL,
  checksum     INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream, revision);
`;

const STATE_CACHE_LIMIT = 100_000;

/**
 * SQLite's integers are signed 64-bit, and a larger bound fails to bind; the client sends revisions and positions
 * up to 2^64 - 1. No row lies past this one: reads from beyond it start here (backwards) or find nothing (forwards).
 */
const INT64_MAX = 9223372036854775807n;
const bounded = (value: bigint): bigint => (value > INT64_MAX ? INT64_MAX : value);

export const DATABASE_FILE = 'events.db';

const nowTicks = (): bigint => BigInt(Date.now()) * 10_000n;

/**
 * The node's storage: one SQLite table in `$all` order (the position is the rowid), a unique
 * index on (stream, revision) for stream reads, a CRC-32 per record verified on every read.
 * WAL with `synchronous=FULL`. Writes go through a group-commit queue: every operation that
 * arrives while a commit runs waits for the next transaction, and is acknowledged only after
 * that transaction has committed.
 */
export class SqliteEventLog implements EventLog {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements: ReturnType<SqliteEventLog['prepare']>;
  private last: bigint;
  private pending: PendingOperation[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly listeners = new Set<(lastPosition: bigint) => void>();
  private recordsObserver: ((committed: CommittedRecords) => void) | undefined;
  private readonly states = new Map<string, StreamState>();
  private readonly rulesCache = new Map<string, { rules: StreamRules; document: Record<string, unknown> }>();

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.db = db;
    this.statements = this.prepare();
    const max = this.statements.maxPosition.get() as { max: bigint | null };
    this.last = max.max ?? 0n;
  }

  /** Opens (creating when absent) the database, runs `PRAGMA quick_check`, refuses to start on damage. */
  static open(options: SqliteEventLogOptions): SqliteEventLog {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, DATABASE_FILE);
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      if (options.readOnly) {
        db.pragma('query_only = 1');
        db.defaultSafeIntegers(true);
        return new SqliteEventLog(file, db);
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = OFF');
      const problems = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map(
        (r) => r.quick_check,
      );
      if (problems.length !== 1 || problems[0] !== 'ok') throw new DatabaseIntegrityError(file, problems);
      db.exec(SCHEMA);
      if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
      db.defaultSafeIntegers(true);
      return new SqliteEventLog(file, db);
    } catch (error) {
      db?.close();
      if (error instanceof DatabaseIntegrityError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
        throw new DatabaseIntegrityError(file, [`${code}: ${(error as Error).message}`]);
      }
      throw error;
    }
  }

  private prepare() {
    const db = this.db;
    const columns = RECORD_COLUMNS;
    return {
      maxPosition: db.prepare('SELECT MAX(position) AS max FROM events'),
      insert: db.prepare(
        'INSERT INTO events (position, stream, revision, event_id, event_type, content_type, data, metadata, created, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      lastRevision: db.prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1').pluck(),
      eventIdsFrom: db.prepare(
        'SELECT event_id, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      allForwards: db.prepare(`SELECT ${columns} FROM events WHERE position >= ? ORDER BY position LIMIT ?`).raw(),
      allBackwards: db.prepare(`SELECT ${columns} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`).raw(),
      streamForwards: db
        .prepare(`SELECT ${columns} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`)
        .raw(),
      streamBackwards: db
        .prepare(`SELECT ${columns} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`)
        .raw(),
      lastOfStream: db.prepare(`SELECT ${columns} FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1`).raw(),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  // ---------------------------------------------------------------- EventLog (the shared contract)

  readAllForwards(from: bigint, limit: number): RecordedEvent[] {
    if (from > INT64_MAX) return [];
    return this.toEvents(this.statements.allForwards.all(from, limit) as Row[]);
  }

  readStreamForwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    if (fromRevision > INT64_MAX) return [];
    return this.toEvents(this.statements.streamForwards.all(streamId, fromRevision, limit) as Row[]);
  }

  lastPosition(): bigint {
    return this.last;
  }

  onCommitted(listener: (lastPosition: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---------------------------------------------------------------- further reads used by the node

  /** Events with `position <= from`, newest first. */
  readAllBackwards(from: bigint, limit: number): RecordedEvent[] {
    return this.toEvents(this.statements.allBackwards.all(bounded(from), limit) as Row[]);
  }

  /** Events of one stream with `revision <= fromRevision`, newest first (raw). */
  readStreamBackwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    return this.toEvents(this.statements.streamBackwards.all(streamId, bounded(fromRevision), limit) as Row[]);
  }

  /** One event by stream and revision, or undefined. */
  readEvent(streamId: string, revision: bigint): RecordedEvent | undefined {
    return this.readStreamForwards(streamId, revision, 1).find((e) => e.revision === revision);
  }

  /** The stream's last revision (-1n: no event) and whether it was tombstoned. */
  streamState(streamId: string): StreamState {
    const cached = this.states.get(streamId);
    if (cached) return cached;
    const state = this.loadState(streamId);
    this.cacheState(streamId, state);
    return state;
  }

  /** The read rules of a stream, from its metastream (metastreams: only their last event visible). */
  streamRules(streamId: string): StreamRules {
    if (isMetastream(streamId)) return METASTREAM_RULES;
    return this.metadataOf(streamId).rules;
  }

  // ---------------------------------------------------------------- writes (group commit)

  append(streamId: string, expected: ExpectedRevision, events: ProposedEvent[]): Promise<WriteResult> {
    return this.enqueue({ kind: 'append', streamId, expected, events });
  }

  /** Soft delete: `$tb` of the metastream set to long.MaxValue; a later append continues the numbering. */
  delete(streamId: string, expected: ExpectedRevision): Promise<WriteResult> {
    return this.enqueue({ kind: 'delete', streamId, expected });
  }

  /** Hard delete: a `$streamDeleted` record at revision long.MaxValue; the stream is gone for good. */
  tombstone(streamId: string, expected: ExpectedRevision): Promise<WriteResult> {
    return this.enqueue({ kind: 'tombstone', streamId, expected });
  }

  /**
   * Told, right after each commit that wrote and before its appends resolve, what it wrote (the writer
   * thread passes it on, so that the event loop serves new events to live subscribers without reading them back).
   */
  observeCommittedRecords(observer: (committed: CommittedRecords) => void): void {
    this.recordsObserver = observer;
  }

  /** Forgets what is cached about a stream (its state, its metastream, its rules) after another connection wrote it. */
  invalidate(streamId: string): void {
    const original = isMetastream(streamId) ? streamId.slice(2) : streamId;
    this.states.delete(original);
    this.states.delete(metastreamOf(original));
    this.rulesCache.delete(original);
  }

  /**
   * What another connection has just committed (in position order), as a reader learns it: the cached states
   * of the streams written move on to their new last revision, and a stream whose metastream was written
   * forgets its rules. Streams not cached stay so (their state is read when needed).
   */
  learnCommitted(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (isMetastream(event.streamId)) this.rulesCache.delete(event.streamId.slice(2));
      const cached = this.states.get(event.streamId);
      if (cached && cached.last < event.revision) {
        this.states.set(event.streamId, { last: event.revision, tombstoned: event.revision === DELETED_STREAM_REVISION });
      }
    }
  }

  /** Changes the size limit (pages) of the open database. */
  setMaxPageCount(pages: number): void {
    this.db.pragma(`max_page_count = ${Math.floor(pages)}`);
  }

  /** Waits for queued writes, then closes the database (checkpointing the WAL). */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.pending.length > 0 || this.flushScheduled) await new Promise((r) => setImmediate(r));
    this.closed = true;
    this.listeners.clear();
    this.db.close();
  }

  private enqueue(op: Operation): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error('The event store is closed.'));
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** One transaction for everything queued since the last commit. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const tx = new Transaction(this);
    const results: WriteResult[] = [];
    try {
      this.statements.begin.run();
      for (const { op } of batch) results.push(tx.apply(op));
      this.statements.commit.run();
    } catch (error) {
      if (this.db.inTransaction) {
        try {
          this.statements.rollback.run();
        } catch {
          /* the rollback failing leaves SQLite to roll back on the next open */
        }
      }
      tx.discard();
      const failure =
        error instanceof StorageWriteError ? error : new StorageWriteError((error as { code?: string }).code, error);
      for (const p of batch) p.reject(failure);
      return;
    }
    tx.publish();
    if (tx.wrote && this.recordsObserver) {
      try {
        this.recordsObserver({ created: tx.created, records: tx.inserted });
      } catch {
        /* the observer's failure is its own */
      }
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
    if (tx.wrote) {
      const last = this.last;
      for (const listener of [...this.listeners]) {
        try {
          listener(last);
        } catch {
          /* a listener's failure is its own */
        }
      }
    }
  }

  // ---------------------------------------------------------------- internals shared with Transaction

  /** @internal */ loadState(streamId: string): StreamState {
    const last = this.statements.lastRevision.get(streamId) as bigint | undefined;
    if (last === undefined) return { last: -1n, tombstoned: false };
    return { last, tombstoned: last === DELETED_STREAM_REVISION };
  }

  /** @internal */ cacheState(streamId: string, state: StreamState): void {
    if (this.states.size >= STATE_CACHE_LIMIT) this.states.delete(this.states.keys().next().value!);
    this.states.set(streamId, state);
  }

  /** @internal */ metadataOf(streamId: string, useCache = true) {
    const cached = useCache ? this.rulesCache.get(streamId) : undefined;
    if (cached) return cached;
    const row = this.statements.lastOfStream.get(metastreamOf(streamId)) as Row | undefined;
    const parsed = row ? parseStreamMetadata(this.toEvent(row).data) : { rules: NO_RULES, document: {} };
    if (useCache) {
      if (this.rulesCache.size >= STATE_CACHE_LIMIT) this.rulesCache.delete(this.rulesCache.keys().next().value!);
      this.rulesCache.set(streamId, parsed);
    }
    return parsed;
  }

  /** @internal */ forgetMetadata(streamId: string): void {
    this.rulesCache.delete(streamId);
  }

  /** @internal */ insert(position: bigint, streamId: string, revision: bigint, event: ProposedEvent, created: bigint) {
    const checksum = recordChecksum(
      position,
      streamId,
      revision,
      event.eventId,
      event.eventType,
      event.contentType,
      created,
      event.data,
      event.metadata,
    );
    this.statements.insert.run(
      position,
      streamId,
      revision,
      event.eventId,
      event.eventType,
      event.contentType,
      event.data,
      event.metadata,
      created,
      checksum,
    );
  }

  /** @internal */ eventIdsFrom(streamId: string, fromRevision: bigint, count: number) {
    return this.statements.eventIdsFrom.all(streamId, fromRevision, count) as { event_id: string; position: bigint }[];
  }

  /** @internal */ get lastCommitted(): bigint {
    return this.last;
  }

  /** @internal */ set lastCommitted(value: bigint) {
    this.last = value;
  }

  private toEvents(rows: Row[]): RecordedEvent[] {
    const out = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.toEvent(rows[i]!);
    return out;
  }

  private toEvent(row: Row): RecordedEvent {
    const [position, streamId, revision, eventId, eventType, contentType, payload, dataLength, createdTicks, checksum] = row;
    const split = Number(dataLength);
    const data = payload.subarray(0, split);
    const metadata = payload.subarray(split);
    const expected = recordChecksum(position, streamId, revision, eventId, eventType, contentType, createdTicks, data, metadata);
    if (expected !== Number(checksum)) throw new CorruptRecordError(streamId, revision, position);
    return { position, streamId, revision, eventId, eventType, contentType, data, metadata, createdTicks };
  }
}

/** The staged state of one group commit: validation and inserts, published only once committed. */
class Transaction {
  private readonly staged = new Map<string, StreamState>();
  private readonly touchedMetadata = new Set<string>();
  private position: bigint;
  readonly created = nowTicks();
  readonly inserted: InsertedRecord[] = [];
  wrote = false;

  constructor(private readonly log: SqliteEventLog) {
    this.position = log.lastCommitted;
  }

  apply(op: Operation): WriteResult {
    switch (op.kind) {
      case 'append':
        return this.append(op.streamId, op.expected, op.events);
      case 'delete':
        return this.softDelete(op.streamId, op.expected);
      case 'tombstone':
        return this.tombstone(op.streamId, op.expected);
    }
  }

  publish(): void {
    for (const [streamId, state] of this.staged) this.log.cacheState(streamId, state);
    for (const streamId of this.touchedMetadata) this.log.forgetMetadata(streamId);
    this.log.lastCommitted = this.position;
  }

  discard(): void {
    for (const streamId of this.touchedMetadata) this.log.forgetMetadata(streamId);
  }

  private state(streamId: string): StreamState {
    return this.staged.get(streamId) ?? this.log.streamState(streamId);
  }

  private metadata(streamId: string) {
    return this.log.metadataOf(streamId, !this.touchedMetadata.has(streamId));
  }

  private write(streamId: string, revision: bigint, event: ProposedEvent): bigint {
    this.position += 1n;
    this.log.insert(this.position, streamId, revision, event, this.created);
    this.inserted.push({ position: this.position, streamId, revision, event });
    this.wrote = true;
    if (streamId.startsWith('$$')) this.touchedMetadata.add(streamId.slice(2));
    return this.position;
  }

  /**
   * The expected-revision check. `exists` is false for a missing or soft-deleted stream.
   * Returns 'ok', a result (failure or idempotent success), for `events` the ids to compare.
   */
  private check(
    streamId: string,
    expected: ExpectedRevision,
    eventIds: string[] | undefined,
  ): 'ok' | WriteResult {
    if (isHardDeleted((id) => this.state(id), streamId)) return { kind: 'stream_deleted' };
    const state = this.state(streamId);
    const softDeleted = !isMetastream(streamId) && state.last >= 0n && this.metadata(streamId).rules.softDeleted;
    const exists = state.last >= 0n && !softDeleted;
    const current = state.last >= 0n ? state.last : undefined;
    const wrong: WriteResult = { kind: 'wrong_expected_version', current, expected };
    switch (expected.kind) {
      case 'any':
        return 'ok';
      case 'stream_exists':
        // As EventStoreDB: a soft-deleted stream is deleted, and one with no event exists once it has metadata.
        if (!isMetastream(streamId) && this.metadata(streamId).rules.softDeleted) return { kind: 'stream_deleted' };
        return exists || this.state(metastreamOf(streamId)).last >= 0n ? 'ok' : wrong;
      case 'no_stream':
        if (!exists) return 'ok';
        return this.idempotent(streamId, -1n, eventIds) ?? wrong;
      case 'exact':
        if (expected.revision === state.last) return 'ok';
        if (expected.revision < state.last) return this.idempotent(streamId, expected.revision, eventIds) ?? wrong;
        return wrong;
    }
  }

  /** The same event ids already stored right after `after`: the append succeeded before (EventStoreDB's idempotence). */
  private idempotent(streamId: string, after: bigint, eventIds: string[] | undefined): WriteResult | undefined {
    if (!eventIds || eventIds.length === 0) return undefined;
    const stored = this.log.eventIdsFrom(streamId, after + 1n, eventIds.length);
    if (stored.length !== eventIds.length) return undefined;
    for (let i = 0; i < eventIds.length; i++) if (stored[i]!.event_id !== eventIds[i]) return undefined;
    return {
      kind: 'success',
      currentRevision: after + BigInt(eventIds.length),
      position: stored[stored.length - 1]!.position,
    };
  }

  private append(streamId: string, expected: ExpectedRevision, events: ProposedEvent[]): WriteResult {
    const checked = this.check(
      streamId,
      expected,
      events.map((e) => e.eventId),
    );
    if (checked !== 'ok') return checked;
    const state = this.state(streamId);
    if (events.length === 0) {
      // EventStoreDB acknowledges an empty append with the stream's current revision.
      return { kind: 'success', currentRevision: state.last, position: this.position };
    }
    if (!isMetastream(streamId) && state.last >= 0n) {
      const meta = this.metadata(streamId);
      if (meta.rules.softDeleted) {
        // Appending to a soft-deleted stream brings it back: earlier events stay hidden ($tb = next revision).
        this.writeMetadata(streamId, withTruncateBefore(meta.document, state.last + 1n));
      }
    }
    let revision = state.last;
    let position = this.position;
    for (const event of events) {
      revision += 1n;
      position = this.write(streamId, revision, event);
    }
    this.staged.set(streamId, { last: revision, tombstoned: false });
    return { kind: 'success', currentRevision: revision, position };
  }

  private writeMetadata(streamId: string, data: Buffer): bigint {
    const metastream = metastreamOf(streamId);
    const metaState = this.state(metastream);
    const revision = metaState.last + 1n;
    const position = this.write(metastream, revision, {
      eventId: randomUUID(),
      eventType: METADATA_EVENT_TYPE,
      contentType: 'application/json',
      data,
      metadata: Buffer.alloc(0),
    });
    this.staged.set(metastream, { last: revision, tombstoned: false });
    return position;
  }

  private softDelete(streamId: string, expected: ExpectedRevision): WriteResult {
    const checked = this.check(streamId, expected, undefined);
    if (checked !== 'ok') return checked;
    const state = this.state(streamId);
    const position = this.writeMetadata(
      streamId,
      withTruncateBefore(this.metadata(streamId).document, DELETED_STREAM_REVISION),
    );
    return { kind: 'success', currentRevision: state.last, position };
  }

  private tombstone(streamId: string, expected: ExpectedRevision): WriteResult {
    const checked = this.check(streamId, expected, undefined);
    if (checked !== 'ok') return checked;
    const position = this.write(streamId, DELETED_STREAM_REVISION, {
      eventId: randomUUID(),
      eventType: STREAM_DELETED_EVENT_TYPE,
      contentType: 'application/octet-stream',
      data: Buffer.alloc(0),
      metadata: Buffer.alloc(0),
    });
    this.staged.set(streamId, { last: DELETED_STREAM_REVISION, tombstoned: true });
    return { kind: 'success', currentRevision: DELETED_STREAM_REVISION, position };
  }
}
