import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { relationshipStream } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { CspConsentRecorder } from '../../apps/ledger-api/src/consent-links/csp-consent-recorder.js';
import { ConsentRequestReader } from '../../apps/ledger-api/src/consent-requests/consent-request-reader.js';
import {
  FINISH_INTERRUPTED_ACCEPTANCE,
  UNFINISHED_ACCEPTANCE_GRACE_MS,
  UnfinishedAcceptances,
} from '../../apps/ledger-api/src/consent-links/unfinished-acceptances.js';
import { ChainedAppender } from '../../apps/ledger-api/src/ledger-chain/chained-appender.js';
import { Clock } from '../../apps/ledger-api/src/ledger-chain/clock.js';
import { CommandPipeline } from '../../apps/ledger-api/src/ledger-writes/command-pipeline.js';
import { LedgerStreamCache } from '../../apps/ledger-api/src/ledger-writes/ledger-stream-cache.js';
import { LedgerStreamReader } from '../../apps/ledger-api/src/ledger-writes/ledger-stream-reader.js';
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

  describe('a relationship this process has not seen', () => {
    const accepted = async () => {
      const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
      expect(requested.status).toBe(201);
      const tenant = randomUUID();
      const reads = jest.spyOn(ledger.api.app.get(EventStore), 'readStream');
      const accept = await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: await ledger.globalAdmin(tenant), body: { confirm: true } });
      const streamsRead = reads.mock.calls.map(([stream]) => stream);
      reads.mockRestore();
      expect(accept.status).toBe(200);
      return { requestId: requested.body.requestId as string, tenant, streamsRead };
    };

    it('a new customer’s consent starts the relationship’s stream without reading it', async () => {
      const { tenant, streamsRead } = await accepted();
      expect(streamsRead).not.toContain(relationshipStream('contoso-csp', tenant));
    });

    it('finishing an acceptance reads it (never takes it as empty): the consent it holds is not recorded again, nor counted', async () => {
      const { requestId } = await accepted();
      // Another instance, with nothing remembered: appending the consent's fixed event id onto a stream that holds it
      // would be acknowledged by the store as a repeat, so only a read tells that it is recorded already.
      const app = ledger.api.app;
      const pipeline = new CommandPipeline(app.get(LedgerStreamReader), app.get(ChainedAppender), app.get(Clock), new LedgerStreamCache());
      const otherInstance = new CspConsentRecorder(pipeline, app.get(ConsentRequestReader));
      const context = { actor: { sub: 'ledger-service', tid: 'ledger-service', roles: [], wids: [] }, correlationId: randomUUID(), commandId: randomUUID() };
      expect(await otherInstance.finish(requestId, context, FINISH_INTERRUPTED_ACCEPTANCE)).toBe(false);
      expect(await eventsOf('ConsentAccepted', requestId)).toHaveLength(1);
    });
  });
});
