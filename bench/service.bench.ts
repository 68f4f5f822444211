import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer } from './lib/child-server.js';
import { httpLoad, type HttpLoadResult } from './lib/http-load.js';
import { printTable } from './lib/table.js';

// bench:service — the HTTP baseline every later HTTP benchmark is measured against: the ledger service's bare
// endpoint (Nest 12 on Fastify with its request-id logging, guards and problem+json filter all on) beside the
// same route on plain Fastify, driven alike from this process at concurrency 32, in one run.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const here = dirname(fileURLToPath(import.meta.url));

const measure = async (url: string): Promise<HttpLoadResult> => {
  await httpLoad({ url, connections: CONNECTIONS, durationSeconds: 2 }); // warm-up: JIT, connections
  return httpLoad({ url, connections: CONNECTIONS, durationSeconds: SECONDS });
};

const dataDir = mkdtempSync(join(tmpdir(), 'bench-service-'));
try {
  const fastify = await startChildServer(join(here, 'servers', 'plain-fastify.js'), (line) =>
    line.startsWith('listening ') ? line.slice('listening '.length) : undefined,
  );
  const plain = await measure(`${fastify.url}/health/live`);
  await fastify.stop();

  const ledger = await startChildServer(
    join(here, '..', 'apps', 'ledger-api', 'src', 'main.js'),
    (line) => /"url":"([^"]+)"/.exec(line)?.[1],
    { PORT: '0', LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
  );
  const nest = await measure(`${ledger.url}/health/live`);
  await ledger.stop();

  const row = (name: string, result: HttpLoadResult) => ({
    server: name,
    'req/s': result.requestsPerSecond,
    'p50 ms': result.p50Ms,
    'p99 ms': result.p99Ms,
    errors: result.errors + result.non2xx,
    'ratio to Fastify': result.requestsPerSecond / plain.requestsPerSecond,
  });
  printTable(`bench:service — GET /health/live, ${CONNECTIONS} connections, ${SECONDS} s each (goal: ledger >= 0.7x)`, [
    row('plain Fastify', plain),
    row('ledger service (Nest, logs, filters, guards)', nest),
  ]);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
