import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '@ledger/module-worker';
import type { StreamRules } from '../metadata/stream-metadata.js';
import { DatabaseIntegrityError, StorageWriteError } from './errors.js';
import type { RecordedEvent } from './event-log.js';
import type { NodeStore } from './node-store.js';
import { SqliteEventLog, type ExpectedRevision, type ProposedEvent, type WriteResult } from './sqlite-event-log.js';
import { RecentCommits } from './recent-commits.js';
import {
  packOps,
  type CommittedWire,
  type FromWriter,
  type OpKind,
  type ToWriter,
  type WriterData,
} from './writer-protocol.js';

interface Waiting {
  resolve: (r: WriteResult) => void;
  reject: (e: Error) => void;
  streamId: string;
  events: ProposedEvent[];
}

/**
 * The embedded node's storage: writes (and their fsyncs) in a worker thread that owns the writing
 * connection and its group commit; reads on the event loop through a second, read-only connection
 * (WAL lets it read while the writer commits). An append is acknowledged only once the writer's
 * commit has returned. See the README for the measurement behind this split.
 */
export class SqliteNodeStore implements NodeStore {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** The newest committed events, from the writer's answers: what the live feed and readers at the end read. */
  private readonly recent = new RecentCommits();
  private readonly listeners = new Set<(lastPosition: bigint) => void>();
  private closing: Promise<void> | undefined;
  private writerGone: Error | undefined;
  /** Operations of this turn of the event loop, posted to the writer together. */
  private queued: { id: number; kind: OpKind; streamId: string; expected: ExpectedRevision; events: ProposedEvent[] }[] = [];
  private postScheduled = false;
  /** Operations handed to the writer and not answered yet: while there are some, new ones wait here. */
  private unanswered = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly reader: SqliteEventLog,
    private last: bigint,
  ) {
    worker.on('message', (message: FromWriter) => this.onMessage(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => this.failAll(new Error('The storage writer thread stopped.')));
  }

  static async open(options: WriterData): Promise<SqliteNodeStore> {
    const worker = startModuleWorker(new URL('./sqlite-writer.worker.js', import.meta.url), {
      workerData: options satisfies WriterData,
    });
    const first = await new Promise<FromWriter>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`The storage writer thread exited (${code}) before it was ready.`));
      worker.once('message', (message: FromWriter) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve(message);
      });
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
    if (first.type === 'fatal') {
      await worker.terminate();
      if (first.name === 'DatabaseIntegrityError') throw new DatabaseIntegrityError(first.file ?? '', first.problems ?? []);
      throw Object.assign(new Error(first.message), { name: first.name });
    }
    if (first.type !== 'ready') throw new Error(`Unexpected first message from the storage writer: ${first.type}`);
    let reader: SqliteEventLog;
    try {
      reader = SqliteEventLog.open({ dataDir: options.dataDir, readOnly: true });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new SqliteNodeStore(worker, reader, first.last);
  }

  private onMessage(message: FromWriter): void {
    if (message.type !== 'results') return;
    const committed = message.committed ? this.remember(message.committed, message.last) : undefined;
    if (committed) this.reader.learnCommitted(committed);
    else if (message.last !== this.last) this.recent.clear();
    if (message.last > this.last) this.last = message.last;
    this.unanswered -= message.replies.length;
    // The writer is free: hand it everything that arrived during its commit at once (the next group commit).
    if (this.unanswered === 0) this.postQueued();
    for (const r of message.replies) {
      const waiting = this.waiting.get(r.id);
      if (!waiting) continue;
      this.waiting.delete(r.id);
      if (!committed) this.reader.invalidate(waiting.streamId);
      if (r.result) waiting.resolve(r.result);
      else waiting.reject(new StorageWriteError(r.error?.code, Object.assign(new Error(r.error?.message), r.error)));
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(this.last);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  /**
   * Keeps what a commit wrote, built from the events this loop sent (their bytes copied once, into one buffer)
   * and the records the writer made itself; nothing is read back from SQLite. Call before the replies resolve.
   */
  private remember(committed: CommittedWire, last: bigint): RecordedEvent[] | undefined {
    const { records, first, created } = committed;
    if (records.length === 0 || first + BigInt(records.length - 1) !== last) {
      this.recent.clear();
      return undefined;
    }
    let total = 0;
    for (const record of records) {
      if (!Array.isArray(record)) continue;
      const sent = this.waiting.get(record[0])?.events[record[1]];
      if (!sent) {
        this.recent.clear();
        return undefined;
      }
      total += sent.data.length + sent.metadata.length;
    }
    const bytes = Buffer.allocUnsafe(total);
    let offset = 0;
    const copy = (from: Uint8Array): Buffer => {
      const view = bytes.subarray(offset, offset + from.length);
      view.set(from);
      offset += from.length;
      return view;
    };
    const events = new Array<RecordedEvent>(records.length);
    let position = first;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      if (Array.isArray(record)) {
        const waiting = this.waiting.get(record[0])!;
        const sent = waiting.events[record[1]]!;
        events[i] = {
          position,
          streamId: waiting.streamId,
          revision: record[2],
          eventId: sent.eventId,
          eventType: sent.eventType,
          contentType: sent.contentType,
          data: copy(sent.data),
          metadata: copy(sent.metadata),
          createdTicks: created,
        };
      } else {
        events[i] = {
          position,
          streamId: record.streamId,
          revision: record.revision,
          eventId: record.eventId,
          eventType: record.eventType,
          contentType: record.contentType,
          data: asBuffer(record.data),
          metadata: asBuffer(record.metadata),
          createdTicks: created,
        };
      }
      position += 1n;
    }
    this.recent.add(events);
    return events;
  }

  private failAll(error: Error): void {
    this.writerGone ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  private send(kind: OpKind, streamId: string, expected: ExpectedRevision, events: ProposedEvent[]) {
    if (this.closing) return Promise.reject(new Error('The event store is closed.'));
    if (this.writerGone) return Promise.reject(new StorageWriteError(undefined, this.writerGone));
    const id = this.nextId++;
    return new Promise<WriteResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, streamId, events });
      this.queued.push({ id, kind, streamId, expected, events });
      if (!this.postScheduled && this.unanswered === 0) {
        this.postScheduled = true;
        setImmediate(this.postNow);
      }
    });
  }

  private readonly postNow = (): void => {
    this.postScheduled = false;
    if (this.unanswered === 0) this.postQueued();
  };

  /**
   * One message per group commit: while the writer commits, the operations that arrive wait here, and
   * when it answers they go to it together (their event bytes in one transferred buffer, not a clone
   * per append). They could not have been committed sooner: the writer takes one transaction at a time.
   */
  private postQueued(): void {
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0 || this.writerGone) return;
    this.unanswered += batch.length;
    const { ops, payload } = packOps(batch);
    // What a commit wrote comes back only while someone listens for commits (the live feed): it then feeds
    // live subscribers and reads at the end of the log with no read back from SQLite.
    const records = this.listeners.size > 0;
    this.worker.postMessage({ type: 'ops', ops, payload, records } satisfies ToWriter, [payload]);
  }

  append(streamId: string, expected: ExpectedRevision, events: ProposedEvent[]): Promise<WriteResult> {
    return this.send('append', streamId, expected, events);
  }
  delete(streamId: string, expected: ExpectedRevision): Promise<WriteResult> {
    return this.send('delete', streamId, expected, []);
  }
  tombstone(streamId: string, expected: ExpectedRevision): Promise<WriteResult> {
    return this.send('tombstone', streamId, expected, []);
  }

  setMaxPageCount(pages: number): void {
    this.postQueued(); // keeps the order of what was asked
    this.worker.postMessage({ type: 'setMaxPageCount', pages } satisfies ToWriter);
  }

  readAllForwards(from: bigint, limit: number): RecordedEvent[] {
    return this.recent.readAllForwards(from, limit) ?? this.reader.readAllForwards(from, limit);
  }
  readAllBackwards(from: bigint, limit: number): RecordedEvent[] {
    return this.reader.readAllBackwards(from, limit);
  }
  readStreamForwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    return (
      this.recent.readStreamForwards(streamId, fromRevision, limit, () => this.reader.streamState(streamId).last) ??
      this.reader.readStreamForwards(streamId, fromRevision, limit)
    );
  }
  readStreamBackwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    return this.reader.readStreamBackwards(streamId, fromRevision, limit);
  }
  readEvent(streamId: string, revision: bigint): RecordedEvent | undefined {
    return this.reader.readEvent(streamId, revision);
  }
  streamState(streamId: string) {
    return this.reader.streamState(streamId);
  }
  streamRules(streamId: string): StreamRules {
    return this.reader.streamRules(streamId);
  }
  lastPosition(): bigint {
    return this.last;
  }
  onCommitted(listener: (lastPosition: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lets the writer finish what it was given, closes both connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // The reader first: the writer's connection, closing last, checkpoints the WAL into the file.
      await this.reader.close();
      const closed = new Promise<void>((resolve) => {
        const onMessage = (m: FromWriter) => {
          if (m.type === 'closed') resolve();
        };
        this.worker.on('message', onMessage);
        this.worker.once('exit', () => resolve());
      });
      this.postQueued(); // what was asked before close is written before it
      this.worker.postMessage({ type: 'close' } satisfies ToWriter);
      await closed;
      await this.worker.terminate();
      this.listeners.clear();
    })();
    return this.closing;
  }
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
