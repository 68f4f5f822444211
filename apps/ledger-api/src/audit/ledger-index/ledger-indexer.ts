import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventStore, type AllSubscription } from '@ledger/event-store';
import { LedgerIndex } from './ledger-index.js';

interface Waiter {
  position: bigint;
  resolve: (reached: boolean) => void;
}

/**
 * Keeps the `LedgerIndex` up with `$all` through a durable subscription from the index's own position, so a
 * restart resumes where it stopped and every event is recorded once, in order.
 */
@Injectable()
export class LedgerIndexer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private subscription: AllSubscription | undefined;
  private waiters: Waiter[] = [];

  constructor(
    private readonly eventStore: EventStore,
    private readonly index: LedgerIndex,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.eventStore.subscribeToAll({
      name: 'audit-index',
      fromPosition: this.index.position ?? 'start',
      handler: (event) => {
        this.index.record(event);
        this.wake(event.position);
      },
    });
  }

  /** Resolves true once every event up to `position` is indexed, false after `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    const current = this.index.position;
    if (current !== undefined && current >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { position, resolve };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      waiter.resolve = (reached) => {
        clearTimeout(timer);
        resolve(reached);
      };
      this.waiters.push(waiter);
    });
  }

  private wake(position: bigint): void {
    if (this.waiters.length === 0) return;
    const done = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const waiter of done) waiter.resolve(true);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters = [];
  }

  onApplicationShutdown(): void {
    this.index.close();
  }
}
