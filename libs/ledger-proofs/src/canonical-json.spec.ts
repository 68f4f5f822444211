import { canonicalJson, CanonicalJsonError } from './canonical-json.js';

const fromIeee754 = (bits: string): number => Buffer.from(bits, 'hex').readDoubleBE(0);

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the RFC 8785 §3.2.2 sample exactly', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts member names by UTF-16 code units (RFC 8785 §3.2.3 sample)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ])('serialises the IEEE 754 value %s as %s (RFC 8785 appendix B)', (bits, expected) => {
    expect(canonicalJson(fromIeee754(bits))).toBe(expected);
  });

  it('nests, drops undefined members and honours toJSON like JSON.stringify', () => {
    const at = new Date('2024-05-01T10:00:00.000Z');
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: at })).toBe(
      '{"a":"2024-05-01T10:00:00.000Z","b":[1,{"d":2}]}',
    );
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', { x: Number.POSITIVE_INFINITY }],
    ['a bigint', { revision: 1n }],
    ['a lone surrogate', { name: '\ud800x' }],
    ['a lone surrogate in a member name', { ['\udc00']: 1 }],
    ['undefined in an array', [1, undefined]],
    ['a Map', new Map([['a', 1]])],
    ['a Buffer', Buffer.from('ab')],
    ['a function', { f: () => 1 }],
  ])('refuses %s, naming where it is', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(/^\$/);
  });

  it.each([
    ['names already in order', '{"a":1,"b":{"c":[true,null,"x"],"d":-0}}', '{"a":1,"b":{"c":[true,null,"x"],"d":0}}'],
    ['names out of order', '{"b":1,"a":{"d":2,"c":3}}', '{"a":{"c":3,"d":2},"b":1}'],
    ['integer-like names (JavaScript visits them first, in numeric order)', '{"9":"a","10":"b","1":"c"}', '{"1":"c","10":"b","9":"a"}'],
    ['escapes and non-ASCII', '{"\\u00e9":"\\u20ac\\n","a":"\\ud83d\\ude00"}', '{"a":"\ud83d\ude00","\u00e9":"\u20ac\\n"}'],
    ['a "__proto__" member', '{"__proto__":{"x":1},"a":2}', '{"__proto__":{"x":1},"a":2}'],
  ])('writes parsed data with %s canonically', (_label, json, expected) => {
    expect(canonicalJson(JSON.parse(json))).toBe(expected);
  });

  it('refuses a number beyond the double range however the data is ordered', () => {
    expect(() => canonicalJson(JSON.parse('{"a":1e400}'))).toThrow(CanonicalJsonError);
  });
});
