import { START, type AllStreamResolvedEvent, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { AllPosition, RecordedEvent } from '../events.js';
import { StoreUnavailableError } from '../errors.js';
import { toPortError } from './client-errors.js';
import { comparePositions, toClientPosition, toRecordedEvent } from './recorded-event.js';
import { withDeadline } from './with-deadline.js';

const readBatch = async (
  client: EventStoreDBClient,
  from: Position | undefined,
  batchSize: number,
  deadlineMs: number,
): Promise<AllStreamResolvedEvent[]> => {
  const batch: AllStreamResolvedEvent[] = [];
  const collect = async (): Promise<void> => {
    for await (const resolved of client.readAll({ fromPosition: from ?? START, maxCount: batchSize, deadline: deadlineMs })) {
      batch.push(resolved);
    }
  };
  try {
    await withDeadline(collect(), deadlineMs, 'read $all');
  } catch (error) {
    throw toPortError(error, 'read $all');
  }
  return batch;
};

/**
 * `$all` forwards in short reads of `batchSize` events rather than one long stream: each read is a
 * bounded call with its own deadline, and the consumer's pace never holds a server stream open.
 * A read from a position includes the event at that position, so it is skipped; system events
 * (types starting with `$`) are not the ledger's and are left out.
 */
export async function* readAllInBatches(
  client: EventStoreDBClient,
  fromPosition: AllPosition,
  batchSize: number,
  deadlineMs: number,
): AsyncGenerator<RecordedEvent> {
  let after: Position | undefined = fromPosition === 'start' ? undefined : toClientPosition(fromPosition);
  for (;;) {
    const batch = await readBatch(client, after, batchSize, deadlineMs);
    let advanced = false;
    for (const { event } of batch) {
      if (!event) continue;
      if (after && comparePositions(event.position, after) <= 0) continue;
      after = event.position;
      advanced = true;
      if (!event.type.startsWith('$')) yield toRecordedEvent(event);
    }
    if (!advanced || batch.length < batchSize) return;
  }
}

/**
 * `readAllInBatches`, handed over as the store's answers arrive: each step of the consumer takes every event
 * converted since its last step (at most a read's worth), so an event's objects live only until the
 * consumer's next step, not until a whole read has come in. The reads themselves are as `readAllInBatches`
 * makes them (bounded calls of `batchSize` events, each with its deadline, never paused by the consumer);
 * the next one is asked for as soon as one ends, unless a whole read's worth is still waiting for the
 * consumer (then when the consumer takes it): at most two reads' worth of events wait.
 */
export async function* readAllBatchesOf(
  client: EventStoreDBClient,
  fromPosition: AllPosition,
  batchSize: number,
  deadlineMs: number,
): AsyncGenerator<RecordedEvent[]> {
  let waiting: RecordedEvent[] = [];
  let after: Position | undefined = fromPosition === 'start' ? undefined : toClientPosition(fromPosition);
  /** A read ended full: the next one starts from `after` once the consumer has caught up. */
  let nextRead = false;
  let reading: { readonly stream: ReturnType<EventStoreDBClient['readAll']>; readonly timer: NodeJS.Timeout } | undefined;
  let finished = false;
  let failure: { readonly error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const wakeConsumer = (): void => {
    wake?.();
    wake = undefined;
  };

  /** The read under way failed (an error of a stream already dropped is not news). */
  const fail = (stream: ReturnType<EventStoreDBClient['readAll']>, error: unknown): void => {
    if (reading?.stream !== stream) return;
    drop();
    failure ??= { error: toPortError(error, 'read $all') };
    wakeConsumer();
  };

  /** Ends the read under way: the call is cancelled (a destroyed stream alone would leave it open). */
  const drop = (): void => {
    if (reading === undefined) return;
    const { stream, timer } = reading;
    reading = undefined;
    clearTimeout(timer);
    stream.destroy();
    stream.cancel().catch(() => undefined);
  };

  const startRead = (): void => {
    nextRead = false;
    let received = 0;
    let advanced = false;
    const stream = client.readAll({ fromPosition: after ?? START, maxCount: batchSize, deadline: deadlineMs });
    const timer = setTimeout(() => fail(stream, new StoreUnavailableError('read $all', `no answer within ${deadlineMs} ms`)), deadlineMs);
    reading = { stream, timer };
    stream.on('data', (resolved: AllStreamResolvedEvent) => {
      received += 1;
      const event = resolved.event;
      if (!event) return;
      if (after && comparePositions(event.position, after) <= 0) return;
      after = event.position;
      advanced = true;
      if (event.type.startsWith('$')) return;
      waiting.push(toRecordedEvent(event));
      if (waiting.length === 1) wakeConsumer();
    });
    stream.on('error', (error) => fail(stream, error));
    stream.once('end', () => {
      if (reading?.stream !== stream) return;
      clearTimeout(timer);
      reading = undefined;
      if (!advanced || received < batchSize) finished = true;
      else if (waiting.length < batchSize) startRead();
      else nextRead = true;
      wakeConsumer();
    });
  };

  startRead();
  try {
    for (;;) {
      if (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        if (nextRead) startRead();
        yield batch;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    // A consumer that stops early: the read under way is dropped.
    drop();
  }
}
