import { jest } from '@jest/globals';
import { BLOCKED_RETRY_MS, FLUSH_DELAY_MS, LineBatchWriter } from './stdout-lines.js';

const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, FLUSH_DELAY_MS + 5));
const errno = (code: string): Error => Object.assign(new Error(code), { code });

/** A descriptor that records each write(2); `refuse` makes the next calls throw (or accept only part). */
const fakeFd = () => {
  const writes: string[] = [];
  const plan: Array<string | number> = [];
  const write = (_fd: number, bytes: Uint8Array): number => {
    const next = plan.shift();
    if (typeof next === 'string') throw errno(next);
    const taken = next === undefined ? bytes.length : Math.min(next, bytes.length);
    writes.push(Buffer.from(bytes.subarray(0, taken)).toString('utf8'));
    return taken;
  };
  return { writes, plan, write };
};

describe('LineBatchWriter (the stdout destination of the root logger)', () => {
  it('writes the lines of a few milliseconds with one write, in order', async () => {
    const fd = fakeFd();
    const writer = new LineBatchWriter(1, fd.write);
    writer.write('a\n');
    writer.write('b\n');
    writer.write('é\n');
    expect(fd.writes).toEqual([]);
    await turn();
    expect(fd.writes).toEqual(['a\nb\né\n']);
    writer.write('c\n');
    await turn();
    expect(fd.writes).toEqual(['a\nb\né\n', 'c\n']);
  });

  it('writes the rest of a partial write at once, and keeps what a full pipe refuses for a retry, before newer lines', () => {
    // The clock is the test's: on a loaded machine a real timer could let the retry run before the test looks.
    jest.useFakeTimers();
    try {
      const fd = fakeFd();
      const writer = new LineBatchWriter(1, fd.write);
      fd.plan.push(2, 'EAGAIN');
      writer.write('one\n');
      writer.write('two\n');
      jest.advanceTimersByTime(FLUSH_DELAY_MS);
      expect(fd.writes).toEqual(['on']);
      writer.write('three\n');
      jest.advanceTimersByTime(BLOCKED_RETRY_MS - 1);
      expect(fd.writes).toEqual(['on']); // nothing is tried again before the retry, not even for a newer line
      jest.advanceTimersByTime(1);
      expect(fd.writes.join('')).toBe('one\ntwo\nthree\n');
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes everything on flushSync (at exit), waiting while the descriptor would block', () => {
    const fd = fakeFd();
    const writer = new LineBatchWriter(1, fd.write);
    fd.plan.push('EAGAIN', 3, 'EAGAIN');
    writer.write('first\n');
    writer.write('last\n');
    writer.flushSync();
    expect(fd.writes.join('')).toBe('first\nlast\n');
  });

  it('stops writing once the reader is gone (EPIPE), and throws any other write error', async () => {
    const gone = fakeFd();
    const quiet = new LineBatchWriter(1, gone.write);
    gone.plan.push('EPIPE');
    quiet.write('lost\n');
    await turn();
    quiet.write('ignored\n');
    await turn();
    quiet.flushSync();
    expect(gone.writes).toEqual([]);

    const broken = fakeFd();
    const loud = new LineBatchWriter(1, broken.write);
    broken.plan.push('EBADF');
    loud.write('x\n');
    expect(() => loud.flushSync()).toThrow('EBADF');
  });
});
