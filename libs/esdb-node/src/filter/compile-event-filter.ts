import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import type { RecordedEvent } from '../storage/event-log.js';

/** A server-side filter: does this event of `$all` go to the reader or subscriber? */
export type EventFilter = (event: RecordedEvent) => boolean;

/** The filter a client sent cannot be applied; the gRPC layer answers it with INVALID_ARGUMENT. */
export class InvalidEventFilterError extends Error {
  override readonly name = 'InvalidEventFilterError';
}

/**
 * Compiles the client's `FilterOptions` (stream name or event type, by prefixes or by regex) into a
 * predicate over recorded events, with EventStoreDB's meaning: a regex wins over prefixes when both are
 * given, a regex matches anywhere in the name (unanchored, as .NET `Regex.IsMatch`), a prefix list matches
 * when any prefix starts the name. Filters apply to the record in the log (for a link, the `$>` event).
 */
export function compileEventFilter(filter: ReadReq.Options.FilterOptions): EventFilter {
  if (filter.hasStreamIdentifier()) {
    const matches = compileExpression(filter.getStreamIdentifier()!, 'stream name');
    return (event) => matches(event.streamId);
  }
  if (filter.hasEventType()) {
    const matches = compileExpression(filter.getEventType()!, 'event type');
    return (event) => matches(event.eventType);
  }
  throw new InvalidEventFilterError(
    'The filter names neither a stream name nor an event type expression: use streamNameFilter or eventTypeFilter.',
  );
}

function compileExpression(
  expression: ReadReq.Options.FilterOptions.Expression,
  subject: string,
): (name: string) => boolean {
  const regex = expression.getRegex();
  if (regex !== '') return compileRegex(regex, subject);
  const prefixes = expression.getPrefixList();
  if (prefixes.length === 0) {
    throw new InvalidEventFilterError(
      `The ${subject} filter has neither a regex nor prefixes: give at least one prefix or a regex.`,
    );
  }
  return (name) => prefixes.some((prefix) => name.startsWith(prefix));
}

function compileRegex(source: string, subject: string): (name: string) => boolean {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    throw new InvalidEventFilterError(
      `The ${subject} filter's regex ${JSON.stringify(source)} is not a valid regular expression ` +
        `(${(error as Error).message}): fix the pattern.`,
    );
  }
  return (name) => pattern.test(name);
}
