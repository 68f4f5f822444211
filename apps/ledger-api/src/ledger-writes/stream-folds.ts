import { foldEvents, type InputFold, type LedgerEvent } from '@ledger/consent-domain';
import type { LedgerStream } from './ledger-stream-reader.js';

/**
 * The folded states of the streams the write side holds, per aggregate fold, kept with the `LedgerStream` they were
 * folded from (a stream's event list never changes, and states are never changed, only replaced): a command folds a
 * stream at most once, and a stream extended by an append or a catch-up read starts from its predecessor's states and
 * folds only the new events. Without it a relationship consented to many times was folded whole on every command.
 */
export class StreamFolds {
  private readonly states = new WeakMap<LedgerStream, Map<InputFold, unknown>>();

  stateOf(fold: InputFold, stream: LedgerStream): unknown {
    let states = this.states.get(stream);
    if (states === undefined) this.states.set(stream, (states = new Map()));
    if (!states.has(fold)) states.set(fold, foldEvents(fold, stream.events));
    return states.get(fold);
  }

  /** `next` is `previous` followed by `added`: it takes each state folded for `previous`, with `added` folded on. */
  extended(previous: LedgerStream, next: LedgerStream, added: readonly LedgerEvent[]): void {
    const states = this.states.get(previous);
    if (states === undefined || next === previous) return;
    this.states.set(next, new Map([...states].map(([fold, state]) => [fold, foldEvents(fold, added, state)])));
  }
}
