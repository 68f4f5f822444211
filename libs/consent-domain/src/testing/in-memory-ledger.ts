import type { Decider } from '../decider.js';
import type { LedgerEvent } from '../events/ledger-event.js';
import { streamOf } from '../streams.js';
import { NOW } from './given-when-then.js';
import { loadInputs } from './load-inputs.js';

/**
 * A whole ledger in memory, for specs that follow a flow across aggregates: each command is handled
 * as the service does it (read the streams it names, decide, append to its stream), one after another.
 */
export class InMemoryLedger {
  private readonly events: LedgerEvent[] = [];

  get history(): readonly LedgerEvent[] {
    return this.events;
  }

  handle<Command, Inputs, State, Event extends LedgerEvent>(
    decider: Decider<Command, Inputs, State, Event>,
    command: Command,
    now: Date = NOW,
  ): Event[] {
    const streams = decider.streamsOf(command);
    const decided = decider.decide(command, loadInputs<Inputs>(this.events, streams.reads), now);
    for (const event of decided) {
      if (streamOf(event) !== streams.appendTo) throw new Error(`${event.type} does not belong to ${streams.appendTo}`);
    }
    this.events.push(...decided);
    return decided;
  }

  /** The events of one stream, in order. */
  stream(name: string): LedgerEvent[] {
    return this.events.filter((event) => streamOf(event) === name);
  }
}
