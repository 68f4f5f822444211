import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, StoreUnavailableError } from '@ledger/event-store';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { ProbeModule } from './probe.module.js';
import { freePort } from './support/child-process.js';

describe('an unreachable EVENTSTORE_CONNECTION_STRING', () => {
  let api: LedgerApi;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-unreachable-'));
    // Start-up must not wait for the store: this resolves although nothing listens there.
    api = await createLedgerApi({
      environment: {
        PORT: '0',
        HOST: '127.0.0.1',
        LEDGER_DATA_DIR: dataDir,
        EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${await freePort()}?tls=false`,
        LOG_LEVEL: 'silent',
      },
      features: [ProbeModule],
    });
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, stays live, and answers ready 503 problem+json naming the event store', async () => {
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${api.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ready.headers.get('retry-after')).toBe('5');
    const problem = (await ready.json()) as { detail: string; checks: Record<string, { status: string }> };
    expect(problem.detail).toContain('eventStore');
    expect(problem.checks.eventStore!.status).toBe('down');
  });

  it('fails an append through the port with StoreUnavailableError, and a read too', async () => {
    const eventStore = api.app.get(EventStore);
    const event = { id: randomUUID(), type: 'ProbeRecorded', data: {} };
    await expect(eventStore.append('probe-1', [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(eventStore.readStream('probe-1')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('answers a write over HTTP with 503 problem+json and Retry-After', async () => {
    const response = await fetch(`${api.url}/test-probe/streams/probe-2`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 503, type: 'urn:consent-ledger:problem:store-unavailable' });
  });
});
