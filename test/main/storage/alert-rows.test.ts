import { describe, expect, it } from 'vitest';
import { fromRow, problemWith, whereOf } from '../../../src-main/storage/alert-rows';

describe('alert rows', () => {
  it('reads a row back as the record, leaving out times that are not set', () => {
    const row = {
      id: 3,
      key: 'k',
      category: 'disk',
      severity: 'warning',
      message: 'm',
      data: '{"a":"1","n":2,"b":true}',
      first_seen: 1,
      last_seen: 2,
      opened_at: 1,
      count: 4,
      resolved_at: null,
      dismissed_at: 9,
    };
    expect(fromRow(row)).toEqual({
      id: 3,
      key: 'k',
      category: 'disk',
      severity: 'warning',
      message: 'm',
      data: { a: '1', n: 2, b: true },
      firstSeen: 1,
      lastSeen: 2,
      openedAt: 1,
      count: 4,
      dismissedAt: 9,
    });
  });

  it('says why an alert cannot be stored', () => {
    const ok = { key: 'k', category: 'disk', severity: 'info', message: 'm' } as const;
    expect(problemWith(ok)).toBeUndefined();
    expect(problemWith({ ...ok, data: { n: Number.NaN } })).toBe(
      'data.n is a number, not a string, finite number or boolean',
    );
    expect(problemWith({ ...ok, severity: 'loud' as 'info' })).toBe('unknown severity loud');
  });

  it('binds filter values as parameters, defaulting to everything not dismissed', () => {
    expect(whereOf({})).toEqual({
      sql: '((resolved_at IS NULL AND dismissed_at IS NULL) OR (resolved_at IS NOT NULL AND dismissed_at IS NULL))',
      params: [],
    });
    const where = whereOf({ severities: ['error', 'critical'], categories: ['disk'], states: ['dismissed'] });
    expect(where.sql).toBe('severity IN (?, ?) AND category IN (?) AND ((dismissed_at IS NOT NULL))');
    expect(where.params).toEqual(['error', 'critical', 'disk']);
  });
});
