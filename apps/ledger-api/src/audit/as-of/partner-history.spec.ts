import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, type AllPosition, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent } from '@ledger/event-store';
import { LedgerIndex } from '../ledger-index/ledger-index.js';
import { partnerHistoryUpTo } from './partner-history.js';

/** The two reads the as-of uses, over an array in `$all` order (the port's semantics: `fromPosition` exclusive). */
class ArrayEventStore extends EventStore {
  constructor(readonly events: RecordedEvent[]) {
    super();
  }
  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0n;
    return this.events.filter((e) => e.stream === stream && e.revision >= from).slice(0, options.maxCount ?? Infinity);
  }
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const from: AllPosition = options.fromPosition ?? 'start';
    yield* this.events.filter((e) => from === 'start' || e.position > from);
  }
  append(): never {
    throw new Error('read only');
  }
  subscribeToAll(): never {
    throw new Error('read only');
  }
  async ping(): Promise<void> {}
  subscriptionStatuses(): [] {
    return [];
  }
  async dispose(): Promise<void> {}
}

const dir = mkdtempSync(join(tmpdir(), 'partner-history-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const revisions = new Map<string, bigint>();
const at = (seconds: number): Date => new Date(Date.UTC(2026, 2, 1, 10, 0, seconds));
const event = (position: number, stream: string, type: string, data: Record<string, unknown>): RecordedEvent => {
  const revision = revisions.has(stream) ? revisions.get(stream)! + 1n : 0n;
  revisions.set(stream, revision);
  const id = `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`;
  return { id, type, stream, revision, position: BigInt(position), createdAt: at(position), data: data as never, metadata: {} };
};

describe('partnerHistoryUpTo', () => {
  const ledger = [
    event(1, 'partner-prov', 'PartnerEnrolled', { partnerId: 'prov' }),
    event(2, 'partner-other', 'PartnerEnrolled', { partnerId: 'other' }),
    event(3, 'relationship-prov_t1', 'ConsentAccepted', { partnerId: 'prov', customerTenantId: 't1' }),
    event(4, 'relationship-other_t1', 'ConsentAccepted', { partnerId: 'other', customerTenantId: 't1' }),
    // Not indexed yet from here on.
    event(5, 'partner-res', 'PartnerEnrolled', { partnerId: 'res', indirectProviderId: 'prov' }),
    event(6, 'relationship-res_t2', 'ConsentAccepted', { partnerId: 'res', customerTenantId: 't2' }),
    event(7, 'relationship-prov_t1', 'DapRemoved', { partnerId: 'prov', customerTenantId: 't1' }),
    event(8, 'relationship-other_t2', 'ConsentAccepted', { partnerId: 'other', customerTenantId: 't2' }),
    event(9, 'relationship-prov_t1', 'ConsentAccepted', { partnerId: 'prov', customerTenantId: 't1' }),
  ];
  const store = new ArrayEventStore(ledger);
  const positions = (events: RecordedEvent[]): number[] => events.map((e) => Number(e.position));

  it("reads the partner's streams and its resellers', in $all order, up to the instant, indexed or not yet", async () => {
    const index = LedgerIndex.open(join(dir, 'behind.db'));
    ledger.slice(0, 4).forEach((e) => index.record(e));
    expect(positions(await partnerHistoryUpTo(store, index, 'prov', at(8)))).toEqual([1, 3, 5, 6, 7]);
    expect(positions(await partnerHistoryUpTo(store, index, 'other', at(9)))).toEqual([2, 4, 8]);
    ledger.slice(4).forEach((e) => index.record(e));
    expect(positions(await partnerHistoryUpTo(store, index, 'prov', at(8)))).toEqual([1, 3, 5, 6, 7]);
    expect(positions(await partnerHistoryUpTo(store, index, 'prov', at(2)))).toEqual([1]);
    expect(positions(await partnerHistoryUpTo(store, index, 'res', at(9)))).toEqual([5, 6]);
    index.close();
  });

  it('reads the whole ledger for the partner when the index has recorded nothing yet', async () => {
    const index = LedgerIndex.open(join(dir, 'empty.db'));
    expect(positions(await partnerHistoryUpTo(store, index, 'prov', at(9)))).toEqual([1, 3, 5, 6, 7, 9]);
    index.close();
  });
});
