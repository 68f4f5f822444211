import { expectProblem, LedgerUnderTest } from './support/ledger-under-test.js';

// An address where nothing listens.
const UNREACHABLE_STORE = 'esdb://127.0.0.1:1?tls=false';

describe('the event store is unreachable', () => {
  let ledger: LedgerUnderTest;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start({ EVENTSTORE_CONNECTION_STRING: UNREACHABLE_STORE });
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  it('a write answers 503 problem+json with Retry-After, with or without an Idempotency-Key', async () => {
    const support = await ledger.support();
    const body = { partnerId: 'contoso-csp', name: 'Contoso', kind: 'CSP_DIRECT' };
    for (const idempotencyKey of [undefined, 'retry-me']) {
      const answer = await ledger.call('POST', '/v1/partners', { token: support, body, ...(idempotencyKey ? { idempotencyKey } : {}) });
      expectProblem(answer, 503);
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(answer.headers.get('ledger-position')).toBeNull();
    }
  });

  it('so does a read of the streams', async () => {
    const answer = await ledger.call('GET', '/v1/partners/contoso-csp', { token: await ledger.support() });
    expectProblem(answer, 503);
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
