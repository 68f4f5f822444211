/**
 * Which streams a command reads (by decider input name) and the one stream it appends to.
 * The command handler reads each stream, folds it with the evolve of that input's aggregate, calls
 * `decide`, and appends to `appendTo` with the revision it read (on a concurrency error: read again,
 * decide again). An input with no stream named here is not needed by that command.
 */
export interface CommandStreams<Inputs> {
  readonly appendTo: string;
  readonly reads: { readonly [Name in keyof Inputs]?: string };
}
