import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { Metadata } from '@grpc/grpc-js';
import { internalError, invalidStreamName, streamDeleted } from '../grpc/errors.js';
import { shared, streams } from '../grpc/proto.js';
import type { ReadCall, ReadRespOut } from '../grpc/streams-service.js';
import { LINK_EVENT_TYPE } from '../metadata/stream-metadata.js';
import { isHardDeleted, isVisible, visibleFrom } from '../metadata/visibility.js';
import type { NodeContext } from '../node-context.js';
import type { RecordedEvent } from '../storage/event-log.js';
import type { NodeStore } from '../storage/node-store.js';
import { encodeReadEvent } from './encode-read-event.js';

const PAGE = 256;

/** Rows to fetch next: a page, or fewer when fewer are wanted (a damaged record past them stays unread). */
const pageFor = (remaining: number): number => (remaining < PAGE ? remaining : PAGE);

type EventFilter = (event: RecordedEvent) => boolean;

export interface ReadPlan {
  structuredUuids: boolean;
  resolveLinks: boolean;
  /** Events still wanted (at most Number.MAX_SAFE_INTEGER: "all"). */
  count: number;
  forwards: boolean;
}

/** `Streams.Read`: stream and `$all` reads; subscriptions go to the subscriptions module. */
export function readHandler(ctx: NodeContext) {
  return (call: ReadCall): void => {
    const denied = ctx.auth.check(call.metadata);
    if (denied) {
      call.emit('error', denied);
      return;
    }
    const request = call.request;
    const options = request.getOptions();
    if (!options) {
      call.emit('error', internalError(new Error('Read without options.')));
      return;
    }
    if (options.hasSubscription()) {
      try {
        ctx.serveSubscription(call, request);
      } catch (error) {
        call.emit('error', internalError(error));
      }
      return;
    }
    const plan: ReadPlan = {
      structuredUuids:
        options.getUuidOption()?.getContentCase() !== streams.ReadReq.Options.UUIDOption.ContentCase.STRING,
      resolveLinks: options.getResolveLinks(),
      count: options.hasCount() ? Math.min(Number(options.getCount()), Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER,
      forwards: options.getReadDirection() === streams.ReadReq.Options.ReadDirection.FORWARDS,
    };
    const sink = new Sink(call);
    let run: Promise<void>;
    try {
      if (options.hasStream()) {
        run = readStream(ctx.store, options.getStream()!, plan, sink);
      } else {
        const filter = options.hasFilter() && ctx.compileFilter ? ctx.compileFilter(options.getFilter()!) : undefined;
        run = readAll(ctx.store, options.getAll()!, plan, sink, filter);
      }
    } catch (error) {
      run = Promise.reject(error);
    }
    run.then(
      () => sink.end(),
      (error: unknown) => sink.fail(error),
    );
  };
}

/** The HTTP/2 stream under a grpc-js server call, when the call is grpc-js's own (its internals, duck-typed). */
interface RawStream {
  readonly destroyed: boolean;
  /** Set once grpc-js has ended the stream (its status sent: the call's end, a deadline, an error). */
  readonly writableEnded: boolean;
  write(chunk: Buffer): boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

const rawStreamOf = (call: ReadCall): RawStream | undefined => {
  const inner = (call as unknown as { call?: { stream?: Partial<RawStream> & { respond?: unknown; session?: unknown } } }).call;
  const stream = inner?.stream;
  return stream !== undefined && typeof stream.write === 'function' && typeof stream.respond === 'function' && 'session' in stream
    ? (stream as RawStream)
    : undefined;
};

/** Framed messages gathered before one write to the HTTP/2 stream. */
const BATCH_BYTES = 64 * 1024;

/**
 * Writes with back-pressure; stops quietly once the call is cancelled or past its deadline.
 *
 * grpc-js writes each message of a server stream on its own (a serialize copy, an HTTP/2 write and its
 * callback before the next): most of the node's CPU per event read. So, on a grpc-js call, the sink frames
 * the messages itself (gRPC's 5-byte prefix: uncompressed, length) and writes them to the call's HTTP/2
 * stream up to `BATCH_BYTES` at a time, after the response headers (`sendMetadata`); `end()` writes what is
 * left, then ends the call as grpc-js does (status in the trailers). The client reads the same bytes.
 * Elsewhere (another transport), each message goes through `call.write`.
 */
class Sink {
  /** While the transport is full: resolves when it drains (one promise for every write meanwhile). */
  private draining: Promise<void> | undefined;
  private readonly raw: RawStream | undefined;
  private headersSent = false;
  private batch: Buffer[] = [];
  private batchBytes = 0;

  constructor(private readonly call: ReadCall) {
    this.raw = rawStreamOf(call);
  }

  get open(): boolean {
    return !this.call.cancelled && !this.call.destroyed && this.raw?.destroyed !== true && this.raw?.writableEnded !== true;
  }

  /** Undefined while the transport takes more; a promise to await when it is full (until it drains). */
  write(resp: ReadRespOut): Promise<void> | undefined {
    if (!this.open) return undefined;
    if (this.raw === undefined) return this.call.write(resp) ? this.draining : this.waitForDrain(this.call);
    const message = Buffer.isBuffer(resp) ? resp : Buffer.from(resp.serializeBinary());
    const prefix = Buffer.allocUnsafe(5);
    prefix[0] = 0;
    prefix.writeUInt32BE(message.length, 1);
    this.batch.push(prefix, message);
    this.batchBytes += 5 + message.length;
    return this.batchBytes >= BATCH_BYTES ? this.flush() : this.draining;
  }

  /** Writes the gathered messages (on a grpc-js call); a promise while the stream is full. */
  flush(): Promise<void> | undefined {
    const raw = this.raw;
    if (raw === undefined || this.batchBytes === 0 || !this.open) return this.draining;
    if (!this.headersSent) {
      this.call.sendMetadata(new Metadata());
      this.headersSent = true;
    }
    const bytes = Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    return raw.write(bytes) ? this.draining : this.waitForDrain(raw);
  }

  private waitForDrain(target: Pick<RawStream, 'on' | 'off'>): Promise<void> {
    this.draining ??= new Promise<void>((resolve) => {
      const done = () => {
        target.off('drain', done);
        target.off('close', done);
        this.call.off('cancelled', done);
        this.call.off('close', done);
        this.draining = undefined;
        resolve();
      };
      target.on('drain', done);
      target.on('close', done);
      this.call.on('cancelled', done);
      this.call.on('close', done);
    });
    return this.draining;
  }

  end(): void {
    this.flush();
    if (this.open) this.call.end();
  }

  fail(error: unknown): void {
    if (!this.open) return;
    this.flush();
    const isRpc = typeof error === 'object' && error !== null && 'code' in error && 'metadata' in error;
    this.call.emit('error', isRpc ? error : internalError(error));
  }
}

/** Bytes of events a forwards `$all` read writes past a full transport before it waits (a page at most). */
const READ_AHEAD_MAX_BYTES = 1024 * 1024;

function streamNotFound(streamName: string): ReadResp {
  const resp = new streams.ReadResp();
  const notFound = new streams.ReadResp.StreamNotFound();
  const id = new shared.StreamIdentifier();
  id.setStreamName(Buffer.from(streamName, 'utf8'));
  notFound.setStreamIdentifier(id);
  resp.setStreamNotFound(notFound);
  return resp;
}

/** The response for one event: a `$>` link resolved to its target when asked (unresolvable: link only). */
export function toReadResp(store: NodeStore, event: RecordedEvent, plan: ReadPlan): ReadRespOut {
  if (plan.resolveLinks && event.eventType === LINK_EVENT_TYPE) {
    const text = event.data.toString('utf8');
    const at = text.indexOf('@');
    const revisionText = at > 0 ? text.slice(0, at) : '';
    if (/^\d+$/.test(revisionText)) {
      const target = store.readEvent(text.slice(at + 1), BigInt(revisionText));
      if (target && isVisible(store, target)) {
        return encodeReadEvent(target, { structuredUuids: plan.structuredUuids, link: event });
      }
    }
    return encodeReadEvent(undefined, { structuredUuids: plan.structuredUuids, link: event });
  }
  return encodeReadEvent(event, { structuredUuids: plan.structuredUuids });
}

async function readStream(store: NodeStore, options: ReadReq.Options.StreamOptions, plan: ReadPlan, sink: Sink) {
  const streamName = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
  const invalidName = invalidStreamName(streamName);
  if (invalidName) throw invalidName;
  if (isHardDeleted((streamId) => store.streamState(streamId), streamName)) throw streamDeleted(streamName);
  const state = store.streamState(streamName);
  const rules = store.streamRules(streamName);
  if (state.last < 0n || rules.softDeleted) {
    await sink.write(streamNotFound(streamName));
    return;
  }
  const { minRevision, minCreated } = visibleFrom(rules, state.last);
  const Case = streams.ReadReq.Options.StreamOptions.RevisionOptionCase;
  const revisionCase = options.getRevisionOptionCase();
  let remaining = plan.count;
  if (plan.forwards) {
    let next =
      revisionCase === Case.END
        ? state.last + 1n
        : revisionCase === Case.REVISION
          ? BigInt(options.getRevision())
          : 0n;
    if (next < minRevision) next = minRevision;
    while (remaining > 0 && sink.open) {
      const limit = pageFor(remaining);
      const page = store.readStreamForwards(streamName, next, limit);
      for (const event of page) {
        if (remaining <= 0) break;
        next = event.revision + 1n;
        if (minCreated !== undefined && event.createdTicks < minCreated) continue;
        const full = sink.write(toReadResp(store, event, plan));
        if (full) await full;
        remaining--;
      }
      if (page.length < limit) break;
    }
  } else {
    let next =
      revisionCase === Case.START
        ? 0n
        : revisionCase === Case.REVISION
          ? BigInt(options.getRevision())
          : state.last;
    if (next > state.last) next = state.last;
    while (remaining > 0 && next >= minRevision && sink.open) {
      const limit = pageFor(remaining);
      const page = store.readStreamBackwards(streamName, next, limit);
      for (const event of page) {
        if (remaining <= 0 || event.revision < minRevision) {
          remaining = 0;
          break;
        }
        next = event.revision - 1n;
        if (minCreated !== undefined && event.createdTicks < minCreated) continue;
        const full = sink.write(toReadResp(store, event, plan));
        if (full) await full;
        remaining--;
      }
      if (page.length < limit) break;
    }
  }
}

async function readAll(
  store: NodeStore,
  options: ReadReq.Options.AllOptions,
  plan: ReadPlan,
  sink: Sink,
  filter: EventFilter | undefined,
) {
  const Case = streams.ReadReq.Options.AllOptions.AllOptionCase;
  const allCase = options.getAllOptionCase();
  const last = store.lastPosition();
  let remaining = plan.count;
  if (plan.forwards) {
    let next =
      allCase === Case.END
        ? last + 1n
        : allCase === Case.POSITION
          ? BigInt(options.getPosition()!.getCommitPosition())
          : 0n;
    // Read ahead: a page is handed to the transport whole (up to READ_AHEAD_MAX_BYTES past full), and the next
    // page is read from SQLite while the client takes it; only then does the read wait for the transport to drain.
    let limit = filter ? PAGE : pageFor(remaining);
    let page = store.readAllForwards(next, limit);
    while (remaining > 0 && sink.open) {
      let full: Promise<void> | undefined;
      let bytesPastFull = 0;
      for (const event of page) {
        if (remaining <= 0) break;
        next = event.position + 1n;
        if (filter && !filter(event)) continue;
        full = sink.write(toReadResp(store, event, plan));
        remaining--;
        if (full) {
          bytesPastFull += event.data.length + event.metadata.length;
          if (bytesPastFull > READ_AHEAD_MAX_BYTES) {
            await full;
            bytesPastFull = 0;
          }
        }
      }
      full = sink.flush() ?? full;
      if (page.length < limit || remaining <= 0 || !sink.open) break;
      limit = filter ? PAGE : pageFor(remaining);
      page = store.readAllForwards(next, limit);
      if (full) await full;
    }
  } else {
    // Backwards from a position: the events before it; from the end: everything.
    let next = allCase === Case.POSITION ? BigInt(options.getPosition()!.getCommitPosition()) - 1n : last;
    if (allCase === Case.START) next = 0n;
    while (remaining > 0 && next > 0n && sink.open) {
      const limit = filter ? PAGE : pageFor(remaining);
      const page = store.readAllBackwards(next, limit);
      for (const event of page) {
        if (remaining <= 0) break;
        next = event.position - 1n;
        if (filter && !filter(event)) continue;
        const full = sink.write(toReadResp(store, event, plan));
        if (full) await full;
        remaining--;
      }
      if (page.length < limit) break;
    }
  }
}
