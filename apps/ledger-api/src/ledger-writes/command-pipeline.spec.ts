import { partnerDecider } from '@ledger/consent-domain';
import { ConcurrencyError, EventStore, type AppendOutcome, type NewEvent, type RecordedEvent } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, ChainVerifier } from '@ledger/ledger-proofs';
import { ChainedAppender } from '../ledger-chain/chained-appender.js';
import { Clock } from '../ledger-chain/clock.js';
import type { Actor } from '../identity/index.js';
import { CommandPipeline, MAX_DECISION_ATTEMPTS } from './command-pipeline.js';
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

  async readStream(stream: string): Promise<RecordedEvent[]> {
    this.reads += 1;
    return this.events.filter((event) => event.stream === stream);
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

  beforeEach(() => {
    store = new ArrayEventStore();
    pipeline = new CommandPipeline(new LedgerStreamReader(store), new ChainedAppender(store), new Clock());
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
    expect(store.reads).toBe(3);
  });

  it(`gives up after ${MAX_DECISION_ATTEMPTS} attempts with the ConcurrencyError (409 at the edge), writing nothing`, async () => {
    store.conflicts = MAX_DECISION_ATTEMPTS;
    await expect(pipeline.decide(partnerDecider, enrol('oem-3'), context, { commandType: 'EnrolPartner' })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(store.reads).toBe(MAX_DECISION_ATTEMPTS);
    expect(store.events).toHaveLength(0);
  });

  it('lets a refusal out as it is, writing nothing', async () => {
    await pipeline.decide(partnerDecider, enrol('oem-4'), context, { commandType: 'EnrolPartner' });
    await expect(pipeline.decide(partnerDecider, enrol('oem-4'), context, { commandType: 'EnrolPartner' })).rejects.toMatchObject({
      code: 'PARTNER_ALREADY_ENROLLED',
    });
    expect(store.events).toHaveLength(1);
  });
});
