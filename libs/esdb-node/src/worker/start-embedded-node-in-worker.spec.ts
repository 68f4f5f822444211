import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEmbeddedNodeInWorker } from './start-embedded-node-in-worker.js';

const typesIn = async (client: EventStoreDBClient, stream: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const { event } of client.readStream(stream)) if (event) types.push(event.type);
  return types;
};

describe('startEmbeddedNodeInWorker', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'node-in-worker-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the real client from its thread, and keeps what it stored across a stop and a start', async () => {
    const first = await startEmbeddedNodeInWorker({ dataDir });
    const client = EventStoreDBClient.connectionString(first.connectionString);
    await client.appendToStream('consent-request-1', [jsonEvent({ type: 'ConsentRequested', data: { n: 1 } })], { expectedRevision: 'no_stream' });
    expect(await typesIn(client, 'consent-request-1')).toEqual(['ConsentRequested']);
    await client.dispose();
    await first.stop();
    await first.stop(); // a second stop waits for the same one

    const second = await startEmbeddedNodeInWorker({ dataDir });
    const again = EventStoreDBClient.connectionString(second.connectionString);
    expect(await typesIn(again, 'consent-request-1')).toEqual(['ConsentRequested']);
    await again.dispose();
    await second.stop();
  });

  it("rejects with the node's own error when it cannot start", async () => {
    const notADirectory = join(dataDir, 'a-file');
    await writeFile(notADirectory, 'not a database folder');
    await expect(startEmbeddedNodeInWorker({ dataDir: notADirectory })).rejects.toThrow(/a-file|ENOTDIR|directory/i);
  });
});
