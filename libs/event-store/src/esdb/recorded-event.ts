import type { AllStreamRecordedEvent, Position, RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import type { JsonObject, RecordedEvent } from '../events.js';

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** The ledger writes only JSON objects; anything else was written by someone else and is refused loudly. */
const jsonObjectOf = (value: unknown, what: string, event: ClientRecordedEvent): JsonObject => {
  if (value === undefined || value === null || value === '') return {};
  if (isJsonObject(value)) return value;
  throw new Error(
    `Event ${event.id} (${event.type}) at ${event.streamId}@${event.revision} has ${what} that is not a JSON object; ` +
      'only the ledger should write to this store.',
  );
};

export const toRecordedEvent = (event: ClientRecordedEvent | AllStreamRecordedEvent): RecordedEvent => {
  const position: Position | undefined = event.position;
  if (!position) {
    throw new Error(`Event ${event.id} at ${event.streamId}@${event.revision} came without a $all position.`);
  }
  return {
    id: event.id,
    type: event.type,
    stream: event.streamId,
    revision: event.revision,
    position: position.commit,
    createdAt: event.created,
    data: jsonObjectOf(event.data, 'data', event),
    metadata: jsonObjectOf(event.metadata, 'metadata', event),
  };
};

/** `$all` order: by commit, then prepare position. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

/** The port exposes the commit position only; EventStoreDB's prepare position equals it for gRPC appends. */
export const toClientPosition = (commit: bigint): Position => ({ commit, prepare: commit });
