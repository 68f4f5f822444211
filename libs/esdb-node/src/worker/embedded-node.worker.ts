import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedNode } from '../node.js';
import type { FromNodeWorker, NodeWorkerData, ToNodeWorker } from './node-worker-protocol.js';

// The embedded node on a thread of its own: its gRPC server and SQLite reads run off the caller's event loop.
const port = parentPort!;
const post = (message: FromNodeWorker): void => port.postMessage(message);

try {
  const node = await startEmbeddedNode(workerData as NodeWorkerData);
  port.on('message', (message: ToNodeWorker) => {
    if (message.type !== 'stop') return;
    // Everything is closed: end the thread rather than wait for a library's idle handle.
    void node.stop().then(() => process.exit(0));
  });
  post({ type: 'listening', port: node.port, connectionString: node.connectionString });
} catch (error) {
  const failure = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', name: failure.name, message: failure.message });
}
