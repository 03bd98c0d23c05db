import { describe, expect, it } from 'vitest';
import { formatMillis } from '../../../src-renderer/state/format';

describe('formatMillis', () => {
  it('says milliseconds below a second, tenths of seconds below a minute, then minutes and seconds', () => {
    expect(formatMillis(0)).toBe('0 ms');
    expect(formatMillis(85.4)).toBe('85 ms');
    expect(formatMillis(999)).toBe('999 ms');
    expect(formatMillis(1_440)).toBe('1.4 s');
    expect(formatMillis(125_000)).toBe('2 m 5 s');
  });
});
