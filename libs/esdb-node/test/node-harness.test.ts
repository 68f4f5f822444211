// Test support for the node's specs (not a spec itself: jest runs *.spec.ts only).
import { EventStoreDBClient } from '@eventstore/db-client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedNode, type EmbeddedNodeHandle, type EmbeddedNodeOptions } from '../src/node.js';

export interface TestNode {
  node: EmbeddedNodeHandle;
  client: EventStoreDBClient;
  dataDir: string;
  /** Another client on the same node (disposed by `stop`). */
  newClient(connectionString?: string): EventStoreDBClient;
  /** Stops the node and disposes every client; keeps the data unless `removeData`. */
  stop(removeData?: boolean): Promise<void>;
}

export function tempDir(prefix = 'esdb-node-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestNode(options: Partial<EmbeddedNodeOptions> = {}): Promise<TestNode> {
  const dataDir = options.dataDir ?? tempDir();
  const node = await startEmbeddedNode({ ...options, dataDir });
  const clients: EventStoreDBClient[] = [];
  const newClient = (connectionString = node.connectionString) => {
    const client = EventStoreDBClient.connectionString(connectionString);
    clients.push(client);
    return client;
  };
  const client = newClient();
  return {
    node,
    client,
    dataDir,
    newClient,
    async stop(removeData = true) {
      await Promise.all(clients.map((c) => c.dispose()));
      await node.stop();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects a read into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
