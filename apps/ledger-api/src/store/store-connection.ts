import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { EmbeddedNode } from '@ledger/esdb-node';
import { EsdbEventStore } from '@ledger/event-store';
import type { LedgerConfig } from '../config/ledger-config.js';
import { eventStoreLoggerOf } from './event-store-logger.js';

/**
 * The event store the service runs on: the configured one when `EVENTSTORE_CONNECTION_STRING` is set,
 * else an embedded node on loopback (in a worker thread) with its data under `LEDGER_DATA_DIR/store`. Either way the
 * service talks to it through the real client. Closed after the HTTP server, so in-flight requests finish.
 */
export class StoreConnection implements OnApplicationShutdown {
  private static readonly logger = new Logger('EventStore');
  /** Set when the embedded node's thread ended without being stopped: nothing brings it back but a restart. */
  private lostNode: { exitCode: number } | undefined;

  private constructor(
    readonly eventStore: EsdbEventStore,
    /** Where the store is: the configured connection string, or the embedded node's loopback address. */
    readonly connectionString: string,
    private readonly embeddedNode: EmbeddedNode | undefined,
  ) {}

  static async open(config: LedgerConfig): Promise<StoreConnection> {
    const logger = eventStoreLoggerOf(StoreConnection.logger);
    const configured = config.EVENTSTORE_CONNECTION_STRING;
    if (configured) {
      StoreConnection.logger.log('Using the event store of EVENTSTORE_CONNECTION_STRING');
      return new StoreConnection(EsdbEventStore.connect(configured, { logger }), configured, undefined);
    }
    const dataDir = resolve(join(config.LEDGER_DATA_DIR, 'store'));
    await mkdir(dataDir, { recursive: true });
    // Loaded only when needed: against an external cluster the service never loads SQLite.
    const { startEmbeddedNodeInWorker } = await import('@ledger/esdb-node');
    // On a thread of its own: the node's gRPC server and reads use another core than the API's event loop.
    let connection: StoreConnection | undefined;
    const node = await startEmbeddedNodeInWorker({ dataDir, host: '127.0.0.1', port: 0 }, (code) => connection?.embeddedNodeLost(code));
    StoreConnection.logger.log({ dataDir, port: node.port }, 'Embedded event store started on its own thread');
    try {
      connection = new StoreConnection(EsdbEventStore.connect(node.connectionString, { logger }), node.connectionString, node);
      return connection;
    } catch (error) {
      await node.stop();
      throw error;
    }
  }

  /** The embedded node's thread ended on its own: every call to it now fails, and liveness says so (a restart is due). */
  embeddedNodeLost(exitCode: number): void {
    this.lostNode = { exitCode };
    StoreConnection.logger.error({ exitCode }, 'The embedded event store stopped unexpectedly; every call to it now fails until the service restarts');
  }

  /** Why this process can no longer serve (its embedded store is gone), if it cannot. */
  get fatalFault(): string | undefined {
    return this.lostNode === undefined ? undefined : `the embedded event store's thread stopped (exit code ${this.lostNode.exitCode}); restart the service`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.dispose();
    await this.embeddedNode?.stop();
  }
}
