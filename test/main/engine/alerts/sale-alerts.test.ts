import { describe, expect, it } from 'vitest';
import {
  errorKind,
  MarketError,
  raiseProofsLate,
  raiseSaleErrored,
  resolveProofsLate,
  SaleError,
} from '../../../../src-main/engine/index';
import { RecordingAlerter } from '../../../fakes/recording-alerter';

const slot = { slotId: '0x' + '1'.repeat(64), requestId: '0x' + 'ab'.repeat(32), slotIndex: 2n };

describe('sale alerts', () => {
  it('keys a sale error by its kind, so a flood of one kind is one alert with a count', () => {
    expect(errorKind(new SaleError('slot-freed', 'Slot was forcibly freed'))).toBe('slot-freed');
    expect(errorKind(new MarketError('MarketUnavailable', 'down'))).toBe('MarketUnavailable');
    expect(errorKind(new RangeError('x'))).toBe('RangeError');
    expect(errorKind(new Error('x'))).toBe('other');
    expect(errorKind('a string')).toBe('other');
  });

  it('words an errored sale with the slot and the error', () => {
    const alerter = new RecordingAlerter();
    raiseSaleErrored(alerter, { ...slot, error: new SaleError('slot-freed', 'Slot was forcibly freed') });
    expect(alerter.raised()).toEqual([
      {
        key: 'sale-errored:slot-freed',
        category: 'sales',
        severity: 'error',
        message:
          'The sale of slot 2 of request 0xababab…abab stopped with an error: Slot was forcibly freed. Its slot is no longer ours; the log has the details.',
        data: { ...slot, slotIndex: 2, reason: 'Slot was forcibly freed', outcome: 'sale-errored' },
      },
    ]);
  });

  it('raises proofs-late with the period and how late, and resolves it', () => {
    const alerter = new RecordingAlerter();
    raiseProofsLate(alerter, { slotId: slot.slotId, period: 12n, by: 42 });
    resolveProofsLate(alerter);
    expect(alerter.raised()).toMatchObject([
      {
        key: 'proofs-late',
        category: 'proofs',
        severity: 'error',
        data: { slotId: slot.slotId, period: 12, lateBySeconds: 42 },
      },
    ]);
    expect(alerter.raised()[0]!.message).toContain('came 42 s after its period ended');
    expect(alerter.resolved()).toEqual(['proofs-late']);
  });
});
