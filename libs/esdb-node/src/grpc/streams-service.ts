import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { decodeBatchAppendReq } from '../append/batch-append-codec.js';
import { StreamsService } from './proto.js';

/** A `ReadResp` for the client: a google-protobuf message, or its bytes already encoded (events on hot paths). */
export type ReadRespOut = ReadResp | Buffer;

/** A `Streams.Read` call as the node's handlers write to it. */
export type ReadCall = ServerWritableStream<ReadReq, ReadRespOut>;

function serializeReadResp(value: ReadRespOut): Buffer {
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(value.serializeBinary());
}

const asIs = (bytes: Buffer): Buffer => bytes;

/**
 * EventStoreDB's Streams service as the client's generated definition describes it, except that `Read`
 * also takes responses already encoded as bytes (what `read/encode-read-event.ts` writes), so an event
 * streamed to a reader or subscriber costs no google-protobuf objects, and `BatchAppend`, the path of every
 * append, reads its requests and writes its answers by hand (`append/batch-append-codec.ts`).
 * Same method paths, same wire bytes.
 */
export const NodeStreamsService = {
  ...StreamsService,
  read: { ...StreamsService.read, responseSerialize: serializeReadResp },
  batchAppend: { ...StreamsService.batchAppend, requestDeserialize: decodeBatchAppendReq, responseSerialize: asIs },
} as unknown as typeof StreamsService;
