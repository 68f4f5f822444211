import { consentRequestDecider } from './consent-request/consent-request-decider.js';
import type { LedgerEvent } from './events/ledger-event.js';
import { partnerDecider } from './partner/partner-decider.js';
import { relationshipDecider } from './relationship/relationship-decider.js';

interface Fold {
  readonly evolve: (state: never, event: never) => unknown;
  readonly initialState: () => unknown;
}

/** The aggregate that folds each decider input, whatever the command. */
const FOLD_OF_INPUT: Readonly<Record<string, Fold>> = {
  partner: partnerDecider,
  indirectProvider: partnerDecider,
  request: consentRequestDecider,
  relationship: relationshipDecider,
};

/**
 * Turns the events read from each stream a command names (`streamsOf(command).reads`) into the
 * decider's inputs, by input name: `foldInputs({ relationship: [...], partner: [...] })`.
 * Events must be upcast already (see `upcast`).
 */
export const foldInputs = <Inputs>(eventsByInput: { readonly [Name in keyof Inputs]?: readonly LedgerEvent[] }): Inputs => {
  const inputs: Record<string, unknown> = {};
  for (const [name, events] of Object.entries(eventsByInput) as [string, readonly LedgerEvent[] | undefined][]) {
    const fold = FOLD_OF_INPUT[name];
    if (fold === undefined) throw new Error(`no aggregate folds decider input "${name}"`);
    const evolve = fold.evolve as (state: unknown, event: LedgerEvent) => unknown;
    inputs[name] = (events ?? []).reduce(evolve, fold.initialState());
  }
  return inputs as Inputs;
};
