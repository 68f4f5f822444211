import type { ReadCall, ReadRespOut } from '../grpc/streams-service.js';
import type { RecordedEvent } from '../storage/event-log.js';

/** One message owed to the client, encoded only when it is written (so buffered events share the feed's objects). */
export type OutgoingMessage =
  | { readonly kind: 'confirmation' }
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'checkpoint'; readonly position: bigint }
  | { readonly kind: 'caughtUp' };

/** Rough per-message cost beyond the payload bytes, so thousands of empty events still count. */
const MESSAGE_OVERHEAD_BYTES = 256;

/**
 * The messages a subscription has to send, written to the gRPC call as fast as the client takes them:
 * when `call.write()` says the transport is full, writing pauses until 'drain'. What waits here is the
 * subscriber's backlog, measured so the subscription can drop a client that falls too far behind.
 */
export class Outbox {
  private queue: (OutgoingMessage | undefined)[] = [];
  private head = 0;
  private backlogBytes = 0;
  private awaitingDrain = false;
  private closed = false;
  private drainedWaiters: (() => void)[] = [];

  constructor(
    private readonly call: ReadCall,
    private readonly encode: (message: OutgoingMessage) => ReadRespOut,
    private readonly onEncodeError: (error: Error) => void,
  ) {}

  get backlog(): { readonly messages: number; readonly bytes: number } {
    return { messages: this.queue.length - this.head, bytes: this.backlogBytes };
  }

  push(message: OutgoingMessage): void {
    if (this.closed) return;
    this.queue.push(message);
    this.backlogBytes += sizeOf(message);
    this.flush();
  }

  /** Resolves once every queued message has been handed to the transport (or the outbox is closed). */
  drained(): Promise<void> {
    if (this.closed || this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  /** Stops writing and frees the backlog; pending `drained()` calls resolve. */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.backlogBytes = 0;
    this.call.removeListener('drain', this.onDrain);
    this.wakeDrainedWaiters();
  }

  private readonly onDrain = (): void => {
    this.awaitingDrain = false;
    this.flush();
  };

  private flush(): void {
    while (!this.closed && !this.awaitingDrain && this.head < this.queue.length) {
      const message = this.queue[this.head]!;
      this.queue[this.head] = undefined;
      this.head += 1;
      this.backlogBytes -= sizeOf(message);
      let response: ReadRespOut;
      try {
        response = this.encode(message);
      } catch (error) {
        this.onEncodeError(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (!this.call.write(response)) {
        this.awaitingDrain = true;
        this.call.once('drain', this.onDrain);
      }
    }
    // Drop the consumed prefix now and then, so a backlog that never quite empties does not grow the array.
    if (this.head === this.queue.length || this.head > 4096) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.isDrained()) this.wakeDrainedWaiters();
  }

  private isDrained(): boolean {
    return !this.awaitingDrain && this.head === this.queue.length;
  }

  private wakeDrainedWaiters(): void {
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const wake of waiters) wake();
  }
}

function sizeOf(message: OutgoingMessage): number {
  if (message.kind !== 'event') return MESSAGE_OVERHEAD_BYTES;
  return message.event.data.length + message.event.metadata.length + MESSAGE_OVERHEAD_BYTES;
}
