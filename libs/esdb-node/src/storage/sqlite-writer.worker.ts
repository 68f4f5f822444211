/**
 * The node's SQLite writer, in its own thread: it owns the writing connection and its group commit,
 * so that an fsync never stalls the event loop that speaks gRPC. Replies are batched per commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lockDirectory, type DirectoryLock } from '@ledger/directory-lock';
import { DatabaseIntegrityError } from './errors.js';
import { SqliteEventLog, type WriteResult } from './sqlite-event-log.js';
import {
  unpackEvents,
  type CommittedWire,
  type FromWriter,
  type SentEvent,
  type SentEventRef,
  type ToWriter,
  type WriterData,
  type WriterReply,
} from './writer-protocol.js';

const port = parentPort!;
const post = (message: FromWriter) => port.postMessage(message);
const { dataDir, maxPageCount } = workerData as WriterData;
const WRITER_LOCK_FILE = 'writer.lock';

let log: SqliteEventLog;
// One writer per store folder: a second node on the same files would number positions and revisions on its own.
let lock: DirectoryLock | undefined;
try {
  lock = lockDirectory(dataDir, WRITER_LOCK_FILE, 'embedded event store node');
  log = SqliteEventLog.open({ dataDir, maxPageCount });
} catch (error) {
  lock?.release();
  const e = error as Error;
  post({
    type: 'fatal',
    name: e.name,
    message: e.message,
    ...(error instanceof DatabaseIntegrityError ? { file: error.file, problems: error.problems } : {}),
  });
  process.exit(0);
}
post({ type: 'ready', last: log.lastPosition() });

/** What the last commit wrote, sent with its replies (when the event loop asked for it). */
let committed: CommittedWire | undefined;
let recordsWanted = false;
log.observeCommittedRecords(({ created, records }) => {
  if (!recordsWanted) return;
  const wire: CommittedWire['records'] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { streamId, revision, event } = records[i]!;
    const at = (event as Partial<SentEvent>).sentAs;
    wire[i] = at
      ? ([at[0], at[1], revision] satisfies SentEventRef)
      : {
          streamId,
          revision,
          eventId: event.eventId,
          eventType: event.eventType,
          contentType: event.contentType,
          data: event.data,
          metadata: event.metadata,
        };
  }
  committed = { first: records[0]!.position, created, records: wire };
});

let replies: WriterReply[] = [];
let scheduled = false;
const reply = (r: WriterReply) => {
  replies.push(r);
  if (!scheduled) {
    scheduled = true;
    // Every reply of one commit resolves in the same microtask run: post them together, at once.
    queueMicrotask(() => {
      scheduled = false;
      const batch = replies;
      replies = [];
      const wrote = committed;
      committed = undefined;
      post({ type: 'results', replies: batch, last: log.lastPosition(), ...(wrote ? { committed: wrote } : {}) });
    });
  }
};

port.on('message', (message: ToWriter) => {
  switch (message.type) {
    case 'ops': {
      recordsWanted = message.records;
      let offset = 0;
      for (const op of message.ops) {
        const unpacked = unpackEvents(op, message.payload, offset, message.records);
        offset = unpacked.offset;
        const run: Promise<WriteResult> =
          op.kind === 'append'
            ? log.append(op.streamId, op.expected, unpacked.events)
            : op.kind === 'delete'
              ? log.delete(op.streamId, op.expected)
              : log.tombstone(op.streamId, op.expected);
        run.then(
          (result) => reply({ id: op.id, result }),
          (error: unknown) => {
            const e = error as Error & { code?: string };
            reply({ id: op.id, error: { name: e.name, message: e.message, code: e.code } });
          },
        );
      }
      return;
    }
    case 'setMaxPageCount':
      log.setMaxPageCount(message.pages);
      return;
    case 'close':
      void log.close().then(() => {
        lock?.release();
        post({ type: 'closed' });
      });
      return;
  }
});
