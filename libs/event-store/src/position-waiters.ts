interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/** Callers waiting until a follower of `$all` (read models, an index) reaches a position, each with its own bound. */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves true once `reached(position)` is called with a position at or past it, false after `timeoutMs`. */
  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  reached(position: bigint): void {
    for (const waiter of this.waiters) {
      if (waiter.position > position) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(true);
    }
  }

  /** Answers every waiter "not reached" (the follower is stopping). */
  cancelAll(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters.clear();
  }
}
