import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import { EventStore, type JsonObject } from '@ledger/event-store';
import { CHAIN_METADATA_KEY, linkEvent, withChainLink, type ChainLink } from '@ledger/ledger-proofs';
import { ledgerEvents as e } from '@ledger/projections';
import { recordChecksum } from '../../libs/esdb-node/src/storage/checksum.js';
import { LedgerIndexer } from '../../apps/ledger-api/src/audit/ledger-index/ledger-indexer.js';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../../apps/ledger-api/src/identity/index.js';
import { Notary } from '../../apps/ledger-api/src/notary/notary.js';
import { auditEnvironment } from './support/audit-environment.js';
import { appendChained } from './support/chained-append.js';

const TENANT = 'aaaaaaaa-0000-4000-8000-00000000000a';

interface EventRow {
  position: bigint;
  stream: string;
  revision: bigint;
  event_id: string;
  event_type: string;
  content_type: string;
  created: bigint;
  data: Buffer;
  metadata: Buffer;
}

/** Rewrites rows of the embedded node's SQLite file as someone holding the file can: the record's CRC recomputed. */
const rewriteRows = (dataDir: string, pick: (row: EventRow) => boolean, change: (row: EventRow) => void): number => {
  const db = new Database(join(dataDir, 'store', 'events.db'));
  db.defaultSafeIntegers(true);
  let changed = 0;
  for (const row of db.prepare('SELECT * FROM events').all() as EventRow[]) {
    if (!pick(row)) continue;
    change(row);
    const checksum = recordChecksum(row.position, row.stream, row.revision, row.event_id, row.event_type, row.content_type, row.created, row.data, row.metadata);
    db.prepare('UPDATE events SET data = ?, metadata = ?, created = ?, checksum = ? WHERE position = ?').run(row.data, row.metadata, row.created, BigInt(checksum), row.position);
    changed += 1;
  }
  db.close();
  return changed;
};

/** A service on a store of its own, and an auditor's token for it. */
const startAudited = async (prefix: string): Promise<{ dataDir: string; api: LedgerApi; auditor: string }> => {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
  return { dataDir, api, auditor: await mintLocalToken(dataDir, { sub: 'auditor', tid: 'ops', roles: ['auditor'] }) };
};

const getAsAuditor = async (api: LedgerApi, auditor: string, path: string) => {
  const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${auditor}` } });
  return { status: response.status, body: JSON.parse(await response.text()) };
};

/** Appends the events, each chained on its stream; the position of the last. */
const recordChained = async (api: LedgerApi, events: readonly LedgerEvent[]): Promise<bigint> => {
  const store = api.app.get(EventStore);
  let last = 0n;
  for (const event of events) last = (await appendChained(store, streamOf(event), [{ type: event.type, data: event.data as unknown as JsonObject }])).position;
  return last;
};

/** What the service makes of a store edited behind its back (the same attacker as the offline verifier's). */
describe('a store edited behind the service', () => {
  let api: LedgerApi;
  let dataDir: string;
  let auditor: string;
  let last = 0n;
  const get = (path: string) => getAsAuditor(api, auditor, path);
  const record = async (...events: LedgerEvent[]) => {
    last = await recordChained(api, events);
  };

  beforeAll(async () => {
    ({ dataDir, api, auditor } = await startAudited('store-tampering-'));
    await record(e.partnerEnrolled('p1', 'CSP_DIRECT'), e.consentRequested('req-1', 'p1', { delegatedAdminRequested: true }));
    await record(e.requestAccepted('req-1', 'p1', TENANT), e.cspConsentAccepted('req-1', 'p1', TENANT, { delegatedAdminGranted: true }));
    await api.app.get(LedgerIndexer).reached(last, 10_000);
    expect(await api.app.get(Notary).checkpointNow()).toBeDefined();
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('never signs a consent receipt over an acceptance edited in the store: 500 ledger-integrity', async () => {
    const before = await get(`/v1/consent-requests/req-1/receipt?minPosition=${last}`);
    expect(before.status).toBe(200);
    await api.close();
    const edited = rewriteRows(
      dataDir,
      (row) => row.event_type === 'ConsentAccepted',
      (row) => {
        const data = JSON.parse(row.data.toString('utf8')) as Record<string, unknown>;
        row.data = Buffer.from(JSON.stringify({ ...data, delegatedAdminGranted: false }));
      },
    );
    expect(edited).toBe(1);
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    const after = await get(`/v1/consent-requests/req-1/receipt?minPosition=${last}`);
    expect(after.status).toBe(500);
    expect(after.body.type).toMatch(/ledger-integrity$/);
    const relationship = await get(`/v1/customers/${TENANT}/partners/p1/consent-receipt`);
    expect(relationship.status).toBe(500);
    expect(relationship.body.type).toMatch(/ledger-integrity$/);
  });

  it('a checkpoint in the store that this ledger\'s key did not sign: the notary refuses to sign after it, and says why', async () => {
    const notary = api.app.get(Notary);
    const genuine = await get(`/v1/audit/checkpoints/latest?minPosition=${last}`);
    expect(genuine.status).toBe(200);
    const forged = { ...genuine.body, treeSize: 1000, rootHash: 'ab'.repeat(32), signature: 'A'.repeat(86) };
    last = (await appendChained(api.app.get(EventStore), 'ledger-checkpoints', [{ type: 'LedgerCheckpointed', data: forged as unknown as JsonObject }])).position;
    await record(e.partnerEnrolled('p2', 'CSP_DIRECT'));
    await api.app.get(LedgerIndexer).reached(last, 10_000);
    expect(await notary.checkpointNow()).toBeUndefined();
    expect(notary.fault).toMatch(/not signed by this ledger's key/);
    // The audit index keeps only this ledger's checkpoints: the latest served is still the genuine one.
    const latest = await get(`/v1/audit/checkpoints/latest?minPosition=${last}`);
    expect(latest.body).toEqual(genuine.body);
  });

  it('as of an instant, events count by the time their hash covers: moving the store\'s own stamp changes nothing', async () => {
    const tenant = 'bbbbbbbb-0000-4000-8000-00000000000b';
    await record(e.partnerEnrolled('p3', 'CSP_DIRECT'), e.consentRequested('req-3', 'p3'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await record(e.requestAccepted('req-3', 'p3', tenant), e.cspConsentAccepted('req-3', 'p3', tenant));
    const asOf = `/v1/audit/partners/p3/registration-authorisations?asOf=${encodeURIComponent(before)}`;
    expect((await get(`${asOf}&minPosition=${last}`)).body.items).toEqual([]);
    const acceptanceOnTimeline = async () =>
      ((await get(`/v1/audit/customers/${tenant}/timeline?minPosition=${last}`)).body.items as { type: string; recordedAt: string; storedAt: string }[]).find(
        (item) => item.type === 'ConsentAccepted',
      )!;
    const shown = await acceptanceOnTimeline();
    await api.close();
    // Backdate the acceptance by a minute, as the store stamps it (its record's CRC recomputed); the hashes do not cover it.
    const moved = rewriteRows(
      dataDir,
      (row) => row.event_type === 'ConsentAccepted' || row.event_type === 'ConsentRequestAccepted',
      (row) => {
        if (row.stream.endsWith('req-3') || row.stream.includes('p3_')) row.created -= 60_000n * 10_000n;
      },
    );
    expect(moved).toBeGreaterThanOrEqual(2);
    await rm(join(dataDir, 'audit'), { recursive: true, force: true }); // derived: rebuilt from the store
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    expect((await get(`${asOf}&minPosition=${last}`)).body.items).toEqual([]);
    // The timeline says when the hash proves it happened; the store's moved stamp is shown beside, a minute earlier.
    const after = await acceptanceOnTimeline();
    expect(after.recordedAt).toBe(shown.recordedAt);
    expect(Date.parse(shown.storedAt) - Date.parse(after.storedAt)).toBe(60_000);
  });
});

/** The same attacker, who also recomputes the chain link of the event edited: only the tree and checkpoints can tell. */
describe('a store edited behind the service, chain links recomputed', () => {
  let api: LedgerApi;
  let dataDir: string;
  let auditor: string;
  let last = 0n;
  const get = (path: string) => getAsAuditor(api, auditor, path);
  const record = async (...events: LedgerEvent[]) => {
    last = await recordChained(api, events);
  };

  beforeAll(async () => {
    ({ dataDir, api, auditor } = await startAudited('store-tampering-relinked-'));
  });

  afterAll(async () => {
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('never signs a receipt over an acceptance edited in the store with its chain link recomputed: its leaf is not the checkpoint\'s', async () => {
    await record(e.partnerEnrolled('p4', 'CSP_DIRECT'), e.consentRequested('req-4', 'p4', { delegatedAdminRequested: true }));
    await record(e.requestAccepted('req-4', 'p4', TENANT), e.cspConsentAccepted('req-4', 'p4', TENANT, { delegatedAdminGranted: true }));
    await api.app.get(LedgerIndexer).reached(last, 10_000);
    await api.app.get(Notary).checkpointNow();
    const before = await get(`/v1/consent-requests/req-4/receipt?minPosition=${last}`);
    expect(before.status).toBe(200);
    expect(before.body.receipt.ledger).toMatchObject({ delegatedAdmin: true, coveringCheckpoint: { treeSize: 4 } });
    await api.close();
    // The acceptance is the last event of its stream: whoever holds the file recomputes its link after the edit, so
    // that the event recomputes to its link again (only the Merkle tree and the checkpoints can tell).
    const edited = rewriteRows(
      dataDir,
      (row) => row.event_type === 'ConsentAccepted' && row.stream.includes('p4_'),
      (row) => {
        const data = { ...(JSON.parse(row.data.toString('utf8')) as JsonObject), delegatedAdminGranted: false };
        const { [CHAIN_METADATA_KEY]: link, ...metadataWithoutChain } = JSON.parse(row.metadata.toString('utf8')) as Record<string, unknown>;
        const relinked = linkEvent(
          { streamId: row.stream, revision: row.revision, eventId: row.event_id, type: row.event_type, data, metadataWithoutChain },
          (link as ChainLink).previousChainHash,
        );
        row.data = Buffer.from(JSON.stringify(data));
        row.metadata = Buffer.from(JSON.stringify(withChainLink(metadataWithoutChain, relinked)));
      },
    );
    expect(edited).toBe(1);
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    const after = await get(`/v1/consent-requests/req-4/receipt?minPosition=${last}`);
    expect(after.status).toBe(500);
    expect(after.body.type).toMatch(/ledger-integrity$/);
    // Nor once the audit index is rebuilt from the edited store: its proof no longer leads to the signed root.
    await api.close();
    await rm(join(dataDir, 'audit'), { recursive: true, force: true });
    api = await createLedgerApi({ environment: auditEnvironment(dataDir) });
    const rebuilt = await get(`/v1/consent-requests/req-4/receipt?minPosition=${last}`);
    expect(rebuilt.status).toBe(500);
    expect(rebuilt.body.type).toMatch(/ledger-integrity$/);
  });
});
