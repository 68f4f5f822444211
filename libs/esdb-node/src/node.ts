import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { appendHandler } from './append/append.js';
import { batchAppendHandler } from './append/batch-append.js';
import { Authenticator, type NodeCredentials } from './auth/authenticator.js';
import { deleteHandler, tombstoneHandler } from './delete/delete.js';
import { compileEventFilter, InvalidEventFilterError } from './filter/index.js';
import { invalidArgument } from './grpc/errors.js';
import { ServerFeaturesService } from './grpc/proto.js';
import { NodeStreamsService, type ReadCall } from './grpc/streams-service.js';
import type { NodeContext } from './node-context.js';
import { readHandler } from './read/read.js';
import { getSupportedMethodsHandler } from './server-features/server-features.js';
import type { NodeStore } from './storage/node-store.js';
import { SqliteNodeStore } from './storage/sqlite-node-store.js';
import { serveSubscription } from './subscriptions/index.js';

export interface EmbeddedNodeOptions {
  /** Folder of the SQLite database (`events.db`); created when absent. */
  dataDir: string;
  /** Default 127.0.0.1 (loopback). */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default admin / changeit, as EventStoreDB. */
  credentials?: NodeCredentials;
  /** PEM files; without them the node speaks plaintext (`tls=false`). */
  tls?: { certFile: string; keyFile: string };
  /** Bytes per append; default 1 MiB, as EventStoreDB. */
  maxAppendSize?: number;
  /** SQLite `max_page_count` (4 KiB pages): caps the database size (used to test a full disk). */
  maxPageCount?: number;
}

export interface EmbeddedNode {
  /** For `EventStoreDBClient.connectionString(...)`. */
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

/** The embedded node plus its storage knobs (size limit), for tests and operations. */
export interface EmbeddedNodeHandle extends EmbeddedNode {
  setMaxPageCount(pages: number): void;
}

export const DEFAULT_CREDENTIALS: NodeCredentials = { username: 'admin', password: 'changeit' };
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;

/** gRPC server settings shared by the real and the do-nothing node. */
export const SERVER_OPTIONS = {
  // Room above the append limit so an oversized append gets EventStoreDB's error, not a transport one.
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
  'grpc.max_send_message_length': 64 * 1024 * 1024,
  // The client pings every 10 s by default; let it.
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 5_000,
};

/** Registers the EventStoreDB services of a node on a gRPC server. */
export function addNodeServices(server: Server, ctx: NodeContext): void {
  server.addService(NodeStreamsService, {
    read: readHandler(ctx),
    append: appendHandler(ctx),
    delete: deleteHandler(ctx),
    tombstone: tombstoneHandler(ctx),
    batchAppend: batchAppendHandler(ctx),
  });
  server.addService(ServerFeaturesService, { getSupportedMethods: getSupportedMethodsHandler() });
}

/** Binds, and gives back the port and the connection string the client needs. */
export async function listen(
  server: Server,
  options: Pick<EmbeddedNodeOptions, 'host' | 'port' | 'tls' | 'credentials'>,
): Promise<{ port: number; connectionString: string }> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const serverCredentials = options.tls
    ? ServerCredentials.createSsl(
        null,
        [{ cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) }],
        false,
      )
    : ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolvePort, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, serverCredentials, (error, bound) =>
      error ? reject(error) : resolvePort(bound),
    ),
  );
  const user = `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}`;
  const query = options.tls ? `tls=true&tlsCAFile=${resolve(options.tls.certFile)}` : 'tls=false';
  return { port, connectionString: `esdb://${user}@${host}:${port}?${query}` };
}

/** Stops taking calls, lets running ones finish for a moment, then cancels the rest (subscriptions). */
export async function shutdown(server: Server, graceMs = 1_000): Promise<void> {
  await new Promise<void>((done) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      done();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      done();
    });
  });
}

/**
 * Starts a single-node EventStoreDB-compatible server on SQLite. Resolves once it listens;
 * rejects when the database fails its start-up integrity check.
 */
export async function startEmbeddedNode(options: EmbeddedNodeOptions): Promise<EmbeddedNodeHandle> {
  const store = await SqliteNodeStore.open({ dataDir: options.dataDir, maxPageCount: options.maxPageCount });
  try {
    return await startNodeOn(store, options, (pages) => store.setMaxPageCount(pages));
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** @internal A node over any store (the do-nothing node uses this with its in-memory one). */
export async function startNodeOn(
  store: NodeStore,
  options: Omit<EmbeddedNodeOptions, 'dataDir'>,
  setMaxPageCount: (pages: number) => void = () => {},
): Promise<EmbeddedNodeHandle> {
  const ctx: NodeContext = {
    store,
    auth: new Authenticator(options.credentials ?? DEFAULT_CREDENTIALS, options.tls !== undefined),
    maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE,
    serveSubscription: (call: ReadCall, request: ReadReq) =>
      serveSubscription(call, request, store),
    compileFilter: (filter) => {
      try {
        return compileEventFilter(filter);
      } catch (error) {
        if (error instanceof InvalidEventFilterError) throw invalidArgument(error.message);
        throw error;
      }
    },
  };
  const server = new Server(SERVER_OPTIONS);
  addNodeServices(server, ctx);
  const { port, connectionString } = await listen(server, options);
  let stopping: Promise<void> | undefined;
  return {
    port,
    connectionString,
    setMaxPageCount,
    stop: () =>
      (stopping ??= (async () => {
        await shutdown(server);
        await store.close();
      })()),
  };
}
