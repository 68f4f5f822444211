import { consentRequestDecider } from './consent-request/consent-request-decider.js';
import type { LedgerEvent } from './events/ledger-event.js';
import { partnerDecider } from './partner/partner-decider.js';
import { relationshipDecider } from './relationship/relationship-decider.js';

/** How one aggregate folds its stream's events into its state (pure: a state is never changed, only replaced). */
export interface InputFold {
  readonly evolve: (state: never, event: never) => unknown;
  readonly initialState: () => unknown;
}

/** The aggregate that folds each decider input, whatever the command. */
const FOLD_OF_INPUT: Readonly<Record<string, InputFold>> = {
  partner: partnerDecider,
  indirectProvider: partnerDecider,
  request: consentRequestDecider,
  relationship: relationshipDecider,
};

/** The fold of decider input `name` (the same object for every input its aggregate folds). */
export const inputFold = (name: string): InputFold => {
  const fold = FOLD_OF_INPUT[name];
  if (fold === undefined) throw new Error(`no aggregate folds decider input "${name}"`);
  return fold;
};

/** `events` folded onto `state` (by default the aggregate's initial state) with `fold`. */
export const foldEvents = (fold: InputFold, events: readonly LedgerEvent[], state: unknown = fold.initialState()): unknown =>
  events.reduce(fold.evolve as (state: unknown, event: LedgerEvent) => unknown, state);

/**
 * Turns the events read from each stream a command names (`streamsOf(command).reads`) into the
 * decider's inputs, by input name: `foldInputs({ relationship: [...], partner: [...] })`.
 * Events must be upcast already (see `upcast`).
 */
export const foldInputs = <Inputs>(eventsByInput: { readonly [Name in keyof Inputs]?: readonly LedgerEvent[] }): Inputs => {
  const inputs: Record<string, unknown> = {};
  for (const [name, events] of Object.entries(eventsByInput) as [string, readonly LedgerEvent[] | undefined][]) {
    inputs[name] = foldEvents(inputFold(name), events ?? []);
  }
  return inputs as Inputs;
};
