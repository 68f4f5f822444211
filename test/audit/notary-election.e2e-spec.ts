import { mkdtemp, rm } from 'node:fs/promises';
import { jest } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore } from '@ledger/event-store';
import { generateSigningKey, toJwks, verifyCheckpoint, type SignedCheckpoint } from '@ledger/ledger-proofs';
import { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED, NOTARY_ELECTED } from '../../apps/ledger-api/src/audit/ledger-format/index.js';
import { LedgerIndex } from '../../apps/ledger-api/src/audit/ledger-index/ledger-index.js';
import { CheckpointLog } from '../../apps/ledger-api/src/notary/checkpoint-log.js';
import { loadNotaryConfig } from '../../apps/ledger-api/src/notary/load-notary-config.js';
import { Notary } from '../../apps/ledger-api/src/notary/notary.js';
import { NotaryKeyring } from '../../apps/ledger-api/src/notary/notary-keyring.js';
import { freePort } from '../service/support/child-process.js';
import { ChainedBatches } from './support/chained-append.js';

const LEASE_MS = 30_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Polls until `check` is true; the test's timeout bounds the wait. */
const eventually = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** Two service instances' notaries on one store: each with its own index, as on two machines. */
describe('notary election across instances', () => {
  let dir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  const indexes: LedgerIndex[] = [];
  const notaries: Notary[] = [];
  const batches = new ChainedBatches();
  const keyring = new NotaryKeyring(generateSigningKey());
  // The notaries' clock: the test moves it past a lease instead of waiting for one.
  let clock = Date.now();
  const now = (): number => clock;

  /** Appends events and brings both instances' indexes up to date (what their subscriptions do). */
  const grow = async (count: number): Promise<void> => {
    const { events, expectedRevision } = batches.next(
      'stream-x',
      Array.from({ length: count }, (_, n) => ({ type: 'ProbeRecorded', data: { n } })),
    );
    await store.append('stream-x', events, { expectedRevision });
    for (const index of indexes) {
      for await (const event of store.readAll(index.position === undefined ? {} : { fromPosition: index.position })) index.record(event);
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-notary-election-'));
    node = await startEmbeddedNode({ dataDir: join(dir, 'store'), port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger: silent });
    const config = loadNotaryConfig((name) => ({ NOTARY_LEASE_MS: String(LEASE_MS), NOTARY: 'off' })[name]);
    for (const instance of ['one', 'two']) {
      const index = LedgerIndex.open(join(dir, instance, 'ledger-index.db'));
      indexes.push(index);
      notaries.push(new Notary(config, keyring, index, new CheckpointLog(store), now));
    }
  });

  afterAll(async () => {
    indexes.forEach((index) => index.close());
    await store.dispose();
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets exactly one notary checkpoint while its lease runs, then hands over when it goes quiet', async () => {
    const [one, two] = notaries as [Notary, Notary];
    await grow(5);
    // Both race for the first election: one wins, the other stands by.
    const first = await Promise.all([one.checkpointNow(), two.checkpointNow()]);
    expect(first.filter((c) => c !== undefined)).toHaveLength(1);
    const winner = first[0] ? one : two;
    const loser = first[0] ? two : one;
    for (let round = 0; round < 5; round++) {
      await grow(3);
      const [fromLoser, fromWinner] = await Promise.all([loser.checkpointNow(), winner.checkpointNow()]);
      expect(fromLoser).toBeUndefined();
      expect(fromWinner?.treeSize).toBe(5 + 3 * (round + 1));
    }
    // The winner stops; the other claims the lease once it has lapsed plus a grace period, and carries on.
    await grow(2);
    expect(await loser.checkpointNow()).toBeUndefined();
    clock += 2 * LEASE_MS;
    expect((await loser.checkpointNow())?.treeSize).toBe(22);

    const history = await store.readStream(CHECKPOINT_STREAM);
    const elected = history.filter((e) => e.type === NOTARY_ELECTED).map((e) => e.data['notaryId']);
    expect(elected).toEqual([winner.notaryId, loser.notaryId]);
    const checkpoints = history.filter((e) => e.type === LEDGER_CHECKPOINTED);
    const sizes = checkpoints.map((e) => e.data['treeSize']);
    expect(sizes).toEqual([5, 8, 11, 14, 17, 20, 22]);
    for (const event of checkpoints) {
      const { treeSize, rootHash, lastPosition, time, kid, signature } = event.data as unknown as SignedCheckpoint;
      const signed = { treeSize, rootHash, lastPosition: { ...lastPosition! }, time, kid, signature };
      expect(verifyCheckpoint(JSON.parse(JSON.stringify(signed)), toJwks(keyring.current))).toEqual({ ok: true });
    }
  });

  it('refuses to sign over a history its own leaves disagree with', async () => {
    const diverged = LedgerIndex.open(join(dir, 'three', 'ledger-index.db'));
    try {
      // An index whose leaves differ from the ledger's (a damaged index, or a ledger altered under the checkpoints).
      for await (const event of store.readAll()) {
        diverged.record(event.stream === 'stream-x' && event.revision === 0n ? { ...event, metadata: { ledgerChain: { contentHash: '0'.repeat(64), previousChainHash: null, chainHash: '1'.repeat(64) } } } : event);
      }
      await grow(1);
      for await (const event of store.readAll({ fromPosition: diverged.position! })) diverged.record(event);
      const config = loadNotaryConfig((name) => ({ NOTARY_LEASE_MS: String(LEASE_MS), NOTARY: 'off' })[name]);
      const rogue = new Notary(config, keyring, diverged, new CheckpointLog(store), now);
      clock += 2 * LEASE_MS;
      expect(await rogue.checkpointNow()).toBeUndefined();
      expect(rogue.fault).toMatch(/the latest checkpoint \(tree size 22\) has root .* refusing to sign/);
    } finally {
      diverged.close();
    }
  });

  it('holds a lease recorded with an expiry years ahead to one lease period: checkpoints carry on after it', async () => {
    clock = Date.now();
    const intruder = new CheckpointLog(store);
    await intruder.sync();
    const recorded = await intruder.append(
      NOTARY_ELECTED,
      { schemaVersion: 1, notaryId: 'intruder', electedAt: new Date(clock).toISOString(), leaseExpiresAt: '9999-12-31T00:00:00.000Z' },
      'intruder',
    );
    expect(recorded).toBe(true);
    await grow(1);
    const config = loadNotaryConfig((name) => ({ NOTARY_LEASE_MS: String(LEASE_MS), NOTARY: 'off' })[name]);
    const successor = new Notary(config, keyring, indexes[0]!, new CheckpointLog(store), now);
    expect(await successor.checkpointNow()).toBeUndefined();
    clock = Date.now() + 2 * LEASE_MS;
    expect((await successor.checkpointNow())?.treeSize).toBe(indexes[0]!.leafCount);
    expect(successor.fault).toBeUndefined();
  });

  it('an instance started with a signing key of its own (no shared NOTARY_SIGNING_KEY_FILE) refuses, and says why', async () => {
    const config = loadNotaryConfig((name) => ({ NOTARY_LEASE_MS: String(LEASE_MS), NOTARY: 'off' })[name]);
    // What a second instance gets by default: its own LEDGER_DATA_DIR, so a key of its own created on first start.
    const ownKey = new Notary(config, new NotaryKeyring(generateSigningKey()), indexes[1]!, new CheckpointLog(store), now);
    clock += 2 * LEASE_MS;
    expect(await ownKey.checkpointNow()).toBeUndefined();
    expect(ownKey.fault).toMatch(/not signed by this ledger's key/);
    expect(ownKey.fault).toMatch(/every instance must sign with the same key \(NOTARY_SIGNING_KEY_FILE;/);
  });

  it('while the store is unreachable, waits after a failed attempt instead of asking the store (and warning) every tick', async () => {
    const unreachable = EsdbEventStore.connect(`esdb://127.0.0.1:${await freePort()}?tls=false`, { logger: silent });
    // The notary's clock stands still: a failed attempt's delay never runs out, however many ticks go by.
    let frozen = Date.now();
    let ticks = 0;
    const frozenNow = (): number => {
      ticks += 1;
      return frozen;
    };
    const log = new CheckpointLog(unreachable);
    const attempts = jest.spyOn(log, 'sync');
    const notary = new Notary(loadNotaryConfig((name) => ({ NOTARY_LEASE_MS: String(LEASE_MS) })[name]), keyring, indexes[0]!, log, frozenNow);
    notary.onApplicationBootstrap();
    try {
      // This index has leaves no checkpoint of this (empty, unreadable) log covers: each tick would try.
      await eventually(() => ticks >= 10 || attempts.mock.calls.length > 1);
      expect(attempts).toHaveBeenCalledTimes(1);
      frozen += 60_000;
      await eventually(() => attempts.mock.calls.length === 2);
    } finally {
      await notary.onApplicationShutdown();
      await unreachable.dispose();
    }
  });
});
