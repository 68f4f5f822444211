import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventStoreIndicators } from './event-store.indicators.js';
import { HealthController } from './health.controller.js';
import { ReadinessRegistry } from './readiness-registry.js';

/** `/health/live` and `/health/ready`; global so any feature module can inject the `ReadinessRegistry`. */
@Global()
@Module({
  // Failed probes are reported in the readiness body; logging each one would flood the logs.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [EventStoreIndicators, ReadinessRegistry],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
