import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { merkleLeafOf, toExportLine } from '../ledger-format/index.js';

export interface AuditExportOptions {
  /** Only events after this `$all` position. */
  readonly fromPosition?: bigint;
  /** Only this stream. */
  readonly stream?: string;
  /** Where to find the leaf index of an event when the export does not start at the first leaf. */
  readonly leafIndexOf?: (eventId: string) => number | undefined;
}

const BATCH = 2000;
const LINES_PER_CHUNK = 256;

async function* streamEvents(eventStore: EventStore, stream: string): AsyncGenerator<RecordedEvent> {
  for (let fromRevision = 0n; ; ) {
    const events = await eventStore.readStream(stream, { fromRevision, maxCount: BATCH });
    yield* events;
    if (events.length < BATCH) return;
    fromRevision = events[events.length - 1]!.revision + 1n;
  }
}

/**
 * The ledger as NDJSON, in chunks of whole lines, read from the store in batches as the consumer pulls: nothing is
 * buffered beyond one batch and one chunk, so a million events stream in constant memory. A whole-ledger export
 * counts leaves itself (it sees them all, in order); a partial one asks the index.
 */
export async function* auditExportLines(eventStore: EventStore, options: AuditExportOptions = {}): AsyncGenerator<string> {
  const whole = options.fromPosition === undefined && options.stream === undefined;
  const events =
    options.stream === undefined
      ? eventStore.readAll({ fromPosition: options.fromPosition ?? 'start', batchSize: BATCH })
      : streamEvents(eventStore, options.stream);
  let leaves = 0;
  let chunk = '';
  let lines = 0;
  for await (const event of events) {
    if (options.fromPosition !== undefined && event.position <= options.fromPosition) continue;
    let leafIndex: number | null = null;
    if (whole) {
      if (merkleLeafOf(event)) leafIndex = leaves++;
    } else {
      leafIndex = options.leafIndexOf?.(event.id) ?? null;
    }
    chunk += `${JSON.stringify(toExportLine(event, leafIndex))}\n`;
    // A few hundred lines per chunk: one stream write each instead of one per event.
    if (++lines % LINES_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
