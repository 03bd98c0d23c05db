import { describe, expect, it } from 'vitest';
import type { OutcomeDto, SettingsDto } from '../../../src-main/api/contract';
import { describeOutcome, formatTokens, OutcomeNotifier } from '../../../src-main/desktop/outcome-notifier';

const settings = (overrides: Partial<SettingsDto['notifications']> = {}): SettingsDto => ({
  sellingPaused: false,
  closeToTray: true,
  notifications: {
    'slot-won': true,
    payout: true,
    'request-cancelled': true,
    'request-failed': true,
    'sale-errored': true,
    'proofs-missed': true,
    ...overrides,
  },
  alerts: { notify: { info: false, warning: true, error: true, critical: true } },
});

const outcome = (kind: OutcomeDto['kind'], extra: Partial<OutcomeDto> = {}): OutcomeDto => ({
  id: `${kind}-1`,
  kind,
  at: 1,
  slotId: '0x' + '1'.repeat(64),
  requestId: '0x' + 'a'.repeat(64),
  slotIndex: 2,
  ...extra,
});

describe('outcome notifications', () => {
  it('formats 18-decimal token amounts for people', () => {
    expect(formatTokens('1500000000000000000')).toBe('1.5 TST');
    expect(formatTokens('12000000000000000000000')).toBe('12000 TST');
    expect(formatTokens('1')).toBe('<0.0001 TST');
    expect(formatTokens('0')).toBe('0 TST');
  });

  it('says how much a payout paid', () => {
    const text = describeOutcome(outcome('payout', { amount: '2000000000000000000' }));
    expect(text.title).toBe('Paid 2 TST');
    expect(text.body).toContain('slot 2 of request 0xaaaaaa…aaaa');
  });

  it('gives the reason of an errored sale', () => {
    expect(describeOutcome(outcome('sale-errored', { reason: 'slot data failed verification' })).body).toContain(
      'slot data failed verification',
    );
  });

  it('notifies each outcome once, however often it is replayed', () => {
    const notifier = new OutcomeNotifier();
    expect(notifier.consider(outcome('slot-won'), settings())).toMatchObject({ title: 'Slot won' });
    expect(notifier.consider(outcome('slot-won'), settings())).toBeUndefined();
  });

  it('stays quiet for kinds the operator switched off', () => {
    const notifier = new OutcomeNotifier();
    expect(notifier.consider(outcome('proofs-missed'), settings({ 'proofs-missed': false }))).toBeUndefined();
    expect(notifier.consider(outcome('request-failed'), settings({ 'proofs-missed': false }))).toBeDefined();
  });

  it('forgets the oldest ids beyond its limit instead of growing forever', () => {
    const notifier = new OutcomeNotifier(2);
    for (const id of ['a', 'b', 'c']) notifier.consider(outcome('slot-won', { id }), settings());
    expect(notifier.consider(outcome('slot-won', { id: 'a' }), settings())).toBeDefined();
    expect(notifier.consider(outcome('slot-won', { id: 'c' }), settings())).toBeUndefined();
  });
});
