import type { InputFold, LedgerEvent } from '@ledger/consent-domain';
import type { LedgerStream } from './ledger-stream-reader.js';
import { StreamFolds } from './stream-folds.js';

/** A fold that lists the events it saw and counts its calls (the events stand in for ledger events). */
const countingFold = () => {
  let calls = 0;
  const fold: InputFold = {
    initialState: () => [] as string[],
    evolve: ((state: string[], event: { type: string }) => {
      calls += 1;
      return [...state, event.type];
    }) as InputFold['evolve'],
  };
  return { fold, calls: () => calls };
};

const eventsNamed = (...names: string[]): LedgerEvent[] => names.map((type) => ({ type }) as unknown as LedgerEvent);
const streamOf = (events: LedgerEvent[]): LedgerStream => ({
  events,
  head: { stream: 'relationship-p1_t1', revision: events.length === 0 ? 'no_stream' : BigInt(events.length - 1), chainHash: null, position: undefined },
});

describe('StreamFolds', () => {
  it('folds a stream once, however many commands read it', () => {
    const { fold, calls } = countingFold();
    const folds = new StreamFolds();
    const stream = streamOf(eventsNamed('a', 'b', 'c'));
    expect(folds.stateOf(fold, stream)).toEqual(['a', 'b', 'c']);
    expect(folds.stateOf(fold, stream)).toEqual(['a', 'b', 'c']);
    expect(calls()).toBe(3);
  });

  it('folds an extended stream from its predecessor: only the new events, to the state a whole fold gives', () => {
    const { fold, calls } = countingFold();
    const folds = new StreamFolds();
    const before = streamOf(eventsNamed('a', 'b'));
    folds.stateOf(fold, before);
    const added = eventsNamed('c', 'd');
    const after = streamOf([...before.events, ...added]);
    folds.extended(before, after, added);

    expect(folds.stateOf(fold, after)).toEqual(['a', 'b', 'c', 'd']);
    expect(calls()).toBe(4);
    expect(folds.stateOf(fold, before)).toEqual(['a', 'b']);
  });

  it('an extended stream whose predecessor was never folded is folded whole when first asked', () => {
    const { fold, calls } = countingFold();
    const folds = new StreamFolds();
    const before = streamOf(eventsNamed('a'));
    const after = streamOf(eventsNamed('a', 'b'));
    folds.extended(before, after, eventsNamed('b'));
    expect(folds.stateOf(fold, after)).toEqual(['a', 'b']);
    expect(calls()).toBe(2);
  });

  it('keeps each fold of one stream apart', () => {
    const first = countingFold();
    const second = countingFold();
    const folds = new StreamFolds();
    const stream = streamOf(eventsNamed('a'));
    folds.stateOf(first.fold, stream);
    folds.stateOf(second.fold, stream);
    expect([first.calls(), second.calls()]).toEqual([1, 1]);
  });
});
