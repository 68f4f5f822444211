import type { LedgerStream } from './ledger-stream-reader.js';

/** How many streams the write side remembers (least recently used first out). */
export const STREAM_CACHE_SIZE = 10_000;

const revisionOf = (stream: LedgerStream): bigint => (stream.head.revision === 'no_stream' ? -1n : (stream.head.revision as bigint));

/**
 * The streams this process last read or appended to, each as it stood then, so that a command does not read
 * a whole stream again: the pipeline either reads only what came after (a catch-up read) or, for the stream it
 * appends to, trusts it outright, since the append's expected revision fails if another writer got there first.
 * Ledger streams only grow (nothing is deleted or truncated), which is what makes a remembered prefix valid.
 */
export class LedgerStreamCache {
  private readonly streams = new Map<string, LedgerStream>();

  constructor(private readonly capacity: number = STREAM_CACHE_SIZE) {}

  get(stream: string): LedgerStream | undefined {
    const known = this.streams.get(stream);
    if (known === undefined) return undefined;
    // Map order is insertion order: move it to the young end.
    this.streams.delete(stream);
    this.streams.set(stream, known);
    return known;
  }

  /** Keeps `stream` unless a later revision of it is already known (commands finish in any order). */
  remember(stream: LedgerStream): void {
    const name = stream.head.stream;
    const known = this.streams.get(name);
    if (known !== undefined && revisionOf(known) > revisionOf(stream)) return;
    this.streams.delete(name);
    this.streams.set(name, stream);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
  }
}
