import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerEvent } from '@ledger/consent-domain';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger } from '@ledger/event-store';
import {
  applyLedgerEvent,
  customerList,
  InMemoryReadModels,
  ledgerEvents as ev,
  ProjectionRunner,
  rebuildReadModels,
  registrationAuthorisations,
} from '@ledger/projections';
import { record } from './support/ledger.js';
import { dumpReadModels } from './support/read-model-dump.js';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const eventually = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
};
const tenant = (n: number): string => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** A ledger of `customers` customers spread over a direct CSP, a reseller (with its provider) and an OEM. */
const ledgerOf = (customers: number, from = 0): LedgerEvent[] =>
  Array.from({ length: customers }, (_, i) => {
    const n = from + i;
    const t = tenant(n);
    switch (n % 3) {
      case 0:
        return [ev.consentRequested(`R${n}`, 'CSP1', { customerTenantId: t }), ev.requestAccepted(`R${n}`, 'CSP1', t), ev.cspConsentAccepted(`R${n}`, 'CSP1', t, { delegatedAdminGranted: true }), ev.dapRemoved('CSP1', t)];
      case 1:
        return [ev.cspConsentAccepted(`R${n}`, 'RES', t, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' })];
      default:
        return [ev.oemConsentAccepted('OEM1', 'L1', t), ev.revocationRequested(`V${n}`, 'OEM1', t), ev.revocationCompleted(`V${n}`, 'OEM1', t)];
    }
  }).flat();

const enrolments: LedgerEvent[] = [
  ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
  ev.partnerEnrolled('PROV', 'CSP_INDIRECT_PROVIDER'),
  ev.partnerEnrolled('RES', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'PROV' }),
  ev.partnerEnrolled('OEM1', 'OEM'),
];

describe('projections that survive restarts', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  const written: LedgerEvent[] = [];

  const write = async (events: LedgerEvent[]): Promise<bigint> => {
    written.push(...events);
    return record(store, ...events);
  };
  const expectedFold = (): InMemoryReadModels => {
    const memory = new InMemoryReadModels();
    written.forEach((event, index) => applyLedgerEvent(memory, event, BigInt(index + 1)));
    return memory;
  };
  const all = { limit: 500 };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-projections-'));
    node = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger: silent, backoff: { initialDelayMs: 20, maxDelayMs: 100 } });
    await write(enrolments);
    await write(ledgerOf(300));
  });

  afterAll(async () => {
    await store.dispose();
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stopped in the middle of catching up, resumes from its checkpoint: nothing doubled, nothing lost; rebuild from 0 equals it', async () => {
    const path = join(dataDir, 'live.sqlite');
    const first = ProjectionRunner.open({ eventStore: store, databasePath: path, maxBatchEvents: 50, logger: silent });
    first.start();
    await eventually(() => first.status().committedEvents >= 100);
    await first.stop();
    const stoppedAt = dumpReadModels(path).events;
    expect(stoppedAt).toBeLessThan(written.length);

    const second = ProjectionRunner.open({ eventStore: store, databasePath: path, maxBatchEvents: 50, logger: silent });
    second.start();
    expect(await second.whenCaughtUp(30_000)).toBe(true);
    expect(second.status().committedEvents).toBe(written.length);
    const memory = expectedFold();
    for (const partnerId of ['CSP1', 'RES', 'PROV', 'OEM1']) {
      expect(registrationAuthorisations(second.reader, partnerId, all)).toEqual(registrationAuthorisations(memory, partnerId, all));
      expect(customerList(second.reader, partnerId, all)).toEqual(customerList(memory, partnerId, all));
    }
    await second.stop();

    const rebuilt = join(dataDir, 'rebuilt.sqlite');
    const outcome = await rebuildReadModels({ eventStore: store, databasePath: rebuilt, batchEvents: 64 });
    expect(outcome.events).toBe(written.length);
    expect(dumpReadModels(rebuilt)).toEqual(dumpReadModels(path));
  });

  it('the store restarted under a live runner: it resumes with no gap, and answers read-your-writes after', async () => {
    const runner = ProjectionRunner.open({ eventStore: store, databasePath: join(dataDir, 'outage.sqlite'), logger: silent });
    runner.start();
    try {
      expect(await runner.whenCaughtUp(30_000)).toBe(true);
      const port = node.port;
      await node.stop();
      await eventually(() => runner.status().subscription === 'reconnecting');
      node = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port });
      const position = await write(ledgerOf(30, 300));
      expect(await runner.waitForPosition(position, 30_000)).toBe(true);
      expect(runner.status().committedEvents).toBe(written.length);
      const memory = expectedFold();
      expect(registrationAuthorisations(runner.reader, 'PROV', all)).toEqual(registrationAuthorisations(memory, 'PROV', all));
    } finally {
      await runner.stop();
    }
  });
});
