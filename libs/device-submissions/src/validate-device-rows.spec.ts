import { HARDWARE_HASH_MIN_CHARS, MAX_DEVICE_ROWS } from './limits.js';
import { validateDeviceRows } from './validate-device-rows.js';

/** A well-formed 4K hardware hash, distinct per seed. */
const hardwareHash = (seed: number): string => {
  const bytes = Buffer.alloc(3_000, 0x5a);
  bytes.writeUInt32BE(seed);
  return bytes.toString('base64');
};

const reasonOf = (row: unknown): string | undefined => validateDeviceRows([row]).rows[0]?.reason;

describe('validateDeviceRows: the ways a row identifies a device', () => {
  it.each([
    ['the hardware hash alone', { hardwareHash: hardwareHash(1) }],
    ['the hash with the product ID', { hardwareHash: hardwareHash(1), productKey: '1234567890123' }],
    ['the hash with the serial number', { hardwareHash: hardwareHash(1), serialNumber: 'SN-1' }],
    ['the hash with the product ID and the serial number', { hardwareHash: hardwareHash(1), productKey: '1234567890123', serialNumber: 'SN-1' }],
    ['the product ID alone', { productKey: '1234567890123' }],
    ['serial number, manufacturer and model', { serialNumber: 'SN-1', manufacturer: 'Contoso', model: 'Laptop 7' }],
    ['padded values and blank or null fields', { productKey: ' 1234567890123 ', serialNumber: '  ', model: null }],
  ])('accepts %s', (_way, row) => {
    expect(validateDeviceRows([row])).toEqual({ valid: 1, invalid: 0, rows: [{ row: 1, ok: true }] });
  });

  it('refuses a serial number without its manufacturer and model, naming what is missing', () => {
    expect(reasonOf({ serialNumber: 'SN-1', manufacturer: 'Contoso' })).toBe(
      'the row identifies no device: model missing (a serial number identifies a device only with its manufacturer and model); ' +
        'or give the hardwareHash, or the productKey, or the serialNumber with the manufacturer and model',
    );
  });

  it.each([
    ['the serial number, manufacturer and model', { productKey: '1234567890123', serialNumber: 'SN-1', manufacturer: 'Contoso', model: 'Laptop 7' }, 'serialNumber and manufacturer and model'],
    ['the serial number', { productKey: '1234567890123', serialNumber: 'SN-1' }, 'serialNumber'],
    ['the model', { productKey: '1234567890123', model: 'Laptop 7' }, 'model'],
  ])('refuses the product ID without the hash but with %s: Partner Center takes it alone', (_with, row, named) => {
    expect(reasonOf(row)).toBe(
      `the productKey identifies a device alone, not with the ${named}: without the hardwareHash, give either the productKey ` +
        'or the serialNumber with the manufacturer and model, not both (or add the hardwareHash)',
    );
  });

  it('refuses a row that gives nothing, and an empty one', () => {
    expect(reasonOf({ serialNumber: '' })).toBe('the row is empty: delete it');
    expect(reasonOf({})).toBe('the row is empty: delete it');
  });
});

describe('validateDeviceRows: malformed values', () => {
  const hash = hardwareHash(1);
  it.each([
    ['a PKID of 12 digits', { productKey: '123456789012' }, 'productKey "123456789012" is not a Windows product ID (PKID): a PKID is 13 digits'],
    ['a product key for a PKID', { productKey: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX' }, '(a product key is not a PKID)'],
    ['a hash with a stray character', { hardwareHash: `${hash.slice(0, 100)}#${hash.slice(101)}` }, 'hardwareHash is not valid base64 (character "#" at position 101)'],
    ['a hash cut at 255 characters', { hardwareHash: hash.slice(0, 255) }, 'hardwareHash is not valid base64 (255 characters, not a multiple of 4: cut short?)'],
    ['a hash with padding inside', { hardwareHash: `${hash.slice(0, 100)}=${hash.slice(101)}` }, 'hardwareHash is not valid base64 ("=" may only end it)'],
    ['a hash cut at 1000 characters', { hardwareHash: hash.slice(0, 1_000) }, `hardwareHash is only 1000 characters long (a hardware hash has ${HARDWARE_HASH_MIN_CHARS} to`],
    ['an over-long hash', { hardwareHash: hash.repeat(3) }, 'hardwareHash is 12000 characters long'],
    ['an over-long serial number', { serialNumber: 'S'.repeat(129), manufacturer: 'C', model: 'M' }, 'serialNumber is 129 characters long, at most 128 are allowed'],
    ['an over-long model', { serialNumber: 'SN-1', manufacturer: 'C', model: 'M'.repeat(300) }, 'model is 300 characters long, at most 255 are allowed'],
    ['a tab inside a serial number', { serialNumber: 'SN\t1', manufacturer: 'C', model: 'M' }, 'serialNumber contains a control character (U+0009 at position 3)'],
  ])('refuses %s', (_label, row, reason) => {
    const verdict = validateDeviceRows([row]);
    expect(verdict).toMatchObject({ valid: 0, invalid: 1 });
    expect(verdict.rows[0]?.reason).toContain(reason);
  });

  it('reports every malformed value of a row at once', () => {
    expect(reasonOf({ productKey: '12', hardwareHash: 'not base64!' })?.split('; ')).toHaveLength(2);
  });

  it('refuses rows that are not objects, unknown fields and values that are not strings', () => {
    const verdict = validateDeviceRows(['SN-1', { productKey: 1234567890123 }, { productKey: '1234567890123', colour: 'red' }]);
    expect(verdict.rows.map((row) => row.reason)).toEqual([
      'the row is not an object: send { serialNumber, productKey, hardwareHash, manufacturer, model } with the values you have',
      'productKey must be a string, not number',
      'unknown field "colour": the fields are serialNumber, productKey, hardwareHash, manufacturer, model',
    ]);
  });
});

describe('validateDeviceRows: duplicates and counts', () => {
  it('refuses the second occurrence of a hash, a product ID, or a serial with its manufacturer and model', () => {
    const verdict = validateDeviceRows([
      { hardwareHash: hardwareHash(1), productKey: '1111111111111' },
      { hardwareHash: hardwareHash(2) },
      { hardwareHash: hardwareHash(1) },
      { productKey: '1111111111111' },
      { serialNumber: 'SN-1', manufacturer: 'Contoso', model: 'Laptop 7' },
      { serialNumber: 'sn-1', manufacturer: 'CONTOSO', model: 'laptop 7' },
      { serialNumber: 'SN-1', manufacturer: 'Contoso', model: 'Laptop 8' },
    ]);
    expect(verdict).toMatchObject({ valid: 4, invalid: 3 });
    expect(verdict.rows.filter((row) => !row.ok)).toEqual([
      { row: 3, ok: false, reason: 'duplicate of row 1 (same hardwareHash): submit each device once' },
      { row: 4, ok: false, reason: 'duplicate of row 1 (same productKey): submit each device once' },
      { row: 6, ok: false, reason: 'duplicate of row 5 (same serialNumber, manufacturer and model): submit each device once' },
    ]);
  });

  it('refuses more rows than the limit as a whole, and a body that is not a list', () => {
    const tooMany = validateDeviceRows(Array.from({ length: MAX_DEVICE_ROWS + 1 }, () => ({})));
    expect(tooMany).toMatchObject({ valid: 0, invalid: 0, rows: [], file: { code: 'TOO_MANY_ROWS' } });
    expect(validateDeviceRows({ productKey: '1234567890123' }).file).toEqual({
      code: 'UNREADABLE',
      reason: 'devices must be an array of rows',
    });
  });
});
