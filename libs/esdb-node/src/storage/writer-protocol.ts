import type { ExpectedRevision, ProposedEvent, WriteResult } from './sqlite-event-log.js';

/** Messages between the node's event loop and its SQLite writer thread. */
export type ToWriter =
  | {
      type: 'op';
      id: number;
      kind: 'append' | 'delete' | 'tombstone';
      streamId: string;
      expected: ExpectedRevision;
      events: ProposedEvent[];
    }
  | { type: 'setMaxPageCount'; pages: number }
  | { type: 'close' };

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
