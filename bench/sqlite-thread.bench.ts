/**
 * Where should the node's SQLite run: on the event loop or in a worker thread?
 * `npm run build && node dist/bench/sqlite-thread.bench.js`
 *
 * Both variants do the same durable group commit (WAL, synchronous=FULL, one transaction for
 * everything queued while the previous commit ran, checksummed rows) for 64 concurrent appenders
 * of one 200-byte event each. Printed: appends/s, and the main thread's busy time per append,
 * which is what the gRPC server (protobuf, HTTP/2, the client's calls) competes for.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { recordChecksum } from '../libs/esdb-node/src/storage/checksum.js';
import { SqliteEventLog, type ProposedEvent } from '../libs/esdb-node/src/storage/sqlite-event-log.js';

const CONCURRENCY = 64;
const APPENDS = 20_000;

interface Row {
  stream: string;
  revision: number;
  event: ProposedEvent;
}

function workerMain(dataDir: string): void {
  const db = new Database(join(dataDir, 'events.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    event_id TEXT NOT NULL, event_type TEXT NOT NULL, content_type TEXT NOT NULL, data BLOB NOT NULL, metadata BLOB NOT NULL,
    created INTEGER NOT NULL, checksum INTEGER NOT NULL);
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream, revision);`);
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let position = 0n;
  const commit = db.transaction((rows: Row[]) => {
    const created = BigInt(Date.now()) * 10_000n;
    for (const { stream, revision, event } of rows) {
      position += 1n;
      const checksum = recordChecksum(position, stream, BigInt(revision), event.eventId, event.eventType, event.contentType, created, event.data, event.metadata);
      insert.run(position, stream, revision, event.eventId, event.eventType, event.contentType, event.data, event.metadata, created, checksum);
    }
  });
  parentPort!.on('message', (rows: Row[]) => {
    for (const row of rows) {
      row.event.data = Buffer.from(row.event.data);
      row.event.metadata = Buffer.from(row.event.metadata);
    }
    commit(rows);
    parentPort!.postMessage(rows.length);
  });
}

const proposed = (): ProposedEvent => ({
  eventId: randomUUID(),
  eventType: 'Bench',
  contentType: 'application/json',
  data: Buffer.alloc(200, 0x61),
  metadata: Buffer.alloc(0),
});

async function drive(append: (stream: string, revision: number) => Promise<unknown>): Promise<{ perSecond: number; busyUsPerAppend: number }> {
  let issued = 0;
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, c) => {
      for (let revision = 0; issued < APPENDS; revision++) {
        issued++;
        await append(`bench-${c}`, revision);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const elu = performance.eventLoopUtilization(elu0);
  return { perSecond: APPENDS / seconds, busyUsPerAppend: (elu.active * 1000) / APPENDS };
}

async function onEventLoop(): Promise<{ perSecond: number; busyUsPerAppend: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-loop-'));
  const log = SqliteEventLog.open({ dataDir: dir });
  try {
    return await drive((stream, revision) =>
      log.append(stream, revision === 0 ? { kind: 'no_stream' } : { kind: 'exact', revision: BigInt(revision - 1) }, [proposed()]),
    );
  } finally {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inWorker(): Promise<{ perSecond: number; busyUsPerAppend: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-worker-'));
  const worker = new Worker(new URL(import.meta.url), { workerData: { dataDir: dir } });
  // Group commit across the thread boundary: what queues while a batch is in the worker goes next.
  let queue: { row: Row; done: () => void }[] = [];
  let inFlight: { row: Row; done: () => void }[] | undefined;
  const send = () => {
    if (inFlight || queue.length === 0) return;
    inFlight = queue;
    queue = [];
    worker.postMessage(inFlight.map((q) => q.row));
  };
  worker.on('message', () => {
    const batch = inFlight!;
    inFlight = undefined;
    for (const q of batch) q.done();
    send();
  });
  try {
    return await drive(
      (stream, revision) =>
        new Promise<void>((done) => {
          queue.push({ row: { stream, revision, event: proposed() }, done });
          send();
        }),
    );
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: [string, { perSecond: number; busyUsPerAppend: number }][] = [];
  for (let round = 0; round < 2; round++) {
    rows.push([`event loop (round ${round + 1})`, await onEventLoop()]);
    rows.push([`worker thread (round ${round + 1})`, await inWorker()]);
  }
  console.log(`durable group commit, ${CONCURRENCY} concurrent appenders, ${APPENDS} appends of one 200-byte event`);
  console.log('| SQLite runs on | appends/s | main-thread busy µs per append |');
  console.log('| --- | ---: | ---: |');
  for (const [name, r] of rows) console.log(`| ${name} | ${Math.round(r.perSecond)} | ${r.busyUsPerAppend.toFixed(1)} |`);
}

if (isMainThread) void main();
else workerMain((workerData as { dataDir: string }).dataDir);
