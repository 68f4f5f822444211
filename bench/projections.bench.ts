/**
 * `npm run bench:projections`: writes a realistic ledger into the embedded store (partners of every kind,
 * customers with consents, DAP removals, OEM revocations), then measures in one run: rebuild events/s and
 * peak RSS; "Validate device submission data" requests/s and p99 at concurrency 32 beside the bare endpoint
 * (/health/live); a 10,000-row device file (rows/s); write-to-visible in the read model p50/p99.
 * Scale: BENCH_CUSTOMERS (default 200,000 as issue 12 says, ~1,000,000 events); BENCH_PARTNERS (default 1,000).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import { PARTNER_CENTER_HEADER, validateDeviceCsv } from '@ledger/device-submissions';
import { startEmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger, type JsonObject } from '@ledger/event-store';
import { ledgerEvents as ev, rebuildReadModels } from '@ledger/projections';
import { createLedgerApi } from '../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../apps/ledger-api/src/identity/index.js';
import { ReadModels } from '../apps/ledger-api/src/read-models/read-models.service.js';
import { httpLoad } from './lib/http-load.js';
import { peakRssMiB, resetPeakRss } from './lib/memory.js';
import { printTable } from './lib/table.js';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 200_000);
const PARTNERS = Number(process.env['BENCH_PARTNERS'] ?? 1_000);
const LOAD_SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 10);
const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tenant = (n: number): string => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/** Partners: a quarter of each kind; each reseller belongs to a provider. */
const partnerOf = (n: number): { id: string; kind: 'CSP_DIRECT' | 'CSP_INDIRECT_RESELLER' | 'CSP_INDIRECT_PROVIDER' | 'OEM' } => {
  const kinds = ['CSP_DIRECT', 'CSP_INDIRECT_RESELLER', 'CSP_INDIRECT_PROVIDER', 'OEM'] as const;
  return { id: `P${n}`, kind: kinds[n % 4]! };
};
const providerOf = (reseller: number): string => `P${reseller - (reseller % 4) + 2}`;

/** The history of one customer with one partner: about five events. */
const customerHistory = (c: number): LedgerEvent[] => {
  const partnerIndex = c % PARTNERS;
  const { id, kind } = partnerOf(partnerIndex);
  const t = tenant(c);
  if (kind === 'OEM') {
    const events: LedgerEvent[] = [ev.oemConsentAccepted(id, `L${id}`, t)];
    if (c % 5 === 0) events.push(ev.revocationRequested(`V${c}`, id, t), ev.revocationCompleted(`V${c}`, id, t), ev.oemConsentAccepted(id, `L${id}`, t));
    else if (c % 7 === 0) events.push(ev.revocationRequested(`V${c}`, id, t));
    return events;
  }
  const actualKind = kind === 'CSP_INDIRECT_PROVIDER' ? 'CSP_DIRECT' : kind;
  const actualId = kind === 'CSP_INDIRECT_PROVIDER' ? `P${partnerIndex - 2}` : id;
  const extra = actualKind === 'CSP_INDIRECT_RESELLER' ? { partnerKind: actualKind, indirectProviderId: providerOf(partnerIndex) } : {};
  return [
    ev.consentRequested(`R${c}`, actualId, { customerTenantId: t, delegatedAdminRequested: true, ...extra }),
    ev.requestAccepted(`R${c}`, actualId, t),
    ev.cspConsentAccepted(`R${c}`, actualId, t, { delegatedAdminGranted: true, ...extra }),
    ev.dapRemoved(actualId, t),
  ];
};

const appendAll = async (store: EsdbEventStore, events: LedgerEvent[]): Promise<bigint> => {
  let last = 0n;
  for (const event of events) {
    const outcome = await store.append(streamOf(event), [{ id: randomUUID(), type: event.type, data: event.data as unknown as JsonObject }], { expectedRevision: 'any' });
    last = outcome.position;
  }
  return last;
};

const main = async (): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-projections-'));
  const node = await startEmbeddedNode({ dataDir: join(dir, 'store'), port: 0 });
  const store = EsdbEventStore.connect(node.connectionString, { logger: silent });
  try {
    // 1. the ledger
    const generationStart = performance.now();
    const enrolments = Array.from({ length: PARTNERS }, (_, n) => {
      const { id, kind } = partnerOf(n);
      return ev.partnerEnrolled(id, kind, kind === 'CSP_INDIRECT_RESELLER' ? { indirectProviderId: providerOf(n) } : {});
    });
    // Providers before their resellers.
    await appendAll(store, [...enrolments.filter((e) => e.data.kind !== 'CSP_INDIRECT_RESELLER'), ...enrolments.filter((e) => e.data.kind === 'CSP_INDIRECT_RESELLER')]);
    let written = PARTNERS;
    const WORKERS = 32;
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (next < CUSTOMERS) {
          const history = customerHistory(next++);
          written += history.length;
          await appendAll(store, history);
        }
      }),
    );
    const generationSeconds = (performance.now() - generationStart) / 1000;
    console.log(`ledger: ${written} events for ${CUSTOMERS} customers and ${PARTNERS} partners written in ${generationSeconds.toFixed(0)}s`);

    // 2. rebuild
    global.gc?.();
    resetPeakRss();
    const rebuilt = await rebuildReadModels({ eventStore: store, databasePath: join(dir, 'rebuilt.sqlite') });
    const rebuildRate = rebuilt.events / (rebuilt.elapsedMs / 1000);
    const rebuildPeak = peakRssMiB();

    // 3. the service on the same store: validate beside the bare endpoint
    const api = await createLedgerApi({
      environment: { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: join(dir, 'service'), EVENTSTORE_CONNECTION_STRING: node.connectionString, LOG_LEVEL: 'silent' },
    });
    try {
      const readModels = api.app.get(ReadModels);
      while (!readModels.status().caughtUp) await new Promise((resolve) => setTimeout(resolve, 200));
      const token = await mintLocalToken(join(dir, 'service'), { sub: 'app-P0', tid: 'ops', roles: ['partner'], partnerId: 'P0' });
      const bare = await httpLoad({ url: `${api.url}/health/live`, connections: 32, durationSeconds: LOAD_SECONDS });
      const validate = await httpLoad({
        url: `${api.url}/v1/device-submissions/validate`,
        method: 'POST',
        connections: 32,
        durationSeconds: LOAD_SECONDS,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customerTenantId: tenant(PARTNERS), channel: 'PARTNER_CENTER_API' }),
      });

      // 4. a 10,000-row device file
      const rows = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? `,,${'A'.repeat(4000)}${String(i).padStart(8, '0')},,` : `SN${i},,,Contoso,Laptop 7`));
      const file = `${PARTNER_CENTER_HEADER}\n${rows.join('\n')}\n`;
      const fileStart = performance.now();
      const verdict = await validateDeviceCsv(Readable.from([Buffer.from(file)]));
      const fileRate = verdict.rows.length / ((performance.now() - fileStart) / 1000);

      // 5. write to visible
      const visible: number[] = [];
      for (let i = 0; i < 300; i += 1) {
        const t = tenant(CUSTOMERS + i);
        const started = performance.now();
        const position = await appendAll(store, [ev.cspConsentAccepted(`W${i}`, 'P0', t)]);
        await readModels.waitForPosition(position, 5_000);
        visible.push(performance.now() - started);
      }

      printTable(`Projections (${written.toLocaleString('en-US')} events, ${CUSTOMERS.toLocaleString('en-US')} customers, ${PARTNERS} partners)`, [
        { measure: 'rebuild', value: rebuildRate, unit: 'events/s', goal: '>= 50,000' },
        { measure: 'rebuild peak RSS', value: rebuildPeak, unit: 'MiB', goal: '< 512' },
        { measure: 'bare endpoint (/health/live), c=32', value: bare.requestsPerSecond, unit: 'req/s', goal: '' },
        { measure: 'validate, c=32', value: validate.requestsPerSecond, unit: 'req/s', goal: '' },
        { measure: 'validate / bare', value: validate.requestsPerSecond / bare.requestsPerSecond, unit: 'ratio', goal: '>= 0.7' },
        { measure: 'validate p99', value: validate.p99Ms, unit: 'ms', goal: '< 5' },
        { measure: 'validate errors + non-2xx', value: validate.errors + validate.non2xx, unit: 'count', goal: '0' },
        { measure: '10,000-row device file', value: fileRate, unit: 'rows/s', goal: '' },
        { measure: 'write to visible p50', value: percentile(visible, 0.5), unit: 'ms', goal: '' },
        { measure: 'write to visible p99', value: percentile(visible, 0.99), unit: 'ms', goal: '< 20' },
      ]);
    } finally {
      await api.close();
    }
  } finally {
    await store.dispose();
    await node.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

await main();
