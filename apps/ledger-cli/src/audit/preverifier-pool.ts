import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { preverifyChunk, type ChunkBuffers, type PreverifiedBatch } from './preverify-lines.js';

/**
 * Preverifies a chunk of whole export lines (the first `length` bytes of `buffers.chunk`), on this thread or
 * another. The buffers are the preverifier's until the batch comes back; they come back in it, to be reused.
 */
export interface Preverifier {
  preverify(buffers: ChunkBuffers, length: number): Promise<PreverifiedBatch>;
  close(): Promise<void>;
}

/** On this thread: small exports, and wherever worker threads cannot start from this file (tests). */
export const inThreadPreverifier = (): Preverifier => ({
  preverify: (buffers, length) => Promise.resolve(preverifyChunk(buffers, length)),
  close: () => Promise.resolve(),
});

/** Worker threads for a large export: the main thread keeps only what depends on earlier lines. */
export const defaultWorkerCount = (): number => Math.max(1, Math.min(4, availableParallelism()));

/**
 * A worker's heap: it holds one chunk (at most `MAX_WORKER_CHUNK_BYTES`) and its lines at a time, a few MiB, and V8
 * lets a heap grow towards its limit before collecting it in full: a tight limit bounds each thread's memory whatever
 * the export's length. (What made the threads' RSS grow with the export was elsewhere: chunks allocated afresh and
 * decoded into external strings, see `CHUNK_BYTES` in verify-command.)
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 48 };

/** Larger chunks (a line longer than a chunk) are preverified on the main thread, whose heap has no such limit. */
export const MAX_WORKER_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * A pool of `preverify-worker` threads, chunks handed out in turn; each answer resolves its own chunk's promise, so
 * the caller keeps the file's order by awaiting them in the order it sent them.
 */
export class PreverifierPool implements Preverifier {
  private readonly waiting = new Map<number, { resolve: (batch: PreverifiedBatch) => void; reject: (error: Error) => void }>();
  private sent = 0;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', ({ id, batch }: { id: number; batch: PreverifiedBatch }) => {
        this.waiting.get(id)?.resolve(batch);
        this.waiting.delete(id);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => this.failAll(new Error(`a verification thread stopped (exit code ${code})`)));
    }
  }

  /** Undefined when this code runs from its TypeScript sources (tests), where the worker's script is not built. */
  static start(workers: number): PreverifierPool | undefined {
    const script = new URL('./preverify-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(script))) return undefined;
    return new PreverifierPool(Array.from({ length: workers }, () => new Worker(script, { resourceLimits: WORKER_HEAP })));
  }

  /** The buffers must each own their whole ArrayBuffer (`chunkBuffers`): they are transferred, not copied. */
  preverify(buffers: ChunkBuffers, length: number): Promise<PreverifiedBatch> {
    if (buffers.chunk.byteLength > MAX_WORKER_CHUNK_BYTES) return Promise.resolve(preverifyChunk(buffers, length));
    const id = this.sent++;
    const transfer = [buffers.chunk.buffer as ArrayBuffer, buffers.leaves.buffer as ArrayBuffer, buffers.gaps.buffer as ArrayBuffer];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, buffers, length }, transfer);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.failAll(new Error('the verification was stopped'));
  }

  private failAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
