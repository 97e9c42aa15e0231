import { describe, expect, it } from 'vitest';
import { canonicalDigest, canonicalJson } from '../../../src/core/attest/canonical-json.js';

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the RFC 8785 section 3.2.2 sample exactly', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the order from the text: Object.keys would put the integer-like key "1" first.
    const order = [...canonicalJson(input).matchAll(/"([^"]*)":"([^"]*)"/g)].map((m) => m[2]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it.each([
    [0, '0'],
    [-0, '0'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [9007199254740992, '9007199254740992'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [295147905179352830000, '295147905179352830000'],
    [-1.5, '-1.5'],
  ])('formats the number %s as %s (RFC 8785 appendix B)', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('drops undefined members, keeps nested order canonical and removes whitespace', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }], a: undefined, c: 'x y' })).toBe('{"b":[{"a":2,"z":1}],"c":"x y"}');
  });

  it('refuses values that have no canonical form', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/E_MANIFEST_INVALID|NaN/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/canonical JSON/);
    expect(() => canonicalJson({ s: '\ud800' })).toThrow(/canonical JSON/);
  });

  it('gives one digest for objects that differ only in key order', () => {
    expect(canonicalDigest({ a: 1, b: [1, 2] })).toBe(canonicalDigest({ b: [1, 2], a: 1 }));
    expect(canonicalDigest({ a: 1 })).not.toBe(canonicalDigest({ a: 2 }));
    expect(canonicalDigest({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
