import { join, resolve } from 'node:path';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { EventStore } from '@ledger/event-store';
import { ProjectionRunner, READ_MODELS_FILE, type ProjectionStatus, type QueryStore } from '@ledger/projections';
import { LedgerConfig } from '../config/ledger-config.js';
import { ReadinessRegistry } from '../health/readiness-registry.js';
import { eventStoreLoggerOf } from '../store/event-store-logger.js';

/**
 * How long start-up waits for the projections to catch up before listening anyway (readiness then stays
 * 503 until they have): a small ledger is ready the moment the port opens, a large one does not block start.
 */
export const START_UP_CATCH_UP_WAIT_MS = 2_000;

/**
 * This instance's read models: the projection runner on `LEDGER_DATA_DIR/read-models.sqlite`, started
 * with the module (queries answer 503 until their position is reached), stopped before the store closes.
 * `/health/ready` shows its lag and stays 503 until it has caught up after start.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private static readonly logger = new Logger('Projections');
  private runner: ProjectionRunner | undefined;
  private unregister: (() => void) | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly config: LedgerConfig,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    const databasePath = resolve(join(this.config.LEDGER_DATA_DIR, READ_MODELS_FILE));
    this.runner = ProjectionRunner.open({
      eventStore: this.eventStore,
      databasePath,
      logger: eventStoreLoggerOf(ReadModels.logger),
    });
    this.runner.start();
    this.unregister = this.readiness.register({ name: 'projections', check: () => this.readinessReport() });
  }

  async onApplicationBootstrap(): Promise<void> {
    const caughtUp = await this.started().whenCaughtUp(START_UP_CATCH_UP_WAIT_MS);
    if (!caughtUp) ReadModels.logger.log(this.readinessReport().details, 'Projections still catching up; ready once they have');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unregister?.();
    await this.runner?.stop();
  }

  /** The last committed read models. */
  get reader(): QueryStore {
    return this.started().reader;
  }

  get committedPosition(): bigint | undefined {
    return this.runner?.committedPosition;
  }

  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.started().waitForPosition(position, timeoutMs);
  }

  status(): ProjectionStatus {
    return this.started().status();
  }

  private started(): ProjectionRunner {
    if (this.runner === undefined) throw new Error('the read models are used before their module started');
    return this.runner;
  }

  private readinessReport(): { ready: boolean; details: Record<string, unknown> } {
    const status = this.status();
    return {
      ready: status.caughtUp && status.failure === undefined,
      details: {
        caughtUp: status.caughtUp,
        subscription: status.subscription,
        position: status.committedPosition?.toString() ?? null,
        events: status.committedEvents,
        uncommittedEvents: status.uncommittedEvents,
        lagMs: status.lagMs,
        ...(status.failure === undefined ? {} : { message: status.failure }),
      },
    };
  }
}
