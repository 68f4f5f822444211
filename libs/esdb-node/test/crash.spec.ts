import { EventStoreDBClient, StreamNotFoundError, binaryEvent } from '@eventstore/db-client';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collect, tempDir } from './node-harness.test.js';

/**
 * Crash test: the node runs as `npm run store` does (built with swc, in a child process), takes
 * concurrent multi-event appends from several clients, and is killed with SIGKILL mid-stream.
 * Restarted, it must hold every acknowledged event byte for byte and in order, and every append
 * (acknowledged or in flight at the kill) whole or not at all. Several rounds, different timings.
 */
const ROOT = resolve(process.cwd());
const BUILD = join(ROOT, '.tmp', `crash-build-${process.pid}`);
const STORE = join(BUILD, 'apps', 'ledger-cli', 'src', 'store.js');

interface Attempt {
  stream: string;
  firstRevision: bigint;
  events: { id: string; data: Buffer }[];
  acknowledged: boolean;
}

function startChild(dataDir: string): Promise<{ child: ChildProcess; connectionString: string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [STORE, '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`store did not start: ${out} ${err}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('esdb://'));
      if (line) {
        clearTimeout(timer);
        resolveStart({ child, connectionString: line.trim() });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`store exited with ${code}: ${err}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

/** One writer: sequential multi-event appends to its own streams with exact expected revisions. */
async function writer(client: EventStoreDBClient, name: string, attempts: Attempt[], stop: { now: boolean }) {
  const revisions = new Map<string, bigint>();
  for (let k = 0; !stop.now; k++) {
    const stream = `${name}-${k % 3}`;
    const next = revisions.get(stream) ?? -1n;
    const count = 1 + (k % 5);
    const events = Array.from({ length: count }, () => ({ id: randomUUID(), data: randomBytes(64 + (k % 7) * 100) }));
    const attempt: Attempt = { stream, firstRevision: next + 1n, events, acknowledged: false };
    attempts.push(attempt);
    try {
      await client.appendToStream(
        stream,
        events.map((e) => binaryEvent({ id: e.id, type: 'Crash', data: e.data })),
        { expectedRevision: next === -1n ? 'no_stream' : next },
      );
    } catch {
      return; // the node died under us: this attempt's outcome is unknown
    }
    attempt.acknowledged = true;
    revisions.set(stream, next + BigInt(count));
  }
}

async function verify(connectionString: string, attempts: Attempt[]): Promise<{ acknowledged: number; inFlightStored: number }> {
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    const byStream = new Map<string, Attempt[]>();
    for (const a of attempts) byStream.set(a.stream, [...(byStream.get(a.stream) ?? []), a]);
    let acknowledged = 0;
    let inFlightStored = 0;
    for (const [stream, list] of byStream) {
      let stored: { id: string; revision: bigint; data: Buffer }[] = [];
      try {
        stored = (await collect(client.readStream(stream))).map((e) => ({
          id: e.event!.id,
          revision: e.event!.revision,
          data: Buffer.from(e.event!.data as Uint8Array),
        }));
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      // Revisions are dense, from 0.
      expect(stored.map((e) => e.revision)).toEqual(stored.map((_, i) => BigInt(i)));
      for (const attempt of list) {
        const at = Number(attempt.firstRevision);
        const slice = stored.slice(at, at + attempt.events.length);
        const present = slice.filter((e, i) => e.id === attempt.events[i]!.id).length;
        if (attempt.acknowledged) {
          expect(present).toBe(attempt.events.length);
          acknowledged++;
        } else {
          // Unknown outcome: whole or absent, never a part.
          expect([0, attempt.events.length]).toContain(present);
          if (present > 0) inFlightStored++;
        }
        if (present > 0) {
          slice.forEach((e, i) => expect(e.data.equals(attempt.events[i]!.data)).toBe(true));
        }
      }
      // Nothing stored that nobody sent.
      const sent = new Set(list.flatMap((a) => a.events.map((e) => e.id)));
      for (const e of stored) expect(sent.has(e.id)).toBe(true);
    }
    // $all holds them in commit order.
    const all = await collect(client.readAll());
    const positions = all.map((e) => e.event!.position!.commit);
    for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
    return { acknowledged, inFlightStored };
  } finally {
    await client.dispose();
  }
}

describe('crash safety (SIGKILL mid-stream)', () => {
  const dataDir = tempDir('esdb-crash-');

  beforeAll(() => {
    mkdirSync(BUILD, { recursive: true });
    const build = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'swc'),
      ['apps/ledger-cli/src/store.ts', 'libs/esdb-node/src', 'libs/module-worker/src', 'libs/directory-lock/src', '-d', BUILD, '--quiet'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`swc build failed: ${build.stderr}`);
  });

  afterAll(() => {
    rmSync(BUILD, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event and every append whole, over several kill rounds', async () => {
    const attempts: Attempt[] = [];
    // Each round's kill is placed by progress, not by the clock: after this round's n-th acknowledged append
    // (then a short pause, so it lands at different points of a commit), whatever the machine's load.
    const rounds = [
      { acknowledgedBeforeKill: 3, pauseMs: 0 },
      { acknowledgedBeforeKill: 30, pauseMs: 7 },
      { acknowledgedBeforeKill: 1, pauseMs: 40 },
      { acknowledgedBeforeKill: 12, pauseMs: 120 },
    ];
    for (const [round, { acknowledgedBeforeKill, pauseMs }] of rounds.entries()) {
      const { child, connectionString } = await startChild(dataDir);
      const clients = Array.from({ length: 4 }, () => EventStoreDBClient.connectionString(connectionString));
      const stop = { now: false };
      const firstOfRound = attempts.length;
      const writers = clients.map((client, i) => writer(client, `r${round}-w${i}-${randomUUID().slice(0, 8)}`, attempts, stop));
      // A second appender per client on other streams, so BatchAppend carries interleaved appends.
      const more = clients.map((client, i) => writer(client, `r${round}-x${i}-${randomUUID().slice(0, 8)}`, attempts, stop));
      const acknowledgedThisRound = () => attempts.slice(firstOfRound).filter((a) => a.acknowledged).length;
      // The writers keep appending: the kill lands mid-stream, some appends acknowledged, others in flight.
      while (acknowledgedThisRound() < acknowledgedBeforeKill && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => setTimeout(r, pauseMs));
      await kill(child);
      stop.now = true;
      await Promise.all([...writers, ...more]);
      await Promise.all(clients.map((c) => c.dispose()));
      expect(acknowledgedThisRound()).toBeGreaterThanOrEqual(acknowledgedBeforeKill);

      const restarted = await startChild(dataDir);
      try {
        await verify(restarted.connectionString, attempts);
      } finally {
        restarted.child.kill('SIGTERM');
        await new Promise((r) => restarted.child.once('exit', r));
      }
    }
    // Every writer was cut off mid-append by each kill: the unknown outcomes were really exercised.
    expect(attempts.filter((a) => !a.acknowledged).length).toBeGreaterThanOrEqual(rounds.length * 8);
  }, 120_000);

  it('npm run store: SIGTERM and SIGINT shut it down cleanly, keeping what it acknowledged', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const { child, connectionString } = await startChild(dataDir);
      const client = EventStoreDBClient.connectionString(connectionString);
      const stream = `clean-${signal}-${randomUUID()}`;
      await client.appendToStream(stream, binaryEvent({ type: 'Clean', data: Buffer.from(signal) }));
      await client.dispose();
      const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill(signal);
      expect(await exit).toBe(0);
      const again = await startChild(dataDir);
      const reader = EventStoreDBClient.connectionString(again.connectionString);
      try {
        const read = await collect(reader.readStream(stream));
        expect(Buffer.from(read[0]!.event!.data as Uint8Array).toString()).toBe(signal);
      } finally {
        await reader.dispose();
        again.child.kill('SIGTERM');
        await new Promise((r) => again.child.once('exit', r));
      }
    }
  }, 60_000);
});
