import { Command } from '@nestjs/cqrs';
import type { CommandContext } from './command-context.js';
import type { Written } from './written.js';

/** A command sent through the `CommandBus` by a write route; its handler answers with a `Written` body. */
export abstract class LedgerCommand<Body> extends Command<Written<Body>> {
  constructor(readonly context: CommandContext) {
    super();
  }

  /** The name events record as `commandType`, e.g. `AcceptConsent`. */
  abstract readonly commandType: string;

  /** The same command (same class, same fields) with another context. */
  withContext(context: CommandContext): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this, { context });
  }
}
