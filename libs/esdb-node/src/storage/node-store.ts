import type { StreamVisibility } from '../metadata/visibility.js';
import type { EventLog, RecordedEvent } from './event-log.js';
import type { ExpectedRevision, ProposedEvent, WriteResult } from './sqlite-event-log.js';

/**
 * What the gRPC operations need from storage: the shared `EventLog` plus writes and the
 * reads that apply stream rules. `SqliteEventLog` is the real one; the do-nothing node has its own.
 */
export interface NodeStore extends EventLog, StreamVisibility {
  append(streamId: string, expected: ExpectedRevision, events: ProposedEvent[]): Promise<WriteResult>;
  delete(streamId: string, expected: ExpectedRevision): Promise<WriteResult>;
  tombstone(streamId: string, expected: ExpectedRevision): Promise<WriteResult>;
  readAllBackwards(from: bigint, limit: number): RecordedEvent[];
  readStreamBackwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[];
  readEvent(streamId: string, revision: bigint): RecordedEvent | undefined;
  close(): Promise<void>;
}
