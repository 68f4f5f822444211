import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer, type ChildServer } from './lib/child-server.js';
import { cpuTimeMs } from './lib/cpu-time.js';
import { httpLoad, type HttpLoadResult } from './lib/http-load.js';
import { printTable } from './lib/table.js';

// bench:service — the HTTP baseline every later HTTP benchmark is measured against: the ledger service's bare
// endpoint (Nest 12 on Fastify with its request-id logging, guards and problem+json filter all on) beside the
// same route on plain Fastify, each server in its own process, driven alike from this process at concurrency 32.
// The two take turns (BENCH_ROUNDS rounds of BENCH_SECONDS each), so that load from elsewhere on the machine falls
// on both alike; the table gives each server's median round, and its CPU time per request, which such load
// disturbs far less than rates.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const here = dirname(fileURLToPath(import.meta.url));

interface Round extends HttpLoadResult {
  /** CPU time (user + system) the server's process spent per request answered, in µs. */
  readonly cpuMicrosPerRequest: number;
}

const measure = async (server: ChildServer): Promise<Round> => {
  const before = cpuTimeMs(server.process.pid!);
  const result = await httpLoad({ url: `${server.url}/health/live`, connections: CONNECTIONS, durationSeconds: SECONDS });
  const requests = result.requestsPerSecond * SECONDS;
  return { ...result, cpuMicrosPerRequest: ((cpuTimeMs(server.process.pid!) - before) * 1000) / requests };
};

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const dataDir = mkdtempSync(join(tmpdir(), 'bench-service-'));
const servers: ChildServer[] = [];
try {
  const fastify = await startChildServer(join(here, 'servers', 'plain-fastify.js'), (line) =>
    line.startsWith('listening ') ? line.slice('listening '.length) : undefined,
  );
  servers.push(fastify);
  const ledger = await startChildServer(
    join(here, '..', 'apps', 'ledger-api', 'src', 'main.js'),
    (line) => /"url":"([^"]+)"/.exec(line)?.[1],
    { PORT: '0', LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
  );
  servers.push(ledger);
  for (const server of servers) {
    await httpLoad({ url: `${server.url}/health/live`, connections: CONNECTIONS, durationSeconds: 2 }); // warm-up: JIT, connections
  }
  const plainRounds: Round[] = [];
  const ledgerRounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    plainRounds.push(await measure(fastify));
    ledgerRounds.push(await measure(ledger));
  }

  const plainRate = median(plainRounds.map((result) => result.requestsPerSecond));
  const plainCpu = median(plainRounds.map((result) => result.cpuMicrosPerRequest));
  const row = (name: string, rounds: readonly Round[]) => ({
    server: name,
    'req/s': median(rounds.map((result) => result.requestsPerSecond)),
    'p50 ms': median(rounds.map((result) => result.p50Ms)),
    'p99 ms': median(rounds.map((result) => result.p99Ms)),
    errors: rounds.reduce((sum, result) => sum + result.errors + result.non2xx, 0),
    'CPU µs/req': median(rounds.map((result) => result.cpuMicrosPerRequest)),
    'ratio to Fastify': median(rounds.map((result) => result.requestsPerSecond)) / plainRate,
    'CPU ratio': plainCpu / median(rounds.map((result) => result.cpuMicrosPerRequest)),
  });
  printTable(
    `bench:service — GET /health/live, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s (goal: ledger >= 0.7x)`,
    [row('plain Fastify', plainRounds), row('ledger service (Nest, logs, filters, guards)', ledgerRounds)],
  );
  console.log(`rounds, req/s: plain ${plainRounds.map((r) => Math.round(r.requestsPerSecond)).join(' ')}; ledger ${ledgerRounds.map((r) => Math.round(r.requestsPerSecond)).join(' ')}`);
} finally {
  for (const server of servers.reverse()) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
