import { Readable } from 'node:stream';
import { DEVICE_FILE_LIMITS, MAX_DEVICE_FILE_BYTES, MAX_DEVICE_ROWS } from './limits.js';
import { PARTNER_CENTER_HEADER } from './partner-center-header.js';
import { validateDeviceCsv } from './validate-device-csv.js';

const hardwareHash = (seed: number): string => {
  const bytes = Buffer.alloc(3_000, 0x5a);
  bytes.writeUInt32BE(seed);
  return bytes.toString('base64');
};

/** The file as one Buffer per chunk, like an HTTP body arrives. */
const file = (...chunks: (string | Buffer)[]): Readable =>
  Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));

const lines = (...rows: string[]): string => `${[PARTNER_CENTER_HEADER, ...rows].join('\r\n')}\r\n`;

describe('validateDeviceCsv: a good file', () => {
  it('accepts every way of identifying a device, with a BOM and CRLF line ends', async () => {
    const verdict = await validateDeviceCsv(
      file(
        '\uFEFF',
        lines(
          `,,${hardwareHash(1)},,`,
          `,1234567890123,${hardwareHash(2)},,`,
          `SN-3,,${hardwareHash(3)},Contoso,Laptop 7`,
          ',1234567890124,,,',
          'SN-5,,,Contoso,"Laptop 7, 16"""',
        ),
      ),
    );
    expect(verdict).toEqual({
      valid: 5,
      invalid: 0,
      rows: [2, 3, 4, 5, 6].map((line, index) => ({ row: index + 1, ok: true, line })),
    });
  });

  it('reads a character split across two chunks, and LF or mixed line ends', async () => {
    const row = Buffer.from('SN-1,,,Société Générale,Modèle 1\n', 'utf8');
    const split = row.indexOf(0xc3) + 1; // inside the two bytes of "é"
    const verdict = await validateDeviceCsv(
      file(`${PARTNER_CENTER_HEADER}\n`, row.subarray(0, split), row.subarray(split), ',1234567890123,,,\r\n'),
    );
    expect(verdict).toMatchObject({ valid: 2, invalid: 0 });
  });

  it('takes a header-only file as no devices, and skips empty lines', async () => {
    expect(await validateDeviceCsv(file(`${PARTNER_CENTER_HEADER}\n\n`))).toEqual({ valid: 0, invalid: 0, rows: [] });
  });
});

describe('validateDeviceCsv: a mixed file', () => {
  it('reports each bad row with its row number, its line and a reason; the good rows pass', async () => {
    const verdict = await validateDeviceCsv(
      file(
        lines(
          `,,${hardwareHash(1)},,`, // row 1, line 2: good
          ',12345,,,', // bad PKID
          'SN-3,,,Contoso,', // serial without model
          ',,,,', // empty
          `,,${hardwareHash(1)},,`, // duplicate hash
          ',1234567890123,,', // 4 columns
          '"SN\n7",,,Contoso,Laptop', // a line break inside a quoted field, lines 8-9
          ',1234567890123,,,', // good, line 10
        ),
      ),
    );
    expect(verdict.valid).toBe(2);
    expect(verdict.invalid).toBe(6);
    expect(verdict.file).toBeUndefined();
    expect(verdict.rows).toEqual([
      { row: 1, ok: true, line: 2 },
      { row: 2, ok: false, line: 3, reason: expect.stringContaining('Windows Product ID "12345" is not a Windows product ID') },
      { row: 3, ok: false, line: 4, reason: expect.stringContaining('Device model missing') },
      { row: 4, ok: false, line: 5, reason: 'the row is empty: delete it' },
      { row: 5, ok: false, line: 6, reason: 'duplicate of row 1 (same Hardware Hash): submit each device once' },
      { row: 6, ok: false, line: 7, reason: expect.stringMatching(/^the row has 4 columns, the header has 5/) },
      { row: 7, ok: false, line: 8, reason: expect.stringContaining('Device Serial Number contains a control character (U+000A') },
      { row: 8, ok: true, line: 10 },
    ]);
  });

  it('finds duplicates by PKID and by serial, manufacturer and model, whatever the case', async () => {
    const verdict = await validateDeviceCsv(
      file(lines(',1234567890123,,,', 'SN-1,,,Contoso,Laptop', ',1234567890123,,,', 'sn-1,,,CONTOSO,laptop')),
    );
    expect(verdict.rows.map((row) => row.reason)).toEqual([
      undefined,
      undefined,
      'duplicate of row 1 (same Windows Product ID): submit each device once',
      'duplicate of row 2 (same Device Serial Number, Manufacturer name and Device model): submit each device once',
    ]);
  });
});

describe('validateDeviceCsv: a file refused as a whole', () => {
  it.each([
    ['a header with other names', 'Serial,PKID,Hash,Make,Model\n', 'the file has no header line'],
    ['a header in another case', 'Device Serial Number,Windows Product ID,Hardware hash,Manufacturer name,Device model\n', 'column 3 of the header is "Hardware hash", expected "Hardware Hash"'],
    ['a header with a column missing', 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name\n', 'column 5 of the header is missing, expected "Device model"'],
    ['a header with an extra column', `${PARTNER_CENTER_HEADER},Group Tag\n`, 'the header has 6 columns'],
    ['a header separated by semicolons', `${PARTNER_CENTER_HEADER.replaceAll(',', ';')}\n`, 'the header separates columns with ";"'],
    ['no header at all', `,1234567890123,,,\n`, 'the file has no header line'],
  ])('refuses %s', async (_label, text, reason) => {
    const verdict = await validateDeviceCsv(file(text));
    expect(verdict).toMatchObject({ valid: 0, invalid: 0, rows: [], file: { code: 'BAD_HEADER', line: 1 } });
    expect(verdict.file?.reason).toContain(reason);
    expect(verdict.file?.reason).toContain(`the first line must be exactly: ${PARTNER_CENTER_HEADER}`);
  });

  it.each([
    ['an unclosed quote', lines(',1234567890123,,,', '"SN-2,,,Contoso,Laptop'), 'a double quote opened on line 3 is never closed', 3],
    ['a stray quote', lines(',1234567890123,,,', 'SN"2,,,Contoso,Laptop'), 'line 3 has a stray double quote', 3],
  ])('refuses %s as unreadable, keeping the rows before it', async (_label, text, reason, line) => {
    const verdict = await validateDeviceCsv(file(text));
    expect(verdict.rows).toEqual([{ row: 1, ok: true, line: 2 }]);
    expect(verdict.file).toMatchObject({ code: 'UNREADABLE', line });
    expect(verdict.file?.reason).toContain(reason);
  });

  it.each([
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'an Excel workbook'],
    ['UTF-16 text', Buffer.from(`\uFEFF${PARTNER_CENTER_HEADER}\r\n`, 'utf16le'), 'UTF-16 text'],
    ['binary data', Buffer.concat([Buffer.from(`${PARTNER_CENTER_HEADER}\n`), Buffer.from([0x00, 0x01, 0x02])]), 'binary data'],
    ['Latin-1 text', Buffer.from(`${PARTNER_CENTER_HEADER}\nSN-1,,,Soci\xe9t\xe9,M\n`, 'latin1'), 'not UTF-8 text'],
  ])('refuses %s, saying how to save the file instead', async (_label, bytes, reason) => {
    const verdict = await validateDeviceCsv(file(bytes));
    expect(verdict.file).toMatchObject({ code: 'NOT_TEXT' });
    expect(verdict.file?.reason).toContain(reason);
    expect(verdict.file?.reason).toContain('CSV UTF-8');
  });

  it('refuses an empty file', async () => {
    expect((await validateDeviceCsv(file())).file?.code).toBe('EMPTY');
    expect((await validateDeviceCsv(file('\n\r\n'))).file?.code).toBe('EMPTY');
  });

  it('refuses more rows than the limit, and more bytes, and stops reading', async () => {
    let chunksRead = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${PARTNER_CENTER_HEADER}\n`);
      for (let row = 0; ; row += 1) {
        chunksRead += 1;
        yield Buffer.from(`,${String(1_000_000_000_000 + row)},,,\n`);
      }
    }
    const tooMany = await validateDeviceCsv(endless(), { ...DEVICE_FILE_LIMITS, maxRows: 3 });
    expect(tooMany).toMatchObject({ valid: 3, file: { code: 'TOO_MANY_ROWS', line: 5 } });
    expect(tooMany.file?.reason).toBe('the file has more than 3 devices: split it into files of at most 3 rows');
    expect(chunksRead).toBeLessThan(100);

    const tooLarge = await validateDeviceCsv(endless(), { maxRows: MAX_DEVICE_ROWS, maxBytes: 4_096 });
    expect(tooLarge.file).toEqual({ code: 'TOO_LARGE', reason: 'the file is larger than 4096 bytes: split it into several files' });
    expect(DEVICE_FILE_LIMITS).toEqual({ maxRows: MAX_DEVICE_ROWS, maxBytes: MAX_DEVICE_FILE_BYTES });
  });

  it('reports an upload interrupted midway instead of throwing', async () => {
    async function* interrupted(): AsyncGenerator<Buffer> {
      yield Buffer.from(lines(',1234567890123,,,'));
      throw new Error('aborted');
    }
    const verdict = await validateDeviceCsv(interrupted());
    expect(verdict.file).toEqual({
      code: 'UNREADABLE',
      reason: 'the upload was interrupted before the end of the file (aborted): send it again',
    });
  });
});

describe('validateDeviceCsv: a full-size file', () => {
  it(`checks ${MAX_DEVICE_ROWS.toLocaleString('en')} rows with 4K hardware hashes, streamed`, async () => {
    async function* tenThousandRows(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${PARTNER_CENTER_HEADER}\r\n`);
      for (let row = 0; row < MAX_DEVICE_ROWS; row += 1) {
        yield Buffer.from(`SN-${row},,${hardwareHash(row)},Contoso,Laptop 7\r\n`);
      }
    }
    const verdict = await validateDeviceCsv(tenThousandRows());
    expect(verdict).toMatchObject({ valid: MAX_DEVICE_ROWS, invalid: 0 });
    expect(verdict.file).toBeUndefined();
    expect(verdict.rows.at(-1)).toEqual({ row: MAX_DEVICE_ROWS, ok: true, line: MAX_DEVICE_ROWS + 1 });
  });
});
