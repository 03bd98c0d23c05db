import { describe, expect, it } from 'vitest';
import { alertState, needsAttention } from '../../../../src-main/engine/index';

describe('an alert’s state', () => {
  it('is active until resolved, and dismissed whatever else it is', () => {
    expect(alertState({})).toBe('active');
    expect(alertState({ resolvedAt: 5 })).toBe('resolved');
    expect(alertState({ dismissedAt: 6 })).toBe('dismissed');
    expect(alertState({ resolvedAt: 5, dismissedAt: 6 })).toBe('dismissed');
  });

  it('needs attention only while active and of severity error or critical', () => {
    expect(needsAttention({ severity: 'critical' })).toBe(true);
    expect(needsAttention({ severity: 'error' })).toBe(true);
    expect(needsAttention({ severity: 'warning' })).toBe(false);
    expect(needsAttention({ severity: 'info' })).toBe(false);
    expect(needsAttention({ severity: 'critical', resolvedAt: 1 })).toBe(false);
    expect(needsAttention({ severity: 'critical', dismissedAt: 1 })).toBe(false);
  });
});
