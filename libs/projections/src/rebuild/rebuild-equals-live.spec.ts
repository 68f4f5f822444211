import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LEDGER_EVENT_TYPES, streamOf, type LedgerEvent } from '@ledger/consent-domain';
import { startEmbeddedNode, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger, type JsonObject } from '@ledger/event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { rebuildReadModels } from '../runner/rebuild-read-models.js';
import * as ev from '../testing/ledger-events.js';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tenant = (n: number): string => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

const enrolments: LedgerEvent[] = [
  ev.partnerEnrolled('CSP1', 'CSP_DIRECT'),
  ev.partnerEnrolled('CSP2', 'CSP_DIRECT'),
  ev.partnerEnrolled('PROV', 'CSP_INDIRECT_PROVIDER'),
  ev.partnerEnrolled('RES1', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'PROV' }),
  ev.partnerEnrolled('OEM1', 'OEM'),
  ev.partnerEnrolled('OEM2', 'OEM', { oemDirectApiEligible: false }),
];

/** Customer `n`'s history: every kind of relationship and request, spread over the partners. */
const customer = (n: number): LedgerEvent[] => {
  const t = tenant(n);
  switch (n % 6) {
    case 0:
      return [
        ev.consentRequested(`R${n}-x`, 'CSP1', { customerTenantId: t }),
        ev.requestCancelled(`R${n}-x`, 'CSP1'),
        ev.consentRequested(`R${n}`, 'CSP1', { customerTenantId: t, delegatedAdminRequested: true }),
        ev.requestAccepted(`R${n}`, 'CSP1', t),
        ev.cspConsentAccepted(`R${n}`, 'CSP1', t, { delegatedAdminGranted: true }),
        ev.dapRemoved('CSP1', t),
      ];
    case 1:
      return [
        ev.consentRequested(`R${n}`, 'RES1', { customerTenantId: t, partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
        ev.requestAccepted(`R${n}`, 'RES1', t),
        ev.cspConsentAccepted(`R${n}`, 'RES1', t, { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
      ];
    case 2:
      return [ev.oemConsentAccepted('OEM1', 'L1', t), ev.revocationRequested(`V${n}`, 'OEM1', t), ev.revocationCompleted(`V${n}`, 'OEM1', t), ev.oemConsentAccepted('OEM1', 'L1', t)];
    case 3:
      return [ev.oemConsentAccepted('OEM2', 'L2', t), ev.revocationRequested(`V${n}`, 'OEM2', t), ev.revocationRejected(`V${n}`, 'OEM2', t)];
    case 4:
      // A request never accepted, and one not bound to a tenant.
      return [ev.consentRequested(`R${n}`, 'CSP2', { customerTenantId: t }), ev.consentRequested(`R${n}-open`, 'CSP2')];
    default:
      return [ev.cspConsentAccepted(`R${n}`, 'CSP2', t), ev.oemConsentAccepted('OEM1', 'L1', t), ev.revocationRequested(`V${n}`, 'OEM1', t)];
  }
};

/** The ledger: enrolments, customers, then changes that reach back to old documents (eligibility, a late reseller, old customers). */
const ledger = (customers: number): LedgerEvent[] => [
  ...enrolments,
  ev.oemLinkRequested('OEM2'),
  ...Array.from({ length: customers / 2 }, (_, n) => customer(n)).flat(),
  ev.eligibilityChanged('OEM2', true),
  ev.oemLinkIssued('OEM2', 'L2'),
  ev.partnerEnrolled('RES2', 'CSP_INDIRECT_RESELLER', { indirectProviderId: 'PROV' }),
  ...Array.from({ length: customers / 2 }, (_, n) => customer(customers / 2 + n)).flat(),
  ev.cspConsentAccepted('R-late', 'RES2', tenant(1), { partnerKind: 'CSP_INDIRECT_RESELLER', indirectProviderId: 'PROV' }),
  ev.dapRemoved('CSP1', tenant(0)),
  ev.revocationCompleted('V5', 'OEM1', tenant(5)),
  ev.eligibilityChanged('OEM1', false),
  ev.oemLinkRequested('OEM1'),
];

/** Every row of the read-model file, and its checkpoint. */
const dump = (path: string): { documents: unknown[]; progress: unknown } => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      documents: db.prepare('SELECT collection, key, partition, sort, body FROM documents ORDER BY collection, key').all(),
      progress: db.prepare('SELECT position, events FROM progress').get(),
    };
  } finally {
    db.close();
  }
};

describe('rebuildReadModels: the same read models as the live runner', () => {
  let dataDir: string;
  let node: EmbeddedNode;
  let store: EsdbEventStore;
  const written = ledger(240);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'rebuild-equals-live-'));
    node = await startEmbeddedNode({ dataDir: join(dataDir, 'store'), port: 0 });
    store = EsdbEventStore.connect(node.connectionString, { logger: silent });
    for (const [index, event] of written.entries()) {
      await store.append(streamOf(event), [{ id: randomUUID(), type: event.type, data: event.data as unknown as JsonObject }], { expectedRevision: 'any' });
      // Events of other writers in the same store: neither fold sees them.
      if (index % 97 === 0) await store.append('elsewhere', [{ id: randomUUID(), type: 'SomethingElse', data: { index } }], { expectedRevision: 'any' });
    }
  }, 60_000);

  afterAll(async () => {
    await store.dispose();
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the generated ledger holds every kind of ledger event', () => {
    expect(new Set(written.map((event) => event.type))).toEqual(new Set(LEDGER_EVENT_TYPES));
  });

  it('rebuilt from position 0, every row and the checkpoint equal the live projection: a large cache, and a tiny one that writes and reads documents back', async () => {
    const live = join(dataDir, 'live.sqlite');
    const runner = ProjectionRunner.open({ eventStore: store, databasePath: live, maxBatchEvents: 50, logger: silent });
    runner.start();
    expect(await runner.whenCaughtUp(30_000)).toBe(true);
    await runner.stop();
    const expected = dump(live);
    expect(expected.progress).toMatchObject({ events: written.length });
    expect(expected.documents.length).toBeGreaterThan(written.length / 2);

    const rebuilt = join(dataDir, 'rebuilt.sqlite');
    const outcome = await rebuildReadModels({ eventStore: store, databasePath: rebuilt });
    expect(outcome.events).toBe(written.length);
    expect(dump(rebuilt)).toEqual(expected);

    // One cached document: nearly every lookup reads back what the store wrote.
    const squeezed = join(dataDir, 'squeezed.sqlite');
    await rebuildReadModels({ eventStore: store, databasePath: squeezed, cacheDocuments: 1, batchEvents: 7 });
    expect(dump(squeezed)).toEqual(expected);
  }, 60_000);
});
