import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, StoreUnavailableError, type AllSubscription } from '@ledger/event-store';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { buildService, type BuiltService } from './support/built-service.js';
import { freePort, startNode, type RunningChild } from './support/child-process.js';

/** Polls until `check` resolves true; the test's timeout bounds the wait. */
const eventually = async (check: () => Promise<boolean> | boolean): Promise<void> => {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
};

describe('the store goes away under the running service, then comes back', () => {
  let built: BuiltService;
  let dataDir: string;
  let port: number;
  let storeProcess: RunningChild;
  let api: LedgerApi;

  const startStore = async (): Promise<RunningChild> => {
    const child = startNode(built.storeJs, ['--port', String(port), '--data-dir', join(dataDir, 'store')]);
    await child.lineMatching(/^esdb:\/\//);
    return child;
  };
  const readiness = async (): Promise<number> => (await fetch(`${api.url}/health/ready`)).status;

  beforeAll(async () => {
    [built, dataDir, port] = await Promise.all([buildService(), mkdtemp(join(tmpdir(), 'ledger-outage-')), freePort()]);
    storeProcess = await startStore();
    const connectionString = (await storeProcess.lineMatching(/^esdb:\/\//)).trim();
    api = await createLedgerApi({
      environment: {
        PORT: '0',
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: dataDir,
        EVENTSTORE_CONNECTION_STRING: connectionString,
        LOG_LEVEL: 'silent',
      },
    });
  });

  afterAll(async () => {
    await api?.close();
    storeProcess?.child.kill('SIGTERM');
    await storeProcess?.exited;
    await Promise.all([built?.remove(), rm(dataDir, { recursive: true, force: true })]);
  });

  it('readiness turns 503 then 200 by itself; a subscription resumes with no gap and no duplicate', async () => {
    const eventStore = api.app.get(EventStore);
    const stream = `outage-${randomUUID()}`;
    const record = (n: number) =>
      eventStore.append(stream, [{ id: randomUUID(), type: 'OutageProbe', data: { n } }], { expectedRevision: 'any' });
    const delivered: number[] = [];
    let subscription: AllSubscription | undefined;
    try {
      subscription = eventStore.subscribeToAll({
        name: 'outage-probe',
        fromPosition: 'start',
        filter: { eventTypePrefixes: ['OutageProbe'] },
        handler: (event) => {
          delivered.push(event.data.n as number);
        },
      });
      for (const n of [1, 2, 3]) await record(n);
      await subscription.caughtUp;
      await eventually(() => delivered.length === 3);
      expect(await readiness()).toBe(200);

      storeProcess.child.kill('SIGKILL');
      await storeProcess.exited;
      await eventually(async () => (await readiness()) === 503);
      await expect(record(99)).rejects.toBeInstanceOf(StoreUnavailableError);

      storeProcess = await startStore();
      await eventually(async () => (await readiness()) === 200);
      for (const n of [4, 5, 6]) await record(n);
      await eventually(() => delivered.length >= 6);
      expect(delivered).toEqual([1, 2, 3, 4, 5, 6]);
      expect(subscription.status().state).toBe('live');
    } finally {
      await subscription?.stop();
    }
  });
});
