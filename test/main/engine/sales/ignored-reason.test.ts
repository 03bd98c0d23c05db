import { describe, expect, it } from 'vitest';
import { type Availability, type AvailabilityQuery } from '../../../../src-main/engine/index';
import { unmetConditions, whyNoAvailability } from '../../../../src-main/engine/sales/ignored-reason';
import { testId } from '../../../fakes/ids';

const query: AvailabilityQuery = {
  size: 100n,
  duration: 60n,
  pricePerBytePerSecond: 5n,
  collateralPerByte: 2n,
  validUntil: 1000,
};
const fits: Availability = {
  id: testId(1),
  totalSize: 100n,
  freeSize: 100n,
  duration: 60n,
  minPricePerBytePerSecond: 5n,
  totalCollateral: 200n,
  totalRemainingCollateral: 200n,
  enabled: true,
  until: 0,
};

describe('why no availability took a slot', () => {
  it.each<[string, Partial<Availability>]>([
    ['availability-disabled', { enabled: false }],
    ['price-too-low', { minPricePerBytePerSecond: 6n }],
    ['slot-too-big', { freeSize: 99n }],
    ['duration-too-long', { duration: 59n }],
    ['collateral-too-high', { totalRemainingCollateral: 199n }],
    ['until-too-early', { until: 999 }],
  ])('names %s', (reason, change) => {
    expect(unmetConditions({ ...fits, ...change }, query)).toEqual([reason]);
    expect(whyNoAvailability([{ ...fits, ...change }], query)).toBe(reason);
  });

  it('accepts what Codex accepts: equal values and until 0', () => {
    expect(unmetConditions(fits, query)).toEqual([]);
    expect(unmetConditions({ ...fits, until: 1000 }, query)).toEqual([]);
  });

  it('says no-availability when there is none', () => {
    expect(whyNoAvailability([], query)).toBe('no-availability');
  });

  it('takes the reason of the availability that missed by the fewest conditions', () => {
    const far = { ...fits, id: testId(2), enabled: false, duration: 1n, minPricePerBytePerSecond: 9n };
    const near = { ...fits, id: testId(3), until: 10 };
    expect(whyNoAvailability([far, near], query)).toBe('until-too-early');
  });
});
