import { randomUUID } from 'node:crypto';
import { expectProblem, LedgerUnderTest, linkPath } from './support/ledger-under-test.js';

describe('Idempotency-Key kept in the event store; concurrent accepts', () => {
  let ledger: LedgerUnderTest;
  let support: string;
  let partner: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    support = await ledger.support();
    const enrolled = await ledger.call('POST', '/v1/partners', {
      token: support,
      body: { partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' },
    });
    expect(enrolled.status).toBe(201);
    partner = await ledger.partner('contoso-csp');
  });

  afterAll(async () => {
    await ledger?.stop();
  });

  const requestsRecorded = async (): Promise<number> => (await ledger.eventsOfType('ConsentRequested')).length;

  it('same key, same body: the first answer again, nothing new recorded; another body: 422 — also after a restart', async () => {
    const key = `order-${randomUUID()}`;
    const body = { customerTenantId: randomUUID() };
    const first = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
    expect(first.status).toBe(201);
    const recorded = await requestsRecorded();

    const again = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('ledger-position')).toBe(first.headers.get('ledger-position'));
    expect(await requestsRecorded()).toBe(recorded);

    const other = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { customerTenantId: randomUUID() }, idempotencyKey: key });
    expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');

    await ledger.restart();
    const afterRestart = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
    expect(afterRestart.status).toBe(201);
    expect(afterRestart.body).toEqual(first.body);
    expectProblem(
      await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { delegatedAdminRequested: true }, idempotencyKey: key }),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await requestsRecorded()).toBe(recorded);
  });

  it('a refusal is the answer a key gives again; a key is its caller’s own; a key over 200 characters is 400', async () => {
    const key = randomUUID();
    const duplicate = { partnerId: 'contoso-csp', name: 'Again', kind: 'CSP_DIRECT' };
    const refused = await ledger.call('POST', '/v1/partners', { token: support, body: duplicate, idempotencyKey: key });
    expectProblem(refused, 409, 'PARTNER_ALREADY_ENROLLED');
    const replayed = await ledger.call('POST', '/v1/partners', { token: support, body: duplicate, idempotencyKey: key });
    expectProblem(replayed, 409, 'PARTNER_ALREADY_ENROLLED');
    expect(replayed.body.detail).toBe(refused.body.detail);

    // The same key from another caller (the partner, not support) is another request.
    const mine = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {}, idempotencyKey: key });
    expect(mine.status).toBe(201);

    const before = (await ledger.allEvents()).length;
    expectProblem(await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {}, idempotencyKey: 'k'.repeat(201) }), 400);
    expect((await ledger.allEvents()).length).toBe(before);
  });

  it('50 concurrent accepts of one link: one 200, 49 × 409, exactly one ConsentAccepted in the store', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    const tenant = randomUUID();
    const admins = await Promise.all(Array.from({ length: 50 }, (_, n) => ledger.globalAdmin(tenant, { sub: `ga-${n}` })));
    const answers = await Promise.all(
      admins.map((admin) => ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const answer of answers.filter((a) => a.status === 409)) expectProblem(answer, 409);
    const accepted = (await ledger.eventsOfType('ConsentAccepted')).filter(
      (event) => (event.data.link as { requestId?: string }).requestId === requested.body.requestId,
    );
    expect(accepted).toHaveLength(1);
    const claims = (await ledger.eventsOfType('ConsentRequestAccepted')).filter((event) => event.data.requestId === requested.body.requestId);
    expect(claims).toHaveLength(1);
  });
});
