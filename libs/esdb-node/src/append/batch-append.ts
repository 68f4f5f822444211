import { status, type ServerDuplexStream } from '@grpc/grpc-js';
import type { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb.js';
import type { Status } from '@eventstore/db-client/generated/status_pb.js';
import type { Message } from 'google-protobuf';
import { streamNameProblem } from '../grpc/errors.js';
import { googleAny, googleEmpty, shared, status as statusPb, streams } from '../grpc/proto.js';
import type { NodeContext } from '../node-context.js';
import type { ProposedEvent, WriteResult } from '../storage/sqlite-event-log.js';
import { fillWrongExpectedVersion } from './append-outcome.js';
import { encodeBatchAppendSuccess, type BatchAppendOptionsIn, type BatchAppendRequestIn } from './batch-append-codec.js';
import { proposedEventOf } from './proposed-event.js';

interface InFlight {
  correlationId: Buffer;
  options?: BatchAppendOptionsIn;
  events: ProposedEvent[];
  size: number;
  tooLarge: boolean;
  /** Why a proposed message was refused (a missing property, an id that is not a UUID): the answer's message. */
  badRequest?: string;
}

const empty = () => new googleEmpty.Empty();

/** A `google.rpc.Status` whose details the client unpacks by type name (see its `unpackToCommandError`). */
function errorStatus(code: status, message: string, typeName: string, detail: Message): Status {
  const any = new googleAny.Any();
  any.pack(detail.serializeBinary(), typeName);
  const result = new statusPb.Status();
  result.setCode(code as number);
  result.setMessage(message);
  result.setDetails(any);
  return result;
}

function wrongExpectedVersionStatus(result: Extract<WriteResult, { kind: 'wrong_expected_version' }>) {
  const detail = fillWrongExpectedVersion(new shared.WrongExpectedVersion(), result, empty, {
    current: (message, revision) => message.setCurrentStreamRevision(revision),
    expected: (message, revision) => message.setExpectedStreamPosition(revision),
  });
  return errorStatus(status.FAILED_PRECONDITION, 'Wrong expected version.', 'event_store.client.WrongExpectedVersion', detail);
}

/**
 * `Streams.BatchAppend`: one bidirectional stream per client carries every append. Each append
 * is a run of requests with one correlation id (options in the first, `is_final` on the last);
 * each gets one response, success or a `google.rpc.Status` error, in completion order. Requests
 * arrive read by `batch-append-codec.ts`, and successes are written there; errors (rare) are
 * google-protobuf messages serialized here.
 */
export function batchAppendHandler(ctx: NodeContext) {
  return (call: ServerDuplexStream<BatchAppendRequestIn, Buffer>): void => {
    const denied = ctx.auth.check(call.metadata);
    if (denied) {
      call.emit('error', denied);
      return;
    }
    const inFlight = new Map<string, InFlight>();
    let outstanding = 0;
    let clientDone = false;
    let closed = false;
    const maybeEnd = () => {
      if (clientDone && outstanding === 0 && !closed) {
        closed = true;
        call.end();
      }
    };
    const send = (bytes: Buffer) => {
      outstanding--;
      if (closed || call.cancelled) return;
      call.write(bytes);
      maybeEnd();
    };
    /** An error answer (rare): google-protobuf's message, with the correlation id and options echoed. */
    const respond = (append: InFlight, fill: (resp: BatchAppendResp) => void) => {
      const resp = new streams.BatchAppendResp();
      resp.setCorrelationId(shared.UUID.deserializeBinary(append.correlationId));
      const options = append.options;
      if (options) {
        if (options.streamIdentifier) resp.setStreamIdentifier(shared.StreamIdentifier.deserializeBinary(options.streamIdentifier));
        const expected = options.expected;
        switch (expected.kind) {
          case 'exact':
            resp.setStreamPosition(expected.revision.toString());
            break;
          case 'no_stream':
            resp.setNoStream(new googleEmpty.Empty());
            break;
          case 'stream_exists':
            resp.setStreamExists(new googleEmpty.Empty());
            break;
          default:
            resp.setAny(new googleEmpty.Empty());
        }
      }
      fill(resp);
      send(Buffer.from(resp.serializeBinary()));
    };
    const complete = (append: InFlight) => {
      outstanding++;
      const options = append.options;
      if (!options) {
        return respond(append, (r) =>
          r.setError(errorStatus(status.INVALID_ARGUMENT, 'Batch append without options.', 'event_store.client.BadRequest', new shared.BadRequest())),
        );
      }
      const badRequest = streamNameProblem(options.streamName) ?? append.badRequest;
      if (badRequest) {
        const detail = new shared.BadRequest();
        detail.setMessage(badRequest);
        return respond(append, (r) => r.setError(errorStatus(status.INVALID_ARGUMENT, detail.getMessage(), 'event_store.client.BadRequest', detail)));
      }
      if (append.tooLarge) {
        const detail = new shared.MaximumAppendSizeExceeded();
        detail.setMaxappendsize(ctx.maxAppendSize);
        return respond(append, (r) =>
          r.setError(errorStatus(status.INVALID_ARGUMENT, `Maximum Append Size of ${ctx.maxAppendSize} Exceeded.`, 'event_store.client.MaximumAppendSizeExceeded', detail)),
        );
      }
      if (options.deadlineMs !== undefined && options.deadlineMs <= Date.now()) {
        return respond(append, (r) =>
          r.setError(errorStatus(status.DEADLINE_EXCEEDED, 'Append deadline exceeded before it was written.', 'event_store.client.Timeout', new shared.Timeout())),
        );
      }
      const streamName = options.streamName;
      ctx.store.append(streamName, options.expected, append.events).then(
        (result) => {
          if (result.kind === 'success') {
            send(encodeBatchAppendSuccess(append.correlationId, options, result.currentRevision, result.position));
            return;
          }
          respond(append, (resp) => {
            if (result.kind === 'wrong_expected_version') {
              resp.setError(wrongExpectedVersionStatus(result));
              return;
            }
            const detail = new shared.StreamDeleted();
            if (options.streamIdentifier) {
              detail.setStreamIdentifier(shared.StreamIdentifier.deserializeBinary(options.streamIdentifier));
            }
            resp.setError(errorStatus(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, 'event_store.client.StreamDeleted', detail));
          });
        },
        (error: unknown) =>
          respond(append, (resp) => {
            // Not a type the client knows: it reports "Could not recognize <message>", keeping the cause visible.
            const detail = new shared.Unknown();
            const message = error instanceof Error ? error.message : String(error);
            resp.setError(errorStatus(status.UNKNOWN, message, 'event_store.client.StorageFailure', detail));
          }),
      );
    };
    call.on('data', (req: BatchAppendRequestIn) => {
      const correlationId = req.correlationId;
      if (!correlationId) return;
      const key = correlationId.toString('latin1');
      let append = inFlight.get(key);
      if (!append) {
        append = { correlationId, events: [], size: 0, tooLarge: false };
        inFlight.set(key, append);
      }
      if (req.options) append.options = req.options;
      if (!append.tooLarge && !append.badRequest) {
        for (const message of req.proposedMessages) {
          try {
            const proposed = proposedEventOf(message);
            append.size += proposed.size;
            if (append.size > ctx.maxAppendSize) {
              append.tooLarge = true;
              append.events = [];
              break;
            }
            append.events.push(proposed.event);
          } catch (error) {
            append.badRequest = error instanceof Error ? error.message : String(error);
            append.events = [];
            break;
          }
        }
      }
      if (req.isFinal) {
        inFlight.delete(key);
        complete(append);
      }
    });
    call.on('end', () => {
      clientDone = true;
      maybeEnd();
    });
    call.on('error', () => {
      closed = true;
    });
    call.on('cancelled', () => {
      closed = true;
    });
  };
}
