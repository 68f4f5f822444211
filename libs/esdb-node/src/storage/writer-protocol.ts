import type { ExpectedRevision, ProposedEvent, WriteResult } from './sqlite-event-log.js';

/**
 * Messages between the node's event loop and its SQLite writer thread. Writes travel in batches: every
 * operation that arrived during one turn of the event loop goes in one `ops` message, their payload
 * bytes packed in one ArrayBuffer that is transferred (moved, not cloned) to the writer.
 */
export type ToWriter =
  /** `records`: answer the commit with what it wrote (`committed` of the results). */
  | { type: 'ops'; ops: OpHeader[]; payload: ArrayBuffer; records: boolean }
  | { type: 'setMaxPageCount'; pages: number }
  | { type: 'close' };

export type OpKind = 'append' | 'delete' | 'tombstone';

/** One operation of a batch; its events' data and metadata follow each other in the batch payload, in order. */
export interface OpHeader {
  id: number;
  kind: OpKind;
  streamId: string;
  expected: ExpectedRevision;
  events: EventHeader[];
}

export interface EventHeader {
  eventId: string;
  eventType: string;
  contentType: string;
  dataLength: number;
  metadataLength: number;
}

export interface WriterReply {
  id: number;
  result?: WriteResult;
  error?: { name: string; message: string; code?: string };
}

export type FromWriter =
  | { type: 'ready'; last: bigint }
  | { type: 'fatal'; name: string; message: string; file?: string; problems?: string[] }
  | { type: 'results'; replies: WriterReply[]; last: bigint; committed?: CommittedWire }
  | { type: 'closed' };

/**
 * What the commit answered by a `results` message wrote, in position order from `first` (contiguous): each
 * record either points at an event the event loop sent (its operation's id and its index there, with the
 * revision it got), so no payload travels back, or, for records the log made itself (stream metadata of a
 * delete, a tombstone), carries the whole record.
 */
export interface CommittedWire {
  first: bigint;
  created: bigint;
  records: (SentEventRef | MadeRecord)[];
}

export type SentEventRef = [opId: number, index: number, revision: bigint];

export interface MadeRecord {
  streamId: string;
  revision: bigint;
  eventId: string;
  eventType: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export interface WriterData {
  dataDir: string;
  maxPageCount?: number;
}

/** Packs a batch of operations: headers plus one payload buffer holding every event's bytes. */
export function packOps(
  ops: readonly { id: number; kind: OpKind; streamId: string; expected: ExpectedRevision; events: readonly ProposedEvent[] }[],
): { ops: OpHeader[]; payload: ArrayBuffer } {
  let total = 0;
  for (const op of ops) for (const e of op.events) total += e.data.length + e.metadata.length;
  const payload = new ArrayBuffer(total);
  const bytes = new Uint8Array(payload);
  let offset = 0;
  const headers = new Array<OpHeader>(ops.length);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const events = new Array<EventHeader>(op.events.length);
    for (let j = 0; j < op.events.length; j++) {
      const e = op.events[j]!;
      bytes.set(e.data, offset);
      offset += e.data.length;
      bytes.set(e.metadata, offset);
      offset += e.metadata.length;
      events[j] = {
        eventId: e.eventId,
        eventType: e.eventType,
        contentType: e.contentType,
        dataLength: e.data.length,
        metadataLength: e.metadata.length,
      };
    }
    headers[i] = { id: op.id, kind: op.kind, streamId: op.streamId, expected: op.expected, events };
  }
  return { ops: headers, payload };
}

/** An event as the writer unpacked it: where it came from rides along (the log ignores the extra field). */
export interface SentEvent extends ProposedEvent {
  readonly sentAs: readonly [opId: number, index: number] | undefined;
}

/**
 * The events of one unpacked operation, their bytes as views into the payload (no copy). With `refs`, each
 * carries its operation's id and its index there, for the answer's `committed` records.
 */
export function unpackEvents(
  op: OpHeader,
  payload: ArrayBuffer,
  offset: number,
  refs = false,
): { events: SentEvent[]; offset: number } {
  const events = new Array<SentEvent>(op.events.length);
  for (let j = 0; j < op.events.length; j++) {
    const e = op.events[j]!;
    const data = Buffer.from(payload, offset, e.dataLength);
    offset += e.dataLength;
    const metadata = Buffer.from(payload, offset, e.metadataLength);
    offset += e.metadataLength;
    const sentAs = refs ? ([op.id, j] as const) : undefined;
    events[j] = { eventId: e.eventId, eventType: e.eventType, contentType: e.contentType, data, metadata, sentAs };
  }
  return { events, offset };
}
