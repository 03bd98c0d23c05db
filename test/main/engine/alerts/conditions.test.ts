import { describe, expect, it } from 'vitest';
import { AlertConditions, type AlertInput } from '../../../../src-main/engine/index';
import { RecordingAlerter } from '../../../fakes/recording-alerter';

const low = (severity: AlertInput['severity'] = 'warning'): AlertInput => ({
  key: 'disk-below-quota',
  category: 'disk',
  severity,
  message: 'low',
});

describe('AlertConditions', () => {
  it('raises when a condition starts, not again while it lasts, and again when it gets worse', () => {
    const alerter = new RecordingAlerter();
    const conditions = new AlertConditions(alerter);
    conditions.update('disk-below-quota', low());
    conditions.update('disk-below-quota', low());
    conditions.update('disk-below-quota', low('error'));
    expect(alerter.raised().map((a) => a.severity)).toEqual(['warning', 'error']);
    expect(conditions.isRaised('disk-below-quota')).toBe(true);
  });

  it('resolves once when the condition clears, and raises afresh when it returns', () => {
    const alerter = new RecordingAlerter();
    const conditions = new AlertConditions(alerter);
    conditions.update('disk-below-quota', low());
    conditions.update('disk-below-quota', undefined);
    conditions.update('disk-below-quota', undefined);
    conditions.update('disk-below-quota', low());
    expect(alerter.calls.map((c) => ('raise' in c ? 'raise' : 'resolve'))).toEqual(['raise', 'resolve', 'raise']);
  });

  it('resolves on its first clear check, so an alert left from the last run clears', () => {
    const alerter = new RecordingAlerter();
    new AlertConditions(alerter).update('circuit-files-missing', undefined);
    expect(alerter.resolved()).toEqual(['circuit-files-missing']);
  });

  it('does not raise again a condition the store still has active at the same severity', () => {
    const alerter = new RecordingAlerter();
    const conditions = new AlertConditions(alerter, [{ key: 'disk-below-quota', severity: 'warning' }]);
    conditions.update('disk-below-quota', low());
    expect(alerter.calls).toEqual([]);
    conditions.update('disk-below-quota', low('error'));
    expect(alerter.raised()).toHaveLength(1);
  });
});
