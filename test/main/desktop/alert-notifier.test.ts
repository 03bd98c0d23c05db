import { describe, expect, it } from 'vitest';
import type { AlertDto, SettingsDto } from '../../../src-main/api/contract';
import { AlertNotifier, describeAlert } from '../../../src-main/desktop/alert-notifier';

const settings = (
  notify: Partial<SettingsDto['alerts']['notify']> = {},
  notifications: Partial<SettingsDto['notifications']> = {},
): SettingsDto => ({
  sellingPaused: false,
  closeToTray: true,
  notifications: {
    'slot-won': true,
    payout: true,
    'request-cancelled': true,
    'request-failed': true,
    'sale-errored': true,
    'proofs-missed': true,
    ...notifications,
  },
  alerts: { notify: { info: false, warning: true, error: true, critical: true, ...notify } },
});

const alert = (extra: Partial<AlertDto> = {}): AlertDto => ({
  id: 1,
  key: 'data-folder-unwritable',
  category: 'storage',
  severity: 'critical',
  state: 'active',
  message: 'Slotkeeper could not write slot data.',
  data: {},
  firstSeen: 100,
  lastSeen: 100,
  openedAt: 100,
  count: 1,
  ...extra,
});

describe('which alerts notify', () => {
  it('notifies an alert once, not for its repeats', () => {
    const notifier = new AlertNotifier();
    expect(notifier.consider(alert(), settings())).toEqual({
      alertId: 1,
      title: 'Critical: the data folder',
      body: 'Slotkeeper could not write slot data.',
    });
    expect(notifier.consider(alert({ count: 2, lastSeen: 200 }), settings())).toBeUndefined();
  });

  it('notifies again when it comes back after clearing, or gets worse', () => {
    const notifier = new AlertNotifier();
    notifier.consider(alert({ severity: 'warning' }), settings());
    expect(notifier.consider(alert({ severity: 'error', count: 2 }), settings())?.title).toBe(
      'Needs attention: the data folder',
    );
    expect(notifier.consider(alert({ severity: 'warning', count: 3 }), settings())).toBeUndefined();
    expect(notifier.consider(alert({ state: 'resolved', resolvedAt: 300 }), settings())).toBeUndefined();
    expect(notifier.consider(alert({ openedAt: 400, count: 4 }), settings())).toBeDefined();
  });

  it('stays quiet for severities switched off, and remembers them so switching on later does not replay', () => {
    const notifier = new AlertNotifier();
    expect(notifier.consider(alert({ severity: 'info' }), settings())).toBeUndefined();
    expect(notifier.consider(alert({ severity: 'warning' }), settings({ warning: false }))).toBeUndefined();
    expect(notifier.consider(alert({ severity: 'warning', count: 2 }), settings())).toBeUndefined();
  });

  it('leaves an alert that restates a sale outcome to the outcome notification, unless that one is off', () => {
    const slotId = '0x' + '3'.repeat(64);
    const missed = alert({
      id: 7,
      key: `proofs-missed:${slotId}`,
      category: 'proofs',
      slotId,
      data: { outcome: 'proofs-missed' },
    });
    expect(new AlertNotifier().consider(missed, settings())).toBeUndefined();
    expect(new AlertNotifier().consider(missed, settings({}, { 'proofs-missed': false }))).toMatchObject({
      alertId: 7,
      slotId,
      title: 'Critical: storage proofs',
    });
  });

  it('cuts a long message for the notification', () => {
    const { body } = describeAlert(alert({ message: 'x'.repeat(1000) }));
    expect(body).toHaveLength(240);
    expect(body.endsWith('…')).toBe(true);
  });
});
