import type { Readable } from 'node:stream';

/**
 * The lines of an NDJSON stream, split on raw bytes (a newline byte never occurs inside a UTF-8 sequence), so that
 * only whole lines are decoded: cheaper than readline on a million-line export, and memory stays one chunk plus one
 * partial line.
 */
export async function* ndjsonLines(input: Readable): AsyncGenerator<string> {
  let rest: Buffer | undefined;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    let newline = chunk.indexOf(0x0a);
    if (rest !== undefined && newline !== -1) {
      yield Buffer.concat([rest, chunk.subarray(0, newline)]).toString('utf8');
      rest = undefined;
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    while (newline !== -1) {
      yield chunk.toString('utf8', start, newline);
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) rest = rest === undefined ? chunk.subarray(start) : Buffer.concat([rest, chunk.subarray(start)]);
  }
  if (rest !== undefined && rest.length > 0) yield rest.toString('utf8');
}
