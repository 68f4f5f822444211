/**
 * `npm run bench:audit`: writes a chained ledger into the embedded store with a signed checkpoint every
 * 10,000 events (as the notary would), then measures in one run: export (NDJSON from the store, the code behind
 * GET /v1/audit/events and `npm run audit -- export`) and offline verification (`npm run audit -- verify`:
 * chains, Merkle roots, checkpoint signatures; worker threads as the CLI starts them), each in events/s with its peak
 * RSS and heap growth; and the latency of "registration authorisations as of" on a ledger of domain events (p50/p99):
 * the route's way (the partner's streams from the audit index) beside the whole ledger folded from the start, on a
 * quarter of the same queries, whose answers must be equal.
 * Scale: AUDIT_BENCH_EVENTS (default 1,000,000), AUDIT_BENCH_ASOF_EVENTS (default 20,000), AUDIT_BENCH_ASOF_QUERIES (100).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isLedgerEventType, streamOf, type LedgerEvent } from '@ledger/consent-domain';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStore, type JsonObject, type NewEvent } from '@ledger/event-store';
import {
  generateSigningKey,
  leafHash,
  ledgerPosition,
  linkEvent,
  MerkleTreeBuilder,
  signCheckpoint,
  toJwks,
  withChainLink,
  type LedgerSigningKey,
} from '@ledger/ledger-proofs';
import { applyRecordedEvent, InMemoryReadModels, ledgerEvents as ev, registrationAuthorisations } from '@ledger/projections';
import { ReadModelsAsOf } from '../apps/ledger-api/src/audit/as-of/read-models-as-of.js';
import { auditExportLines } from '../apps/ledger-api/src/audit/export/audit-export.js';
import { LedgerIndex } from '../apps/ledger-api/src/audit/ledger-index/ledger-index.js';
import { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED } from '../apps/ledger-api/src/audit/ledger-format/index.js';
import { verifyExportFile } from '../apps/ledger-cli/src/audit/verify-command.js';
import { peakRssMiB, resetPeakRss, rssMiB } from './lib/memory.js';
import { printTable, type BenchRow } from './lib/table.js';

const EVENTS = Number(process.env['AUDIT_BENCH_EVENTS'] ?? 1_000_000);
const ASOF_EVENTS = Number(process.env['AUDIT_BENCH_ASOF_EVENTS'] ?? 20_000);
const ASOF_QUERIES = Number(process.env['AUDIT_BENCH_ASOF_QUERIES'] ?? 100);
const BATCH = 1_000;
const STREAMS = 1_000;
const CHECKPOINT_EVERY = 10_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const mib = (bytes: number): number => bytes / 1024 / 1024;

/** Chains events of many streams in memory (the write side's job), so the seeding never reads back. */
class Chainer {
  private readonly heads = new Map<string, { revision: bigint; chainHash: string }>();

  chain(stream: string, proposed: { type: string; data: JsonObject }[]): { events: NewEvent[]; expected: bigint | 'no_stream' } {
    const head = this.heads.get(stream);
    let previous = head?.chainHash ?? null;
    let revision = head ? head.revision + 1n : 0n;
    const events = proposed.map(({ type, data }) => {
      const id = randomUUID();
      const metadataWithoutChain = { serverTime: new Date().toISOString() };
      const link = linkEvent({ streamId: stream, revision, eventId: id, type, data, metadataWithoutChain }, previous);
      previous = link.chainHash;
      revision += 1n;
      return { id, type, data, metadata: withChainLink(metadataWithoutChain, link) as JsonObject };
    });
    this.heads.set(stream, { revision: revision - 1n, chainHash: previous! });
    return { events, expected: head ? head.revision : 'no_stream' };
  }
}

/** N chained events over STREAMS streams, and a checkpoint signed by `key` every CHECKPOINT_EVERY of them. */
const seedLedger = async (store: EventStore, key: LedgerSigningKey): Promise<void> => {
  const chainer = new Chainer();
  const tree = new MerkleTreeBuilder();
  for (let written = 0; written < EVENTS; written += BATCH) {
    const stream = `device-batch-${(written / BATCH) % STREAMS}`;
    const count = Math.min(BATCH, EVENTS - written);
    const proposed = Array.from({ length: count }, (_, i) => ({
      type: 'ConsentAuditProbe',
      data: { n: written + i, partnerId: `P${(written + i) % 997}`, customerTenantId: `tenant-${(written + i) % 100_003}` },
    }));
    const { events, expected } = chainer.chain(stream, proposed);
    const outcome = await store.append(stream, events, { expectedRevision: expected });
    for (const event of events) tree.appendLeafHash(leafHash(Buffer.from((event.metadata!['ledgerChain'] as { chainHash: string }).chainHash, 'hex')));
    if (tree.treeSize % CHECKPOINT_EVERY === 0 || written + count === EVENTS) {
      const signed = signCheckpoint(
        { treeSize: tree.treeSize, rootHash: tree.rootHex(), lastPosition: ledgerPosition({ commit: outcome.position, prepare: outcome.position }), time: new Date().toISOString() },
        key,
      );
      const checkpoint = chainer.chain(CHECKPOINT_STREAM, [{ type: LEDGER_CHECKPOINTED, data: { schemaVersion: 1, ...signed, lastPosition: { ...signed.lastPosition! } } }]);
      await store.append(CHECKPOINT_STREAM, checkpoint.events, { expectedRevision: checkpoint.expected });
    }
    if (written % 100_000 === 0) process.stderr.write(`seeded ${written.toLocaleString('en-US')} events\n`);
  }
};

/** Runs `work` and reports its events/s (wall and CPU), peak RSS and heap growth (after a GC with --expose-gc). */
const measure = async (label: string, events: number, work: () => Promise<void>): Promise<BenchRow> => {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = rssMiB();
  const reset = resetPeakRss();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time of this process (the embedded node included): what the rate would be with a core to itself, on a
  // machine shared with other work.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  globalThis.gc?.();
  return {
    phase: label,
    events,
    seconds,
    'events/s': events / seconds,
    'events per CPU-second': events / cpuSeconds,
    'RSS before (MiB)': rssBefore,
    [reset ? 'peak RSS (MiB)' : 'peak RSS, whole run (MiB)']: peakRssMiB(),
    'heap growth (MiB)': mib(process.memoryUsage().heapUsed - heapBefore),
  };
};

/** A ledger of consent flows, each step a few milliseconds apart, and the instants between them. */
const seedDomainLedger = async (store: EventStore): Promise<Date[]> => {
  const chainer = new Chainer();
  const instants: Date[] = [];
  const record = async (event: LedgerEvent): Promise<void> => {
    const stream = streamOf(event);
    const { events, expected } = chainer.chain(stream, [{ type: event.type, data: event.data as unknown as JsonObject }]);
    await store.append(stream, events, { expectedRevision: expected });
  };
  for (let p = 0; p < 20; p++) await record(ev.partnerEnrolled(`P${p}`, p % 2 === 0 ? 'CSP_DIRECT' : 'OEM'));
  for (let n = 0; instants.length === 0 || n < ASOF_EVENTS / 3; n++) {
    const partnerId = `P${n % 20}`;
    const tenant = `tenant-${n}`;
    if (n % 2 === 0) {
      await record(ev.consentRequested(`R${n}`, partnerId, { customerTenantId: tenant }));
      await record(ev.requestAccepted(`R${n}`, partnerId, tenant));
      await record(ev.cspConsentAccepted(`R${n}`, partnerId, tenant));
    } else {
      await record(ev.oemConsentAccepted(partnerId, `L${partnerId}`, tenant));
      await record(ev.revocationRequested(`V${n}`, partnerId, tenant));
      await record(ev.revocationCompleted(`V${n}`, partnerId, tenant));
    }
    if (n % 50 === 0) instants.push(new Date());
  }
  return instants;
};

const main = async (): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'audit-bench-'));
  const nodes: EmbeddedNode[] = [];
  const stores: EsdbEventStore[] = [];
  try {
    const node = await startEmbeddedNode({ dataDir: join(dir, 'store'), port: 0 });
    nodes.push(node);
    const store = EsdbEventStore.connect(node.connectionString, { logger: silent, readDeadlineMs: 60_000 });
    stores.push(store);
    const key = generateSigningKey();
    const jwksFile = join(dir, 'public-key.json');
    await writeFile(jwksFile, JSON.stringify(toJwks(key)));
    const seedStarted = performance.now();
    await seedLedger(store, key);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const checkpoints = Math.ceil(EVENTS / CHECKPOINT_EVERY);
    const total = EVENTS + checkpoints;
    const exportFile = join(dir, 'export.ndjson');

    const rows: BenchRow[] = [];
    rows.push(await measure('export (store → NDJSON file)', total, () => pipeline(Readable.from(auditExportLines(store)), createWriteStream(exportFile))));
    const size = (await stat(exportFile)).size;
    let verdictLine = '';
    // The verifier's own progress lines (one per tenth of the file) sample the RSS: flat memory shows as flat samples.
    const rssByTenth: number[] = [];
    const rssSampler = { isTTY: false, write: (): void => void rssByTenth.push(rssMiB()) };
    rows.push(
      await measure('verify (NDJSON file, offline)', total, async () => {
        const verdict = await verifyExportFile({ exportFile, jwksFile }, rssSampler);
        if (!verdict.ok) throw new Error(`the benchmark's own export does not verify: ${verdict.fault.message}`);
        verdictLine = `${verdict.summary.events} events, ${verdict.summary.checkpoints} checkpoints verified, root ${verdict.summary.rootHash}`;
      }),
    );
    // Flat memory shows in one row: the RSS a fifth, half way and all the way through the file.
    const at = (tenth: number): string => rssByTenth[tenth]?.toFixed(0) ?? '?';
    rows[1] = { ...rows[1]!, 'RSS at 20% / 50% / 100% of the file (MiB)': `${at(2)} / ${at(5)} / ${at(10)}` };
    printTable(`Audit export and verify (${EVENTS.toLocaleString('en-US')} events + ${checkpoints} checkpoints, ${mib(size).toFixed(0)} MiB of NDJSON; seeded in ${seedSeconds.toFixed(0)} s)`, rows);
    console.log(`verify: ${verdictLine}`);
    console.log(`verify RSS (MiB) at each tenth of the file: ${rssByTenth.map((rss) => rss.toFixed(0)).join(', ')}`);

    const domainNode = await startEmbeddedNode({ dataDir: join(dir, 'domain-store'), port: 0 });
    nodes.push(domainNode);
    const domainStore = EsdbEventStore.connect(domainNode.connectionString, { logger: silent });
    stores.push(domainStore);
    const instants = await seedDomainLedger(domainStore);
    const index = LedgerIndex.open(join(dir, 'audit', 'ledger-index.db'));
    for await (const event of domainStore.readAll({ batchSize: 5000 })) index.record(event);
    const asOf = new ReadModelsAsOf(domainStore, index);
    // The route before the partner index: the whole ledger folded from position 0 up to the instant.
    const wholeLedgerAt = async (instant: Date): Promise<InMemoryReadModels> => {
      const models = new InMemoryReadModels();
      for await (const event of domainStore.readAll({ batchSize: 5000 })) {
        if (event.createdAt.getTime() > instant.getTime()) break;
        if (isLedgerEventType(event.type)) applyRecordedEvent(models, event);
      }
      return models;
    };
    const latencies = { partner: [] as number[], whole: [] as number[] };
    for (let q = 0; q < ASOF_QUERIES; q++) {
      const instant = instants[Math.floor(Math.random() * instants.length)]!;
      const partnerId = `P${q % 20}`;
      let started = performance.now();
      const fast = registrationAuthorisations(await asOf.forPartnerAt(partnerId, instant), partnerId, { limit: 50 });
      latencies.partner.push(performance.now() - started);
      if (q % 4 !== 0) continue; // the slow baseline on a quarter of the queries
      started = performance.now();
      const slow = registrationAuthorisations(await wholeLedgerAt(instant), partnerId, { limit: 50 });
      latencies.whole.push(performance.now() - started);
      if (JSON.stringify(fast) !== JSON.stringify(slow)) throw new Error(`as-of ${partnerId} at ${instant.toISOString()}: the partner's streams and the whole ledger disagree`);
    }
    index.close();
    const row = (query: string, values: number[]): BenchRow => ({ query, queries: String(values.length), 'p50 (ms)': percentile(values, 0.5), 'p99 (ms)': percentile(values, 0.99) });
    printTable(`Registration authorisations as of an instant (${ASOF_QUERIES} queries, 20 partners, over a ${ASOF_EVENTS.toLocaleString('en-US')}-event ledger)`, [
      row("as-of (the partner's streams from the audit index, merged in $all order)", latencies.partner),
      row('baseline: the whole ledger folded from the start to the instant', latencies.whole),
    ]);
  } finally {
    for (const store of stores) await store.dispose();
    for (const node of nodes) await node.stop();
    if (process.env['AUDIT_BENCH_KEEP']) console.log('kept', dir); else await rm(dir, { recursive: true, force: true });
  }
};

await main();
