import { describe, expect, it } from 'vitest';
import { sellingStatus } from '../../../src-main/api/selling-status';
import { MemorySettings } from '../../fakes/sales-source';

describe('the selling status', () => {
  it('is paused when the operator paused, else needs attention while an alert does, else selling', () => {
    const settings = new MemorySettings().get();
    expect(sellingStatus(settings, 0)).toBe('selling');
    expect(sellingStatus(settings, 2)).toBe('attention');
    expect(sellingStatus({ ...settings, sellingPaused: true }, 2)).toBe('paused');
  });
});
