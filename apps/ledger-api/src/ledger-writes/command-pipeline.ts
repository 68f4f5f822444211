import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalTenantId, foldInputs, inputFold, isDomainRefusal, type Decider, type LedgerEvent } from '@ledger/consent-domain';
import { ConcurrencyError, type JsonObject, type RecordedEvent } from '@ledger/event-store';
import { ChainedAppender } from '../ledger-chain/chained-appender.js';
import { Clock } from '../ledger-chain/clock.js';
import type { CommandContext } from './command-context.js';
import { CoalescedReads } from './coalesced-reads.js';
import { eventMetadataOf } from './event-metadata.js';
import { LedgerStreamCache } from './ledger-stream-cache.js';
import { LedgerStreamReader, type LedgerStream } from './ledger-stream-reader.js';
import { StreamFolds } from './stream-folds.js';

/** How many times a command is read and decided again after another writer appended first; then 409. */
export const MAX_DECISION_ATTEMPTS = 5;

export interface Decided<Inputs, Event> {
  /** The appended stream as it stands after the append (as read, when nothing was appended). */
  readonly stream: LedgerStream;
  /** What the decider decided on (the last attempt's). */
  readonly inputs: Inputs;
  /** The events appended; empty when the decider recorded nothing. */
  readonly events: readonly Event[];
  /** The `$all` position of the last event appended, or of the last event read when nothing was appended. */
  readonly position: bigint;
}

export interface DecideOptions {
  /** The command type events record (`commandType` metadata), e.g. `AcceptConsent`. */
  readonly commandType: string;
  /** How many times at most it is decided, other writers winning each time, before the `ConcurrencyError` goes out. */
  readonly maxAttempts?: number;
  /**
   * Streams the caller already knows, so they are not read again: one it has just appended to. Only a first
   * attempt trusts them: after a `ConcurrencyError` every stream is read. The appended stream's revision still
   * guards the append.
   */
  readonly known?: readonly LedgerStream[];
}

/** A stream as it stands before its first event. */
const emptyStream = (stream: string): LedgerStream => ({
  events: [],
  head: { stream, revision: 'no_stream', chainHash: null, position: undefined },
});

/** How far an attempt trusts what it already knows of the stream it appends to. */
type Trust = 'known-and-remembered' | 'read-everything';

/** A remembered stream that decided a refusal or "nothing to record" is read up to date and decided again. */
class UnverifiedDecision extends Error {}

/**
 * The write side of every command, Emmett style: read the streams the command names, fold them with
 * the deciders' evolve, decide, append to its stream with the revision read (chained, with metadata).
 * When another writer appended first, read and decide again, at most `MAX_DECISION_ATTEMPTS` times, then
 * let the `ConcurrencyError` out (409). A `DomainRefusal` and `StoreUnavailableError` go out unchanged:
 * an append is all or nothing, so nothing is half-written.
 *
 * Reads cost a store round trip each, so streams this process has seen are remembered (`LedgerStreamCache`):
 * the stream a command appends to is taken as remembered, or as empty when this process has never seen it (most
 * appends start a stream: a consent request, a customer's first consent). Its expected revision guards the
 * append, and only an append is trusted that way: a refusal or an empty decision made on it is made again on a
 * fresh read. Every other stream it reads is brought up to date with a catch-up read of what came after.
 */
@Injectable()
export class CommandPipeline {
  private readonly reads = new CoalescedReads<LedgerStream>();
  private readonly folds = new StreamFolds();

  constructor(
    private readonly reader: LedgerStreamReader,
    private readonly appender: ChainedAppender,
    private readonly clock: Clock,
    private readonly cache: LedgerStreamCache,
  ) {}

  async decide<Command, Inputs, State, Event extends LedgerEvent>(
    decider: Decider<Command, Inputs, State, Event>,
    command: Command,
    context: CommandContext,
    options: DecideOptions,
  ): Promise<Decided<Inputs, Event>> {
    if (context.idempotency?.resumed === true) {
      const earlier = await this.recordedEarlier(decider, command, context, options);
      if (earlier !== undefined) return earlier;
    }
    let trust: Trust = context.idempotency?.resumed === true ? 'read-everything' : 'known-and-remembered';
    // A decision made on trust that needs verifying is decided again without counting as an attempt: it happens
    // once at most, since the next decision reads everything.
    for (let attempt = 1; ; ) {
      try {
        return await this.attempt(decider, command, context, options, trust);
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < (options.maxAttempts ?? MAX_DECISION_ATTEMPTS)) attempt += 1;
        else if (!(error instanceof UnverifiedDecision)) throw error;
        trust = 'read-everything';
      }
    }
  }

  private async attempt<Command, Inputs, State, Event extends LedgerEvent>(
    decider: Decider<Command, Inputs, State, Event>,
    command: Command,
    context: CommandContext,
    options: DecideOptions,
    trust: Trust,
  ): Promise<Decided<Inputs, Event>> {
    const { appendTo, reads } = decider.streamsOf(command);
    const named = Object.entries(reads) as [string, string][];
    const names = [...new Set([appendTo, ...named.map(([, stream]) => stream)])];
    const trusted = (stream: string): LedgerStream | undefined => {
      if (trust === 'read-everything') return undefined;
      const given = options.known?.find((known) => known.head.stream === stream);
      if (given !== undefined || stream !== appendTo) return given;
      // A stream this process has not seen is most often one the command starts (a customer's first consent):
      // taken as empty, its append expects no stream, and fails if there is one after all.
      return this.cache.get(stream) ?? emptyStream(stream);
    };
    const appendTarget = trusted(appendTo);
    const loaded = await Promise.all(names.map((stream) => (stream === appendTo && appendTarget) || trusted(stream) || this.upToDate(stream)));
    const read = new Map<string, LedgerStream>(names.map((stream, index) => [stream, loaded[index]!]));
    const inputs = Object.fromEntries(
      named.map(([input, stream]) => [input, this.folds.stateOf(inputFold(input), read.get(stream)!)]),
    ) as unknown as Inputs;
    const now = this.clock.now();
    let events: Event[];
    try {
      events = decider.decide(command, inputs, now);
    } catch (error) {
      if (appendTarget !== undefined && isDomainRefusal(error)) throw new UnverifiedDecision();
      throw error;
    }
    const appendedTo = read.get(appendTo)!;
    if (events.length === 0) {
      if (appendTarget !== undefined) throw new UnverifiedDecision();
      const positions = [...read.values()].map((stream) => stream.head.position ?? 0n);
      return { stream: appendedTo, inputs, events, position: positions.reduce((a, b) => (a > b ? a : b), 0n) };
    }
    const metadata = eventMetadataOf(context, options.commandType, now);
    const outcome = await this.appender.append(
      appendedTo.head,
      events.map((event) => ({
        // Random, never derived: the store acknowledges an append of ids it already holds right after the expected
        // revision as a success without writing it, and another writer's events (their own metadata, their own chain
        // hashes) would then pass for these, and be remembered so.
        id: randomUUID(),
        type: event.type,
        data: event.data as unknown as JsonObject,
        metadata,
      })),
    );
    const stream: LedgerStream = { events: [...appendedTo.events, ...events], head: outcome.head };
    this.folds.extended(appendedTo, stream, events);
    this.cache.remember(stream);
    return { stream, inputs, events, position: outcome.position };
  }

  /**
   * A request run again with its `Idempotency-Key` (see `IdempotencyClaim.resumed`): the events an earlier run of
   * it appended to the command's stream, found by their metadata (same caller, key, body digest and command
   * type), decided as they were then; undefined when that run appended nothing there.
   */
  private async recordedEarlier<Command, Inputs, State, Event extends LedgerEvent>(
    decider: Decider<Command, Inputs, State, Event>,
    command: Command,
    context: CommandContext,
    options: DecideOptions,
  ): Promise<Decided<Inputs, Event> | undefined> {
    const { appendTo, reads } = decider.streamsOf(command);
    const { stream, recorded } = await this.reader.readRecorded(appendTo);
    const first = recorded.findIndex((event) => recordedByThisRequest(event, context, options.commandType));
    if (first < 0) return undefined;
    let end = first;
    while (end < recorded.length && recordedByThisRequest(recorded[end]!, context, options.commandType)) end += 1;
    this.cache.remember(stream);
    const named = Object.entries(reads) as [string, string][];
    const before = stream.events.slice(0, first);
    const others = await Promise.all(named.map(([, name]) => (name === appendTo ? before : this.upToDate(name).then((read) => read.events))));
    const inputs = foldInputs<Inputs>(
      Object.fromEntries(named.map(([input], index) => [input, others[index]!])) as unknown as {
        [Name in keyof Inputs]?: readonly LedgerEvent[];
      },
    );
    return { stream, inputs, events: stream.events.slice(first, end) as Event[], position: recorded[end - 1]!.position };
  }

  /**
   * The stream as it stands now: what came after the remembered part, or all of it. Concurrent commands reading one
   * stream (every command of a partner reads the partner's) share reads, each getting one begun after it asked.
   */
  private upToDate(name: string): Promise<LedgerStream> {
    return this.reads.read(name, async () => {
      const remembered = this.cache.get(name);
      const stream = remembered ? await this.reader.readAfter(remembered) : await this.reader.read(name);
      if (remembered) this.folds.extended(remembered, stream, stream.events.slice(remembered.events.length));
      this.cache.remember(stream);
      return stream;
    });
  }
}

/** Whether `event` was appended by the keyed request `context` is running (again), as command `commandType`. */
const recordedByThisRequest = (event: RecordedEvent, context: CommandContext, commandType: string): boolean => {
  const claim = context.idempotency;
  const metadata = event.metadata as { idempotencyKey?: unknown; idempotencyBodyHash?: unknown; commandType?: unknown; actor?: { sub?: unknown; tid?: unknown } };
  return (
    claim !== undefined &&
    metadata.idempotencyKey === claim.key &&
    metadata.idempotencyBodyHash === claim.requestHash &&
    metadata.commandType === commandType &&
    metadata.actor?.sub === context.actor.sub &&
    typeof metadata.actor?.tid === 'string' &&
    canonicalTenantId(metadata.actor.tid) === canonicalTenantId(context.actor.tid)
  );
};
