// Test support (not a test: jest runs *.spec.ts only, and the build skips *.test.ts).
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { NodeStreamsService, type ReadCall } from '../../grpc/streams-service.js';
import type { SubscribedLog } from '../subscription-cursor.js';
import { serveSubscription } from '../serve-subscription.js';
import type { SubscriptionLimits } from '../subscription-limits.js';

export interface SubscriptionTestServer {
  readonly connectionString: string;
  close(): Promise<void>;
}

/** A gRPC server on loopback whose `Streams.Read` serves only subscriptions, over the given log. */
export async function startSubscriptionTestServer(log: SubscribedLog, limits?: SubscriptionLimits): Promise<SubscriptionTestServer> {
  const server = new Server();
  const unimplemented = (_call: unknown, callback: (error: { code: number; details: string }) => void) =>
    callback({ code: status.UNIMPLEMENTED, details: 'not served by the subscription test server' });
  server.addService(NodeStreamsService, {
    read: (call: ReadCall) => {
      if (call.request.getOptions()?.hasSubscription()) serveSubscription(call, call.request, log, limits);
      else call.emit('error', { code: status.UNIMPLEMENTED, details: 'only subscriptions are served here' });
    },
    append: unimplemented,
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: (call: { emit: (event: string, error: unknown) => void }) =>
      call.emit('error', { code: status.UNIMPLEMENTED, details: 'not served' }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    ),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Subscriptions a test left open would hold tryShutdown forever.
        setTimeout(() => server.forceShutdown(), 1000).unref();
      }),
  };
}
