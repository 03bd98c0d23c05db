import { describe, expect, it } from 'vitest';
import { csvLine, isoTime } from '../../../src-main/api/csv';

describe('csv', () => {
  it('quotes cells that need it and defuses formula-looking ones', () => {
    expect(csvLine(['x,"y"', '=SUM(A1)', 3])).toBe('"x,""y""",\'=SUM(A1),3\r\n');
    expect(csvLine(['+1', '@me', 'line\nbreak'])).toBe('\'+1,\'@me,"line\nbreak"\r\n');
  });

  it('writes times as ISO 8601 UTC, and nothing for none', () => {
    expect(isoTime(1_790_000_000)).toBe('2026-09-21T14:13:20.000Z');
    expect(isoTime(undefined)).toBe('');
  });
});
