import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while a request is handled carries. */
export interface RequestContext {
  readonly reqId: string;
}

const requests = new AsyncLocalStorage<RequestContext>();

/** Runs `continuation` (and everything it schedules) as part of the request `context`. */
export const runInRequest = (context: RequestContext, continuation: () => void): void => {
  requests.run(context, continuation);
};

/** The request being handled, when the caller runs on behalf of one. */
export const currentRequest = (): RequestContext | undefined => requests.getStore();
