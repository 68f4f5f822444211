import { StoreUnavailableError } from '../errors.js';

/**
 * Rejects with `StoreUnavailableError` when `work` has not settled within `ms`.
 * Needed on top of the client's own deadlines: with BatchAppend the client sends the deadline to the
 * server but keeps its shared stream open forever, so a store that stops answering (paused, partitioned)
 * would leave an append pending indefinitely.
 */
export const withDeadline = <T>(work: Promise<T>, ms: number, operation: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(operation, `no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
};
