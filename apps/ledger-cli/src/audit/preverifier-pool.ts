import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { splitLines } from './ndjson-lines.js';
import { preverifyLines, type PreverifiedBatch } from './preverify-lines.js';

/** Preverifies a chunk of whole export lines, on this thread or another. */
export interface Preverifier {
  preverify(chunk: Uint8Array): Promise<PreverifiedBatch>;
  close(): Promise<void>;
}

/** On this thread: small exports, and wherever worker threads cannot start from this file (tests). */
export const inThreadPreverifier = (): Preverifier => ({
  preverify: (chunk) => Promise.resolve(preverifyLines(splitLines(chunk))),
  close: () => Promise.resolve(),
});

/** Worker threads for a large export: the main thread keeps only what depends on earlier lines. */
export const defaultWorkerCount = (): number => Math.max(1, Math.min(4, availableParallelism()));

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
    return new PreverifierPool(Array.from({ length: workers }, () => new Worker(script)));
  }

  preverify(chunk: Uint8Array): Promise<PreverifiedBatch> {
    const id = this.sent++;
    // Only a chunk that owns its whole ArrayBuffer is transferred (a small Buffer may share Node's pool).
    const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    const sent = owned ? chunk : Uint8Array.prototype.slice.call(chunk);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[id % this.workers.length]!.postMessage({ id, chunk: sent }, [sent.buffer as ArrayBuffer]);
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
