// docs/reference/marketplace.md §7.3 against every market from one file: the simulated market and
// the devnet (the chain adapter on an in-process EVM, with competitors and a validator acting
// through real transactions). Each scenario ends with the byte invariant and the host's token
// balance checked against the payouts and collateral the engine recorded.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewAvailability, RequestId } from '../../../src-main/engine/index';
import { devnetDriver, useDevnetWorld } from '../../fakes/devnet-driver';
import { expectedTokenChange, salesOf, timelineOf, untilIdle, type ScenarioDriver } from '../../fakes/scenario-driver';
import { byteInvariantViolations } from '../../fakes/sales-harness';
import { simDriver } from '../../fakes/sim-driver';

const SLOT = 65_536n;
const pps = SLOT; // pricePerBytePerSecond 1
const cps = 2n * SLOT; // collateralPerByte 2
const fullSale = [
  'SalePreparing',
  'SaleSlotReserving',
  'SaleDownloading',
  'SaleInitialProving',
  'SaleFilling',
  'SaleFilled',
  'SaleProving',
  'SalePayout',
  'SaleFinished',
];

const world = useDevnetWorld(12);
let hosts = 0;
const markets = [
  { market: 'sim', open: () => simDriver() },
  { market: 'devnet', open: () => devnetDriver(world(), hosts++) },
];

/** An availability for `slots` slots of the scenarios' ask. */
const availability = (slots: bigint, overrides: Partial<NewAvailability> = {}): NewAvailability => ({
  totalSize: SLOT * slots,
  duration: 7200n,
  minPricePerBytePerSecond: 1n,
  totalCollateral: cps * slots,
  ...overrides,
});

describe.each(markets)('on the $market market', ({ open }) => {
  let d: ScenarioDriver;
  let balance: bigint;
  afterEach(async () => {
    await d?.dispose();
  });

  async function start(): Promise<void> {
    d = await open();
    balance = await d.tokenBalance(d.hostAddress);
  }

  /** The promises every scenario ends with. */
  async function books(): Promise<void> {
    expect(byteInvariantViolations(d)).toEqual([]);
    expect((await d.tokenBalance(d.hostAddress)) - balance).toBe(expectedTokenChange(d));
  }

  const proving = (requestId: RequestId, count = 1) =>
    d.until(
      () => salesOf(d, requestId).filter((s) => s.state === 'SaleProving').length >= count,
      200,
      `${count} sale(s) proving`,
    );

  it('carries a sale through filling and proving to SalePayout → SaleFinished', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(2n));
    const requestId = await d.post({ slots: 2n, duration: 120n });
    await proving(requestId, 2);
    const end = await d.requestEnd(requestId);
    await d.until(() => d.now() > end, 400, 'the request’s end');
    await untilIdle(d);
    const filledAt = await d.filledAt(requestId);
    const sales = salesOf(d, requestId);
    expect(sales).toHaveLength(2);
    for (const sale of sales) {
      expect(timelineOf(d, sale)).toEqual(fullSale);
      expect(sale.filledAt).toBe(filledAt.get(sale.slotIndex));
      expect(sale).toMatchObject({ payout: BigInt(end - sale.filledAt!) * pps, collateralReturned: cps });
      expect(sale.proofs.missed).toBe(0);
      expect(sale.proofs.submitted).toBeGreaterThan(0);
    }
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual(offered);
    await books();
  });

  it('SaleDownloading → SaleErrored when the client stops serving its data; nothing is lost', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    d.sales.pauseSelling();
    const requestId = await d.post({ slots: 1n });
    d.contentUnavailable(requestId);
    d.sales.resumeSelling();
    await untilIdle(d);
    const [sale] = salesOf(d, requestId);
    expect(timelineOf(d, sale!)).toEqual(['SalePreparing', 'SaleSlotReserving', 'SaleDownloading', 'SaleErrored']);
    expect(sale!.error).toMatch(/is unavailable: the client stopped serving it/);
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual(offered);
    await books();
  });
});
