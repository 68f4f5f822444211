/**
 * A node for the store benchmark, in its own process (as a separate server would be):
 * `node dist/bench/store-node.js embedded|embedded-on-loop <dataDir>` or `node dist/bench/store-node.js do-nothing <syntheticEvents>`.
 * Prints the connection string, then serves until SIGTERM.
 */
import { startDoNothingNode, startEmbeddedNode } from '../libs/esdb-node/src/index.js';
import { startNodeOn } from '../libs/esdb-node/src/node.js';
import { SqliteEventLog } from '../libs/esdb-node/src/storage/sqlite-event-log.js';

async function main(): Promise<void> {
  const [kind, arg] = process.argv.slice(2);
  const node =
    kind === 'embedded'
      ? await startEmbeddedNode({ dataDir: arg! })
      : kind === 'embedded-on-loop'
        ? // The alternative measured against: the same storage with SQLite on the event loop.
          await startNodeOn(SqliteEventLog.open({ dataDir: arg! }), {})
        : await startDoNothingNode({ syntheticEvents: Number(arg ?? 0) });
  console.log(node.connectionString);
  process.on('SIGTERM', () => void node.stop().then(() => process.exit(0)));
}

void main();
