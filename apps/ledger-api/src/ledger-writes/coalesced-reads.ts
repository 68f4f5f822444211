interface Waiting<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

interface Slot<T> {
  /** The read in flight for the key. */
  running: Promise<T>;
  /** Callers who asked while it ran: they share the read that starts when it ends. */
  next?: Waiting<T>;
}

const waiting = <T>(): Waiting<T> => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/**
 * Concurrent reads of one key coalesced without ever answering with a read older than the call: a call finds no
 * read of the key running and starts one, or finds one running and waits for the next, which starts when the running
 * one ends and serves everyone who asked meanwhile. So under load a hot stream (a partner's, read by every one of
 * its commands) costs at most two reads in flight instead of one per command, and each caller still gets a read
 * that began after it asked.
 */
export class CoalescedReads<T> {
  private readonly slots = new Map<string, Slot<T>>();

  read(key: string, run: () => Promise<T>): Promise<T> {
    const slot = this.slots.get(key);
    if (slot === undefined) return this.start(key, run);
    slot.next ??= waiting<T>();
    return slot.next.promise;
  }

  private start(key: string, run: () => Promise<T>): Promise<T> {
    const running = Promise.resolve().then(run);
    const slot: Slot<T> = { running };
    this.slots.set(key, slot);
    const settle = (): void => {
      const next = slot.next;
      if (next === undefined) {
        this.slots.delete(key);
        return;
      }
      this.start(key, run).then(next.resolve, next.reject);
    };
    running.then(settle, settle);
    return running;
  }
}
