import type { Readable } from 'node:stream';

/**
 * An NDJSON stream as chunks of whole lines: each chunk read, up to its last newline (the rest waits for the next
 * chunk). Split on raw bytes (a newline byte never occurs inside a UTF-8 sequence), so nothing is decoded here and a
 * chunk can go to another thread as it is. Memory: one chunk plus one partial line.
 */
export async function* wholeLineChunks(input: Readable): AsyncGenerator<Uint8Array> {
  let rest: Buffer | undefined;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      rest = rest === undefined ? Buffer.from(chunk) : Buffer.concat([rest, chunk]);
      continue;
    }
    // A copy of its own (not a view of the stream's buffer), so it can be transferred.
    yield rest === undefined ? Uint8Array.prototype.slice.call(chunk, 0, last + 1) : Buffer.concat([rest, chunk.subarray(0, last + 1)]);
    rest = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
  }
  if (rest !== undefined && rest.length > 0) yield rest;
}

/** The lines of a chunk of whole lines (the last needs no newline), decoded as UTF-8; empty lines kept. */
export const splitLines = (chunk: Uint8Array): string[] => {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const lines: string[] = [];
  let start = 0;
  for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.toString('utf8', start, newline));
    start = newline + 1;
  }
  if (start < bytes.length) lines.push(bytes.toString('utf8', start));
  return lines;
};

/** The lines of an NDJSON stream, one at a time. */
export async function* ndjsonLines(input: Readable): AsyncGenerator<string> {
  for await (const chunk of wholeLineChunks(input)) yield* splitLines(chunk);
}
