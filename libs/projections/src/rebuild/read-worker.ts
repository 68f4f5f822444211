/**
 * The rebuild's reading thread: reads `$all` through its own client (decoding the store's answers is the
 * costly part of reading), keeps the ledger's events, upcasts them and posts them to the folding thread in
 * chunks, as JSON text (parsed once there, cheaper than a structured clone of many small objects). It stays
 * at most `aheadChunks` chunks ahead of the folding thread, which acknowledges each chunk it has folded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EsdbEventStore, type EventStoreLogger } from '@ledger/event-store';
import { ledgerChunks } from './ledger-chunks.js';
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
    for await (const chunk of ledgerChunks(store, options.chunkEvents)) {
      while (outstanding >= options.aheadChunks) await new Promise<void>((resolve) => (wake = resolve));
      outstanding += 1;
      post({ kind: 'chunk', json: JSON.stringify(chunk) });
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
