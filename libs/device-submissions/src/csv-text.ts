/**
 * The bytes of an uploaded file as UTF-8 text, chunk by chunk, within the size limit. Anything that is not
 * CSV text (a workbook, UTF-16, binary, an interrupted upload) ends the text and is reported, never thrown.
 */
import type { FileProblem } from './verdict.js';

const SAVE_AS_CSV = 'in Excel, use "Save as" with the type "CSV UTF-8 (Comma delimited) (*.csv)"';

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((byte, index) => bytes[index] === byte);

/** Files partners upload by mistake, recognised by their first bytes. */
const wrongFormat = (firstBytes: Uint8Array): FileProblem | undefined => {
  if (startsWith(firstBytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(firstBytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    return { code: 'NOT_TEXT', reason: `the file is an Excel workbook (or another archive), not CSV text: ${SAVE_AS_CSV}` };
  }
  if (startsWith(firstBytes, [0xff, 0xfe]) || startsWith(firstBytes, [0xfe, 0xff])) {
    return { code: 'NOT_TEXT', reason: `the file is UTF-16 text ("Unicode text"): ${SAVE_AS_CSV}` };
  }
  return undefined;
};

const notUtf8 = (offset: number): FileProblem => ({
  code: 'NOT_TEXT',
  reason: `the file is not UTF-8 text (invalid bytes after byte ${offset}): ${SAVE_AS_CSV}`,
});

/**
 * Yields the text of `source`; on a problem, calls `refuse` and ends. The decoder is streaming, so a character
 * split across two chunks decodes whole; it also drops a leading UTF-8 byte order mark.
 */
export async function* csvText(
  source: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  refuse: (problem: FileProblem) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesRead = 0;
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (bytes.byteLength === 0) continue;
      const problem = bytesRead === 0 ? wrongFormat(bytes) : undefined;
      if (problem !== undefined) return refuse(problem);
      if (bytesRead + bytes.byteLength > maxBytes) {
        return refuse({
          code: 'TOO_LARGE',
          reason: `the file is larger than ${maxBytes} bytes: split it into several files`,
        });
      }
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        return refuse(notUtf8(bytesRead));
      }
      if (text.includes('\u0000')) {
        return refuse({ code: 'NOT_TEXT', reason: `the file contains binary data (a NUL byte): ${SAVE_AS_CSV}` });
      }
      bytesRead += bytes.byteLength;
      yield text;
    }
    try {
      const rest = decoder.decode();
      if (rest) yield rest;
    } catch {
      return refuse(notUtf8(bytesRead));
    }
    if (bytesRead === 0) {
      refuse({ code: 'EMPTY', reason: 'the file is empty: it needs the header line, then one line per device' });
    }
  } catch (error) {
    const cause = typeof error === 'object' && error !== null ? (error as Error).message : String(error);
    refuse({ code: 'UNREADABLE', reason: `the upload was interrupted before the end of the file (${cause}): send it again` });
  }
}
