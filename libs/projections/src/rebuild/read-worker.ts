/**
 * The rebuild's reading thread: reads `$all` through its own client (decoding the store's answers is the
 * costly part of reading), keeps the ledger's events, upcasts them and posts them to the folding thread in
 * chunks: the events as JSON text written as each comes (parsed once there, cheaper than a structured clone
 * of many small objects), their positions in a moved buffer. It stays
 * at most `aheadChunks` chunks ahead of the folding thread, which acknowledges each chunk it has folded. Its HTTP/2
 * sessions take up to `RECEIVE_WINDOW_BYTES` unread from the store (see `widenHttp2ReceiveWindows`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EsdbEventStore, widenHttp2ReceiveWindows, type EventStoreLogger } from '@ledger/event-store';
import { ledgerChunkTexts } from './ledger-chunks.js';
import type { ReadWorkerData, ReadWorkerMessage } from './worker-reader.js';

/**
 * 1 MiB rather than HTTP/2's 64 KiB: the store keeps streaming while this thread decodes (reading `$all` alone
 * through this thread, 200,000 customers: 37.8-38.6k -> 49.8-54.1k events/s; the reader's CPU 19.7-19.9 -> 17.3-18.6
 * µs/event and the node's 8.3-9.2 -> 6.8-7.3, fewer wake-ups each side). Widening the connection's window alone or
 * the stream's alone changed nothing (either one stops the stream); 2-8 MiB were no faster.
 */
const RECEIVE_WINDOW_BYTES = 1024 * 1024;

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

if (parentPort !== null) {
  widenHttp2ReceiveWindows(RECEIVE_WINDOW_BYTES);
  void run(parentPort, workerData as ReadWorkerData);
}
