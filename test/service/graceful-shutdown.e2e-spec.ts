import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { createLedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { Public } from '../../apps/ledger-api/src/identity/index.js';

/** A request that is in flight for as long as the test wants: it answers once `release` is called. */
const inFlight = (() => {
  let arrived!: () => void;
  let release!: () => void;
  return {
    arrived: new Promise<void>((resolve) => (arrived = resolve)),
    released: new Promise<void>((resolve) => (release = resolve)),
    markArrived: () => arrived(),
    release: () => release(),
  };
})();

@Public()
@Controller('test-slow')
class SlowController {
  constructor(private readonly eventStore: EventStore) {}

  @Get()
  async slow(): Promise<{ storeAnswered: boolean }> {
    inFlight.markArrived();
    await inFlight.released;
    // The store must still be open: it closes only after the HTTP server has drained.
    await this.eventStore.ping();
    return { storeAnswered: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe('graceful shutdown', () => {
  it('finishes the request in flight, with the store still open, before closing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-shutdown-'));
    try {
      const api = await createLedgerApi({
        environment: {
          PORT: '0',
          HOST: '127.0.0.1',
          LEDGER_DATA_DIR: dataDir,
          EVENTSTORE_CONNECTION_STRING: undefined,
          LOG_LEVEL: 'silent',
        },
        features: [SlowModule],
      });
      const response = fetch(`${api.url}/test-slow`);
      await inFlight.arrived;
      const closed = api.close();
      inFlight.release();
      const answer = await response;
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ storeAnswered: true });
      await closed;
      expect(answer.headers.get('connection')).toBe('close');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
