import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import { InvalidEventFilterError } from '../filter/index.js';
import type { ReadCall } from '../grpc/streams-service.js';
import type { SubscribedLog } from './subscription-cursor.js';
import { Subscription } from './subscription.js';
import { invalidSubscription } from './subscription-errors.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './subscription-limits.js';
import { InvalidSubscriptionRequestError, parseSubscriptionRequest } from './subscription-request.js';

/**
 * Serves a `Streams.Read` call that carries `SubscriptionOptions` (the caller has checked credentials):
 * a catch-up subscription to a stream or to `$all`, filtered or not, until the client cancels it or
 * falls too far behind. Returns at once; the call lives on.
 */
export function serveSubscription(
  call: ReadCall,
  request: ReadReq,
  log: SubscribedLog,
  limits: SubscriptionLimits = DEFAULT_SUBSCRIPTION_LIMITS,
): void {
  let subscription: Subscription;
  try {
    subscription = new Subscription(call, parseSubscriptionRequest(request), log, limits);
  } catch (error) {
    if (error instanceof InvalidSubscriptionRequestError || error instanceof InvalidEventFilterError) {
      call.emit('error', invalidSubscription(error.message));
      return;
    }
    throw error;
  }
  subscription.start();
}
