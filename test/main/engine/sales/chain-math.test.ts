import { describe, expect, it } from 'vitest';
import {
  collateralPerSlot,
  payoutFor,
  periodEnd,
  periodOf,
  pricePerSlotPerSecond,
  repairCollateral,
} from '../../../../src-main/engine/index';
import { spreadOffset } from '../../../../src-main/engine/sales/chain-math';
import { exampleStorageRequest } from '../../../fakes/fake-market';

const request = exampleStorageRequest({ slotSize: 1000n, pricePerBytePerSecond: 3n, collateralPerByte: 7n });

describe('chain arithmetic', () => {
  it('cuts time into periods like the contract', () => {
    expect(periodOf(119, 120)).toBe(0);
    expect(periodOf(120, 120)).toBe(1);
    expect(periodEnd(1, 120)).toBe(240);
  });

  it('prices a slot per second and asks its collateral, discounted for a repair', () => {
    expect(pricePerSlotPerSecond(request)).toBe(3000n);
    expect(collateralPerSlot(request)).toBe(7000n);
    expect(repairCollateral(request, 10)).toBe(6300n);
    expect(repairCollateral(exampleStorageRequest({ slotSize: 3n, collateralPerByte: 1n }), 10)).toBe(3n);
  });

  it('pays for the seconds hosted, nothing for none', () => {
    expect(payoutFor(request, 100, 160)).toBe(60n * 3000n);
    expect(payoutFor(request, 160, 100)).toBe(0n);
  });

  it('gives each slot a fixed proving offset within half the period', () => {
    expect(spreadOffset('0x' + '00'.repeat(31) + '07', 0, 10)).toBe(0);
    expect(spreadOffset('0x' + '00'.repeat(31) + '07', 5, 10)).toBe(1);
    expect(spreadOffset('0x' + '00'.repeat(31) + '07', 100, 10)).toBe(1);
    expect(spreadOffset('0x' + '00'.repeat(31) + '05', 100, 120)).toBe(5);
  });
});
