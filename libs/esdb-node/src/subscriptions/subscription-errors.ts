import { Metadata, status, type StatusObject } from '@grpc/grpc-js';

/** The status EventStoreDB ends a live subscription with when its client cannot keep up (the client's TimeoutError). */
export function consumerTooSlow(): Partial<StatusObject> {
  return {
    code: status.ABORTED,
    details: 'Operation timed out: Consumer too slow to handle event while live. Client resubscription required.',
    metadata: new Metadata(),
  };
}

export function invalidSubscription(message: string): Partial<StatusObject> {
  return { code: status.INVALID_ARGUMENT, details: message, metadata: new Metadata() };
}

/** Reading the log failed (e.g. a record failed its checksum): the subscription ends, loudly, with the reason. */
export function storageFailure(error: Error): Partial<StatusObject> {
  return {
    code: status.INTERNAL,
    details: `The subscription stopped because the event log could not be read: ${error.message}`,
    metadata: new Metadata(),
  };
}
