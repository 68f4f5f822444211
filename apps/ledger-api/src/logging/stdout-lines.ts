import { writeSync } from 'node:fs';

/** How long a line waits at most for the lines logged after it before they all leave in one write. */
export const FLUSH_DELAY_MS = 10;
/** How long lines wait before they are tried again after the descriptor said it would block (a full pipe). */
export const BLOCKED_RETRY_MS = 10;
/** At exit, how long the last lines may be retried on a descriptor that would block, in all. */
const EXIT_FLUSH_LIMIT_MS = 2_000;

type WriteSync = (fd: number, buffer: Uint8Array) => number;

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * A pino destination that writes the lines logged within FLUSH_DELAY_MS of the first with one `write(2)`, in
 * the order they were logged. Pino's default destination writes each line on its own through libuv's thread
 * pool (a round trip between threads per write) and re-measures its growing buffer on every line; under load
 * (an access line per request) that cost more CPU than the request itself. The descriptor is used
 * non-blocking, as libuv leaves a pipe or socket (see `stdoutLines`): when it would block, what it refused is
 * kept and retried BLOCKED_RETRY_MS later, so the event loop never waits on a slow reader. At exit, `flushSync`
 * writes whatever is left. A closed reader (EPIPE) ends logging quietly, as pino's own destination does; any
 * other write error is thrown, as pino's would be.
 */
export class LineBatchWriter {
  private queued: string[] = [];
  /** Bytes taken from `queued` that the descriptor has not accepted yet (it would have blocked). */
  private pending: Buffer | undefined;
  private scheduled: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly writeBytes: WriteSync = writeSync,
  ) {}

  write(line: string): boolean {
    if (this.closed) return true;
    this.queued.push(line);
    if (this.scheduled === undefined && this.retry === undefined) this.scheduled = setTimeout(this.flushNow, FLUSH_DELAY_MS);
    return true;
  }

  /** Writes everything now, waiting (at most a couple of seconds in all) while the descriptor would block. */
  flushSync(): void {
    clearTimeout(this.retry);
    clearTimeout(this.scheduled);
    this.retry = undefined;
    this.scheduled = undefined;
    const giveUpAt = Date.now() + EXIT_FLUSH_LIMIT_MS;
    while (!this.closed && (this.takeQueued() || this.pending !== undefined)) {
      if (this.writePending()) continue;
      if (Date.now() >= giveUpAt) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }

  private readonly flushNow = (): void => {
    this.scheduled = undefined;
    this.drain();
  };

  private readonly retryNow = (): void => {
    this.retry = undefined;
    this.drain();
  };

  private drain(): void {
    this.takeQueued();
    if (this.writePending() || this.closed) return;
    this.retry = setTimeout(this.retryNow, BLOCKED_RETRY_MS);
    this.retry.unref();
  }

  /** Moves the queued lines behind the pending bytes; false when nothing was queued. */
  private takeQueued(): boolean {
    if (this.queued.length === 0) return false;
    const bytes = Buffer.from(this.queued.length === 1 ? this.queued[0]! : this.queued.join(''));
    this.queued = [];
    this.pending = this.pending === undefined ? bytes : Buffer.concat([this.pending, bytes]);
    return true;
  }

  /** Writes the pending bytes; true once they are all written (or dropped: the reader is gone), false if it would block. */
  private writePending(): boolean {
    while (this.pending !== undefined) {
      let written: number;
      try {
        written = this.writeBytes(this.fd, this.pending);
      } catch (error) {
        const code = codeOf(error);
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return false;
        if (code === 'EPIPE') {
          this.closed = true;
          this.pending = undefined;
          this.queued = [];
          return true;
        }
        throw error;
      }
      this.pending = written >= this.pending.length ? undefined : this.pending.subarray(written);
    }
    return true;
  }
}

let stdout: LineBatchWriter | undefined;

/**
 * The process's one stdout writer (every logger of the process shares it, so their lines keep their order).
 * Reading `process.stdout` first, as pino's default destination does, makes libuv switch a pipe or socket on
 * fd 1 to non-blocking mode.
 */
export const stdoutLines = (): LineBatchWriter => {
  if (stdout === undefined) {
    const writer = new LineBatchWriter(process.stdout.fd ?? 1);
    process.on('exit', () => writer.flushSync());
    stdout = writer;
  }
  return stdout;
};
