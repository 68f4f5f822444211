import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import { compileEventFilter, type EventFilter } from '../filter/index.js';
import { streamNameProblem } from '../grpc/errors.js';

/** Where a subscription starts: the first event, only what is committed from now on, or strictly after a point. */
export type StartPoint = { readonly kind: 'start' } | { readonly kind: 'end' } | { readonly kind: 'after'; readonly point: bigint };

/** A filter on `$all` with the number of considered events between two checkpoint messages. */
export interface CheckpointedFilter {
  readonly matches: EventFilter;
  readonly checkpointInterval: number;
}

export type SubscriptionTarget =
  | { readonly kind: 'stream'; readonly streamId: string; readonly start: StartPoint }
  | { readonly kind: 'all'; readonly start: StartPoint; readonly filter?: CheckpointedFilter };

/** What a client asked for in a `Streams.Read` call that carries `SubscriptionOptions`. */
export interface SubscriptionRequest {
  readonly target: SubscriptionTarget;
  readonly resolveLinks: boolean;
  readonly structuredUuids: boolean;
}

/** The request cannot be served; the gRPC layer answers INVALID_ARGUMENT with this message. */
export class InvalidSubscriptionRequestError extends Error {
  override readonly name = 'InvalidSubscriptionRequestError';
}

/**
 * EventStoreDB's search window when the client sends `count` instead of `max`: the server reads `$all`
 * in pages of 32 and the checkpoint interval is `checkpointIntervalMultiplier` x that window.
 */
export const DEFAULT_MAX_SEARCH_WINDOW = 32;

export function parseSubscriptionRequest(request: ReadReq): SubscriptionRequest {
  const options = request.getOptions();
  if (!options?.hasSubscription()) {
    throw new InvalidSubscriptionRequestError('The read request carries no subscription options: this is not a subscription.');
  }
  return {
    target: parseTarget(options),
    resolveLinks: options.getResolveLinks(),
    structuredUuids: options.getUuidOption()?.hasStructured() ?? false,
  };
}

function parseTarget(options: ReadReq.Options): SubscriptionTarget {
  if (options.hasStream()) {
    if (options.hasFilter()) {
      throw new InvalidSubscriptionRequestError('A stream subscription cannot be filtered: filter a subscription to $all instead.');
    }
    const stream = options.getStream()!;
    const streamId = Buffer.from(stream.getStreamIdentifier()?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
    const problem = streamNameProblem(streamId);
    if (problem !== undefined) throw new InvalidSubscriptionRequestError(problem);
    const start: StartPoint = stream.hasEnd()
      ? { kind: 'end' }
      : stream.hasRevision()
        ? { kind: 'after', point: parseUnsigned(stream.getRevision(), 'revision') }
        : { kind: 'start' };
    return { kind: 'stream', streamId, start };
  }
  if (options.hasAll()) {
    const all = options.getAll()!;
    const start: StartPoint = all.hasEnd()
      ? { kind: 'end' }
      : all.hasPosition()
        ? { kind: 'after', point: parseUnsigned(all.getPosition()!.getCommitPosition(), 'commit position') }
        : { kind: 'start' };
    const filter = options.hasFilter() ? parseFilter(options.getFilter()!) : undefined;
    return filter ? { kind: 'all', start, filter } : { kind: 'all', start };
  }
  throw new InvalidSubscriptionRequestError('The subscription names neither a stream nor $all.');
}

function parseFilter(filter: ReadReq.Options.FilterOptions): CheckpointedFilter {
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_MAX_SEARCH_WINDOW;
  const multiplier = filter.getCheckpointintervalmultiplier();
  if (window <= 0 || multiplier <= 0) {
    throw new InvalidSubscriptionRequestError(
      `The filter's max search window (${window}) and checkpoint interval (${multiplier}) must both be greater than 0.`,
    );
  }
  return { matches: compileEventFilter(filter), checkpointInterval: window * multiplier };
}

function parseUnsigned(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw new InvalidSubscriptionRequestError(`The ${what} ${JSON.stringify(text)} is not an unsigned integer.`);
  return BigInt(text);
}
