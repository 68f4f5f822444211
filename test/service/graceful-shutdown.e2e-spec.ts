import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { createLedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { Public } from '../../apps/ledger-api/src/identity/index.js';
import { ledgerEnvironment } from '../support/ledger-environment.js';

/** A request that is in flight for as long as the test wants: it answers once `release` is called. */
const requestInFlight = () => {
  let arrived!: () => void;
  let release!: () => void;
  return {
    arrived: new Promise<void>((resolve) => (arrived = resolve)),
    released: new Promise<void>((resolve) => (release = resolve)),
    markArrived: () => arrived(),
    release: () => release(),
  };
};
let inFlight = requestInFlight();

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

const startWithSlowRoute = (dataDir: string) => createLedgerApi({ environment: ledgerEnvironment(dataDir), features: [SlowModule] });

describe('graceful shutdown', () => {
  beforeEach(() => {
    inFlight = requestInFlight();
  });

  it('finishes the request in flight, with the store still open, before closing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-shutdown-'));
    try {
      const api = await startWithSlowRoute(dataDir);
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

  it('a request arriving once shutdown has begun gets a 503 problem with Retry-After, and is not run', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-shutdown-'));
    try {
      const api = await startWithSlowRoute(dataDir);
      // A client on a connection of its own has sent part of a request's head when shutdown begins (so closing the
      // server does not reap its connection as idle); the rest comes after.
      const { hostname, port } = new URL(api.url);
      const late = connect(Number(port), hostname);
      let answer = '';
      late.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
      const lateEnded = new Promise<void>((resolve, reject) => {
        late.once('close', () => resolve());
        late.once('error', reject);
      });
      late.write('GET /v1/partners/P1?x=1 HTTP/1.1\r\nHost: ledger\r\n');
      const slow = fetch(`${api.url}/test-slow`);
      await inFlight.arrived;
      const closed = api.close();
      late.write('\r\n');
      await lateEnded;
      inFlight.release();
      expect((await slow).status).toBe(200);
      await closed;
      const [head, body] = answer.split('\r\n\r\n') as [string, string];
      expect(head).toMatch(/^HTTP\/1\.1 503 /);
      expect(head).toMatch(/\r\ncontent-type: application\/problem\+json; charset=utf-8(\r\n|$)/i);
      expect(head).toMatch(/\r\nretry-after: 1(\r\n|$)/i);
      expect(head).toMatch(/\r\nconnection: close(\r\n|$)/i);
      // Not run: the route (or its 401, as no token was sent) never saw it.
      expect(JSON.parse(body)).toMatchObject({ type: 'urn:consent-ledger:problem:shutting-down', status: 503, instance: '/v1/partners/P1' });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
