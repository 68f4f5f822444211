import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { ChainVerifier } from '@ledger/ledger-proofs';
import { IDEMPOTENCY_LEASE_MS, IdempotencyStore } from '../../apps/ledger-api/src/idempotency/idempotency-store.js';
import { Clock } from '../../apps/ledger-api/src/ledger-chain/clock.js';
import { expectProblem, LedgerUnderTest, linkPath } from './support/ledger-under-test.js';

describe('Idempotency-Key kept in the event store; concurrent accepts', () => {
  let ledger: LedgerUnderTest;
  let support: string;
  let partner: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    support = await ledger.support();
    await ledger.enrol({ partnerId: 'contoso-csp', name: 'Contoso Partners', kind: 'CSP_DIRECT' });
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

  it('each event of a key’s stream records its own server time: the answer’s is when it was recorded, not the claim’s', async () => {
    // A clock a second further on every time it is read, so that no two appends share an instant.
    let ticks = 0;
    const start = Date.now();
    const ticking = jest.spyOn(Clock.prototype, 'now').mockImplementation(() => new Date(start + 1_000 * ticks++));
    const key = `timed-${randomUUID()}`;
    const answered = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {}, idempotencyKey: key });
    const refused = await ledger.call('POST', '/v1/partners', { token: support, body: { partnerId: 'contoso-csp', name: 'Again', kind: 'CSP_DIRECT' }, idempotencyKey: key });
    ticking.mockRestore();
    expect(answered.status).toBe(201);
    expectProblem(refused, 409, 'PARTNER_ALREADY_ENROLLED');
    const keyed = (await ledger.allEvents()).filter((event) => event.metadata.idempotencyKey === key);
    expect(keyed.map((event) => event.type)).toEqual([
      'IdempotencyKeyClaimed', 'ConsentRequested', 'IdempotentRequestCompleted', 'IdempotencyKeyClaimed', 'IdempotentRequestCompleted',
    ]);
    for (const event of keyed) {
      const stamped = event.data.claimedAt ?? event.data.requestedAt ?? event.data.completedAt;
      expect({ type: event.type, serverTime: event.metadata.serverTime }).toEqual({ type: event.type, serverTime: stamped });
    }
  });

  describe('a keyed request that never recorded its answer is taken over after its lease, without writing twice', () => {
    afterEach(() => jest.restoreAllMocks());

    /** The process "dies" after the write: the answer is never recorded, the key stays claimed until its lease ends. */
    const dieBeforeTheAnswerIsRecorded = () =>
      jest.spyOn(IdempotencyStore.prototype as unknown as { complete: () => Promise<void> }, 'complete').mockImplementation(async () => undefined);
    const afterTheLease = () => {
      const clock = ledger.api.app.get(Clock);
      const now = clock.now.bind(clock);
      jest.spyOn(clock, 'now').mockImplementation(() => new Date(now().getTime() + IDEMPOTENCY_LEASE_MS + 1_000));
    };

    it('a consent request: the retry answers with the request the first run recorded', async () => {
      const key = `crash-${randomUUID()}`;
      const body = { customerTenantId: randomUUID() };
      dieBeforeTheAnswerIsRecorded();
      const first = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expect(first.status).toBe(201);
      const recorded = await requestsRecorded();
      jest.restoreAllMocks();

      const inFlight = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expectProblem(inFlight, 409, 'IDEMPOTENT_REQUEST_IN_FLIGHT');
      // A running request answers within a second; the lease (a dead one's) is in the detail.
      expect(inFlight.headers.get('retry-after')).toBe('1');
      expect(String(inFlight.body.detail)).toMatch(/the key is free again in \d+ seconds/);
      afterTheLease();
      const retried = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expect(retried.status).toBe(201);
      expect(retried.body).toEqual(first.body);
      expect(retried.headers.get('ledger-position')).toBe(first.headers.get('ledger-position'));
      expect(await requestsRecorded()).toBe(recorded);
      // Its answer is recorded now: the key gives it again.
      const again = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expect(again.body).toEqual(first.body);
      expect(await requestsRecorded()).toBe(recorded);
    });

    it('an acceptance (two appends): the retry finds both, and records no second consent', async () => {
      const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
      const tenant = randomUUID();
      const admin = await ledger.globalAdmin(tenant);
      const key = `accept-${randomUUID()}`;
      const accept = () => ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true }, idempotencyKey: key });
      dieBeforeTheAnswerIsRecorded();
      const first = await accept();
      expect(first.status).toBe(200);
      jest.restoreAllMocks();
      afterTheLease();
      const retried = await accept();
      expect(retried.status).toBe(200);
      expect(retried.body).toEqual(first.body);
      const ofThisRequest = (event: { data: Record<string, unknown> }) =>
        event.data.requestId === requested.body.requestId || (event.data.link as { requestId?: string } | undefined)?.requestId === requested.body.requestId;
      expect((await ledger.eventsOfType('ConsentRequestAccepted')).filter(ofThisRequest)).toHaveLength(1);
      expect((await ledger.eventsOfType('ConsentAccepted')).filter(ofThisRequest)).toHaveLength(1);
    });

    it('a run that failed before writing released its key: the retry decides afresh and records once', async () => {
      const key = `failed-${randomUUID()}`;
      const body = { customerTenantId: randomUUID() };
      const recorded = await requestsRecorded();
      jest.spyOn(ledger.api.app.get(CommandBus), 'execute').mockRejectedValueOnce(new Error('the store went away mid-request'));
      const failed = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expect(failed.status).toBe(500);
      expect(await requestsRecorded()).toBe(recorded);
      const retried = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expect(retried.status).toBe(201);
      expect(await requestsRecorded()).toBe(recorded + 1);
    });

    it('a key released by a failed run still belongs to its request: another body is 422, the same body then answers', async () => {
      const key = `released-${randomUUID()}`;
      const body = { customerTenantId: randomUUID() };
      // The run fails after it wrote (its answer lost): the key is released, the request is in the store.
      const execute = ledger.api.app.get(CommandBus).execute.bind(ledger.api.app.get(CommandBus));
      jest.spyOn(ledger.api.app.get(CommandBus), 'execute').mockImplementationOnce(async (command) => {
        await execute(command);
        throw new Error('the answer was lost after the write');
      });
      expect((await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key })).status).toBe(500);
      const recorded = await requestsRecorded();
      expectProblem(
        await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { customerTenantId: randomUUID() }, idempotencyKey: key }),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const retried = await ledger.call('POST', '/v1/consent-requests', { token: partner, body, idempotencyKey: key });
      expect(retried.status).toBe(201);
      expect(retried.body).toMatchObject({ customerTenantId: body.customerTenantId });
      expect(await requestsRecorded()).toBe(recorded);
    });
  });

  it('30 consent requests of one partner to one customer, accepted at once: every accept 200, every consent recorded', async () => {
    const tenant = randomUUID();
    const requests = await Promise.all(
      Array.from({ length: 30 }, () => ledger.call('POST', '/v1/consent-requests', { token: partner, body: { customerTenantId: tenant } })),
    );
    const admin = await ledger.globalAdmin(tenant);
    // Each link is claimed on its own stream; the consents then contend for the one relationship stream, where a
    // claimed acceptance must not answer 409 ("retry"): a retry would find its link used.
    const answers = await Promise.all(
      requests.map((requested) => ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const ids = new Set(requests.map((requested) => requested.body.requestId));
    const consents = (await ledger.eventsOfType('ConsentAccepted')).filter((event) => ids.has((event.data.link as { requestId?: string }).requestId));
    expect(consents).toHaveLength(30);
  });

  it('50 concurrent accepts of one link: one 200, 49 × 409, exactly one ConsentAccepted in the store, the chain intact', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] } });
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
    // Each 409 ran step two again (an interrupted acceptance is finished that way) while the winner ran it: the next
    // write on the relationship must chain onto the consent the store holds.
    const removed = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/contoso-csp/delegated-admin`, { token: admins[0]! });
    expect(removed.status).toBe(200);
    const verifier = new ChainVerifier();
    for (const event of await ledger.allEvents()) {
      verifier.check({ streamId: event.stream, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
    }
    expect(verifier.finish()).toMatchObject({ ok: true });
  });
});
