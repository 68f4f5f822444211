import { isDeepStrictEqual } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { isLedgerEventType } from '@ledger/consent-domain';
import { CommittingFollower, EsdbEventStore, FanOutStore, widenHttp2ReceiveWindows, type EventStoreLogger } from '@ledger/event-store';
import { verifyCheckpoint } from '@ledger/ledger-proofs';
import { ReadModelProjection } from '@ledger/projections';
import { LedgerIndex } from '../audit/ledger-index/ledger-index.js';
import { ledgerIndexBatches } from '../audit/ledger-index/ledger-index-batches.js';
import type { FollowingProgress, FromFollowers, LedgerFollowersData, LogLevel, ToFollowers } from './ledger-followers-protocol.js';

// The read models and the audit index, kept up with `$all` on a thread of their own (see `LedgerFollowers`): one
// subscription, one client, their SQLite writes and fsyncs, none of it on the API's event loop.

/** How often the thread tells the API how following goes (readiness), when it changed. */
const PROGRESS_EVERY_MS = 100;
/** Events handed to the stores before a commit is forced while catching up. */
const MAX_BATCH_EVENTS = 5_000;
/**
 * What this thread's HTTP/2 sessions take unread from the store: 1 MiB rather than HTTP/2's 64 KiB, so that while it
 * catches up (a long history, or read models rebuilt after a new READ_MODEL_VERSION) the store keeps streaming while
 * this thread folds, as the rebuild's reader does.
 */
const RECEIVE_WINDOW_BYTES = 1024 * 1024;

const port = parentPort!;
const data = workerData as LedgerFollowersData;
const post = (message: FromFollowers): void => port.postMessage(message);

/** Log context as plain data (an `Error` keeps its name, message and stack). */
const plain = (context: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(context).map(([key, value]) => [key, value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value]),
  );
const logAt =
  (level: LogLevel) =>
  (context: object, message: string): void =>
    post({ type: 'log', level, context: plain(context), message });
const logger: EventStoreLogger = { info: logAt('info'), warn: logAt('warn'), error: logAt('error') };

try {
  widenHttp2ReceiveWindows(RECEIVE_WINDOW_BYTES);
  const readModels = new ReadModelProjection(data.readModelsPath, (commit) => post({ type: 'read-models-committed', commit }));
  const keys = data.checkpointKeys;
  const index = LedgerIndex.open(data.indexPath, keys === undefined ? undefined : (checkpoint) => verifyCheckpoint(checkpoint, keys).ok);
  const eventStore = EsdbEventStore.connect(data.connectionString, { logger });
  const follower = new CommittingFollower({
    eventStore,
    name: 'ledger-followers',
    store: new FanOutStore(
      [
        // The read models fold the ledger's own events; the index records every event (its chain covers all streams).
        { store: readModels, accepts: (event) => isLedgerEventType(event.type) },
        { store: ledgerIndexBatches(index, (commit) => post({ type: 'index-committed', commit })) },
      ],
      (position) => post({ type: 'followed-through', position }),
    ),
    logger,
    maxBatchEvents: MAX_BATCH_EVENTS,
    ...(data.liveCommitIntervalMs === undefined ? {} : { liveCommitIntervalMs: data.liveCommitIntervalMs }),
  });

  let reported: FollowingProgress | undefined;
  const report = (): void => {
    const progress: FollowingProgress = {
      subscription: follower.subscriptionStatus(),
      caughtUp: follower.caughtUp,
      uncommittedEvents: follower.uncommittedEvents,
      commitFailure: follower.commitFailure,
    };
    if (reported !== undefined && isDeepStrictEqual(progress, reported)) return;
    reported = progress;
    post({ type: 'progress', progress });
  };
  const reporting = setInterval(report, PROGRESS_EVERY_MS);

  port.on('message', (message: ToFollowers) => {
    if (message.type !== 'stop') return;
    void (async () => {
      clearInterval(reporting);
      await follower.stop();
      report();
      readModels.close();
      index.close();
      await eventStore.dispose();
      // Everything is closed: end the thread rather than wait for a library's idle handle.
      process.exit(0);
    })();
  });

  post({
    type: 'ready',
    start: {
      readModels: { position: readModels.committedPosition, events: readModels.committedEvents },
      index: { leafCount: index.leafCount, position: index.position },
    },
  });
  follower.start();
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
