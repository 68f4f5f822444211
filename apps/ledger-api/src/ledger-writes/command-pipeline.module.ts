import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { ChainedAppender } from '../ledger-chain/chained-appender.js';
import { Clock } from '../ledger-chain/clock.js';
import { CommandPipeline } from './command-pipeline.js';
import { LedgerPositionInterceptor } from './ledger-position.interceptor.js';
import { LedgerStreamCache } from './ledger-stream-cache.js';
import { LedgerStreamReader } from './ledger-stream-reader.js';
import { LedgerWrites } from './ledger-writes.js';

/** The write side's shared machinery: the command pipeline, chained appends, idempotency, the CommandBus. */
@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    Clock,
    ChainedAppender,
    LedgerStreamReader,
    { provide: LedgerStreamCache, useFactory: () => new LedgerStreamCache() },
    CommandPipeline,
    IdempotencyStore,
    LedgerWrites,
    LedgerPositionInterceptor,
  ],
  exports: [CqrsModule, Clock, ChainedAppender, LedgerStreamReader, CommandPipeline, LedgerWrites, LedgerPositionInterceptor],
})
export class CommandPipelineModule {}
