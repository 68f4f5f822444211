/**
 * `npm run store -- --port 2113 --data-dir ./data/store`: runs the embedded EventStoreDB-compatible
 * node on its own. Prints one line about where it listens, then the connection string alone on the
 * last line once it accepts calls. SIGTERM / SIGINT: stops taking calls, finishes the commits in
 * flight, closes the database, exits 0. Start-up failures (a damaged database) exit 1 with the report.
 */
import { startEmbeddedNode, type EmbeddedNodeOptions } from '@ledger/esdb-node';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const STORE_USAGE = `usage: npm run store -- [options]
  --port <n>             port to listen on (default 2113; 0 = any free port)
  --host <address>       address to listen on (default 127.0.0.1)
  --data-dir <dir>       database folder (default ./data/store)
  --username <name>      the node's user (default admin, or $ESDB_NODE_USERNAME)
  --password <secret>    its password (default changeit, or $ESDB_NODE_PASSWORD)
  --tls-cert <file>      PEM certificate: serve TLS (with --tls-key)
  --tls-key <file>       PEM private key
  --max-append-size <n>  bytes per append (default 1048576)`;

export function parseStoreArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): EmbeddedNodeOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: './data/store' },
      username: { type: 'string' },
      password: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'max-append-size': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: ${values.port}`);
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  const maxAppendSize = values['max-append-size'] === undefined ? undefined : Number(values['max-append-size']);
  if (maxAppendSize !== undefined && (!Number.isInteger(maxAppendSize) || maxAppendSize <= 0)) {
    throw new UsageError(`--max-append-size: not a positive integer: ${values['max-append-size']}`);
  }
  return {
    dataDir: values['data-dir']!,
    host: values.host!,
    port,
    credentials: {
      username: values.username ?? env['ESDB_NODE_USERNAME'] ?? 'admin',
      password: values.password ?? env['ESDB_NODE_PASSWORD'] ?? 'changeit',
    },
    tls: values['tls-cert'] ? { certFile: values['tls-cert'], keyFile: values['tls-key']! } : undefined,
    maxAppendSize,
  };
}

export class UsageError extends Error {}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(STORE_USAGE);
    return;
  }
  let options: EmbeddedNodeOptions;
  try {
    options = parseStoreArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof Error && error.message) console.error(error.message);
    console.error(STORE_USAGE);
    process.exit(2);
  }
  let node;
  try {
    node = await startEmbeddedNode(options);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  console.log(`Embedded EventStoreDB node listening on ${options.host}:${node.port}, data in ${options.dataDir}`);
  console.log(node.connectionString);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping the node`);
    node.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
