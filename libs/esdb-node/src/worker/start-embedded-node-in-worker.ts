import { startModuleWorker, stopWorker } from '@ledger/module-worker';
import type { EmbeddedNode } from '../node.js';
import type { FromNodeWorker, NodeWorkerData, ToNodeWorker } from './node-worker-protocol.js';

// A node that does not stop within this is cut off (its thread terminated): shutdown must not hang.
const STOP_GRACE_MS = 5_000;

/**
 * `startEmbeddedNode` on a worker thread: the same node (its SQLite writer in a thread of its own, as always),
 * but its gRPC server and reads no longer share the caller's event loop, so a service that embeds it keeps
 * its own loop for HTTP and uses the machine's other cores for the store. Resolves once the node listens;
 * rejects with the node's own error when it cannot start (e.g. a `DatabaseIntegrityError`'s name and message).
 * `onExit` is told when the thread ends without `stop()` (a crash), after which every call to the node fails.
 */
export async function startEmbeddedNodeInWorker(
  options: NodeWorkerData,
  onExit: (code: number) => void = () => {},
): Promise<EmbeddedNode> {
  const worker = startModuleWorker(new URL('./embedded-node.worker.js', import.meta.url), {
    workerData: options satisfies NodeWorkerData,
  });
  const first = await new Promise<FromNodeWorker>((resolve, reject) => {
    const onEarlyExit = (code: number) => reject(new Error(`The embedded node's thread exited (${code}) before it listened.`));
    worker.once('message', (message: FromNodeWorker) => {
      worker.off('error', reject);
      worker.off('exit', onEarlyExit);
      resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', onEarlyExit);
  });
  if (first.type !== 'listening') {
    await worker.terminate();
    const failure = first.type === 'failed' ? Object.assign(new Error(first.message), { name: first.name }) : undefined;
    throw failure ?? new Error(`Unexpected first message from the embedded node's thread: ${first.type}`);
  }
  let stopping: Promise<void> | undefined;
  worker.on('exit', (code) => {
    if (stopping === undefined) onExit(code);
  });
  return {
    port: first.port,
    connectionString: first.connectionString,
    stop: () => (stopping ??= stopWorker(worker, { type: 'stop' } satisfies ToNodeWorker, STOP_GRACE_MS)),
  };
}
