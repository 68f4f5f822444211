import type { Decider } from '../decider.js';
import type { LedgerEvent } from '../events/ledger-event.js';
import { DomainRefusal } from '../refusals/domain-refusal.js';
import type { RefusalCode } from '../refusals/refusal-codes.js';
import { streamOf } from '../streams.js';
import { loadInputs } from './load-inputs.js';

/** The instant every spec decides at, unless it says otherwise. */
export const NOW = new Date('2026-03-02T09:00:00.000Z');

/**
 * Specifications as `given(history).when(command).then(events)` or `.thenRefuses(code)`.
 * The history is the whole ledger so far (any stream); the command reads exactly the streams its
 * decider's `streamsOf` names, as the service's handler does, so the specs also check that plan.
 */
export const specification =
  <Command, Inputs, State, Event extends LedgerEvent>(decider: Decider<Command, Inputs, State, Event>) =>
  (history: readonly LedgerEvent[]) => ({
    when: (command: Command, now: Date = NOW) => {
      const streams = decider.streamsOf(command);
      const decide = () => decider.decide(command, loadInputs<Inputs>(history, streams.reads), now);
      return {
        then: (expected: readonly Event[]): void => {
          const events = decide();
          expect(events).toEqual(expected);
          for (const event of events) expect(streamOf(event)).toBe(streams.appendTo);
        },
        thenRefuses: (code: RefusalCode): DomainRefusal => {
          let refusal: unknown;
          try {
            decide();
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(DomainRefusal);
          expect((refusal as DomainRefusal).code).toBe(code);
          return refusal as DomainRefusal;
        },
      };
    },
  });
