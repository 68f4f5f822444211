import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import type { Authenticator } from './auth/authenticator.js';
import type { ReadCall } from './grpc/streams-service.js';
import type { RecordedEvent } from './storage/event-log.js';
import type { NodeStore } from './storage/node-store.js';

/** What every gRPC operation of a node shares. */
export interface NodeContext {
  store: NodeStore;
  auth: Authenticator;
  /** Bytes; EventStoreDB's default is 1 MiB. */
  maxAppendSize: number;
  serveSubscription: (call: ReadCall, request: ReadReq) => void;
  compileFilter?: (filter: ReadReq.Options.FilterOptions) => (event: RecordedEvent) => boolean;
}
