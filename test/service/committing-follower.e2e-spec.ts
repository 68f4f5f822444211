import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { CommittingFollower, EsdbEventStore, type BatchStore, type EventStoreLogger, type RecordedEvent } from '@ledger/event-store';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Resolves once `check()` holds; fails the test (rather than hang it) when it never does. */
const eventually = async (check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> => {
  const giveUpAt = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** A store that keeps event ids, commits batches all or nothing, and can be told to fail its next commits. */
class RecordingStore implements BatchStore {
  readonly committedIds: string[] = [];
  readonly batches: number[] = [];
  committedPosition: bigint | undefined;
  failNextCommits = 0;
  failNextAdds = 0;
  discarded = 0;
  private open: string[] = [];

  add(event: RecordedEvent): void {
    if (this.failNextAdds > 0) {
      this.failNextAdds -= 1;
      throw new Error('fold failed');
    }
    this.open.push(event.id);
  }

  commit(events: readonly RecordedEvent[]): void {
    if (this.failNextCommits > 0) {
      this.failNextCommits -= 1;
      throw new Error('disk full');
    }
    expect(events.map((event) => event.id)).toEqual(this.open);
    this.committedIds.push(...this.open);
    this.batches.push(events.length);
    this.open = [];
    this.committedPosition = events.at(-1)!.position;
  }

  discard(): void {
    this.discarded += 1;
    this.open = [];
  }
}

describe('CommittingFollower, through the real client against the embedded node', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  const appended: string[] = [];

  const appendEvents = async (count: number): Promise<bigint> => {
    const stream = `follower-test-${randomUUID()}`;
    const events = Array.from({ length: count }, (_, index) => ({ id: randomUUID(), type: 'FollowerTestEvent', data: { index } }));
    appended.push(...events.map((event) => event.id));
    return (await store.append(stream, events, { expectedRevision: 'no_stream' })).position;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-follower-'));
    node = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger: silent, backoff: { initialDelayMs: 20, maxDelayMs: 100 } });
    for (let i = 0; i < 5; i += 1) await appendEvents(40);
  });

  afterAll(async () => {
    await store.dispose();
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('catches up in batches, then commits each live burst; waiters are answered once their position is committed', async () => {
    const batchStore = new RecordingStore();
    const follower = new CommittingFollower({ eventStore: store, name: 'batches', store: batchStore, logger: silent, maxBatchEvents: 64 });
    follower.start();
    try {
      expect(await follower.whenCaughtUp(20_000)).toBe(true);
      expect(batchStore.committedIds).toEqual(appended);
      expect(Math.max(...batchStore.batches)).toBeLessThanOrEqual(64);
      const position = await appendEvents(3);
      expect(await follower.waitForPosition(position, 10_000)).toBe(true);
      expect(batchStore.committedPosition).toBe(position);
      expect(batchStore.committedIds).toEqual(appended);
      expect(follower.uncommittedEvents).toBe(0);
    } finally {
      await follower.stop();
    }
    expect(await follower.waitForPosition(batchStore.committedPosition! + 1_000n, 10)).toBe(false);
  });

  it('live, commits at least liveCommitIntervalMs apart: a burst after a quiet spell at once, the events of the interval together', async () => {
    const batchStore = new RecordingStore();
    const follower = new CommittingFollower({ eventStore: store, name: 'interval', store: batchStore, logger: silent, liveCommitIntervalMs: 2_000 });
    follower.start();
    try {
      expect(await follower.whenCaughtUp(20_000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const alone = await appendEvents(2);
      expect(await follower.waitForPosition(alone, 10_000)).toBe(true);
      expect(batchStore.batches.at(-1)).toBe(2);
      await appendEvents(3);
      const last = await appendEvents(4);
      expect(await follower.waitForPosition(last, 10_000)).toBe(true);
      expect(batchStore.batches.at(-1)).toBe(7);
      expect(batchStore.committedIds).toEqual(appended);
    } finally {
      await follower.stop();
    }
  });

  it('after a failed commit drops the batch and follows again from the committed position: nothing skipped, nothing twice', async () => {
    const batchStore = new RecordingStore();
    const follower = new CommittingFollower({ eventStore: store, name: 'failing', store: batchStore, logger: silent, restartDelayMs: 20 });
    follower.start();
    try {
      expect(await follower.whenCaughtUp(20_000)).toBe(true);
      batchStore.failNextCommits = 2;
      const position = await appendEvents(5);
      expect(await follower.waitForPosition(position, 20_000)).toBe(true);
      expect(batchStore.discarded).toBe(2);
      expect(batchStore.committedIds).toEqual(appended);
      expect(new Set(batchStore.committedIds).size).toBe(batchStore.committedIds.length);
      expect(follower.commitFailure).toBeUndefined();
    } finally {
      await follower.stop();
    }
  });

  it('hands an event that failed to fold again, then goes on; a store resumes from its own position', async () => {
    const batchStore = new RecordingStore();
    const first = new CommittingFollower({ eventStore: store, name: 'first', store: batchStore, logger: silent });
    first.start();
    expect(await first.whenCaughtUp(20_000)).toBe(true);
    await first.stop();
    const resumedFrom = batchStore.committedPosition;

    batchStore.failNextAdds = 1;
    const position = await appendEvents(4);
    const second = new CommittingFollower({ eventStore: store, name: 'second', store: batchStore, logger: silent });
    second.start();
    try {
      expect(await second.waitForPosition(position, 20_000)).toBe(true);
      expect(batchStore.committedIds).toEqual(appended);
      expect(batchStore.committedPosition! > resumedFrom!).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('stop() during the pause after a failed commit ends the pause (60 s here) and commits nothing more', async () => {
    const batchStore = new RecordingStore();
    const follower = new CommittingFollower({ eventStore: store, name: 'stopping', store: batchStore, logger: silent, restartDelayMs: 60_000 });
    follower.start();
    expect(await follower.whenCaughtUp(20_000)).toBe(true);
    batchStore.failNextCommits = 1;
    const before = batchStore.committedIds.length;
    await appendEvents(2);
    await eventually(() => batchStore.discarded > 0, 'the failed batch was dropped');
    await follower.stop();
    expect(batchStore.committedIds.length).toBe(before);
  });
});
