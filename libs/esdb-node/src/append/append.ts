import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import type { AppendReq, AppendResp } from '@eventstore/db-client/generated/streams_pb.js';
import {
  internalError,
  invalidArgument,
  invalidStreamName,
  maximumAppendSizeExceeded,
  requiredMetadataPropertyMissing,
  streamDeleted,
} from '../grpc/errors.js';
import { shared, streams } from '../grpc/proto.js';
import type { NodeContext } from '../node-context.js';
import type { ProposedEvent } from '../storage/sqlite-event-log.js';
import { fillSuccess, fillWrongExpectedVersion } from './append-outcome.js';
import { expectedRevisionOf } from './expected-revision.js';
import { InvalidEventIdError, MissingMetadataPropertyError, toProposedEvent } from './proposed-event.js';

const empty = () => new shared.Empty();

/** `Streams.Append`: client streaming, the options first, then the proposed messages. */
export function appendHandler(ctx: NodeContext) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    const denied = ctx.auth.check(call.metadata);
    if (denied) {
      callback(denied);
      return;
    }
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let done = false;
    const fail = (error: Parameters<typeof callback>[0]) => {
      if (done) return;
      done = true;
      callback(error);
    };
    call.on('data', (req: AppendReq) => {
      if (done) return;
      if (req.hasOptions()) {
        options = req.getOptions();
        return;
      }
      const message = req.getProposedMessage();
      if (!message) return;
      try {
        const proposed = toProposedEvent(message);
        size += proposed.size;
        if (size > ctx.maxAppendSize) return fail(maximumAppendSizeExceeded(ctx.maxAppendSize));
        events.push(proposed.event);
      } catch (error) {
        if (error instanceof MissingMetadataPropertyError) return fail(requiredMetadataPropertyMissing(error.property));
        if (error instanceof InvalidEventIdError) return fail(invalidArgument(error.message));
        return fail(internalError(error));
      }
    });
    call.on('error', () => {
      done = true;
    });
    call.on('end', () => {
      if (done) return;
      if (!options) return fail(internalError(new Error('Append without options.')));
      if (call.cancelled) {
        done = true;
        return;
      }
      const streamName = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
      const invalidName = invalidStreamName(streamName);
      if (invalidName) return fail(invalidName);
      const expected = expectedRevisionOf(options.getExpectedStreamRevisionCase(), options.getRevision());
      ctx.store.append(streamName, expected, events).then(
        (result) => {
          if (done) return;
          done = true;
          const resp = new streams.AppendResp();
          switch (result.kind) {
            case 'success': {
              const position = new streams.AppendResp.Position();
              resp.setSuccess(fillSuccess(new streams.AppendResp.Success(), result, empty, position));
              return callback(null, resp);
            }
            case 'wrong_expected_version': {
              const wrong = new streams.AppendResp.WrongExpectedVersion();
              resp.setWrongExpectedVersion(
                fillWrongExpectedVersion(wrong, result, empty, {
                  current: (message, revision) => message.setCurrentRevision(revision),
                  expected: (message, revision) => message.setExpectedRevision(revision),
                }),
              );
              return callback(null, resp);
            }
            case 'stream_deleted':
              return callback(streamDeleted(streamName));
          }
        },
        (error: unknown) => {
          if (done) return;
          done = true;
          callback(internalError(error));
        },
      );
    });
  };
}
