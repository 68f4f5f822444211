import { NO_RULES, type StreamRules } from './metadata/stream-metadata.js';
import { startNodeOn, type EmbeddedNode, type EmbeddedNodeOptions } from './node.js';
import type { RecordedEvent } from './storage/event-log.js';
import type { NodeStore } from './storage/node-store.js';
import type { ExpectedRevision, ProposedEvent, WriteResult } from './storage/sqlite-event-log.js';

export interface DoNothingNodeOptions extends Omit<EmbeddedNodeOptions, 'dataDir' | 'maxPageCount'> {
  /** How many synthetic events reads and subscriptions see (all in stream `synthetic`). Default 0. */
  syntheticEvents?: number;
  /** Bytes of JSON data per synthetic event. Default 100. */
  eventSize?: number;
}

export type DoNothingNode = EmbeddedNode;

export const SYNTHETIC_STREAM = 'synthetic';

/**
 * The protocol's ceiling: the same gRPC surface as the embedded node, but appends are acknowledged
 * without being stored and reads/subscriptions stream synthetic events built in memory.
 */
class DoNothingStore implements NodeStore {
  private position: bigint;
  private readonly created = BigInt(Date.now()) * 10_000n;
  private readonly data: Buffer;
  private readonly empty = Buffer.alloc(0);

  constructor(
    private readonly count: number,
    eventSize: number,
  ) {
    this.position = BigInt(count);
    const body = '{"payload":"' + 'x'.repeat(Math.max(0, eventSize - 14)) + '"}';
    this.data = Buffer.from(body, 'utf8');
  }

  private synthetic(position: bigint): RecordedEvent {
    const hex = position.toString(16).padStart(12, '0');
    return {
      position,
      streamId: SYNTHETIC_STREAM,
      revision: position - 1n,
      eventId: `00000000-0000-4000-8000-${hex}`,
      eventType: 'SyntheticEvent',
      contentType: 'application/json',
      data: this.data,
      metadata: this.empty,
      createdTicks: this.created,
    };
  }

  private range(from: bigint, limit: number, step: 1n | -1n): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    for (let p = from; p >= 1n && p <= BigInt(this.count) && out.length < limit; p += step) out.push(this.synthetic(p));
    return out;
  }

  readAllForwards(from: bigint, limit: number): RecordedEvent[] {
    return this.range(from < 1n ? 1n : from, limit, 1n);
  }
  readAllBackwards(from: bigint, limit: number): RecordedEvent[] {
    return this.range(from > BigInt(this.count) ? BigInt(this.count) : from, limit, -1n);
  }
  readStreamForwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    return streamId === SYNTHETIC_STREAM ? this.range(fromRevision + 1n, limit, 1n) : [];
  }
  readStreamBackwards(streamId: string, fromRevision: bigint, limit: number): RecordedEvent[] {
    return streamId === SYNTHETIC_STREAM ? this.range(fromRevision + 1n, limit, -1n) : [];
  }
  readEvent(streamId: string, revision: bigint): RecordedEvent | undefined {
    return this.readStreamForwards(streamId, revision, 1)[0];
  }
  streamState(streamId: string) {
    return { last: streamId === SYNTHETIC_STREAM ? BigInt(this.count) - 1n : -1n, tombstoned: false };
  }
  streamRules(): StreamRules {
    return NO_RULES;
  }
  lastPosition(): bigint {
    return BigInt(this.count);
  }
  onCommitted(): () => void {
    return () => {};
  }
  append(_streamId: string, _expected: ExpectedRevision, events: ProposedEvent[]): Promise<WriteResult> {
    this.position += BigInt(events.length);
    return Promise.resolve({ kind: 'success', currentRevision: BigInt(events.length) - 1n, position: this.position });
  }
  delete(): Promise<WriteResult> {
    return Promise.resolve({ kind: 'success', currentRevision: -1n, position: this.position });
  }
  tombstone(): Promise<WriteResult> {
    return Promise.resolve({ kind: 'success', currentRevision: -1n, position: this.position });
  }
  async close(): Promise<void> {}
}

/** Starts the do-nothing node (benchmarks: the ceiling set by gRPC and the client). */
export async function startDoNothingNode(options: DoNothingNodeOptions = {}): Promise<DoNothingNode> {
  const store = new DoNothingStore(options.syntheticEvents ?? 0, options.eventSize ?? 100);
  const node = await startNodeOn(store, options);
  return { port: node.port, connectionString: node.connectionString, stop: node.stop };
}
