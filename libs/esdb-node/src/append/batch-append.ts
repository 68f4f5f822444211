import { status, type ServerDuplexStream } from '@grpc/grpc-js';
import type { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb.js';
import type { UUID } from '@eventstore/db-client/generated/shared_pb.js';
import type { Status } from '@eventstore/db-client/generated/status_pb.js';
import type { Message } from 'google-protobuf';
import { googleAny, googleEmpty, shared, status as statusPb, streams } from '../grpc/proto.js';
import type { NodeContext } from '../node-context.js';
import { uuidKey } from '../grpc/uuid.js';
import type { ProposedEvent, WriteResult } from '../storage/sqlite-event-log.js';
import { fillSuccess, fillWrongExpectedVersion } from './append-outcome.js';
import { expectedRevisionOf } from './expected-revision.js';
import { MissingMetadataPropertyError, toProposedEvent } from './proposed-event.js';

interface InFlight {
  correlationId: UUID;
  options?: BatchAppendReq.Options;
  events: ProposedEvent[];
  size: number;
  tooLarge: boolean;
  missingProperty?: string;
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
 * each gets one response, success or a `google.rpc.Status` error, in completion order.
 */
export function batchAppendHandler(ctx: NodeContext) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
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
    const respond = (append: InFlight, fill: (resp: BatchAppendResp) => void) => {
      outstanding--;
      if (closed || call.cancelled) return;
      const resp = new streams.BatchAppendResp();
      resp.setCorrelationId(append.correlationId);
      const options = append.options;
      if (options) {
        resp.setStreamIdentifier(options.getStreamIdentifier());
        const Case = streams.BatchAppendReq.Options.ExpectedStreamPositionCase;
        switch (options.getExpectedStreamPositionCase()) {
          case Case.STREAM_POSITION:
            resp.setStreamPosition(options.getStreamPosition());
            break;
          case Case.NO_STREAM:
            resp.setNoStream(new googleEmpty.Empty());
            break;
          case Case.STREAM_EXISTS:
            resp.setStreamExists(new googleEmpty.Empty());
            break;
          default:
            resp.setAny(new googleEmpty.Empty());
        }
      }
      fill(resp);
      call.write(resp);
      maybeEnd();
    };
    const complete = (append: InFlight) => {
      outstanding++;
      const options = append.options;
      if (!options) {
        return respond(append, (r) =>
          r.setError(errorStatus(status.INVALID_ARGUMENT, 'Batch append without options.', 'event_store.client.BadRequest', new shared.BadRequest())),
        );
      }
      if (append.missingProperty) {
        const detail = new shared.BadRequest();
        detail.setMessage(`Required metadata property '${append.missingProperty}' is missing.`);
        return respond(append, (r) => r.setError(errorStatus(status.INVALID_ARGUMENT, detail.getMessage(), 'event_store.client.BadRequest', detail)));
      }
      if (append.tooLarge) {
        const detail = new shared.MaximumAppendSizeExceeded();
        detail.setMaxappendsize(ctx.maxAppendSize);
        return respond(append, (r) =>
          r.setError(errorStatus(status.INVALID_ARGUMENT, `Maximum Append Size of ${ctx.maxAppendSize} Exceeded.`, 'event_store.client.MaximumAppendSizeExceeded', detail)),
        );
      }
      const deadline = options.getDeadline();
      if (deadline && deadline.toDate().getTime() <= Date.now()) {
        return respond(append, (r) =>
          r.setError(errorStatus(status.DEADLINE_EXCEEDED, 'Append deadline exceeded before it was written.', 'event_store.client.Timeout', new shared.Timeout())),
        );
      }
      const streamName = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
      ctx.store.append(streamName, expectedRevisionOf(options.getExpectedStreamPositionCase(), options.getStreamPosition()), append.events).then(
        (result) =>
          respond(append, (resp) => {
            switch (result.kind) {
              case 'success': {
                const position = new shared.AllStreamPosition();
                resp.setSuccess(fillSuccess(new streams.BatchAppendResp.Success(), result, empty, position));
                return;
              }
              case 'wrong_expected_version':
                resp.setError(wrongExpectedVersionStatus(result));
                return;
              case 'stream_deleted': {
                const detail = new shared.StreamDeleted();
                detail.setStreamIdentifier(options.getStreamIdentifier());
                resp.setError(errorStatus(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, 'event_store.client.StreamDeleted', detail));
                return;
              }
            }
          }),
        (error: unknown) =>
          respond(append, (resp) => {
            // Not a type the client knows: it reports "Could not recognize <message>", keeping the cause visible.
            const detail = new shared.Unknown();
            const message = error instanceof Error ? error.message : String(error);
            resp.setError(errorStatus(status.UNKNOWN, message, 'event_store.client.StorageFailure', detail));
          }),
      );
    };
    call.on('data', (req: BatchAppendReq) => {
      const correlationId = req.getCorrelationId();
      const key = uuidKey(correlationId);
      if (!correlationId || !key) return;
      let append = inFlight.get(key);
      if (!append) {
        append = { correlationId, events: [], size: 0, tooLarge: false };
        inFlight.set(key, append);
      }
      if (req.hasOptions()) append.options = req.getOptions();
      if (!append.tooLarge && !append.missingProperty) {
        for (const message of req.getProposedMessagesList()) {
          try {
            const proposed = toProposedEvent(message);
            append.size += proposed.size;
            if (append.size > ctx.maxAppendSize) {
              append.tooLarge = true;
              append.events = [];
              break;
            }
            append.events.push(proposed.event);
          } catch (error) {
            append.missingProperty = error instanceof MissingMetadataPropertyError ? error.property : 'unknown';
            append.events = [];
            break;
          }
        }
      }
      if (req.getIsFinal()) {
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
