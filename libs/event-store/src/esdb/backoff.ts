export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialDelayMs: 100, maxDelayMs: 5_000 };

/** Exponential delay for the given attempt (1 = first retry), capped, with up to 20 % jitter so that
 *  many subscribers retrying against one store do not hit it in lock-step. */
export const backoffDelay = (attempt: number, policy: BackoffPolicy): number => {
  const exponential = policy.initialDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (0.8 + Math.random() * 0.2));
};

/** Waits `ms`, or less when `signal` aborts (never rejects): a stopping subscription must not linger. */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
