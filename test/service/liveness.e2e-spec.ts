import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { StoreConnection } from '../../apps/ledger-api/src/store/store-connection.js';

/** Liveness: what nothing but a restart mends makes the process not live, so that an orchestrator restarts it. */
describe('liveness', () => {
  let api: LedgerApi;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-liveness-'));
    api = await createLedgerApi({
      environment: { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: dataDir, EVENTSTORE_CONNECTION_STRING: '', LOG_LEVEL: 'silent' },
    });
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is live on the embedded store, and not once its thread has stopped on its own (503 saying so)', async () => {
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    // What the node's thread reports when it ends without being stopped (a crash).
    api.app.get(StoreConnection).embeddedNodeLost(1);
    const answer = await fetch(`${api.url}/health/live`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/embedded event store's thread stopped \(exit code 1\); restart the service/);
  });
});
