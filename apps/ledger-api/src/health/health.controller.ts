import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { ProblemException } from '../problem-details/problem.exception.js';
import { problemType } from '../problem-details/problem-details.js';
import { STORE_RETRY_AFTER_SECONDS } from '../problem-details/to-problem.js';
import { Public } from '../identity/index.js';
import { StoreConnection } from '../store/store-connection.js';
import { EventStoreIndicators } from './event-store.indicators.js';
import { ReadinessRegistry } from './readiness-registry.js';

const notReadyDetail = (result: HealthCheckResult): string => {
  const failing = Object.entries(result.error ?? {}).map(([name, outcome]) => {
    const message = (outcome as { message?: unknown }).message;
    return typeof message === 'string' ? `${name} (${message})` : name;
  });
  return `Not ready: ${failing.join(', ') || 'a check failed'}.`;
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly eventStore: EventStoreIndicators,
    private readonly registry: ReadinessRegistry,
    private readonly store: StoreConnection,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process runs and answers HTTP.', schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({ description: 'The process cannot recover on its own (its embedded event store stopped): restart it.' })
  live(): { status: 'ok' } {
    const fault = this.store.fatalFault;
    if (fault !== undefined) {
      throw new ProblemException({ status: 503, type: problemType('not-live'), title: 'Not live', detail: `Not live: ${fault}.` });
    }
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({
    description: 'The event store answers and every registered indicator is ready.',
    schema: {
      example: {
        status: 'ok',
        info: {
          eventStore: { status: 'up' },
          subscriptions: { status: 'up', 'ledger-followers': { state: 'live', lastDeliveredPosition: '4096' } },
          projections: { status: 'up', caughtUp: true, subscription: 'live', position: '4096', events: 1200, uncommittedEvents: 0, lagMs: 3 },
        },
        error: {},
        details: { eventStore: { status: 'up' }, '…': '(the checks of info, and those of error)' },
      },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'problem+json naming what is not ready, with each check in `checks`.' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.eventStore.store(),
        () => this.eventStore.subscriptions(),
        ...this.registeredIndicators(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      throw new ProblemException({
        status: 503,
        type: problemType('not-ready'),
        title: 'Not ready',
        detail: notReadyDetail(result),
        extensions: { checks: result.details },
        headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
      });
    }
  }

  private registeredIndicators(): HealthIndicatorFunction[] {
    return this.registry.registered().map((indicator) => async () => {
      const session = this.indicators.check(indicator.name);
      try {
        const report = await indicator.check();
        return report.ready ? session.up({ ...report.details }) : session.down({ ...report.details });
      } catch (error) {
        return session.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
  }
}
