import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { DeleteReq, DeleteResp, TombstoneReq, TombstoneResp } from '@eventstore/db-client/generated/streams_pb.js';
import { expectedRevisionOf } from '../append/expected-revision.js';
import { expectedAsNumber } from '../append/proposed-event.js';
import { internalError, invalidStreamName, streamDeleted, wrongExpectedVersion } from '../grpc/errors.js';
import { streams } from '../grpc/proto.js';
import type { NodeContext } from '../node-context.js';
import type { ExpectedRevision, WriteResult } from '../storage/sqlite-event-log.js';

type DeleteOptions = DeleteReq.Options | TombstoneReq.Options;

function handle<Resp>(
  ctx: NodeContext,
  options: DeleteOptions | undefined,
  operation: (streamName: string, expected: ExpectedRevision) => Promise<WriteResult>,
  toResponse: (position: bigint) => Resp,
  callback: sendUnaryData<Resp>,
) {
  if (!options) return callback(internalError(new Error('Delete without options.')));
  const streamName = Buffer.from(options.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
  const invalidName = invalidStreamName(streamName);
  if (invalidName) return callback(invalidName);
  const expected = expectedRevisionOf(options.getExpectedStreamRevisionCase(), options.getRevision());
  operation(streamName, expected).then(
    (result) => {
      switch (result.kind) {
        case 'success':
          return callback(null, toResponse(result.position));
        case 'stream_deleted':
          return callback(streamDeleted(streamName));
        case 'wrong_expected_version':
          return callback(wrongExpectedVersion(streamName, expectedAsNumber(expected), result.current));
      }
    },
    (error: unknown) => callback(internalError(error)),
  );
}

/** `Streams.Delete`: soft delete. */
export function deleteHandler(ctx: NodeContext) {
  return (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void => {
    const denied = ctx.auth.check(call.metadata);
    if (denied) return callback(denied);
    handle(
      ctx,
      call.request.getOptions(),
      (s, e) => ctx.store.delete(s, e),
      (position) => {
        const resp = new streams.DeleteResp();
        const p = new streams.DeleteResp.Position();
        p.setCommitPosition(position.toString());
        p.setPreparePosition(position.toString());
        resp.setPosition(p);
        return resp;
      },
      callback,
    );
  };
}

/** `Streams.Tombstone`: hard delete, for good. */
export function tombstoneHandler(ctx: NodeContext) {
  return (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>): void => {
    const denied = ctx.auth.check(call.metadata);
    if (denied) return callback(denied);
    handle(
      ctx,
      call.request.getOptions(),
      (s, e) => ctx.store.tombstone(s, e),
      (position) => {
        const resp = new streams.TombstoneResp();
        const p = new streams.TombstoneResp.Position();
        p.setCommitPosition(position.toString());
        p.setPreparePosition(position.toString());
        resp.setPosition(p);
        return resp;
      },
      callback,
    );
  };
}
