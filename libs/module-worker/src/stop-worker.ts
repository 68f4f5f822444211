import type { Worker } from 'node:worker_threads';

/**
 * Asks a worker to stop (posts `message`, which its module answers by closing what it holds and ending the thread)
 * and resolves once the thread has ended; one that has not ended within `graceMs` is terminated, so that a shutdown
 * never hangs on it.
 */
export const stopWorker = (worker: Worker, message: unknown, graceMs: number): Promise<void> =>
  new Promise((done) => {
    if (worker.threadId === -1) return done();
    const timer = setTimeout(() => void worker.terminate(), graceMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    worker.postMessage(message);
  });
