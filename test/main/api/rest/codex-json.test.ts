import { describe, expect, it } from 'vitest';
import {
  CodexParseError,
  parseExactJson,
  readBool,
  readI64,
  readObject,
  readU256,
  readU64,
  stringifyCodexJson,
} from '../../../../src-main/api/rest/codex-json';

describe('Codex JSON conventions', () => {
  it('keeps integers past 2^53 exact when parsing', () => {
    expect(parseExactJson('{"totalSize": 18446744073709551615}')).toEqual({ totalSize: 18446744073709551615n });
  });

  it('writes bigints as bare JSON numbers and leaves strings alone', () => {
    expect(stringifyCodexJson({ size: 2n ** 60n, price: '5', nested: [{ i: 1n }] })).toBe(
      '{"size":1152921504606846976,"price":"5","nested":[{"i":1}]}',
    );
  });

  it('reads u64 from numbers or digit strings, missing as zero', () => {
    expect(readU64({ a: 7n }, 'a')).toBe(7n);
    expect(readU64({ a: '42' }, 'a')).toBe(42n);
    expect(readU64({}, 'a')).toBe(0n);
  });

  it('refuses negative or oversized u64 with Codex’s message', () => {
    expect(() => readU64({ a: '-1' }, 'a')).toThrow('Parsed integer outside of valid range');
    expect(() => readU64({ a: 2n ** 64n }, 'a')).toThrow('Parsed integer outside of valid range');
    expect(() => readU64({ a: 1.5 }, 'a')).toThrow(CodexParseError);
  });

  it('reads U256 from decimal, hex, octal and binary strings or integers', () => {
    expect(readU256({ p: '1000' }, 'p')).toBe(1000n);
    expect(readU256({ p: '0xff' }, 'p')).toBe(255n);
    expect(readU256({ p: '0o17' }, 'p')).toBe(15n);
    expect(readU256({ p: '0b101' }, 'p')).toBe(5n);
    expect(readU256({ p: 12n }, 'p')).toBe(12n);
    expect(() => readU256({ p: 'twelve' }, 'p')).toThrow(CodexParseError);
  });

  it('reads int64 until with negatives kept for the engine to refuse', () => {
    expect(readI64({ until: -5n }, 'until')).toBe(-5n);
    expect(readI64({ until: '-5' }, 'until')).toBe(-5n);
  });

  it('reads booleans strictly', () => {
    expect(readBool({}, 'enabled', true)).toBe(true);
    expect(() => readBool({ enabled: 'yes' }, 'enabled', true)).toThrow(CodexParseError);
  });

  it('turns unparseable bodies into parse errors', () => {
    expect(() => readObject('{"totalSize": ')).toThrow(CodexParseError);
    expect(() => readObject('[1,2]')).toThrow('Expected a JSON object');
  });
});
