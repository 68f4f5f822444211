import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger, type JsonObject } from '@ledger/event-store';
import { linkEvent, MerkleTreeBuilder, leafHash, withChainLink, type HexDigest } from '@ledger/ledger-proofs';
import { applyLedgerEvent, InMemoryReadModels, ledgerEvents as ev, registrationAuthorisations, SqliteReadModelReader } from '@ledger/projections';
import { LedgerIndex } from '../../apps/ledger-api/src/audit/ledger-index/ledger-index.js';
import type { IndexCommit } from '../../apps/ledger-api/src/audit/ledger-index/ledger-index-batches.js';
import { LedgerFollowers, type StartThread } from '../../apps/ledger-api/src/ledger-followers/ledger-followers.js';
import { startModuleWorker } from '@ledger/module-worker';

const messages: string[] = [];
const logger: EventStoreLogger = {
  info: (_context, message) => messages.push(message),
  warn: (_context, message) => messages.push(message),
  error: (_context, message) => messages.push(message),
};
const eventually = async (check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> => {
  const giveUpAt = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const tenant = (n: number): string => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
const everyCustomer = { limit: 500 };

/** The thread as the service starts it, each `Worker` kept so that a test can end one from outside. */
const threads: Worker[] = [];
const keptThreads: StartThread = (data) => {
  const worker = startModuleWorker(new URL('../../apps/ledger-api/src/ledger-followers/ledger-followers.worker.ts', import.meta.url), { workerData: data });
  threads.push(worker);
  return worker;
};

describe('LedgerFollowers: the read models and the audit index on a thread of their own, through the real client', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  const written: LedgerEvent[] = [];
  const heads = new Map<string, { revision: bigint; chainHash: HexDigest }>();
  const leaves = new MerkleTreeBuilder();

  /** Appends an event to its stream as the write side does (chained: a leaf of the index); returns its position. */
  const writeChained = async (stream: string, type: string, data: JsonObject): Promise<bigint> => {
    const head = heads.get(stream);
    const revision = head === undefined ? 0n : head.revision + 1n;
    const id = randomUUID();
    const link = linkEvent({ streamId: stream, revision, eventId: id, type, data, metadataWithoutChain: {} }, head?.chainHash ?? null);
    const outcome = await store.append(stream, [{ id, type, data, metadata: withChainLink({}, link) as JsonObject }], {
      expectedRevision: head === undefined ? 'no_stream' : head.revision,
    });
    heads.set(stream, { revision, chainHash: link.chainHash });
    leaves.appendLeafHash(leafHash(Buffer.from(link.chainHash, 'hex')));
    return outcome.position;
  };
  /** Ledger events, each to its own stream; returns the last position. */
  const write = async (...events: LedgerEvent[]): Promise<bigint> => {
    let position = 0n;
    for (const event of events) {
      position = await writeChained(streamOf(event), event.type, event.data as unknown as JsonObject);
      written.push(event);
    }
    return position;
  };
  /**
   * An event of no ledger type (as the idempotency records are): the index records it, as a leaf, after the last
   * ledger event; the read models never see it, so their position stays behind the index's.
   */
  const writeForeign = (): Promise<bigint> => writeChained(`idempotency-${randomUUID()}`, 'IdempotencyKeyClaimed', { key: 'k' });

  const expectedReadModels = (): InMemoryReadModels => {
    const memory = new InMemoryReadModels();
    written.forEach((event, index) => applyLedgerEvent(memory, event, BigInt(index + 1)));
    return memory;
  };
  const paths = () => ({
    connectionString: node.connectionString,
    readModelsPath: join(dataDir, 'read-models.sqlite'),
    indexPath: join(dataDir, 'audit', 'ledger-index.db'),
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-followers-'));
    node = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger });
    await write(ev.partnerEnrolled('CSP1', 'CSP_DIRECT'), ev.partnerEnrolled('OEM1', 'OEM'));
    for (let n = 0; n < 20; n += 1) await write(ev.cspConsentAccepted(`R${n}`, 'CSP1', tenant(n)));
    await writeForeign();
  });

  afterAll(async () => {
    await store.dispose();
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('catches up, then tells of every commit of each store, in order; both files hold what one subscription fed them', async () => {
    const followers = await LedgerFollowers.start(paths(), logger, { startThread: keptThreads });
    const readModelPositions: bigint[] = [];
    const indexCommits: IndexCommit[] = [];
    followers.onReadModelsCommitted((commit) => readModelPositions.push(commit.position));
    followers.onIndexCommitted((commit) => indexCommits.push(commit));
    try {
      expect(await followers.whenCaughtUp(20_000)).toBe(true);
      const ledgerPosition = await write(ev.oemConsentAccepted('OEM1', 'L1', tenant(99)));
      const foreignPosition = await writeForeign();
      await eventually(() => followers.indexCheckpoint?.position === foreignPosition, 'the index reached the last event');
      await eventually(() => followers.readModelsCheckpoint.position === ledgerPosition, 'the read models reached the last ledger event');
      // ... and they reflect the foreign event too: the thread followed it and they had nothing of it to fold.
      await eventually(() => followers.followedThrough === foreignPosition, 'the thread says it followed the last event');

      // The read models hold the ledger's events only, exactly as an in-memory fold of them.
      expect(followers.readModelsCheckpoint.events).toBe(written.length);
      expect(readModelPositions).toEqual([...readModelPositions].sort((a, b) => (a < b ? -1 : 1)));
      const reader = SqliteReadModelReader.open(paths().readModelsPath);
      expect(registrationAuthorisations(reader, 'CSP1', everyCustomer)).toEqual(registrationAuthorisations(expectedReadModels(), 'CSP1', everyCustomer));
      expect(registrationAuthorisations(reader, 'OEM1', everyCustomer).items).toHaveLength(1);
      reader.close();

      // A reader of the index, fed the commits' leaves, has the tree of every chained event, in order.
      const index = LedgerIndex.openReader(paths().indexPath);
      for (const commit of indexCommits) index.advanceTo(commit.leafCount, commit.position, commit.addedLeaves);
      expect(index.leafCount).toBe(leaves.treeSize);
      expect(index.rootAt(index.leafCount)).toBe(leaves.rootHex());
      expect(index.position).toBe(foreignPosition);
      index.close();
      expect(followers.subscriptionStatus().state).toBe('live');
      expect(followers.failure).toBeUndefined();
    } finally {
      await followers.stop();
    }
  });

  it('started again, resumes from what each store committed: nothing folded twice, nothing skipped', async () => {
    const before = { events: written.length, leaves: leaves.treeSize };
    const position = await write(...Array.from({ length: 5 }, (_, i) => ev.cspConsentAccepted(`S${i}`, 'CSP1', tenant(200 + i))));
    const followers = await LedgerFollowers.start(paths(), logger, { startThread: keptThreads });
    try {
      expect(followers.readModelsCheckpoint.events).toBe(before.events);
      await eventually(() => followers.readModelsCheckpoint.position === position, 'the read models reached the new events');
      expect(followers.readModelsCheckpoint.events).toBe(before.events + 5);
      await eventually(() => followers.indexCheckpoint?.leafCount === before.leaves + 5, 'the index recorded the new leaves');
    } finally {
      await followers.stop();
    }
    const reader = SqliteReadModelReader.open(paths().readModelsPath);
    expect(registrationAuthorisations(reader, 'CSP1', everyCustomer)).toEqual(registrationAuthorisations(expectedReadModels(), 'CSP1', everyCustomer));
    reader.close();
  });

  it('when its thread dies, says so, starts it again and goes on from the committed positions', async () => {
    const followers = await LedgerFollowers.start(paths(), logger, { startThread: keptThreads });
    try {
      expect(await followers.whenCaughtUp(20_000)).toBe(true);
      const first = threads.at(-1)!;
      await first.terminate();
      await eventually(() => followers.failure !== undefined, 'the death of the thread is reported');
      expect(followers.failure).toMatch(/stopped \(exit code 1\); starting it again/);
      expect(followers.subscriptionStatus().state).toBe('reconnecting');

      const position = await write(ev.cspConsentAccepted('T1', 'CSP1', tenant(300)));
      await eventually(() => followers.readModelsCheckpoint.position === position, 'the restarted thread folded the new event', 30_000);
      expect(threads.at(-1)).not.toBe(first);
      expect(followers.failure).toBeUndefined();
      expect(followers.readModelsCheckpoint.events).toBe(written.length);
      expect(messages).toContain('The thread of the read models and the audit index runs again');
    } finally {
      await followers.stop();
    }
  });

  it('stop() ends the thread; a second stop waits for the same', async () => {
    const followers = await LedgerFollowers.start(paths(), logger, { startThread: keptThreads });
    const thread = threads.at(-1)!;
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    await Promise.all([followers.stop(), followers.stop()]);
    expect(await exited).toBe(0);
  });
});
