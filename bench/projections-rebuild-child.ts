/**
 * The rebuild side of `bench:projections`, in its own process as `npm run projections:rebuild` runs:
 * `node dist/bench/projections-rebuild-child.js read|rebuild <connectionString> [databasePath]`.
 * `read` reads all of `$all` through the port and does nothing with it (the ceiling); `rebuild` rebuilds
 * the read models into `databasePath` (reading on a thread of its own). Prints one JSON line:
 * `{ events, seconds, peakRssMiB, cpuMs }` (cpuMs: the whole process, every thread, start-up included).
 * `rebuild` runs under the rebuild's V8 flags, as the CLI does (relaunched with them: the figures are the relaunched process's).
 */
import { EsdbEventStore, type EventStoreLogger } from '@ledger/event-store';
import { rebuildReadModels, relaunchedWithRebuildFlags } from '@ledger/projections';
import { peakRssMiB } from './lib/memory.js';

const silent: EventStoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const main = async (): Promise<void> => {
  const [mode, connectionString, databasePath] = process.argv.slice(2);
  if ((mode !== 'read' && mode !== 'rebuild') || connectionString === undefined || (mode === 'rebuild' && databasePath === undefined)) {
    throw new Error('usage: projections-rebuild-child.js read|rebuild <connectionString> [databasePath]');
  }
  const store = EsdbEventStore.connect(connectionString, { logger: silent });
  try {
    const started = performance.now();
    let events = 0;
    if (mode === 'read') {
      for await (const _event of store.readAll({ batchSize: 10_000 })) events += 1;
    } else {
      events = (await rebuildReadModels({ eventStore: store, connectionString, databasePath: databasePath! })).events;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ events, seconds, peakRssMiB: peakRssMiB(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  } finally {
    await store.dispose();
  }
};

if (process.argv[2] !== 'rebuild' || !relaunchedWithRebuildFlags()) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
