import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import type { LedgerConfig } from '../config/ledger-config.js';
import { StoreConnection } from './store-connection.js';

/** Provides the `EventStore` port to every module (inject it by its class), and where the store is (`StoreConnection`). */
@Global()
@Module({})
export class EventStoreModule {
  static register(config: LedgerConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: StoreConnection, useFactory: () => StoreConnection.open(config) },
        { provide: EventStore, useFactory: (connection: StoreConnection) => connection.eventStore, inject: [StoreConnection] },
      ],
      exports: [EventStore, StoreConnection],
    };
  }
}
