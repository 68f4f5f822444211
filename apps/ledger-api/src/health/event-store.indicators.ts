import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EventStore, type SubscriptionStatus } from '@ledger/event-store';
import { LedgerFollowers } from '../ledger-followers/ledger-followers.js';

const UNHEALTHY_STATES = new Set(['reconnecting', 'handler-failing']);

const describe = (status: SubscriptionStatus): Record<string, unknown> => ({
  state: status.state,
  lastDeliveredPosition: status.lastDeliveredPosition?.toString() ?? null,
  ...(status.failure
    ? {
        failure: {
          message: status.failure.message,
          position: status.failure.position?.toString() ?? null,
          attempts: status.failure.attempts,
        },
      }
    : {}),
});

/** Readiness of the event store itself and of the subscriptions the service keeps on it. */
@Injectable()
export class EventStoreIndicators {
  constructor(
    private readonly eventStore: EventStore,
    private readonly indicators: HealthIndicatorService,
    private readonly followers: LedgerFollowers,
  ) {}

  async store(): Promise<HealthIndicatorResult<'eventStore'>> {
    const session = this.indicators.check('eventStore');
    try {
      await this.eventStore.ping();
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * Down while a subscription's handler keeps failing or it is resubscribing: its readers are stale. The service's
   * subscriptions are this thread's and the one the read models and the audit index follow on theirs.
   */
  subscriptions(): HealthIndicatorResult<'subscriptions'> {
    const statuses = [...this.eventStore.subscriptionStatuses(), this.followers.subscriptionStatus()];
    const details = Object.fromEntries(statuses.map((status) => [status.name, describe(status)]));
    const session = this.indicators.check('subscriptions');
    return statuses.some((status) => UNHEALTHY_STATES.has(status.state)) ? session.down(details) : session.up(details);
  }
}
