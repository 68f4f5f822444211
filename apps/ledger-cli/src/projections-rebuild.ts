/**
 * `npm run projections:rebuild`: rebuilds this instance's read models (`LEDGER_DATA_DIR/read-models.sqlite`)
 * from `$all` position 0, with a progress bar (events/s, position, ETA). Reads the store of
 * `EVENTSTORE_CONNECTION_STRING`, or, unset, opens the embedded store under `LEDGER_DATA_DIR/store`
 * (stop the service first: it holds that store). The old read models stay in place until the new ones are complete.
 * `$all` is read and decoded on a thread of its own while this one folds and writes. Runs under the rebuild's
 * V8 flags (`REBUILD_NODE_FLAGS`): started without them, it starts itself again with them.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATABASE_FILE, startEmbeddedNodeInWorker, type EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore, type EventStoreLogger } from '@ledger/event-store';
import { lockLedgerDataDir } from '../../ledger-api/src/config/ledger-data-dir-lock.js';
import { READ_MODELS_FILE, existingCheckpoint, rebuildReadModels, relaunchedWithRebuildFlags, type RebuildProgress } from '@ledger/projections';

const quiet: EventStoreLogger = {
  info: () => undefined,
  warn: (context, message) => process.stderr.write(`\n${message} ${JSON.stringify(context)}\n`),
  error: (context, message) => process.stderr.write(`\n${message} ${JSON.stringify(context)}\n`),
};

const BAR_WIDTH = 30;

/** One line of progress; the ETA uses the previous read models' position as the ledger's end, when known. */
export const progressLine = (progress: RebuildProgress, end: bigint | undefined): string => {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? progress.events / seconds : 0;
  const position = progress.position ?? 0n;
  const share = end !== undefined && end > 0n ? Math.min(1, Number(position) / Number(end)) : undefined;
  const filled = share === undefined ? 0 : Math.round(share * BAR_WIDTH);
  const bar = share === undefined ? '?'.repeat(BAR_WIDTH) : `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const eta = share === undefined || share === 0 ? '?' : `${Math.max(0, Math.round(seconds / share - seconds))}s`;
  return `[${bar}] ${progress.events.toLocaleString('en-US')} events  ${Math.round(rate).toLocaleString('en-US')} events/s  position ${position}  ETA ${eta}`;
};

const main = async (): Promise<void> => {
  // As the service reads it: an empty or blank LEDGER_DATA_DIR is unset.
  const dataDir = process.env['LEDGER_DATA_DIR']?.trim() || './data';
  const databasePath = resolve(join(dataDir, READ_MODELS_FILE));
  const configured = process.env['EVENTSTORE_CONNECTION_STRING'];
  const embedded = configured === undefined || configured === '';
  // A node opening a missing database creates an empty one: a mistyped directory would "rebuild" from nothing.
  const database = resolve(join(dataDir, 'store', DATABASE_FILE));
  if (embedded && !existsSync(database)) {
    process.stderr.write(`LEDGER_DATA_DIR=${dataDir}: there is no event store there (no ${database}); nothing rebuilt\n`);
    process.exitCode = 2;
    return;
  }
  // The service writes these read models while it runs: refused (exit 1, naming the lock) until it stops. Released
  // below, or by the process's end whatever happens.
  const dataDirLock = lockLedgerDataDir(dataDir);
  // On a thread of its own, as the service runs it: serving `$all` does not wait for the fold.
  const node: EmbeddedNode | undefined = embedded
    ? await startEmbeddedNodeInWorker({ dataDir: resolve(join(dataDir, 'store')), host: '127.0.0.1', port: 0 })
    : undefined;
  const connectionString = configured || node!.connectionString;
  const eventStore = EsdbEventStore.connect(connectionString, { logger: quiet });
  const end = existingCheckpoint(databasePath);
  const interactive = process.stderr.isTTY === true;
  try {
    const outcome = await rebuildReadModels({
      eventStore,
      connectionString,
      databasePath,
      onProgress: (progress) => process.stderr.write(`${interactive ? '\r' : ''}${progressLine(progress, end)}${interactive ? '' : '\n'}`),
    });
    const seconds = outcome.elapsedMs / 1000;
    process.stderr.write('\n');
    process.stdout.write(
      `Rebuilt ${databasePath}: ${outcome.events} events up to position ${outcome.position ?? 'none'} in ${seconds.toFixed(1)}s ` +
        `(${Math.round(outcome.events / Math.max(seconds, 0.001))} events/s)\n`,
    );
  } finally {
    await eventStore.dispose();
    await node?.stop();
    dataDirLock.release();
  }
};

const USAGE = `usage: npm run projections:rebuild
  Rebuilds LEDGER_DATA_DIR/read-models.sqlite from the whole ledger: the store of EVENTSTORE_CONNECTION_STRING, or
  the embedded store in LEDGER_DATA_DIR/store (with the service stopped). Takes no arguments.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
} else if (args.length > 0) {
  process.stderr.write(`unexpected argument ${args[0]}\n${USAGE}\n`);
  process.exitCode = 2;
} else if (!relaunchedWithRebuildFlags()) {
  main().catch((error: unknown) => {
    process.stderr.write(`\nprojections:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
