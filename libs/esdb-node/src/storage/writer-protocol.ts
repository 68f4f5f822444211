import type { ExpectedRevision, ProposedEvent, WriteResult } from './sqlite-event-log.js';

/**
 * Messages between the node's event loop and its SQLite writer thread. Writes travel in batches: every
 * operation that arrived during one turn of the event loop goes in one `ops` message, their payload
 * bytes packed in one ArrayBuffer that is transferred (moved, not cloned) to the writer.
 */
export type ToWriter =
  | { type: 'ops'; ops: OpHeader[]; payload: ArrayBuffer }
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
  | { type: 'results'; replies: WriterReply[]; last: bigint }
  | { type: 'closed' };

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

/** The events of one unpacked operation, their bytes as views into the payload (no copy). */
export function unpackEvents(op: OpHeader, payload: ArrayBuffer, offset: number): { events: ProposedEvent[]; offset: number } {
  const events = new Array<ProposedEvent>(op.events.length);
  for (let j = 0; j < op.events.length; j++) {
    const e = op.events[j]!;
    const data = Buffer.from(payload, offset, e.dataLength);
    offset += e.dataLength;
    const metadata = Buffer.from(payload, offset, e.metadataLength);
    offset += e.metadataLength;
    events[j] = { eventId: e.eventId, eventType: e.eventType, contentType: e.contentType, data, metadata };
  }
  return { events, offset };
}
