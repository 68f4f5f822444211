import type { CommandStreams } from '../command-streams.js';
import { consentRequestDecider } from '../consent-request/consent-request-decider.js';
import type { LedgerEvent } from '../events/ledger-event.js';
import { partnerDecider } from '../partner/partner-decider.js';
import { relationshipDecider } from '../relationship/relationship-decider.js';
import { streamOf } from '../streams.js';

interface Fold {
  readonly evolve: (state: never, event: never) => unknown;
  readonly initialState: () => unknown;
}

/** Which aggregate folds each decider input, whatever the command. */
const FOLD_OF_INPUT: Readonly<Record<string, Fold>> = {
  partner: partnerDecider,
  indirectProvider: partnerDecider,
  request: consentRequestDecider,
  relationship: relationshipDecider,
};

/**
 * What a command handler does before deciding, over an in-memory history: read each stream the
 * command names, fold it with its aggregate. Spec-only: the service reads the store instead.
 */
export const loadInputs = <Inputs>(history: readonly LedgerEvent[], reads: CommandStreams<Inputs>['reads']): Inputs => {
  const inputs: Record<string, unknown> = {};
  for (const [name, stream] of Object.entries(reads)) {
    const fold = FOLD_OF_INPUT[name];
    if (fold === undefined || typeof stream !== 'string') throw new Error(`no aggregate folds decider input "${name}"`);
    const evolve = fold.evolve as (state: unknown, event: LedgerEvent) => unknown;
    inputs[name] = history.filter((event) => streamOf(event) === stream).reduce(evolve, fold.initialState());
  }
  return inputs as Inputs;
};
