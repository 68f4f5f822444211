import { DomainRefusal, partnerDecider } from '@ledger/consent-domain';
import { ConcurrencyError, EventStore, type AppendOutcome, type NewEvent, type ReadStreamOptions, type RecordedEvent } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, ChainVerifier } from '@ledger/ledger-proofs';
import { ChainedAppender } from '../ledger-chain/chained-appender.js';
import { Clock } from '../ledger-chain/clock.js';
import type { Actor } from '../identity/index.js';
import { CommandPipeline, MAX_DECISION_ATTEMPTS } from './command-pipeline.js';
import { LedgerStreamCache } from './ledger-stream-cache.js';
import { LedgerStreamReader } from './ledger-stream-reader.js';

/** The port over an array: just enough of a store to watch the pipeline's reads and appends. */
class ArrayEventStore extends EventStore {
  readonly events: RecordedEvent[] = [];
  reads = 0;
  /** Appends that fail as if another writer had got there first. */
  conflicts = 0;

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: unknown }): Promise<AppendOutcome> {
    const own = this.events.filter((event) => event.stream === stream);
    const actual = own.length === 0 ? 'no_stream' : BigInt(own.length - 1);
    if (this.conflicts > 0 || actual !== options.expectedRevision) {
      this.conflicts = Math.max(0, this.conflicts - 1);
      throw new ConcurrencyError(stream, options.expectedRevision as bigint, actual);
    }
    for (const event of events) {
      this.events.push({
        ...event,
        stream,
        revision: BigInt(this.events.filter((recorded) => recorded.stream === stream).length),
        position: BigInt(this.events.length + 1),
        createdAt: new Date(),
        metadata: event.metadata ?? {},
      });
    }
    return { nextExpectedRevision: BigInt(own.length + events.length - 1), position: BigInt(this.events.length) };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.reads += 1;
    return this.events.filter((event) => event.stream === stream && event.revision >= (options.fromRevision ?? 0n));
  }

  readAll(): AsyncIterable<RecordedEvent> {
    throw new Error('not used');
  }
  subscribeToAll(): never {
    throw new Error('not used');
  }
  async ping(): Promise<void> {}
  subscriptionStatuses(): [] {
    return [];
  }
  async dispose(): Promise<void> {}
}

const support: Actor = { sub: 'support-1', tid: 'operator', roles: ['support'], wids: [] };
const context = { actor: support, correlationId: 'corr-1', commandId: 'cmd-1' };
const enrol = (partnerId: string) => ({ type: 'EnrolPartner' as const, partnerId, name: 'Devices Inc', kind: 'OEM' as const, oemDirectApiEligible: true });

describe('CommandPipeline', () => {
  let store: ArrayEventStore;
  let pipeline: CommandPipeline;
  const newPipeline = () => new CommandPipeline(new LedgerStreamReader(store), new ChainedAppender(store), new Clock(), new LedgerStreamCache());

  beforeEach(() => {
    store = new ArrayEventStore();
    pipeline = newPipeline();
  });

  it('appends what the decider decides, with metadata and a chain link that verifies', async () => {
    await pipeline.decide(partnerDecider, enrol('oem-1'), context, { commandType: 'EnrolPartner' });
    const issue = { type: 'IssueOemConsentLink' as const, partnerId: 'oem-1', linkId: 'link-1', issuedBy: { sub: 's', tid: 'operator' } };
    const decided = await pipeline.decide(partnerDecider, issue, context, { commandType: 'IssueOemConsentLink' });
    expect(decided.position).toBe(2n);
    expect(store.events.map((event) => event.type)).toEqual(['PartnerEnrolled', 'OemConsentLinkIssued']);
    expect(store.events[1]!.metadata).toMatchObject({
      actor: { sub: 'support-1', tid: 'operator', roles: ['support'] },
      correlationId: 'corr-1',
      causationId: 'cmd-1',
      commandType: 'IssueOemConsentLink',
      [CHAIN_METADATA_KEY]: { previousChainHash: (store.events[0]!.metadata[CHAIN_METADATA_KEY] as { chainHash: string }).chainHash },
    });
    const verifier = new ChainVerifier();
    for (const event of store.events) {
      verifier.check({ streamId: event.stream, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
    }
    expect(verifier.finish()).toMatchObject({ ok: true });
  });

  it('reads and decides again after a concurrency error', async () => {
    store.conflicts = 2;
    await pipeline.decide(partnerDecider, enrol('oem-2'), context, { commandType: 'EnrolPartner' });
    expect(store.events).toHaveLength(1);
    // The first attempt read nothing (a stream this process has not seen is taken as empty); each retry reads it.
    expect(store.reads).toBe(2);
  });

  it(`gives up after ${MAX_DECISION_ATTEMPTS} attempts with the ConcurrencyError (409 at the edge), writing nothing`, async () => {
    store.conflicts = MAX_DECISION_ATTEMPTS;
    await expect(pipeline.decide(partnerDecider, enrol('oem-3'), context, { commandType: 'EnrolPartner' })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.reads).toBe(MAX_DECISION_ATTEMPTS - 1);
    expect(store.events).toHaveLength(0);
  });

  it('lets a refusal out as it is, writing nothing', async () => {
    await pipeline.decide(partnerDecider, enrol('oem-4'), context, { commandType: 'EnrolPartner' });
    await expect(pipeline.decide(partnerDecider, enrol('oem-4'), context, { commandType: 'EnrolPartner' })).rejects.toMatchObject({
      code: 'PARTNER_ALREADY_ENROLLED',
    });
    expect(store.events).toHaveLength(1);
  });

  describe('a keyed request run again (its first run never recorded its answer)', () => {
    const keyed = { ...context, idempotency: { key: 'k-1', requestHash: 'h-1' } };
    const resumed = { ...context, idempotency: { key: 'k-1', requestHash: 'h-1', resumed: true } };

    it('answers with what the first run appended, decided on the state before it, and appends nothing', async () => {
      const first = await pipeline.decide(partnerDecider, enrol('oem-7'), keyed, { commandType: 'EnrolPartner' });
      const again = await newPipeline().decide(partnerDecider, enrol('oem-7'), resumed, { commandType: 'EnrolPartner' });
      expect(store.events).toHaveLength(1);
      expect(again.events).toEqual(first.events);
      expect(again.position).toBe(first.position);
      expect(again.inputs).toEqual(first.inputs);
    });

    it('finds the first run’s events when the caller’s tid claim is in upper case (recorded in lower case)', async () => {
      const upper = { sub: 'ga-1', tid: 'AB12CD34-0000-4000-8000-000000000001', roles: [], wids: [] };
      const first = await pipeline.decide(partnerDecider, enrol('oem-10'), { ...keyed, actor: upper }, { commandType: 'EnrolPartner' });
      expect(store.events[0]!.metadata).toMatchObject({ actor: { tid: upper.tid.toLowerCase() } });
      const again = await newPipeline().decide(partnerDecider, enrol('oem-10'), { ...resumed, actor: upper }, { commandType: 'EnrolPartner' });
      expect(again.events).toEqual(first.events);
      expect(store.events).toHaveLength(1);
    });

    it('decides afresh when the first run appended nothing, or when the events are another request’s', async () => {
      await pipeline.decide(partnerDecider, enrol('oem-8'), context, { commandType: 'EnrolPartner' });
      await expect(newPipeline().decide(partnerDecider, enrol('oem-8'), resumed, { commandType: 'EnrolPartner' })).rejects.toMatchObject({
        code: 'PARTNER_ALREADY_ENROLLED',
      });
      const decided = await newPipeline().decide(partnerDecider, enrol('oem-9'), resumed, { commandType: 'EnrolPartner' });
      expect(decided.events.map((event) => event.type)).toEqual(['PartnerEnrolled']);
      expect(store.events).toHaveLength(2);
    });
  });

  describe('a stream this process has never seen: taken as empty, the append expecting no stream', () => {
    const issue = { type: 'IssueOemConsentLink' as const, partnerId: 'oem-20', linkId: 'link-1', issuedBy: { sub: 's', tid: 'operator' } };

    it('starts a new stream without reading it', async () => {
      await pipeline.decide(partnerDecider, enrol('oem-20'), context, { commandType: 'EnrolPartner' });
      expect(store.reads).toBe(0);
      expect(store.events.map((event) => [event.type, event.revision])).toEqual([['PartnerEnrolled', 0n]]);
    });

    it('when the stream exists after all: the append fails, the stream is read and the command decided on it', async () => {
      await newPipeline().decide(partnerDecider, enrol('oem-20'), context, { commandType: 'EnrolPartner' }); // another instance
      await expect(pipeline.decide(partnerDecider, enrol('oem-20'), context, { commandType: 'EnrolPartner' })).rejects.toMatchObject({
        code: 'PARTNER_ALREADY_ENROLLED',
      });
      expect(store.reads).toBe(1);
      expect(store.events).toHaveLength(1);
    });

    it('a refusal decided on the assumption is decided again on what the store holds', async () => {
      await newPipeline().decide(partnerDecider, enrol('oem-20'), context, { commandType: 'EnrolPartner' }); // another instance
      // Taken as empty, the partner is not enrolled: a refusal, which only the store's events may decide.
      const decided = await pipeline.decide(partnerDecider, issue, context, { commandType: 'IssueOemConsentLink' });
      expect(decided.events.map((event) => event.type)).toEqual(['OemConsentLinkIssued']);
      expect(store.events.map((event) => [event.type, event.revision])).toEqual([
        ['PartnerEnrolled', 0n],
        ['OemConsentLinkIssued', 1n],
      ]);
    });

    it(`deciding again what was refused on the assumption uses up none of the ${MAX_DECISION_ATTEMPTS} attempts`, async () => {
      await newPipeline().decide(partnerDecider, enrol('oem-20'), context, { commandType: 'EnrolPartner' }); // another instance
      store.conflicts = MAX_DECISION_ATTEMPTS - 1; // then other writers win four times over
      const decided = await pipeline.decide(partnerDecider, issue, context, { commandType: 'IssueOemConsentLink' });
      expect(decided.events.map((event) => event.type)).toEqual(['OemConsentLinkIssued']);
    });

    it('a refusal that the store confirms goes out as it is', async () => {
      await expect(pipeline.decide(partnerDecider, issue, context, { commandType: 'IssueOemConsentLink' })).rejects.toMatchObject({
        code: 'PARTNER_NOT_ENROLLED',
      });
      expect(store.reads).toBe(1);
      expect(store.events).toHaveLength(0);
    });
  });

  describe('remembering streams (one process, one cache)', () => {
    const issue = (partnerId: string, linkId: string) => ({
      type: 'IssueOemConsentLink' as const,
      partnerId,
      linkId,
      issuedBy: { sub: 's', tid: 'operator' },
    });

    it('does not read again a stream it has just appended to: the expected revision guards the append', async () => {
      await pipeline.decide(partnerDecider, enrol('oem-5'), context, { commandType: 'EnrolPartner' });
      const readsAfterEnrolment = store.reads;
      await pipeline.decide(partnerDecider, issue('oem-5', 'link-1'), context, { commandType: 'IssueOemConsentLink' });
      await pipeline.decide(partnerDecider, issue('oem-5', 'link-2'), context, { commandType: 'IssueOemConsentLink' });
      expect(store.reads).toBe(readsAfterEnrolment);
      expect(store.events.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
    });

    it('when another writer appended meanwhile: the append fails, only the new events are read, and it decides again', async () => {
      const other = newPipeline(); // another instance of the service, with a cache of its own
      await pipeline.decide(partnerDecider, enrol('oem-6'), context, { commandType: 'EnrolPartner' });
      await other.decide(partnerDecider, issue('oem-6', 'link-1'), context, { commandType: 'IssueOemConsentLink' });
      await pipeline.decide(partnerDecider, issue('oem-6', 'link-2'), context, { commandType: 'IssueOemConsentLink' });
      expect(store.events.map((event) => [event.type, event.revision])).toEqual([
        ['PartnerEnrolled', 0n],
        ['OemConsentLinkIssued', 1n],
        ['OemConsentLinkIssued', 2n],
      ]);
      const verifier = new ChainVerifier();
      for (const event of store.events) {
        verifier.check({ streamId: event.stream, revision: event.revision, eventId: event.id, type: event.type, data: event.data, metadata: event.metadata });
      }
      expect(verifier.finish()).toMatchObject({ ok: true });
    });

    it('a stale remembered stream: the append fails, the events since are read, and they decide (here a refusal)', async () => {
      const other = newPipeline();
      await pipeline.decide(partnerDecider, enrol('oem-7'), context, { commandType: 'EnrolPartner' });
      await other.decide(partnerDecider, issue('oem-7', 'link-1'), context, { commandType: 'IssueOemConsentLink' });
      const reads = store.reads;
      await expect(pipeline.decide(partnerDecider, issue('oem-7', 'link-1'), context, { commandType: 'IssueOemConsentLink' })).rejects.toMatchObject({
        code: 'OEM_CONSENT_LINK_ID_ALREADY_USED',
      });
      expect(store.reads).toBe(reads + 1);
      expect(store.events).toHaveLength(2);
    });

    it('refuses only on what the store holds: a refusal decided on a remembered stream is decided again on a fresh read', async () => {
      // Issuing a second link needs a first one: a rule only the store's events can satisfy here.
      const needsAFirstLink: typeof partnerDecider = {
        ...partnerDecider,
        decide: (command, inputs, now) => {
          if (inputs.partner?.status === 'enrolled' && inputs.partner.oemConsentLink === undefined) {
            throw new DomainRefusal('OEM_CONSENT_LINK_NOT_FOUND', 'issue a first link before a second');
          }
          return partnerDecider.decide(command, inputs, now);
        },
      };
      const other = newPipeline();
      await pipeline.decide(partnerDecider, enrol('oem-8'), context, { commandType: 'EnrolPartner' });
      await other.decide(partnerDecider, issue('oem-8', 'link-1'), context, { commandType: 'IssueOemConsentLink' });
      await pipeline.decide(needsAFirstLink, issue('oem-8', 'link-2'), context, { commandType: 'IssueOemConsentLink' });
      expect(store.events.map((event) => event.type)).toEqual(['PartnerEnrolled', 'OemConsentLinkIssued', 'OemConsentLinkIssued']);
    });
  });
});
