/**
 * Reads `source` ahead of its consumer, in chunks: while the consumer folds one chunk, the next `$all`
 * read is already on its way (the store works while the rebuild folds, instead of each waiting for the
 * other). At most `maxBuffered` items wait; the consumer takes everything buffered at once.
 */
export async function* readAhead<Item>(source: AsyncIterable<Item>, maxBuffered: number): AsyncGenerator<Item[]> {
  let buffered: Item[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  let stopped = false;
  const wake = (): void => {
    wakeConsumer?.();
    wakeConsumer = undefined;
  };
  const pump = (async () => {
    try {
      for await (const item of source) {
        if (stopped) return;
        buffered.push(item);
        if (buffered.length === 1) wake();
        if (buffered.length >= maxBuffered) {
          await new Promise<void>((resolve) => (wakePump = resolve));
          if (stopped) return;
        }
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      wake();
    }
  })();
  try {
    for (;;) {
      if (buffered.length === 0 && !done) await new Promise<void>((resolve) => (wakeConsumer = resolve));
      if (buffered.length > 0) {
        const chunk = buffered;
        buffered = [];
        wakePump?.();
        wakePump = undefined;
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (done) return;
    }
  } finally {
    stopped = true;
    wakePump?.();
    await pump;
  }
}
