import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { CspConsentRecorder } from '../../apps/ledger-api/src/consent-links/csp-consent-recorder.js';
import {
  FINISH_INTERRUPTED_ACCEPTANCE,
  UNFINISHED_ACCEPTANCE_GRACE_MS,
  UnfinishedAcceptances,
} from '../../apps/ledger-api/src/consent-links/unfinished-acceptances.js';
import { Clock } from '../../apps/ledger-api/src/ledger-chain/clock.js';
import { ReadModels } from '../../apps/ledger-api/src/read-models/read-models.service.js';
import { expectProblem, LedgerUnderTest, linkPath } from './support/ledger-under-test.js';

describe('a CSP acceptance cut short between its two appends is finished by the service', () => {
  let ledger: LedgerUnderTest;
  let partner: string;

  beforeAll(async () => {
    ledger = await LedgerUnderTest.start();
    const support = await ledger.support();
    const enrolled = await ledger.call('POST', '/v1/partners', { token: support, body: { partnerId: 'contoso-csp', name: 'Contoso', kind: 'CSP_DIRECT' } });
    expect(enrolled.status).toBe(201);
    partner = await ledger.partner('contoso-csp');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await ledger?.stop();
  });

  const eventsOf = async (type: string, requestId: unknown) =>
    (await ledger.eventsOfType(type)).filter(
      (event) => event.data.requestId === requestId || (event.data.link as { requestId?: string } | undefined)?.requestId === requestId,
    );

  it('records the consent once, as the acceptor gave it, after the grace period; the link stays used', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    expect(requested.status).toBe(201);
    const tenant = randomUUID();
    const admin = await ledger.globalAdmin(tenant);

    // The process "dies" after claiming the link, before recording the consent.
    const dies = jest.spyOn(CspConsentRecorder.prototype, 'record').mockRejectedValueOnce(new Error('the process died here'));
    const cut = await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } });
    expect(cut.status).toBe(500);
    dies.mockRestore();
    const [claim] = await eventsOf('ConsentRequestAccepted', requested.body.requestId);
    expect(claim).toBeDefined();
    expect(await eventsOf('ConsentAccepted', requested.body.requestId)).toHaveLength(0);
    expect(await ledger.api.app.get(ReadModels).waitForPosition(claim!.position, 5_000)).toBe(true);

    const sweeper = ledger.api.app.get(UnfinishedAcceptances);
    expect(await sweeper.sweep()).toBe(0); // still within the grace period: the acceptance may be running
    const clock = ledger.api.app.get(Clock);
    const now = clock.now.bind(clock);
    jest.spyOn(clock, 'now').mockImplementation(() => new Date(now().getTime() + UNFINISHED_ACCEPTANCE_GRACE_MS + 1_000));
    expect(await sweeper.sweep()).toBe(1);

    const consents = await eventsOf('ConsentAccepted', requested.body.requestId);
    expect(consents).toHaveLength(1);
    expect(consents[0]!.data).toMatchObject({ customerTenantId: tenant, acceptedBy: { sub: `ga-${tenant}`, tenantId: tenant } });
    expect(consents[0]!.metadata).toMatchObject({ commandType: FINISH_INTERRUPTED_ACCEPTANCE, actor: { sub: 'ledger-service' } });
    await ledger.api.app.get(ReadModels).waitForPosition(consents[0]!.position, 5_000);
    expect(await sweeper.sweep()).toBe(0);

    const customers = await ledger.call('GET', '/v1/partners/contoso-csp/customers', { token: partner });
    expect(customers.status).toBe(200);
    expect((customers.body.items as { customerTenantId: string }[]).map((item) => item.customerTenantId)).toContain(tenant);
    expectProblem(await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } }), 409);
    expect(await eventsOf('ConsentAccepted', requested.body.requestId)).toHaveLength(1);
  });
});
