import type { ReadCall, ReadRespOut } from '../grpc/streams-service.js';
import type { RecordedEvent } from '../storage/event-log.js';

/** One message owed to the client, encoded only when it is written (so buffered events share the feed's objects). */
export type OutgoingMessage =
  | { readonly kind: 'confirmation' }
  /** `live`: from the live feed, whose event objects every live subscriber shares (their encoding too). */
  | { readonly kind: 'event'; readonly event: RecordedEvent; readonly live?: boolean }
  | { readonly kind: 'checkpoint'; readonly position: bigint }
  | { readonly kind: 'caughtUp' };

/** A reader refilling early (`drainedTo` > 0) still waits while this many bytes are queued: big events stay bounded. */
const READ_AHEAD_MAX_BYTES = 1024 * 1024;

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
  /** Who waits for the backlog to fall to a number of messages (0: everything handed to the transport). */
  private drainedWaiters: { readonly upTo: number; readonly wake: () => void }[] = [];

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
    return this.drainedTo(0);
  }

  /**
   * Resolves once at most `upTo` messages wait here (or the outbox is closed). A reader that refills at
   * `upTo` > 0 keeps the transport fed while it reads the next events, instead of letting it run dry.
   */
  drainedTo(upTo: number): Promise<void> {
    if (this.closed || this.isDrainedTo(upTo)) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push({ upTo, wake: resolve }));
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
    if (this.drainedWaiters.length > 0) this.wakeDrainedWaiters();
  }

  private isDrainedTo(upTo: number): boolean {
    const waiting = this.queue.length - this.head;
    if (upTo === 0) return !this.awaitingDrain && waiting === 0;
    return waiting <= upTo && this.backlogBytes <= READ_AHEAD_MAX_BYTES;
  }

  private wakeDrainedWaiters(): void {
    const waiters = this.drainedWaiters;
    this.drainedWaiters = [];
    for (const waiter of waiters) {
      if (this.closed || this.isDrainedTo(waiter.upTo)) waiter.wake();
      else this.drainedWaiters.push(waiter);
    }
  }
}

function sizeOf(message: OutgoingMessage): number {
  if (message.kind !== 'event') return MESSAGE_OVERHEAD_BYTES;
  return message.event.data.length + message.event.metadata.length + MESSAGE_OVERHEAD_BYTES;
}
