import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb.js';
import { serverFeatures } from '../grpc/proto.js';

/** The EventStoreDB version whose protocol the node follows (the client only records it). */
export const SERVER_VERSION = '23.10.0';

const STREAMS = 'event_store.client.streams.Streams';
const FEATURES = 'event_store.client.server_features.ServerFeatures';

/** What the node implements; BatchAppend here makes the client send every append over one stream. */
const METHODS: { service: string; method: string; features?: string[] }[] = [
  { service: STREAMS, method: 'Read', features: ['position', 'events'] },
  { service: STREAMS, method: 'Append' },
  { service: STREAMS, method: 'BatchAppend' },
  { service: STREAMS, method: 'Delete' },
  { service: STREAMS, method: 'Tombstone' },
  { service: FEATURES, method: 'GetSupportedMethods' },
];

export function supportedMethods(): SupportedMethods {
  const result = new serverFeatures.SupportedMethods();
  result.setEventStoreServerVersion(SERVER_VERSION);
  result.setMethodsList(
    METHODS.map(({ service, method, features }) => {
      const m = new serverFeatures.SupportedMethod();
      m.setServiceName(service.toLowerCase());
      m.setMethodName(method.toLowerCase());
      m.setFeaturesList(features ?? []);
      return m;
    }),
  );
  return result;
}

/** `ServerFeatures.GetSupportedMethods`: open to anonymous callers, as in EventStoreDB. */
export function getSupportedMethodsHandler() {
  return (_call: ServerUnaryCall<unknown, SupportedMethods>, callback: sendUnaryData<SupportedMethods>): void => {
    callback(null, supportedMethods());
  };
}
