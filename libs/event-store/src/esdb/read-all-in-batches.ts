import { START, type AllStreamResolvedEvent, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { AllPosition, RecordedEvent } from '../events.js';
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
