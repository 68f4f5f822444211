import type { CommandStreams } from '../command-streams.js';
import type { LedgerEvent } from '../events/ledger-event.js';
import { foldInputs } from '../fold-inputs.js';
import { streamOf } from '../streams.js';

/**
 * What a command handler does before deciding, over an in-memory history instead of the store:
 * read each stream the command names, fold it into the decider's input of that name.
 */
export const loadInputs = <Inputs>(history: readonly LedgerEvent[], reads: CommandStreams<Inputs>['reads']): Inputs => {
  const eventsByInput: Record<string, readonly LedgerEvent[]> = {};
  for (const [name, stream] of Object.entries(reads) as [string, string][]) {
    eventsByInput[name] = history.filter((event) => streamOf(event) === stream);
  }
  return foldInputs<Inputs>(eventsByInput as { [Name in keyof Inputs]?: readonly LedgerEvent[] });
};
