import { Readable } from 'node:stream';
import { ndjsonLines } from './ndjson-lines.js';

const linesOf = async (chunks: string[]): Promise<string[]> => {
  const lines: string[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))) lines.push(line);
  return lines;
};

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, multi-byte characters included', async () => {
    expect(await linesOf(['{"a":"é', 'è"}\n{"b"', ':1}\n', '{"c":2}'])).toEqual(['{"a":"éè"}', '{"b":1}', '{"c":2}']);
    // A chunk boundary inside the three bytes of "€".
    const euro = Buffer.from('"€"\n');
    const lines: string[] = [];
    for await (const line of ndjsonLines(Readable.from([euro.subarray(0, 2), euro.subarray(2)]))) lines.push(line);
    expect(lines).toEqual(['"€"']);
  });

  it('keeps empty lines and needs no final newline', async () => {
    expect(await linesOf(['a\n\nb\n'])).toEqual(['a', '', 'b']);
    expect(await linesOf([])).toEqual([]);
  });
});
