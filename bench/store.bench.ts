/**
 * `npm run bench:store`: the embedded node against its ceilings, side by side in one run, on the
 * same disk, printed as a table (issue 9 §5). Each node runs in its own process; the real client
 * drives it from this one.
 *
 *  - fdatasync/s of a plain file: the floor for one write per fsync;
 *  - appends/s through the do-nothing node (acknowledges without storing): the protocol's ceiling;
 *  - durable appends/s through the embedded node at concurrency 1, 16, 64;
 *  - `$all` read events/s, and catch-up subscription events/s with peak RSS of the node,
 *    beside the do-nothing node streaming the same number of synthetic events from memory;
 *  - the client's own decoding alone (google-protobuf + its event conversion, no network): the
 *    most any node can stream to it;
 *  - the node's RSS at each quarter of the log while it is filled to BENCH_EVENTS, and at each
 *    quarter of the catch-up over it: it must stay flat as the log grows;
 *  - live delivery: appends of 3 events at concurrency 16 with two live `$all` subscribers (as the
 *    service has), and the node CPU per event delivered to a subscriber beyond what the same appends
 *    cost with no subscriber.
 *
 * Beside each rate, the node process's CPU time per operation (all its threads, from /proc): what the
 * node costs, whatever else the machine is doing. The nodes run at the same time (idle ones cost
 * nothing) and each measure is taken on the ceiling and the node back to back.
 *
 * BENCH_EVENTS (default 1,000,000) sets the size of the read / catch-up runs.
 */
import { END, EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { streams } from '../libs/esdb-node/src/grpc/proto.js';
import { encodeReadEvent } from '../libs/esdb-node/src/read/encode-read-event.js';
import { rssMiB } from './lib/memory.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const APPEND_SECONDS = Number(process.env['BENCH_APPEND_SECONDS'] ?? 5);
const NODE_SCRIPT = fileURLToPath(new URL('./store-node.js', import.meta.url));
const WORK_DIR = mkdtempSync(join(process.cwd(), '.bench-store-'));

interface RunningNode {
  child: ChildProcess;
  connectionString: string;
  peakRssMb: () => number;
  /** CPU time (user + system, all threads) the node process has used so far, in µs. */
  cpuMicros: () => number;
  stop: () => Promise<void>;
}

/** utime + stime of a process from /proc (clock ticks of 10 ms), in µs. */
function cpuMicrosOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function startNode(kind: 'embedded' | 'embedded-on-loop' | 'do-nothing', arg: string): Promise<RunningNode> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NODE_SCRIPT, kind, arg], { stdio: ['ignore', 'pipe', 'inherit'] });
    let peak = 0;
    const sample = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        /* gone */
      }
    }, 200);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('esdb://'));
      if (line)
        resolve({
          child,
          connectionString: line.trim(),
          peakRssMb: () => peak,
          cpuMicros: () => cpuMicrosOf(child.pid!),
          stop: () =>
            new Promise((done) => {
              clearInterval(sample);
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
}

function fdatasyncPerSecond(): number {
  const file = join(WORK_DIR, 'fsync.bin');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(512, 1);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    writeSync(fd, block);
    fdatasyncSync(fd);
    n++;
  }
  closeSync(fd);
  return n / ((performance.now() - t0) / 1000);
}

async function appendsPerSecond(connectionString: string, concurrency: number): Promise<Measured> {
  const client = EventStoreDBClient.connectionString(connectionString);
  await client.appendToStream('warm-up', jsonEvent({ type: 'Warm', data: {} }));
  let count = 0;
  const deadline = performance.now() + APPEND_SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      const stream = `bench-${c}-${Math.random().toString(36).slice(2)}`;
      while (performance.now() < deadline) {
        await client.appendToStream(stream, jsonEvent({ type: 'Bench', data: { c, n: count, pad: 'x'.repeat(100) } }));
        count++;
      }
    }),
  );
  const rate = count / ((performance.now() - t0) / 1000);
  await client.dispose();
  return { rate, count };
}

/** Appends of 3 events at concurrency 16 for `seconds`: events appended. */
async function appendTriples(connectionString: string, seconds = APPEND_SECONDS): Promise<number> {
  const client = EventStoreDBClient.connectionString(connectionString);
  await client.appendToStream('warm-up', jsonEvent({ type: 'Warm', data: {} }));
  let events = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, c) => {
      let stream = 0;
      while (performance.now() < deadline) {
        // A new stream per flow, as the service's aggregates.
        await client.appendToStream(
          `live-${c}-${stream++}-${Math.random().toString(36).slice(2)}`,
          Array.from({ length: 3 }, (_, i) => jsonEvent({ type: 'Live', data: { c, i, pad: 'x'.repeat(200) } })),
        );
        events += 3;
      }
    }),
  );
  await client.dispose();
  return events;
}

/**
 * Live delivery: the node's CPU per appended event with no subscriber, then the same appends with two live
 * `$all` subscribers, measured until both have received every event; the difference, per event delivered to
 * one subscriber, is what a live subscriber costs the node.
 */
async function liveDelivery(node: RunningNode): Promise<{ rate: number; cpuPerOp: number }> {
  await appendTriples(node.connectionString, 1); // warm
  const alone = await onNode(node, async (cs) => ({ rate: 0, count: await appendTriples(cs) }));
  const client = EventStoreDBClient.connectionString(node.connectionString);
  let delivered = 0;
  const subscriptions = [0, 1].map(() => {
    const subscription = client.subscribeToAll({ fromPosition: END });
    subscription.on('data', () => delivered++);
    return subscription;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cpu0 = node.cpuMicros();
  const t0 = performance.now();
  const appended = await appendTriples(node.connectionString);
  while (delivered < 2 * appended && performance.now() - t0 < (APPEND_SECONDS + 10) * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = node.cpuMicros() - cpu0;
  for (const subscription of subscriptions) await subscription.unsubscribe();
  await client.dispose();
  return { rate: delivered / 2 / seconds, cpuPerOp: (cpu - alone.cpuPerOp * appended) / delivered };
}

/** RSS of a process (MiB) at each quarter of a run of `total` events: [events, MiB]. */
class RssQuarters {
  readonly samples: [number, number][] = [];
  private next = 1;

  constructor(
    private readonly pid: number,
    private readonly total: number,
  ) {}

  /** Call as the count grows; samples when it passes the next quarter. */
  reached(count: number): void {
    while (this.next <= 4 && count >= Math.round((this.total * this.next) / 4)) {
      this.samples.push([Math.round((this.total * this.next) / 4), rssMiB(this.pid)]);
      this.next++;
    }
  }
}

/** Appends until the log holds `total` events (500 per append, each to a new stream), sampling the node's RSS. */
async function fill(connectionString: string, already: number, total: number, rss: RssQuarters): Promise<void> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const perAppend = 500;
  let written = already;
  let stored = already;
  let k = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (written < total) {
        const n = Math.min(perAppend, total - written);
        written += n;
        await client.appendToStream(
          `fill-${k++}`,
          Array.from({ length: n }, (_, i) => jsonEvent({ type: 'Fill', data: { i, pad: 'x'.repeat(80) } })),
        );
        stored += n;
        rss.reached(stored);
      }
    }),
  );
  await client.dispose();
}

/**
 * The client's decoding alone: what it does for every event it receives (google-protobuf decode of the
 * `ReadResp`, then its conversion to a `ResolvedEvent`, JSON data parsed), on the bytes the node sends,
 * with no network and no server. No node can stream faster than this to one client.
 */
function clientDecodePerSecond(): number {
  const require = createRequire(import.meta.url);
  const { convertGrpcEvent } = require('@eventstore/db-client/dist/utils/convertGrpcEvent.js') as {
    convertGrpcEvent: (event: unknown) => unknown;
  };
  const frames = Array.from({ length: 1000 }, (_, i) =>
    encodeReadEvent(
      {
        position: BigInt(500_000 + i),
        streamId: `fill-${i % 7}`,
        revision: BigInt(i),
        eventId: '0e2b7d1c-5f4a-4b6e-9c3d-' + String(100_000_000_000 + i),
        eventType: 'Fill',
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(80) })),
        metadata: Buffer.alloc(0),
        createdTicks: BigInt(Date.now()) * 10_000n,
      },
      { structuredUuids: true },
    ),
  );
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    for (const frame of frames) {
      const resp = streams.ReadResp.deserializeBinary(new Uint8Array(frame));
      convertGrpcEvent(resp.getEvent());
      n++;
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Operations per second, and how many (for CPU time per operation). */
interface Measured {
  rate: number;
  count: number;
}

async function readAllPerSecond(connectionString: string): Promise<Measured> {
  const client = EventStoreDBClient.connectionString(connectionString);
  let count = 0;
  const t0 = performance.now();
  for await (const _ of client.readAll({ fromPosition: START, maxCount: EVENTS })) count++;
  const rate = count / ((performance.now() - t0) / 1000);
  await client.dispose();
  return { rate, count };
}

async function catchUpPerSecond(connectionString: string, expected: number, rss?: RssQuarters): Promise<Measured> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const t0 = performance.now();
  const subscription = client.subscribeToAll({ fromPosition: START });
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    subscription.on('data', () => {
      count++;
      rss?.reached(count);
      if (count >= expected) resolve();
    });
    subscription.on('caughtUp', () => {
      if (count >= expected) resolve();
    });
    subscription.on('error', reject);
  });
  const rate = count / ((performance.now() - t0) / 1000);
  await subscription.unsubscribe();
  await client.dispose();
  return { rate, count };
}

/** A measurement on a node, with the node's CPU µs per operation (all its threads): load-independent cost. */
async function onNode(node: RunningNode, run: (connectionString: string) => Promise<Measured>) {
  const cpu0 = node.cpuMicros();
  const measured = await run(node.connectionString);
  return { ...measured, cpuPerOp: (node.cpuMicros() - cpu0) / measured.count };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const started = performance.now();
/** Progress on stderr (the table goes to stdout at the end). */
const step = (what: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

async function main(): Promise<void> {
  const rows: string[][] = [];
  const row = (label: string, m: { rate: number; cpuPerOp: number } | number, ceiling?: number) =>
    rows.push(
      typeof m === 'number'
        ? [label, fmt(m), '', '']
        : [label, fmt(m.rate), ceiling === undefined ? '' : (m.rate / ceiling).toFixed(2), m.cpuPerOp.toFixed(1)],
    );
  row('fdatasync/s, plain file (floor: one write per fsync)', fdatasyncPerSecond());
  const decodeCeiling = clientDecodePerSecond();

  // Every node at once (an idle one costs nothing), each measure taken on all three back to back,
  // so that other work on the machine shifts the ceiling and the node alike.
  const nothing = await startNode('do-nothing', String(EVENTS));
  const loopNode = await startNode('embedded-on-loop', join(WORK_DIR, 'on-loop'));
  const dataDir = join(WORK_DIR, 'store');
  let node = await startNode('embedded', dataDir);
  for (const c of [1, 16, 64]) {
    step(`appends at concurrency ${c}: do-nothing node, SQLite on the event loop, the node`);
    const ceiling = await onNode(nothing, (cs) => appendsPerSecond(cs, c));
    const onLoop = await onNode(loopNode, (cs) => appendsPerSecond(cs, c));
    const durable = await onNode(node, (cs) => appendsPerSecond(cs, c));
    row(`appends/s, concurrency ${c}: do-nothing node (ceiling)`, ceiling);
    row(`appends/s, concurrency ${c}: durable, SQLite on the event loop`, onLoop, ceiling.rate);
    row(`appends/s, concurrency ${c}: durable, SQLite writer thread (the node)`, durable, ceiling.rate);
  }
  await loopNode.stop();

  // The do-nothing node has no live feed: no ceiling here. CPU per op: per event per subscriber, above the appends.
  step('live delivery to two subscribers: the node');
  row('live delivery events/s per subscriber (2 live $all subscribers, appends of 3 events at c=16)', await liveDelivery(node));

  const before = await readAllPerSecond(node.connectionString);
  step(`embedded node: filling the log to ${fmt(EVENTS)} events`);
  const fillRss = new RssQuarters(node.child.pid!, EVENTS);
  await fill(node.connectionString, before.count, EVENTS, fillRss);
  await node.stop();
  node = await startNode('embedded', dataDir); // cold process: RSS measures reading, not the fill

  step('$all read: do-nothing node, then the node');
  const nothingRead = await onNode(nothing, readAllPerSecond);
  const read = await onNode(node, readAllPerSecond);
  step('catch-up: do-nothing node, then the node');
  const nothingCatchUp = await onNode(nothing, (cs) => catchUpPerSecond(cs, EVENTS));
  const catchUpRss = new RssQuarters(node.child.pid!, read.count);
  const catchUp = await onNode(node, (cs) => catchUpPerSecond(cs, read.count, catchUpRss));
  const nothingRss = nothing.peakRssMb();
  const nodeRss = node.peakRssMb();
  await nothing.stop();
  await node.stop();

  row('client decoding alone, no network (google-protobuf + ResolvedEvent): events/s', decodeCeiling);
  row(`$all read events/s: do-nothing (${fmt(nothingRead.count)} from memory)`, nothingRead);
  row(`$all read events/s: embedded (${fmt(read.count)} from SQLite)`, read, nothingRead.rate);
  row(`catch-up subscription events/s: do-nothing (peak RSS ${fmt(nothingRss)} MB)`, nothingCatchUp);
  row(`catch-up subscription events/s: embedded (peak RSS ${fmt(nodeRss)} MB)`, catchUp, nothingCatchUp.rate);

  console.log('| measure | value | ratio to ceiling | node CPU µs per op |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [a, b, c, d] of rows) console.log(`| ${a} | ${b} | ${c} | ${d} |`);
  console.log('\n| node RSS (MB) as the log grows | ' + fillRss.samples.map(([n]) => fmt(n)).join(' | ') + ' |');
  console.log('| --- |' + ' ---: |'.repeat(fillRss.samples.length));
  console.log('| filling the log (appends of 500) | ' + fillRss.samples.map(([, mb]) => fmt(mb)).join(' | ') + ' |');
  console.log('| catching up over it (cold process) | ' + catchUpRss.samples.map(([, mb]) => fmt(mb)).join(' | ') + ' |');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(WORK_DIR, { recursive: true, force: true }));
