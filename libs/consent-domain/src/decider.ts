import type { CommandStreams } from './command-streams.js';

/**
 * One aggregate's decider, Emmett style: pure functions, no I/O, no clock (time comes in as `now`),
 * no randomness (ids come in on commands). `decide` throws `DomainRefusal` to refuse.
 */
export interface Decider<Command, Inputs, State, Event> {
  readonly decide: (command: Command, inputs: Inputs, now: Date) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
  /** The streams a command reads and the one it appends to. */
  readonly streamsOf: (command: Command) => CommandStreams<Inputs>;
}
