import { CoalescedReads } from './coalesced-reads.js';

/** A read whose answer the test gives: `started` counts reads, `finish(n)` ends the n-th with its number. */
const controlledReads = () => {
  const ends: ((value: number) => void)[] = [];
  const fails: ((error: Error) => void)[] = [];
  return {
    started: () => ends.length,
    run: () =>
      new Promise<number>((resolve, reject) => {
        const n = ends.length;
        ends.push(() => resolve(n));
        fails.push(reject);
      }),
    finish: (n: number) => ends[n]!(n),
    fail: (n: number) => fails[n]!(new Error(`read ${n} failed`)),
  };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescedReads', () => {
  it('callers who ask while a read runs share the next read, never the one that began before them', async () => {
    const reads = controlledReads();
    const coalesced = new CoalescedReads<number>();
    const first = coalesced.read('partner-p1', reads.run);
    await tick();
    const during = [coalesced.read('partner-p1', reads.run), coalesced.read('partner-p1', reads.run), coalesced.read('partner-p1', reads.run)];
    expect(reads.started()).toBe(1);
    reads.finish(0);
    expect(await first).toBe(0);
    await tick();
    expect(reads.started()).toBe(2);
    reads.finish(1);
    expect(await Promise.all(during)).toEqual([1, 1, 1]);
    // Nothing running any more: the next caller starts a read of its own.
    const later = coalesced.read('partner-p1', reads.run);
    await tick();
    expect(reads.started()).toBe(3);
    reads.finish(2);
    expect(await later).toBe(2);
  });

  it('keeps keys apart, and gives a failed read’s error to its callers only', async () => {
    const reads = controlledReads();
    const coalesced = new CoalescedReads<number>();
    const a = coalesced.read('a', reads.run);
    const b = coalesced.read('b', reads.run);
    await tick();
    expect(reads.started()).toBe(2);
    const afterA = coalesced.read('a', reads.run);
    reads.fail(0);
    await expect(a).rejects.toThrow('read 0 failed');
    await tick();
    reads.finish(2);
    expect(await afterA).toBe(2);
    reads.finish(1);
    expect(await b).toBe(1);
  });
});
