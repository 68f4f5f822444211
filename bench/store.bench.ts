/**
 * `npm run bench:store`: the embedded node against its ceilings, side by side in one run, on the
 * same disk, printed as a table (issue 9 §5). Each node runs in its own process; the real client
 * drives it from this one.
 *
 *  - fdatasync/s of a plain file: the floor for one write per fsync;
 *  - appends/s through the do-nothing node (acknowledges without storing): the protocol's ceiling;
 *  - durable appends/s through the embedded node at concurrency 1, 16, 64;
 *  - `$all` read events/s, and catch-up subscription events/s with peak RSS of the node,
 *    beside the do-nothing node streaming the same number of synthetic events from memory.
 *
 * BENCH_EVENTS (default 1,000,000) sets the size of the read / catch-up runs.
 */
import { EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const APPEND_SECONDS = Number(process.env['BENCH_APPEND_SECONDS'] ?? 5);
const NODE_SCRIPT = fileURLToPath(new URL('./store-node.js', import.meta.url));
const WORK_DIR = mkdtempSync(join(process.cwd(), '.bench-store-'));

interface RunningNode {
  child: ChildProcess;
  connectionString: string;
  peakRssMb: () => number;
  stop: () => Promise<void>;
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

async function appendsPerSecond(connectionString: string, concurrency: number): Promise<number> {
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
  return rate;
}

async function fill(connectionString: string, events: number): Promise<void> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const perAppend = 500;
  let written = 0;
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      while (written < events) {
        const n = Math.min(perAppend, events - written);
        written += n;
        await client.appendToStream(
          `fill-${w}`,
          Array.from({ length: n }, (_, i) => jsonEvent({ type: 'Fill', data: { i, pad: 'x'.repeat(80) } })),
        );
      }
    }),
  );
  await client.dispose();
}

async function readAllPerSecond(connectionString: string): Promise<{ rate: number; count: number }> {
  const client = EventStoreDBClient.connectionString(connectionString);
  let count = 0;
  const t0 = performance.now();
  for await (const _ of client.readAll({ fromPosition: START, maxCount: EVENTS })) count++;
  const rate = count / ((performance.now() - t0) / 1000);
  await client.dispose();
  return { rate, count };
}

async function catchUpPerSecond(connectionString: string, expected: number): Promise<number> {
  const client = EventStoreDBClient.connectionString(connectionString);
  const t0 = performance.now();
  const subscription = client.subscribeToAll({ fromPosition: START });
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    subscription.on('data', () => {
      if (++count >= expected) resolve();
    });
    subscription.on('caughtUp', () => {
      if (count >= expected) resolve();
    });
    subscription.on('error', reject);
  });
  const rate = count / ((performance.now() - t0) / 1000);
  await subscription.unsubscribe();
  await client.dispose();
  return rate;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rows: string[][] = [];
  rows.push(['fdatasync/s, plain file (floor: one write per fsync)', fmt(fdatasyncPerSecond()), '']);

  const nothing = await startNode('do-nothing', String(EVENTS));
  const ceiling: Record<number, number> = {};
  for (const c of [1, 16, 64]) ceiling[c] = await appendsPerSecond(nothing.connectionString, c);
  const nothingRead = await readAllPerSecond(nothing.connectionString);
  const nothingCatchUp = await catchUpPerSecond(nothing.connectionString, EVENTS);
  const nothingRss = nothing.peakRssMb();
  await nothing.stop();

  const loopNode = await startNode('embedded-on-loop', join(WORK_DIR, 'on-loop'));
  const onLoop: Record<number, number> = {};
  for (const c of [1, 16, 64]) onLoop[c] = await appendsPerSecond(loopNode.connectionString, c);
  await loopNode.stop();

  const dataDir = join(WORK_DIR, 'store');
  let node = await startNode('embedded', dataDir);
  for (const c of [1, 16, 64]) {
    const durable = await appendsPerSecond(node.connectionString, c);
    rows.push([`appends/s, concurrency ${c}: do-nothing node (ceiling)`, fmt(ceiling[c]!), '']);
    rows.push([`appends/s, concurrency ${c}: durable, SQLite on the event loop`, fmt(onLoop[c]!), (onLoop[c]! / ceiling[c]!).toFixed(2)]);
    rows.push([`appends/s, concurrency ${c}: durable, SQLite writer thread (the node)`, fmt(durable), (durable / ceiling[c]!).toFixed(2)]);
  }
  const before = await readAllPerSecond(node.connectionString);
  await fill(node.connectionString, Math.max(0, EVENTS - before.count));
  await node.stop();
  node = await startNode('embedded', dataDir); // cold process: RSS measures reading, not the fill
  const read = await readAllPerSecond(node.connectionString);
  rows.push([`$all read events/s: do-nothing (${fmt(nothingRead.count)} from memory)`, fmt(nothingRead.rate), '']);
  rows.push([`$all read events/s: embedded (${fmt(read.count)} from SQLite)`, fmt(read.rate), (read.rate / nothingRead.rate).toFixed(2)]);
  const catchUp = await catchUpPerSecond(node.connectionString, read.count);
  rows.push([`catch-up subscription events/s: do-nothing (peak RSS ${fmt(nothingRss)} MB)`, fmt(nothingCatchUp), '']);
  rows.push([`catch-up subscription events/s: embedded (peak RSS ${fmt(node.peakRssMb())} MB)`, fmt(catchUp), (catchUp / nothingCatchUp).toFixed(2)]);
  await node.stop();

  console.log('| measure | value | ratio to ceiling |');
  console.log('| --- | ---: | ---: |');
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(WORK_DIR, { recursive: true, force: true }));
