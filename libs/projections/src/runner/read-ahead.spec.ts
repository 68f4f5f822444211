import { readAhead } from './read-ahead.js';

async function* numbers(count: number, failAt?: number): AsyncGenerator<number> {
  for (let n = 1; n <= count; n += 1) {
    if (n === failAt) throw new Error(`source failed at ${n}`);
    await Promise.resolve();
    yield n;
  }
}

const drain = async (chunks: AsyncIterable<number[]>): Promise<number[][]> => {
  const seen: number[][] = [];
  for await (const chunk of chunks) seen.push(chunk);
  return seen;
};

describe('readAhead', () => {
  it('hands over every item once, in order, in chunks of at most the bound', async () => {
    const chunks = await drain(readAhead(numbers(1_000), 64));
    expect(chunks.flat()).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThanOrEqual(64);
  });

  it('reads ahead while the consumer works on a chunk', async () => {
    const chunks = readAhead(numbers(100), 100);
    const first = await chunks.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await chunks.next();
    expect((first.value as number[]).length + (second.value as number[]).length).toBe(100);
    expect((await chunks.next()).done).toBe(true);
  });

  it('passes on the failure of the source after the items read before it', async () => {
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const chunk of readAhead(numbers(10, 6), 3)) seen.push(...chunk);
      })(),
    ).rejects.toThrow('source failed at 6');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops reading when the consumer stops', async () => {
    let produced = 0;
    async function* counted(): AsyncGenerator<number> {
      for (let n = 1; n <= 1_000; n += 1) {
        produced = n;
        await Promise.resolve();
        yield n;
      }
    }
    for await (const chunk of readAhead(counted(), 10)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(produced).toBeLessThan(1_000);
  });
});
