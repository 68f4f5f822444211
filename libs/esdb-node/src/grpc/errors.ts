import { Metadata, status, type ServerErrorResponse } from '@grpc/grpc-js';

/**
 * Errors as EventStoreDB raises them over gRPC (its `RpcExceptions`): a status code plus an
 * `exception` trailer that the client's `convertToCommandError` turns into its typed errors.
 */
export function rpcError(code: status, details: string, trailers: Record<string, string> = {}): ServerErrorResponse {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  const error = new Error(details) as ServerErrorResponse;
  error.code = code;
  error.details = details;
  error.metadata = metadata;
  return error;
}

export const streamDeleted = (streamName: string) =>
  rpcError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  });

/** `expected`/`actual` as EventStoreDB's numbers: -2 any, -1 no stream, -4 stream exists. */
export const wrongExpectedVersion = (streamName: string, expected: bigint, actual: bigint | undefined) =>
  rpcError(
    status.FAILED_PRECONDITION,
    `Append failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expected}, Actual version: ${actual ?? -1}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': streamName,
      'expected-version': expected.toString(),
      ...(actual !== undefined ? { 'actual-version': actual.toString() } : {}),
    },
  );

export const maximumAppendSizeExceeded = (maxAppendSize: number) =>
  rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });

export const requiredMetadataPropertyMissing = (missing: string) =>
  rpcError(status.INVALID_ARGUMENT, `Required Metadata Property '${missing}' is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

export const accessDenied = () =>
  rpcError(status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });

export const notAuthenticated = () => rpcError(status.UNAUTHENTICATED, 'Bad username or password.');

export const invalidArgument = (details: string) => rpcError(status.INVALID_ARGUMENT, details);

/**
 * Why a stream name names no stream, or undefined: '' (EventStoreDB's messages refuse an empty stream id, and
 * its BatchAppend answers INVALID_ARGUMENT), and '$$', the metadata stream '' would have (refused since
 * KurrentDB#4799: writing it made the server check the stream '' and stop).
 */
export function streamNameProblem(streamName: string): string | undefined {
  if (streamName === '') return 'The stream name is empty: give a stream name.';
  if (streamName === '$$') return "'$$' would be the metadata stream of the empty stream name, which is no stream: give a stream name.";
  return undefined;
}

/** INVALID_ARGUMENT for a stream name that names no stream (`streamNameProblem`), or undefined. */
export function invalidStreamName(streamName: string) {
  const problem = streamNameProblem(streamName);
  return problem === undefined ? undefined : invalidArgument(problem);
}

/** Storage failures (full disk, I/O error, a corrupt record): the message says what and where. */
export const internalError = (error: unknown) =>
  rpcError(status.UNKNOWN, error instanceof Error ? error.message : String(error));
