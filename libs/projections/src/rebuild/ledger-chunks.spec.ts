import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamOf, upcastStored, type LedgerEvent } from '@ledger/consent-domain';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger, type JsonObject } from '@ledger/event-store';
import * as ev from '../testing/ledger-events.js';
import { ledgerChunks, ledgerChunkTexts, parseLedgerChunk, type LedgerChunk } from './ledger-chunks.js';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A chunk as plain values: its events and its positions as an array. */
const plain = (chunk: LedgerChunk): { events: LedgerEvent[]; positions: bigint[] } => ({ events: chunk.events, positions: [...chunk.positions] });

describe('ledgerChunks and ledgerChunkTexts: the ledger events of $all, upcast, with their positions', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  const tenant = '00000001-0000-4000-8000-000000000000';
  const written: LedgerEvent[] = [
    ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
    ev.partnerEnrolled('OEM1', 'OEM'),
    ev.consentRequested('R1', 'CSP1', { customerTenantId: tenant }),
    ev.requestAccepted('R1', 'CSP1', tenant),
    ev.cspConsentAccepted('R1', 'CSP1', tenant),
    ev.oemConsentAccepted('OEM1', 'L1', tenant),
    ev.revocationRequested('V1', 'OEM1', tenant),
    ev.dapRemoved('CSP1', tenant),
    ev.revocationCompleted('V1', 'OEM1', tenant),
  ];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-chunks-'));
    node = await startEmbeddedNode({ dataDir, port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger: silent });
    for (const [index, event] of written.entries()) {
      // Every other event stored as version 1 without its schemaVersion, as the first writers did: upcast on read.
      const { schemaVersion: _version, ...unversioned } = event.data as unknown as JsonObject;
      const data = index % 2 === 0 ? (event.data as unknown as JsonObject) : unversioned;
      await store.append(streamOf(event), [{ id: randomUUID(), type: event.type, data }], { expectedRevision: 'any' });
      await store.append('elsewhere', [{ id: randomUUID(), type: 'SomethingElse', data: { index } }], { expectedRevision: 'any' });
    }
  }, 30_000);

  afterAll(async () => {
    await store?.dispose().catch(() => undefined);
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('chunks of at most chunkEvents ledger events, each as upcastStored makes it, at its position; other events left out', async () => {
    const ledger = [];
    for await (const recorded of store.readAll({})) {
      if (recorded.type !== 'SomethingElse') ledger.push({ event: upcastStored(recorded.type, recorded.data), position: recorded.position });
    }
    expect(ledger.map(({ event }) => event)).toEqual(written);

    const chunks: LedgerChunk[] = [];
    for await (const chunk of ledgerChunks(store, 4)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.events.length)).toEqual([4, 4, 1]);
    expect(chunks.flatMap((chunk) => chunk.events)).toEqual(written);
    expect(chunks.flatMap((chunk) => [...chunk.positions])).toEqual(ledger.map(({ position }) => position));
  });

  it('as texts for another thread, the same chunks once parsed', async () => {
    const chunks: ReturnType<typeof plain>[] = [];
    for await (const chunk of ledgerChunks(store, 4)) chunks.push(plain(chunk));
    const fromTexts: ReturnType<typeof plain>[] = [];
    for await (const text of ledgerChunkTexts(store, 4)) {
      expect(typeof text.json).toBe('string');
      fromTexts.push(plain(parseLedgerChunk(text)));
    }
    expect(fromTexts).toEqual(chunks);
  });
});
