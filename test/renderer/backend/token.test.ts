import { describe, expect, it } from 'vitest';
import { splitToken } from '../../../src-renderer/backend/token';

describe('splitToken', () => {
  it('takes the token the headless host prints and leaves an empty hash', () => {
    expect(splitToken('#token=abc-DEF_123')).toEqual({ token: 'abc-DEF_123', rest: '' });
  });

  it('keeps a view route that shares the fragment with the token', () => {
    expect(splitToken('#/slots/0x12&token=abc')).toEqual({ token: 'abc', rest: '#/slots/0x12' });
    expect(splitToken('#/queue?token=abc')).toEqual({ token: 'abc', rest: '#/queue' });
  });

  it('leaves a route without a token alone', () => {
    expect(splitToken('#/availabilities/new')).toEqual({ token: undefined, rest: '#/availabilities/new' });
    expect(splitToken('')).toEqual({ token: undefined, rest: '' });
  });
});
