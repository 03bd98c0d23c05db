import { describe, expect, it } from 'vitest';
import { offersSpace, sellingStatus } from '../../../src-main/api/selling-status';
import { MemorySettings } from '../../fakes/sales-source';

describe('the selling status', () => {
  it('is paused when the operator paused, else needs attention while an alert does, else selling', () => {
    const settings = new MemorySettings().get();
    expect(sellingStatus(settings, 0)).toBe('selling');
    expect(sellingStatus(settings, 2)).toBe('attention');
    expect(sellingStatus({ ...settings, sellingPaused: true }, 2)).toBe('paused');
  });

  it('is idle when nothing is offered, unless paused or an alert needs attention', () => {
    const settings = new MemorySettings().get();
    expect(sellingStatus(settings, 0, false)).toBe('idle');
    expect(sellingStatus(settings, 1, false)).toBe('attention');
    expect(sellingStatus({ ...settings, sellingPaused: true }, 0, false)).toBe('paused');
  });

  it('counts only an enabled availability with space as an offer', () => {
    expect(offersSpace([])).toBe(false);
    expect(offersSpace([{ enabled: false, totalSize: '100' }])).toBe(false);
    expect(offersSpace([{ enabled: true, totalSize: '0' }])).toBe(false);
    expect(
      offersSpace([
        { enabled: false, totalSize: '5' },
        { enabled: true, totalSize: '1' },
      ]),
    ).toBe(true);
  });
});
