import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { relationshipStream } from '@ledger/consent-domain';
import { EventStore } from '@ledger/event-store';
import { ChainVerifier } from '@ledger/ledger-proofs';
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
    await ledger.enrol({ partnerId: 'contoso-csp', name: 'Contoso', kind: 'CSP_DIRECT' });
    partner = await ledger.partner('contoso-csp');
  });

  afterEach(() => jest.restoreAllMocks());

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

  it('the consent finished later carries the acceptance\'s correlation id and names the claim as its cause; a stranger finds the link used and finishes nothing under their name', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    expect(requested.status).toBe(201);
    const tenant = randomUUID();
    const accept = `${linkPath(requested.body.consentLink)}/accept`;
    const dies = jest.spyOn(CspConsentRecorder.prototype, 'record').mockRejectedValueOnce(new Error('the process died here'));
    const cut = await ledger.call('POST', accept, { token: await ledger.globalAdmin(tenant), body: { confirm: true }, headers: { 'x-correlation-id': 'accept-corr-1' } });
    expect(cut.status).toBe(500);
    dies.mockRestore();
    const [claim] = await eventsOf('ConsentRequestAccepted', requested.body.requestId);
    expect(claim!.metadata).toMatchObject({ correlationId: 'accept-corr-1' });

    // Someone else holding the link (another tenant's user, no Global Administrator) is told it was used; what the
    // customer's administrator accepted is not recorded under the stranger's name, request or key.
    const stranger = await ledger.token({ sub: 'stranger', tid: 'another-tenant', upn: 'eve@another.example' });
    const refused = await ledger.call('POST', accept, { token: stranger, body: { confirm: true }, idempotencyKey: 'eve-1', headers: { 'x-correlation-id': 'eve-corr' } });
    expectProblem(refused, 409, 'CONSENT_REQUEST_ALREADY_ACCEPTED');
    expect(await eventsOf('ConsentAccepted', requested.body.requestId)).toHaveLength(0);

    await ledger.api.app.get(ReadModels).waitForPosition(claim!.position, 5_000);
    const later = jest.spyOn(ledger.api.app.get(Clock), 'now').mockImplementation(() => new Date(Date.now() + UNFINISHED_ACCEPTANCE_GRACE_MS + 1_000));
    expect(await ledger.api.app.get(UnfinishedAcceptances).sweep()).toBe(1);
    later.mockRestore();
    const [consent] = await eventsOf('ConsentAccepted', requested.body.requestId);
    expect(consent!.metadata).toMatchObject({ actor: { sub: 'ledger-service' }, correlationId: 'accept-corr-1', causationId: claim!.id });
  });

  it('the acceptor retrying finishes the consent: its cause the claim, its correlation the acceptance\'s', async () => {
    const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: {} });
    const tenant = randomUUID();
    const admin = await ledger.globalAdmin(tenant);
    const accept = `${linkPath(requested.body.consentLink)}/accept`;
    const dies = jest.spyOn(CspConsentRecorder.prototype, 'record').mockRejectedValueOnce(new Error('the process died here'));
    expect((await ledger.call('POST', accept, { token: admin, body: { confirm: true }, headers: { 'x-correlation-id': 'accept-corr-2' } })).status).toBe(500);
    dies.mockRestore();
    expectProblem(await ledger.call('POST', accept, { token: admin, body: { confirm: true } }), 409, 'CONSENT_REQUEST_ALREADY_ACCEPTED');
    const [claim] = await eventsOf('ConsentRequestAccepted', requested.body.requestId);
    const consents = await eventsOf('ConsentAccepted', requested.body.requestId);
    expect(consents).toHaveLength(1);
    expect(consents[0]!.metadata).toMatchObject({ actor: { sub: `ga-${tenant}`, tid: tenant }, correlationId: 'accept-corr-2', causationId: claim!.id });
  });

  describe('a relationship this process has not seen', () => {
    /** A second instance of the service's recorder (a pipeline with nothing remembered), sharing the store. */
    const otherInstance = (): CspConsentRecorder => {
      const app = ledger.api.app;
      const pipeline = new CommandPipeline(app.get(LedgerStreamReader), app.get(ChainedAppender), app.get(Clock), new LedgerStreamCache());
      return new CspConsentRecorder(pipeline, app.get(ConsentRequestReader));
    };
    const serviceContext = () => ({ actor: { sub: 'ledger-service', tid: 'ledger-service', roles: [], wids: [] }, correlationId: randomUUID(), commandId: randomUUID() });

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

    const expectChainIntact = async (): Promise<void> => {
      const verifier = new ChainVerifier();
      for (const event of await ledger.allEvents()) {
        verifier.check({ streamId: event.stream, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
      }
      expect(verifier.finish()).toMatchObject({ ok: true });
    };

    it('a new customer’s consent starts the relationship’s stream without reading it', async () => {
      const { tenant, streamsRead } = await accepted();
      expect(streamsRead).not.toContain(relationshipStream('contoso-csp', tenant));
    });

    it('finishing an acceptance already recorded: taken as empty, the append fails, the stream is read; nothing recorded, nothing counted', async () => {
      const { requestId } = await accepted();
      expect(await otherInstance().finish(requestId, serviceContext(), FINISH_INTERRUPTED_ACCEPTANCE)).toBe(false);
      expect(await eventsOf('ConsentAccepted', requestId)).toHaveLength(1);
      await expectChainIntact();
    });

    it('another writer records the consent between the claim and step two: the acceptance answers with that record, and the chain holds', async () => {
      const requested = await ledger.call('POST', '/v1/consent-requests', { token: partner, body: { delegatedAdminRequested: true, adminRoles: ['Helpdesk Administrator'] } });
      expect(requested.status).toBe(201);
      const requestId = requested.body.requestId as string;
      const tenant = randomUUID();
      const admin = await ledger.globalAdmin(tenant);
      // The race, made certain: another instance (or a sweep, or a concurrent accept's retry) finishes the acceptance
      // right after this one claimed the link, before this one records the consent.
      const record = CspConsentRecorder.prototype.record;
      const raced = jest.spyOn(CspConsentRecorder.prototype, 'record').mockImplementationOnce(async function (this: CspConsentRecorder, ...args) {
        expect(await otherInstance().finish(requestId, serviceContext(), FINISH_INTERRUPTED_ACCEPTANCE)).toBe(true);
        return record.apply(this, args);
      });
      const accept = await ledger.call('POST', `${linkPath(requested.body.consentLink)}/accept`, { token: admin, body: { confirm: true } });
      raced.mockRestore();
      expect(accept.status).toBe(200);
      const consents = await eventsOf('ConsentAccepted', requestId);
      expect(consents).toHaveLength(1);
      expect(consents[0]!.metadata).toMatchObject({ commandType: FINISH_INTERRUPTED_ACCEPTANCE });
      expect(accept.body).toMatchObject({ customerTenantId: tenant, delegatedAdminGranted: true, acceptedAt: consents[0]!.data.acceptedAt });
      // The next write on the relationship chains onto the stored consent, not onto one this process only believed it wrote.
      const removed = await ledger.call('DELETE', `/v1/customers/${tenant}/partners/contoso-csp/delegated-admin`, { token: admin });
      expect(removed.status).toBe(200);
      await expectChainIntact();
    });
  });
});
