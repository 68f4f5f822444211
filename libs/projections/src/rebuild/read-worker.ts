/**
 * The rebuild's reading thread: reads `$all` through its own client (decoding the store's answers is the
 * costly part of reading), keeps the ledger's events, upcasts them and posts them to the folding thread in
 * chunks: the events as JSON text written as each comes (parsed once there, cheaper than a structured clone
 * of many small objects), their positions in a moved buffer. It stays
 * at most `aheadChunks` chunks ahead of the folding thread, which acknowledges each chunk it has folded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EsdbEventStore, type EventStoreLogger } from '@ledger/event-store';
import { ledgerChunkTexts } from './ledger-chunks.js';
import type { ReadWorkerData, ReadWorkerMessage } from './worker-reader.js';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const run = async (port: NonNullable<typeof parentPort>, options: ReadWorkerData): Promise<void> => {
  let outstanding = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    outstanding -= 1;
    wake?.();
    wake = undefined;
  });
  const post = (message: ReadWorkerMessage): void => port.postMessage(message);
  const store = EsdbEventStore.connect(options.connectionString, { logger: silent });
  try {
    for await (const chunk of ledgerChunkTexts(store, options.chunkEvents)) {
      while (outstanding >= options.aheadChunks) await new Promise<void>((resolve) => (wake = resolve));
      outstanding += 1;
      port.postMessage({ kind: 'chunk', chunk } satisfies ReadWorkerMessage, [chunk.positions.buffer]);
    }
    post({ kind: 'done' });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    await store.dispose();
    port.close();
  }
};

if (parentPort !== null) void run(parentPort, workerData as ReadWorkerData);
