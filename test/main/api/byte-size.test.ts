import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize, roundUpToGiB } from '../../../src-main/api/byte-size';

describe('parseByteSize', () => {
  it('reads decimal and binary units in any case, with or without a space', () => {
    expect(parseByteSize('70GiB')).toEqual({ ok: true, bytes: 70n * 2n ** 30n });
    expect(parseByteSize(' 70 gib ')).toEqual({ ok: true, bytes: 70n * 2n ** 30n });
    expect(parseByteSize('500 GB')).toEqual({ ok: true, bytes: 500n * 10n ** 9n });
    expect(parseByteSize('2 TiB')).toEqual({ ok: true, bytes: 2n ** 41n });
    expect(parseByteSize('1 PB')).toEqual({ ok: true, bytes: 10n ** 15n });
    expect(parseByteSize('123')).toEqual({ ok: true, bytes: 123n });
  });

  it('understands a decimal comma, and says how an ambiguous comma was read', () => {
    expect(parseByteSize('1,5 GiB')).toEqual({ ok: true, bytes: 3n * 2n ** 29n });
    expect(parseByteSize('1,500 GB')).toEqual({
      ok: true,
      bytes: 1500n * 10n ** 9n,
      note: 'Read as 1500: the comma separates thousands (write 1.5 for a decimal).',
    });
    expect(parseByteSize('1.234,5 MB')).toEqual({ ok: true, bytes: 1_234_500_000n });
  });

  it('refuses what it cannot read with what to write instead', () => {
    expect(parseByteSize('')).toMatchObject({ ok: false, message: expect.stringContaining('such as 70 GiB') });
    expect(parseByteSize('70 G')).toMatchObject({ ok: false, message: expect.stringContaining('could mean GB') });
    expect(parseByteSize('1.5')).toEqual({ ok: false, message: 'A size in bytes is a whole number' });
    expect(parseByteSize('1.2.3 GB')).toMatchObject({ ok: false });
    expect(parseByteSize('-5 GB')).toMatchObject({ ok: false });
  });
});

describe('formatBytes', () => {
  it('writes binary units with up to two decimals', () => {
    expect(formatBytes(512n)).toBe('512 B');
    expect(formatBytes(String(18n * 2n ** 30n + 2n ** 28n))).toBe('18.25 GiB');
    expect(formatBytes(20n * 2n ** 30n)).toBe('20 GiB');
    expect(formatBytes('bogus')).toBe('0 B');
  });

  it('rounds a size up to whole GiB for a flag', () => {
    expect(roundUpToGiB(2n ** 30n + 1n)).toBe('2GiB');
    expect(roundUpToGiB(1000n)).toBe('1000');
  });
});
