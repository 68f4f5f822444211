/**
 * `npm run bench:commands`: in one run against the same embedded store, CSP consent flows over HTTP
 * (POST /v1/consent-requests, then POST /v1/consent-links/{token}/accept: three events, chained, with
 * metadata and the deciders on every write) at concurrency 32, beside raw appends of the same three events
 * through the event-store port at the same concurrency. Goal (issue 11): HTTP flows/s ÷ raw flows/s ≥ 0.5.
 * The service runs as in production, in its own process (`main.js`, logging on, its embedded node on a thread
 * of its own); this process is only the load generator: HTTP clients for the flows, a client of the same
 * node for the raw appends. BENCH_SECONDS (default 10) per measurement, BENCH_WARM_UP_SECONDS (default 2) before each,
 * BENCH_CONCURRENCY (default 32), BENCH_NEW_CUSTOMERS_PER_SECOND (default 1,500: the new customers' tokens minted ahead).
 * The HTTP flow runs twice: each worker's own customer consenting again and again (the relationship's stream and
 * the admin's token known to the service after the first flow), then a new customer every flow (a new relationship
 * stream and a token the service has not verified yet, as for a CSP's stream of new customers; the tokens are
 * minted before the measurement).
 * A last row, the floor (bench/servers/minimal-consent-flow.ts), runs the same HTTP flow against the least a
 * service on this stack can do (Fastify, jose, the client, the three appends, nothing else), in a process of
 * its own with its own embedded node: what the stack itself costs, beside what the ledger adds.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EsdbEventStore, type EventStore, type ExpectedRevision, type JsonObject } from '@ledger/event-store';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, mintLocalToken } from '../apps/ledger-api/src/identity/index.js';
import { startChildServer, type ChildServer } from './lib/child-server.js';
import { cpuTimeMs } from './lib/cpu-time.js';
import { JsonClient } from './lib/json-client.js';
import { printTable } from './lib/table.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const WARM_UP_SECONDS = Number(process.env['BENCH_WARM_UP_SECONDS'] ?? 2);
const PARTNER_ID = 'bench-csp';
const here = dirname(fileURLToPath(import.meta.url));

interface Measured {
  readonly flows: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly failures: number;
  /** CPU time used during the measurement by the service's process (API, node thread, SQLite writer). */
  readonly serviceCpuMs: number;
  /** CPU time used by this process, the load generator (HTTP clients, or the raw appends' store client). */
  readonly generatorCpuMs: number;
}

const percentile = (values: number[], p: number): number =>
  values.length === 0 ? Number.NaN : [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

/** Runs `flow` in `CONCURRENCY` loops for `seconds`; each worker has its own number (its own customer tenant). */
const measure = async (seconds: number, flow: (worker: number) => Promise<boolean>, servicePid: number): Promise<Measured> => {
  const latenciesMs: number[] = [];
  let failures = 0;
  const serviceCpuBefore = cpuTimeMs(servicePid);
  const generatorCpuBefore = cpuTimeMs();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        if (await flow(worker)) latenciesMs.push(performance.now() - begun);
        else failures += 1;
      }
    }),
  );
  return {
    flows: latenciesMs.length,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
    failures,
    serviceCpuMs: cpuTimeMs(servicePid) - serviceCpuBefore,
    generatorCpuMs: cpuTimeMs() - generatorCpuBefore,
  };
};

const tenantOf = (worker: number): string => `${worker.toString(16).padStart(8, '0')}-0000-4000-8000-00000000be4c`;
const newCustomerTenantOf = (flow: number): string => `${flow.toString(16).padStart(8, '0')}-0000-4000-8000-0000000c0570`;
/** New customers' tokens minted ahead, per second of warm-up and measurement: above what this flow reaches here. */
const NEW_CUSTOMERS_PER_SECOND = Number(process.env['BENCH_NEW_CUSTOMERS_PER_SECOND'] ?? 1_500);

const adminClaims = (sub: string, tid: string, upnTenant: string) => ({
  sub,
  tid,
  wids: [GLOBAL_ADMINISTRATOR_ROLE_ID],
  upn: `admin@${upnTenant}.onmicrosoft.com`,
});

/** The HTTP flow: a CSP asks (unbound link), a Global Administrator accepts, with the token `adminTokenFor` gives. */
const httpFlow = (client: JsonClient, partnerToken: string, adminTokenFor: (worker: number) => string) => async (worker: number): Promise<boolean> => {
  const requested = await client.post('/v1/consent-requests', { authorization: `Bearer ${partnerToken}` }, '{}');
  if (requested.status !== 201) return false;
  const { consentLink } = JSON.parse(requested.body) as { consentLink: string };
  const accepted = await client.post(`${new URL(consentLink).pathname}/accept`, { authorization: `Bearer ${adminTokenFor(worker)}` }, '{"confirm":true}');
  return accepted.status === 200;
};

/** Each call, the token of a customer not seen before (minted ahead); throws when they run out. */
const newCustomerTokens = (tokens: readonly string[]) => {
  let next = 0;
  return (): string => {
    const token = tokens[next++];
    if (token === undefined) throw new Error(`the ${tokens.length} new customers minted ahead ran out: raise BENCH_NEW_CUSTOMERS_PER_SECOND`);
    return token;
  };
};

/** The same three events, appended raw through the port (no HTTP, no decider, no chain), with realistic payloads. */
const rawFlow = (store: EventStore) => {
  const relationshipRevision = new Map<number, ExpectedRevision>();
  return async (worker: number): Promise<boolean> => {
    const requestId = randomUUID();
    const tenant = tenantOf(worker);
    const now = new Date().toISOString();
    const metadata: JsonObject = {
      actor: { sub: `app-${PARTNER_ID}`, tid: 'bench', roles: ['partner'], partnerId: PARTNER_ID },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandType: 'RequestConsent',
      serverTime: now,
    };
    const requestStream = `raw-consent-request-${requestId}`;
    const acceptor = { sub: `ga-${worker}`, signInName: `admin@t${worker}.onmicrosoft.com`, tenantId: tenant, globalAdministrator: true, cloudNative: true };
    await store.append(
      requestStream,
      [{ id: randomUUID(), type: 'RawConsentRequested', data: { schemaVersion: 1, requestId, partnerId: PARTNER_ID, partnerKind: 'CSP_DIRECT', delegatedAdminRequested: false, adminRoles: [], requestedBy: { sub: `app-${PARTNER_ID}`, tenantId: 'bench' }, requestedAt: now, expiresAt: now }, metadata }],
      { expectedRevision: 'no_stream' },
    );
    await store.append(
      requestStream,
      [{ id: randomUUID(), type: 'RawConsentRequestAccepted', data: { schemaVersion: 1, requestId, partnerId: PARTNER_ID, customerTenantId: tenant, acceptedBy: acceptor, acceptedAt: now }, metadata }],
      { expectedRevision: 0n },
    );
    const relationship = `raw-relationship-${PARTNER_ID}_${tenant}`;
    const outcome = await store.append(
      relationship,
      [{ id: randomUUID(), type: 'RawConsentAccepted', data: { schemaVersion: 1, partnerId: PARTNER_ID, partnerKind: 'CSP_DIRECT', customerTenantId: tenant, link: { kind: 'CSP_CONSENT_REQUEST', requestId }, acceptedBy: acceptor, delegatedAdminGranted: false, adminRoles: [], acceptedAt: now }, metadata }],
      { expectedRevision: relationshipRevision.get(worker) ?? 'no_stream' },
    );
    relationshipRevision.set(worker, outcome.nextExpectedRevision);
    return true;
  };
};

interface LedgerService extends ChildServer {
  /** The embedded node the service started, for the raw appends. */
  readonly storeConnectionString: string;
}

/** The service as `npm start` runs it, on the embedded store; resolves once it listens. */
const startLedgerService = async (dataDir: string): Promise<LedgerService> => {
  let storePort: string | undefined;
  const child = await startChildServer(
    join(here, '..', 'apps', 'ledger-api', 'src', 'main.js'),
    (line) => {
      if (line.includes('Embedded event store started')) storePort = /"port":(\d+)/.exec(line)?.[1];
      return /"url":"([^"]+)"/.exec(line)?.[1];
    },
    { PORT: '0', LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'info', EVENTSTORE_CONNECTION_STRING: undefined, PUBLIC_BASE_URL: 'http://localhost' },
  );
  if (storePort === undefined) {
    await child.stop();
    throw new Error('the service did not log the port of its embedded event store');
  }
  return { ...child, storeConnectionString: `esdb://admin:changeit@127.0.0.1:${storePort}?tls=false` };
};

/** The floor: the same flow on the least a service on this stack can do, with its own embedded node. */
const startFloorService = (dataDir: string): Promise<ChildServer> =>
  startChildServer(join(here, 'servers', 'minimal-consent-flow.js'), (line) => /^listening (\S+)/.exec(line)?.[1], {
    LEDGER_DATA_DIR: dataDir,
    FLOOR_PARTNER_ID: PARTNER_ID,
  });

const main = async (): Promise<void> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-commands-'));
  const api = await startLedgerService(dataDir);
  const floor = await startFloorService(dataDir);
  const floorClient = new JsonClient(floor.url, CONCURRENCY);
  const store = EsdbEventStore.connect(api.storeConnectionString);
  const client = new JsonClient(api.url, CONCURRENCY);
  try {
    const support = await mintLocalToken(dataDir, { sub: 'support', tid: 'operator', roles: ['support'] });
    const enrolled = await client.post(
      '/v1/partners',
      { authorization: `Bearer ${support}` },
      JSON.stringify({ partnerId: PARTNER_ID, name: 'Bench Partners', kind: 'CSP_DIRECT' }),
    );
    if (enrolled.status !== 201) throw new Error(`enrolment answered ${enrolled.status}`);
    const partnerToken = await mintLocalToken(dataDir, { sub: `app-${PARTNER_ID}`, tid: 'bench', roles: ['partner'], partnerId: PARTNER_ID }, '2h');
    const adminTokens = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, worker) => mintLocalToken(dataDir, adminClaims(`ga-${worker}`, tenantOf(worker), `t${worker}`), '2h')),
    );
    const newCustomers: string[] = [];
    for (let first = 0; first < NEW_CUSTOMERS_PER_SECOND * (WARM_UP_SECONDS + SECONDS); first += 100) {
      const flows = Array.from({ length: 100 }, (_, index) => first + index);
      newCustomers.push(...(await Promise.all(flows.map((flow) => mintLocalToken(dataDir, adminClaims(`ga-new-${flow}`, newCustomerTenantOf(flow), `n${flow}`), '2h')))));
    }
    const http = httpFlow(client, partnerToken, (worker) => adminTokens[worker]!);
    const httpNewCustomers = httpFlow(client, partnerToken, newCustomerTokens(newCustomers));
    const raw = rawFlow(store);

    const servicePid = api.process.pid!;
    await measure(WARM_UP_SECONDS, http, servicePid);
    await measure(WARM_UP_SECONDS, raw, servicePid);
    const rawResult = await measure(SECONDS, raw, servicePid);
    const httpResult = await measure(SECONDS, http, servicePid);
    await measure(WARM_UP_SECONDS, httpNewCustomers, servicePid);
    const newCustomersResult = await measure(SECONDS, httpNewCustomers, servicePid);
    const floorFlow = httpFlow(floorClient, partnerToken, (worker) => adminTokens[worker]!);
    await measure(WARM_UP_SECONDS, floorFlow, floor.process.pid!);
    const floorResult = await measure(SECONDS, floorFlow, floor.process.pid!);

    const rate = (result: Measured): number => result.flows / result.seconds;
    const row = (name: string, result: Measured) => ({
      path: name,
      'flows/s': rate(result),
      'events/s': 3 * rate(result),
      'p50 ms': percentile(result.latenciesMs, 0.5),
      'p99 ms': percentile(result.latenciesMs, 0.99),
      failures: result.failures,
      'service CPU ms/flow': result.serviceCpuMs / result.flows,
      'generator CPU ms/flow': result.generatorCpuMs / result.flows,
      'ratio to raw': rate(result) / rate(rawResult),
    });
    printTable(`Consent request + accept flows, concurrency ${CONCURRENCY}, ${SECONDS} s each, one embedded store`, [
      row('raw client appends (3 per flow)', rawResult),
      row('HTTP request + accept (CommandBus, deciders, chain)', httpResult),
      row('HTTP request + accept, a new customer each flow', newCustomersResult),
      row('floor: same HTTP flow, Fastify + jose + client only', floorResult),
    ]);
    const ratio = rate(httpResult) / rate(rawResult);
    const newCustomersRatio = rate(newCustomersResult) / rate(rawResult);
    const met = Math.min(ratio, newCustomersRatio) >= 0.5;
    console.log(`ratio ${ratio.toFixed(2)}, with a new customer each flow ${newCustomersRatio.toFixed(2)} (goal >= 0.5): ${met ? 'met' : 'NOT met'}`);
  } finally {
    client.close();
    floorClient.close();
    await store.dispose();
    await floor.stop();
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

await main();
