import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@ledger/event-store';
import { leafHash, linkEvent, MerkleTreeBuilder, withChainLink, type HexDigest } from '@ledger/ledger-proofs';
import { CHECKPOINT_STREAM, LEDGER_CHECKPOINTED } from '../ledger-format/index.js';
import { LedgerIndex } from './ledger-index.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-index-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let position = 0n;
const heads = new Map<string, { revision: bigint; chainHash: HexDigest }>();
const recorded = (stream: string, type: string, data: Record<string, unknown>): RecordedEvent => {
  const head = heads.get(stream);
  const revision = head ? head.revision + 1n : 0n;
  const id = `00000000-0000-4000-8000-${String(++position).padStart(12, '0')}`;
  const link = linkEvent({ streamId: stream, revision, eventId: id, type, data, metadataWithoutChain: {} }, head?.chainHash ?? null);
  heads.set(stream, { revision, chainHash: link.chainHash });
  return { id, type, stream, revision, position, createdAt: new Date(), data: data as never, metadata: withChainLink({}, link) as never };
};

describe('LedgerIndex', () => {
  const file = join(dir, 'ledger-index.db');
  const events = [
    recorded('relationship-p1_t1', 'ConsentAccepted', { partnerId: 'p1', customerTenantId: 't1', acceptedBy: { tenantId: 't1' } }),
    recorded('consent-request-r1', 'ConsentRequestAccepted', { requestId: 'r1', acceptedBy: { tenantId: 't2' } }),
    recorded('partner-p1', 'PartnerEnrolled', { partnerId: 'p1' }),
    { ...recorded('unchained', 'ProbeRecorded', {}), metadata: {} },
    recorded(CHECKPOINT_STREAM, LEDGER_CHECKPOINTED, { treeSize: 3, rootHash: 'r', lastPosition: null, time: 't', kid: 'k', signature: 's' }),
  ];
  const expectedTree = new MerkleTreeBuilder();
  for (const event of events.slice(0, 3)) {
    expectedTree.appendLeafHash(leafHash(Buffer.from((event.metadata['ledgerChain'] as { chainHash: string }).chainHash, 'hex')));
  }

  it('keeps the chained non-checkpoint events as leaves, in order, with the tenants each stream is about', () => {
    const index = LedgerIndex.open(file);
    events.forEach((event) => index.record(event));
    expect(index.leafCount).toBe(3);
    expect(index.rootAt(3)).toBe(expectedTree.rootHex());
    expect(index.leafOfEvent(events[1]!.id)).toMatchObject({ leafIndex: 1, position: 2n });
    expect(index.leafOfEvent(events[3]!.id)).toBeUndefined();
    expect(index.streamsOfTenant('t1')).toEqual(['relationship-p1_t1']);
    expect(index.streamsOfTenant('t2')).toEqual(['consent-request-r1']);
    expect(index.latestCheckpoint()).toMatchObject({ treeSize: 3, kid: 'k' });
    expect(index.checkpointCovering(2)).toMatchObject({ treeSize: 3 });
    expect(index.checkpointCovering(3)).toBeUndefined();
    index.close();
  });

  it('records a batch in one transaction: all of it, or nothing (tree, position and rows unchanged)', () => {
    const index = LedgerIndex.open(join(dir, 'batches.db'));
    index.recordAll(events.slice(0, 2));
    expect(index.leafCount).toBe(2);
    expect(index.position).toBe(events[1]!.position);
    // The second event again: its event id is already a leaf, so the whole batch is refused.
    const later = recorded('relationship-p1_t3', 'ConsentAccepted', { partnerId: 'p1', customerTenantId: 't3', acceptedBy: { tenantId: 't3' } });
    expect(() => index.recordAll([events[2]!, events[1]!, later])).toThrow();
    expect(index.leafCount).toBe(2);
    expect(index.position).toBe(events[1]!.position);
    expect(index.leafOfEvent(events[2]!.id)).toBeUndefined();
    expect(index.streamsOfPartner('p1')).toEqual(['relationship-p1_t1']);
    index.recordAll(events.slice(2));
    expect(index.leafCount).toBe(3);
    expect(index.rootAt(3)).toBe(expectedTree.rootHex());
    expect(index.position).toBe(events.at(-1)!.position);
    index.close();
  });

  it("maps partners to the streams naming them, an indirect provider's resellers' streams included", () => {
    const partners = LedgerIndex.open(join(dir, 'partners.db'));
    [
      recorded('partner-prov', 'PartnerEnrolled', { partnerId: 'prov', kind: 'CSP_INDIRECT_PROVIDER' }),
      recorded('partner-res', 'PartnerEnrolled', { partnerId: 'res', indirectProviderId: 'prov' }),
      recorded('consent-request-r9', 'ConsentRequested', { requestId: 'r9', partnerId: 'res', indirectProviderId: 'prov' }),
      recorded('relationship-res_t9', 'ConsentAccepted', { partnerId: 'res', customerTenantId: 't9' }),
      recorded('relationship-direct_t9', 'ConsentAccepted', { partnerId: 'direct', customerTenantId: 't9' }),
    ].forEach((event) => partners.record(event));
    expect(partners.resellersOf('prov')).toEqual(['res']);
    expect(partners.streamsOfPartner('prov').sort()).toEqual(['consent-request-r9', 'partner-prov', 'partner-res', 'relationship-res_t9']);
    expect(partners.streamsOfPartner('res').sort()).toEqual(['consent-request-r9', 'partner-res', 'relationship-res_t9']);
    expect(partners.streamsOfPartner('direct')).toEqual(['relationship-direct_t9']);
    expect(partners.streamsOfPartner('direct', new Date(0))).toEqual([]);
    partners.close();
  });

  it('drops an index of an older layout, to be rebuilt from the store', () => {
    const old = join(dir, 'old-layout.db');
    const index = LedgerIndex.open(old);
    index.record(recorded('partner-x', 'PartnerEnrolled', { partnerId: 'x' }));
    index.close();
    const db = new Database(old);
    db.pragma('user_version = 1');
    db.close();
    const reopened = LedgerIndex.open(old);
    expect(reopened.position).toBeUndefined();
    expect(reopened.leafCount).toBe(0);
    expect(reopened.streamsOfPartner('x')).toEqual([]);
    reopened.close();
  });

  it('resumes after a restart from its own position, with the same tree', () => {
    const index = LedgerIndex.open(file);
    expect(index.position).toBe(5n);
    expect(index.leafCount).toBe(3);
    expect(index.rootAt(3)).toBe(expectedTree.rootHex());
    expect(index.rootAt(2)).not.toBe(index.rootAt(3));
    expect(() => index.rootAt(4)).toThrow(/only 3 leaves are indexed/);
    index.close();
  });

  it('a reader on another connection follows what the recording connection commits, with the leaves it is handed', () => {
    const path = join(dir, 'followed.db');
    const writer = LedgerIndex.open(path);
    const reader = LedgerIndex.openReader(path);
    expect(reader.leafCount).toBe(0);

    const first = writer.recordAll(events.slice(0, 2));
    expect(first.byteLength).toBe(2 * 32);
    reader.advanceTo(writer.leafCount, writer.position!, first);
    expect(reader.leafCount).toBe(2);
    expect(reader.position).toBe(events[1]!.position);
    expect(reader.rootAt(2)).toBe(writer.rootAt(2));

    // A commit it never heard of, then the next: the leaves it missed are read from the file.
    writer.recordAll(events.slice(2, 3));
    const last = writer.recordAll(events.slice(3));
    expect(last.byteLength).toBe(0);
    reader.advanceTo(writer.leafCount, writer.position!, last);
    expect(reader.leafCount).toBe(3);
    expect(reader.rootAt(3)).toBe(expectedTree.rootHex());
    expect(reader.position).toBe(events.at(-1)!.position);
    expect(reader.latestCheckpoint()).toMatchObject({ treeSize: 3 });
    // An older commit heard late changes nothing.
    reader.advanceTo(2, events[1]!.position, first);
    expect(reader.leafCount).toBe(3);
    expect(reader.position).toBe(events.at(-1)!.position);
    expect(() => reader.record(events[0]!)).toThrow(/readonly/i);
    writer.close();
    reader.close();
  });

  it('will not read an index of another layout', () => {
    const path = join(dir, 'other-layout.db');
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();
    expect(() => LedgerIndex.openReader(path)).toThrow(/layout 1/);
  });
});
