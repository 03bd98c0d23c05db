import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../mocks/electron'));

const electron = await import('../../mocks/electron');
const { OutcomeNotifications } = await import('../../../src-main/desktop/notifications');

const settings = {
  sellingPaused: false,
  closeToTray: true,
  notifications: {
    'slot-won': true,
    payout: true,
    'request-cancelled': true,
    'request-failed': true,
    'sale-errored': true,
    'proofs-missed': false,
  },
  alerts: { notify: { info: false, warning: true, error: true, critical: true } },
};
const outcome = (id: string, kind: 'payout' | 'proofs-missed') => ({
  id,
  kind,
  at: 1,
  slotId: '0x' + '5'.repeat(64),
  requestId: '0x' + '6'.repeat(64),
  slotIndex: 0,
  amount: '3000000000000000000',
});

describe('OS notifications for sale outcomes', () => {
  it('shows a payout with its amount once, and opens the slot when clicked', () => {
    const opened: string[] = [];
    const notifications = new OutcomeNotifications((slotId) => opened.push(slotId));
    notifications.show([outcome('a', 'payout'), outcome('a', 'payout')], settings);
    const shown = electron.Notification.instances.filter((n) => n.shown);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.options.title).toBe('Paid 3 TST');
    shown[0]!.emit('click');
    expect(opened).toEqual(['0x' + '5'.repeat(64)]);
  });

  it('stays quiet for switched-off kinds and for outcomes present at start-up', () => {
    const before = electron.Notification.instances.length;
    const notifications = new OutcomeNotifications(() => {});
    notifications.remember([outcome('old', 'payout')], settings);
    notifications.show([outcome('old', 'payout'), outcome('p', 'proofs-missed')], settings);
    expect(electron.Notification.instances.length).toBe(before);
  });
});
