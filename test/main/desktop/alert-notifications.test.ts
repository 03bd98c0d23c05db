import { describe, expect, it, vi } from 'vitest';
import type { AlertDto } from '../../../src-main/api/contract';

vi.mock('electron', () => import('../../mocks/electron'));

const electron = await import('../../mocks/electron');
const { AlertNotifications } = await import('../../../src-main/desktop/alert-notifications');
const { StatusTray } = await import('../../../src-main/desktop/tray');

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
const slotId = '0x' + '5'.repeat(64);
const alert = (id: number, extra: Partial<AlertDto> = {}): AlertDto => ({
  id,
  key: `k${id}`,
  category: 'disk',
  severity: 'error',
  state: 'active',
  message: 'The quota leaves 90 GiB to write, but the disk has only 40 GiB free.',
  data: {},
  firstSeen: 1,
  lastSeen: 1,
  openedAt: 1,
  count: 1,
  ...extra,
});

describe('OS notifications for alerts', () => {
  it('shows a new alert once; clicking opens its slot, or the Alerts view', () => {
    const opened: string[] = [];
    const notifications = new AlertNotifications({
      openSlot: (id) => opened.push(id),
      openAlerts: () => opened.push('alerts'),
    });
    const before = electron.Notification.instances.length;
    notifications.show([alert(1), alert(1, { count: 2 }), alert(2, { category: 'proofs', slotId })], settings);
    const shown = electron.Notification.instances.slice(before);
    expect(shown.map((n) => n.options.title)).toEqual([
      'Needs attention: disk space',
      'Needs attention: storage proofs',
    ]);
    expect(shown[0]!.options.body).toContain('90 GiB to write');
    shown[0]!.emit('click');
    shown[1]!.emit('click');
    expect(opened).toEqual(['alerts', slotId]);
  });

  it('stays quiet for alerts active at start-up', () => {
    const notifications = new AlertNotifications({ openSlot: () => {}, openAlerts: () => {} });
    notifications.remember([alert(3)], settings);
    const before = electron.Notification.instances.length;
    notifications.show([alert(3, { count: 5 })], settings);
    expect(electron.Notification.instances.length).toBe(before);
  });
});

describe('the tray', () => {
  it('counts the alerts that need attention in its tooltip and menu, which opens the Alerts view', () => {
    const actions = { open: vi.fn(), openAlerts: vi.fn(), setSellingPaused: vi.fn(), quit: vi.fn() };
    const tray = new StatusTray('/resources', actions);
    const mock = electron.Tray.instances.at(-1)!;
    tray.show('attention', 2);
    expect(mock.tooltip).toBe('Slotkeeper — 2 alerts need attention');
    mock.menu.find((i) => i.label === '2 alerts need attention…')!.click!();
    expect(actions.openAlerts).toHaveBeenCalledOnce();
    tray.show('paused', 1);
    expect(mock.tooltip).toBe('Slotkeeper — selling paused — 1 alert needs attention');
    tray.show('selling', 0);
    expect(mock.tooltip).toBe('Slotkeeper — selling');
    expect(mock.menu.some((i) => i.label?.includes('need'))).toBe(false);
    expect(tray.attention).toBe(0);
  });
});
