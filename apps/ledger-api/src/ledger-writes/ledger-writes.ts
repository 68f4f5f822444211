import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isDomainRefusal } from '@ledger/consent-domain';
import { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { Clock } from '../ledger-chain/clock.js';
import { eventMetadataOf } from './event-metadata.js';
import type { LedgerCommand } from './ledger-command.js';
import { refusalProblem } from './refusal-problem.js';
import type { Written } from './written.js';

/**
 * What write controllers call: the command through the `CommandBus`, once per `Idempotency-Key`, with
 * domain refusals turned into their problem (so that a refusal is also the answer a key gives again).
 */
@Injectable()
export class LedgerWrites {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  async execute<Body>(command: LedgerCommand<Body>): Promise<Written<Body>> {
    const run = async (resumed = false): Promise<Written<Body>> => {
      const sent = resumed && command.context.idempotency !== undefined
        ? command.withContext({ ...command.context, idempotency: { ...command.context.idempotency, resumed: true } })
        : command;
      try {
        return await this.commandBus.execute(sent);
      } catch (error) {
        throw isDomainRefusal(error) ? refusalProblem(error) : error;
      }
    };
    const { context } = command;
    if (context.idempotency === undefined) return run();
    const metadata = eventMetadataOf(context, command.commandType, this.clock.now());
    return this.idempotency.once(context.actor, context.idempotency, metadata, run);
  }
}
