import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@ledger/event-store';
import { createLedgerApi, type LedgerApi } from '../../apps/ledger-api/src/create-ledger-api.js';
import type { Environment } from '../../apps/ledger-api/src/config/load-ledger-config.js';
import { ledgerEnvironment } from './ledger-environment.js';

/** What `LedgerInProcess.launch` started: the service, its fresh data dir and its settings. */
export type Launched = readonly [api: LedgerApi, dataDir: string, environment: Environment];

/**
 * The service started in this process on an embedded store in a fresh data dir (see `ledgerEnvironment`); it can
 * be restarted on the same dir, and stopping it removes the dir. The e2e harnesses extend it with their calls.
 */
export class LedgerInProcess {
  protected constructor(
    public api: LedgerApi,
    readonly dataDir: string,
    private environment: Environment,
  ) {}

  /** Starts the service in a new temporary data dir whose name begins with `prefix`; `overrides` win. */
  protected static async launch(prefix: string, overrides: Environment = {}): Promise<Launched> {
    const dataDir = await mkdtemp(join(tmpdir(), prefix));
    const environment = ledgerEnvironment(dataDir, overrides);
    return [await createLedgerApi({ environment }), dataDir, environment];
  }

  /** Stops the service and starts it again on the same data dir (store, keys, read models), with changed settings. */
  async restart(changes: Environment = {}): Promise<void> {
    await this.api.close();
    this.environment = { ...this.environment, ...changes };
    this.api = await createLedgerApi({ environment: this.environment });
  }

  async stop(): Promise<void> {
    await this.api?.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  get eventStore(): EventStore {
    return this.api.app.get(EventStore);
  }
}
