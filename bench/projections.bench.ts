/**
 * `npm run bench:projections`: writes a realistic ledger into the embedded store (partners of every kind,
 * customers with consents, DAP removals, OEM revocations), then measures in one run: rebuild events/s and
 * peak RSS; "Validate device submission data" requests/s and p99 at concurrency 32 beside the bare endpoint
 * (/health/live), alternating, the service in a process of its own as `npm start` runs it, with its CPU per request,
 * then the same two requests on the floor (bench/servers/minimal-validate.ts: Fastify and jose alone); a
 * 10,000-row device file (rows/s); write-to-visible in the read model p50/p99.
 * The rebuild runs in a process of its own (as the CLI does) beside its ceiling: the same client reading as
 * many events of the same size from the do-nothing node. The ledger is written through the port
 * (bench/lib/ledger-generator.ts): multi-event appends, 128 customers in flight.
 * Scale: BENCH_CUSTOMERS (default 200,000 as issue 12 says, ~1,000,000 events); BENCH_PARTNERS (default 1,000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PARTNER_CENTER_HEADER, validateDeviceCsv } from '@ledger/device-submissions';
import { startDoNothingNode, startEmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger } from '@ledger/event-store';
import { ledgerEvents as ev } from '@ledger/projections';
import { createLedgerApi } from '../apps/ledger-api/src/create-ledger-api.js';
import { mintLocalToken } from '../apps/ledger-api/src/identity/index.js';
import { ReadModels } from '../apps/ledger-api/src/read-models/read-models.service.js';
import { startChildServer, type ChildServer } from './lib/child-server.js';
import { cpuTimeMs } from './lib/cpu-time.js';
import { httpLoad, type HttpLoadOptions, type HttpLoadResult } from './lib/http-load.js';
import { appendLedgerEvents, benchTenant as tenant, customerHistory, writeBenchLedger } from './lib/ledger-generator.js';
import { printTable } from './lib/table.js';

const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 200_000);
const PARTNERS = Number(process.env['BENCH_PARTNERS'] ?? 1_000);
const LOAD_SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 10);
const run = promisify(execFile);
const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

interface ChildRun {
  readonly events: number;
  readonly seconds: number;
  readonly peakRssMiB: number;
  /** CPU time of the child process, all its threads. */
  readonly cpuMs: number;
}

/** Reads (`read`) or rebuilds from (`rebuild`) a store in a process of its own, as the rebuild CLI runs. */
const inChildProcess = async (mode: 'read' | 'rebuild', connectionString: string, databasePath?: string): Promise<ChildRun> => {
  const script = fileURLToPath(new URL('./projections-rebuild-child.js', import.meta.url));
  const { stdout } = await run(process.execPath, [script, mode, connectionString, ...(databasePath === undefined ? [] : [databasePath])], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as ChildRun;
};

/** The mean size of a customer's event data, so that the ceiling reads events of the same size. */
const meanEventBytes = (): number => {
  const sample = Array.from({ length: 1_000 }, (_, c) => customerHistory(c, PARTNERS)).flat();
  return Math.round(sample.reduce((sum, event) => sum + JSON.stringify(event.data).length, 0) / sample.length);
};

/**
 * The service as `npm start` runs it (its own process, LOG_LEVEL=info: an access line per validate call), on
 * the bench's store; resolves once `/health/ready` says its projections have caught up and its audit index has
 * reached `lastPosition` too (readiness does not wait for the index: without this the index's catch-up of the
 * whole ledger would run during the first load rounds, in the same process).
 */
const startServiceProcess = async (dataDir: string, connectionString: string, lastPosition: bigint): Promise<ChildServer> => {
  const main = fileURLToPath(new URL('../apps/ledger-api/src/main.js', import.meta.url));
  const service = await startChildServer(main, (line) => /"url":"([^"]+)"/.exec(line)?.[1], {
    PORT: '0',
    HOST: '127.0.0.1',
    LEDGER_DATA_DIR: dataDir,
    EVENTSTORE_CONNECTION_STRING: connectionString,
    LOG_LEVEL: 'info',
  });
  while ((await fetch(`${service.url}/health/ready`).then(async (answer) => (await answer.arrayBuffer(), answer.status))) !== 200) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // An index-backed route with read-your-writes answers 503 until the index has reached the position (3 s each try).
  const auditor = await mintLocalToken(dataDir, { sub: 'bench-auditor', tid: 'ops', roles: ['auditor'] });
  const indexed = `${service.url}/v1/audit/checkpoints/latest?minPosition=${lastPosition}`;
  while ((await fetch(indexed, { headers: { authorization: `Bearer ${auditor}` } }).then(async (answer) => (await answer.arrayBuffer(), answer.status))) === 503) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return service;
};

type Load = HttpLoadResult & { cpuMicrosPerRequest: number };

/** Load from this process on the service's process, with the CPU the service spent per request. */
const loadOn = async (service: ChildServer, options: HttpLoadOptions): Promise<Load> => {
  const before = cpuTimeMs(service.process.pid!);
  const result = await httpLoad(options);
  return { ...result, cpuMicrosPerRequest: ((cpuTimeMs(service.process.pid!) - before) * 1000) / result.requests };
};

/** Alternating rounds (bare, validate, bare, ...), LOAD_SECONDS per route in all: the machine's other load falls on both alike. */
const LOAD_ROUNDS = 2;

/** The rounds of one route as one run: requests summed, rates averaged, p50/p99 the worst round's. */
const combined = (rounds: readonly Load[]): Load => {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  return {
    requests,
    requestsPerSecond: rounds.reduce((sum, round) => sum + round.requestsPerSecond, 0) / rounds.length,
    p50Ms: Math.max(...rounds.map((round) => round.p50Ms)),
    p99Ms: Math.max(...rounds.map((round) => round.p99Ms)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    cpuMicrosPerRequest: rounds.reduce((sum, round) => sum + round.cpuMicrosPerRequest * round.requests, 0) / requests,
  };
};

/**
 * LOAD_ROUNDS rounds of the bare endpoint then validate on `server` (each load's `url` is a path on it), combined
 * per route; the server is stopped afterwards.
 */
const alternating = async (server: ChildServer, bareLoad: HttpLoadOptions, validateLoad: HttpLoadOptions): Promise<{ bare: Load; validate: Load }> => {
  const bareRounds: Load[] = [];
  const validateRounds: Load[] = [];
  try {
    for (let round = 0; round < LOAD_ROUNDS; round += 1) {
      bareRounds.push(await loadOn(server, { ...bareLoad, url: `${server.url}${bareLoad.url}` }));
      validateRounds.push(await loadOn(server, { ...validateLoad, url: `${server.url}${validateLoad.url}` }));
    }
  } finally {
    await server.stop();
  }
  return { bare: combined(bareRounds), validate: combined(validateRounds) };
};

const main = async (): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-projections-'));
  const node = await startEmbeddedNode({ dataDir: join(dir, 'store'), port: 0 });
  const store = EsdbEventStore.connect(node.connectionString, { logger: silent });
  try {
    // 1. the ledger
    const ledger = await writeBenchLedger(store, { partners: PARTNERS, customers: CUSTOMERS }, (events) =>
      process.stderr.write(`\rledger: ${events.toLocaleString('en-US')} events`),
    );
    const written = ledger.events;
    console.log(
      `\nledger: ${written} events (${ledger.appends} appends) for ${CUSTOMERS} customers and ${PARTNERS} partners ` +
        `written in ${ledger.seconds.toFixed(0)}s (${Math.round(written / ledger.seconds)} events/s)`,
    );

    // 2. rebuild, in a process of its own as `npm run projections:rebuild` runs (the store's node serves it
    // from this process, as a separate server would); its ceiling: the same number of events, of the same
    // size, read through the same client and port from the do-nothing node, doing nothing with them.
    const nothing = await startDoNothingNode({ syntheticEvents: written, eventSize: meanEventBytes(), port: 0 });
    const ceiling = await inChildProcess('read', nothing.connectionString).finally(() => nothing.stop());
    const read = await inChildProcess('read', node.connectionString);
    const nodeCpuBefore = cpuTimeMs();
    const rebuilt = await inChildProcess('rebuild', node.connectionString, join(dir, 'rebuilt.sqlite'));
    const nodeCpuPerEvent = ((cpuTimeMs() - nodeCpuBefore) * 1000) / rebuilt.events;
    const rate = (child: ChildRun): number => child.events / child.seconds;
    const cpuPerEvent = (child: ChildRun): number => (child.cpuMs * 1000) / child.events;

    // 3. the service on the same store, in a process of its own (the load generator must not share its CPU):
    // validate beside the bare endpoint, each with the service's CPU per request.
    const serviceDir = join(dir, 'service');
    const service = await startServiceProcess(serviceDir, node.connectionString, ledger.lastPosition);
    const token = await mintLocalToken(serviceDir, { sub: 'app-P0', tid: 'ops', roles: ['partner'], partnerId: 'P0' });
    const bareLoad: HttpLoadOptions = { url: '/health/live', connections: 32, durationSeconds: LOAD_SECONDS / LOAD_ROUNDS };
    const validateLoad: HttpLoadOptions = {
      url: '/v1/device-submissions/validate',
      method: 'POST',
      connections: 32,
      durationSeconds: LOAD_SECONDS / LOAD_ROUNDS,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customerTenantId: tenant(PARTNERS), channel: 'PARTNER_CENTER_API' }),
    };
    const { bare, validate } = await alternating(service, bareLoad, validateLoad);

    // The same two requests on the floor (bench/servers/minimal-validate.ts: Fastify and jose alone), alternating
    // likewise: the ratio between them that the stack itself allows.
    const floor = await startChildServer(fileURLToPath(new URL('./servers/minimal-validate.js', import.meta.url)), (line) => /^listening (\S+)/.exec(line)?.[1], {
      LEDGER_DATA_DIR: serviceDir,
    });
    const { bare: floorBare, validate: floorValidate } = await alternating(floor, bareLoad, validateLoad);

    // The same service in this process (resuming from its checkpoint) for write-to-visible.
    const api = await createLedgerApi({
      environment: { PORT: '0', HOST: '127.0.0.1', LEDGER_DATA_DIR: serviceDir, EVENTSTORE_CONNECTION_STRING: node.connectionString, LOG_LEVEL: 'silent' },
    });
    try {
      const readModels = api.app.get(ReadModels);
      while (!readModels.status().caughtUp) await new Promise((resolve) => setTimeout(resolve, 200));

      // 4. a 10,000-row device file
      const rows = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? `,,${'A'.repeat(4000)}${String(i).padStart(8, '0')},,` : `SN${i},,,Contoso,Laptop 7`));
      const file = `${PARTNER_CENTER_HEADER}\n${rows.join('\n')}\n`;
      const fileStart = performance.now();
      const verdict = await validateDeviceCsv(Readable.from([Buffer.from(file)]));
      const fileRate = verdict.rows.length / ((performance.now() - fileStart) / 1000);

      // 5. write to visible: from the append's start until this instance's read models include it
      const acknowledged: number[] = [];
      const visible: number[] = [];
      const projected: number[] = [];
      for (let i = 0; i < 300; i += 1) {
        const started = performance.now();
        const { position } = await appendLedgerEvents(store, [ev.cspConsentAccepted(`W${i}`, 'P0', tenant(CUSTOMERS + i))]);
        acknowledged.push(performance.now() - started);
        await readModels.waitForPosition(position, 5_000);
        visible.push(performance.now() - started);
        projected.push(visible.at(-1)! - acknowledged.at(-1)!);
      }

      printTable(`Projections (${written.toLocaleString('en-US')} events, ${CUSTOMERS.toLocaleString('en-US')} customers, ${PARTNERS} partners)`, [
        { measure: 'ledger generation (through the port)', value: written / ledger.seconds, unit: 'events/s', goal: '' },
        { measure: 'read $all, do-nothing node (ceiling)', value: rate(ceiling), unit: 'events/s', goal: '' },
        { measure: 'read $all, embedded node', value: rate(read), unit: 'events/s', goal: '' },
        { measure: 'rebuild', value: rate(rebuilt), unit: 'events/s', goal: '>= 50,000' },
        { measure: 'rebuild / ceiling', value: rate(rebuilt) / rate(ceiling), unit: 'ratio', goal: '' },
        { measure: 'rebuild peak RSS (its process)', value: rebuilt.peakRssMiB, unit: 'MiB', goal: '< 512' },
        { measure: 'ceiling read CPU per event (its process)', value: cpuPerEvent(ceiling), unit: 'µs', goal: '' },
        { measure: 'rebuild CPU per event (its process, all threads)', value: cpuPerEvent(rebuilt), unit: 'µs', goal: '' },
        { measure: 'store node CPU per event during the rebuild', value: nodeCpuPerEvent, unit: 'µs', goal: '' },
        { measure: 'bare endpoint (/health/live), c=32', value: bare.requestsPerSecond, unit: 'req/s', goal: '' },
        { measure: 'validate, c=32', value: validate.requestsPerSecond, unit: 'req/s', goal: '' },
        { measure: 'validate / bare', value: validate.requestsPerSecond / bare.requestsPerSecond, unit: 'ratio', goal: '>= 0.7' },
        { measure: 'bare endpoint p99 (worst round)', value: bare.p99Ms, unit: 'ms', goal: '' },
        { measure: 'validate p99 (worst round)', value: validate.p99Ms, unit: 'ms', goal: '< 5' },
        { measure: 'bare endpoint, service CPU per request', value: bare.cpuMicrosPerRequest, unit: 'µs', goal: '' },
        { measure: 'validate, service CPU per request', value: validate.cpuMicrosPerRequest, unit: 'µs', goal: '' },
        { measure: 'bare / validate CPU per request', value: bare.cpuMicrosPerRequest / validate.cpuMicrosPerRequest, unit: 'ratio', goal: '' },
        { measure: 'validate errors + non-2xx', value: validate.errors + validate.non2xx, unit: 'count', goal: '0' },
        { measure: 'floor (Fastify + jose): bare endpoint, c=32', value: floorBare.requestsPerSecond, unit: 'req/s', goal: '' },
        { measure: 'floor (Fastify + jose): validate, c=32', value: floorValidate.requestsPerSecond, unit: 'req/s', goal: '' },
        { measure: 'floor: validate / bare', value: floorValidate.requestsPerSecond / floorBare.requestsPerSecond, unit: 'ratio', goal: '' },
        { measure: 'floor: bare / validate CPU per request', value: floorBare.cpuMicrosPerRequest / floorValidate.cpuMicrosPerRequest, unit: 'ratio', goal: '' },
        { measure: 'floor validate errors + non-2xx', value: floorValidate.errors + floorValidate.non2xx, unit: 'count', goal: '0' },
        { measure: '10,000-row device file', value: fileRate, unit: 'rows/s', goal: '' },
        { measure: 'append acknowledged p50', value: percentile(acknowledged, 0.5), unit: 'ms', goal: '' },
        { measure: 'append acknowledged p99', value: percentile(acknowledged, 0.99), unit: 'ms', goal: '' },
        { measure: 'write to visible p50', value: percentile(visible, 0.5), unit: 'ms', goal: '' },
        { measure: 'write to visible p99', value: percentile(visible, 0.99), unit: 'ms', goal: '< 20' },
        { measure: 'acknowledged to visible p50', value: percentile(projected, 0.5), unit: 'ms', goal: '' },
        { measure: 'acknowledged to visible p99', value: percentile(projected, 0.99), unit: 'ms', goal: '' },
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
