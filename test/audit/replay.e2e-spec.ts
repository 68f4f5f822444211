import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, EventStore, type ReadAllOptions, type RecordedEvent } from '@ledger/event-store';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';
import { ChainedBatches } from './support/chained-append.js';

const EVENTS = 100_000;
const PER_APPEND = 1_000;
const STREAMS = 20;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('replay of a 100,000-event ledger', () => {
  let api: LedgerApi;
  let dataDir: string;
  let pulledFromStore = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-audit-replay-'));
    // Seeded through a node of its own before the service starts: faster than competing with the service's
    // subscriptions, and the service then finds a ledger of 100,000 events, as after a restart.
    const started = Date.now();
    const node = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port: 0 });
    const seeding = EsdbEventStore.connect(node.connectionString);
    const batches = new ChainedBatches();
    for (let i = 0; i < EVENTS / PER_APPEND; i++) {
      const stream = `replay-${i % STREAMS}`;
      const { events, expectedRevision } = batches.next(
        stream,
        Array.from({ length: PER_APPEND }, (_, n) => ({ type: 'ProbeRecorded', data: { n: i * PER_APPEND + n, pad: 'x'.repeat(40) } })),
      );
      await seeding.append(stream, events, { expectedRevision });
    }
    await seeding.dispose();
    await node.stop();
    process.stderr.write(`replay: seeded in ${Date.now() - started} ms\n`);
    api = await createLedgerApi({ environment: { PORT: '0', LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', NOTARY: 'off' } });
    const store = api.app.get(EventStore);
    // Counts what the export pulls from the store: the real adapter, watched, not replaced.
    const readAll = store.readAll.bind(store);
    store.readAll = (options?: ReadAllOptions) =>
      (async function* counted(): AsyncGenerator<RecordedEvent> {
        for await (const event of readAll(options)) {
          pulledFromStore += 1;
          yield event;
        }
      })();
  }, 120_000);

  afterAll(async () => {
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('streams with back-pressure: a slow reader holds the store reads to a bounded distance ahead', async () => {
    const auditor = await mintLocalToken(dataDir, { sub: 'auditor', tid: 'ops', roles: ['auditor'] });
    const response = await fetch(`${api.url}/v1/audit/events`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let lines = 0;
    let aheadMost = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const byte of value) if (byte === 0x0a) lines += 1;
      aheadMost = Math.max(aheadMost, pulledFromStore - lines);
      // Read slowly at first, so that a server buffering the whole ledger would race far ahead of us.
      if (++chunks <= 5) await pause(200);
    }
    expect(lines).toBe(EVENTS);
    expect(pulledFromStore).toBe(EVENTS);
    // What sits between the store and the reader: one store batch, the stream's and the sockets' buffers. A server
    // that loaded the ledger whole would be EVENTS ahead.
    expect(aheadMost).toBeLessThan(EVENTS / 4);
    process.stderr.write(`replay: at most ${aheadMost} events between the store and the reader\n`);
  }, 120_000);
});
