// docs/reference/marketplace.md §7.3 against every market from one file: the simulated market and
// the devnet (the chain adapter on an in-process EVM, with competitors and a validator acting
// through real transactions). Each scenario ends with the byte invariant and the host's token
// balance checked against the payouts and collateral the engine recorded.
import { afterEach, describe, expect, it } from 'vitest';
import type { NewAvailability, RequestId } from '../../../src-main/engine/index';
import { devnetDriver, useDevnetWorld, type DevnetContentMode } from '../../fakes/devnet-driver';
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
  // The devnet host downloads over libp2p from the clients' peer, except where a scenario says 'in-process'.
  { market: 'devnet', open: (content?: DevnetContentMode) => devnetDriver(world(), hosts++, content) },
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

  async function start(content?: DevnetContentMode): Promise<void> {
    d = await open(content);
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
    const requestId = await d.post({ slots: 2n, duration: 240n });
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
    await start('in-process'); // the network's version: test/main/market/devnet/client-peer.test.ts
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

  it('SaleFilling → SaleIgnored when a competitor fills the slot first; the collateral was never taken', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    let raced: Promise<void> | undefined;
    d.sales.on((event) => {
      if (event.type === 'sale-state-changed' && event.sale.state === 'SaleInitialProving' && !raced)
        raced = d.competitorFills(event.sale.requestId, event.sale.slotIndex);
    });
    const requestId = await d.post({ slots: 1n });
    await d.until(() => salesOf(d, requestId)[0]?.state === 'SaleIgnored', 200, 'the sale ignored');
    await raced;
    await untilIdle(d);
    const [sale] = salesOf(d, requestId);
    expect(sale).toMatchObject({ state: 'SaleIgnored', ignoredReason: 'slot-filled-by-other' });
    expect(timelineOf(d, sale!).slice(-3)).toEqual(['SaleInitialProving', 'SaleFilling', 'SaleIgnored']);
    expect(await d.host(requestId, 0n)).not.toBe(d.hostAddress);
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual(offered);
    expect(d.storage.repo.listSlots()).toEqual([]);
    await books();
  });

  it('SaleCancelled when the request expires with a slot we filled: paid until expiry, collateral back', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    const requestId = await d.post({ slots: 2n, duration: 400n }, 120n);
    await proving(requestId);
    const expiresAt = await d.requestExpiry(requestId);
    await d.until(() => d.now() > expiresAt + 1, 300, 'expiry');
    await untilIdle(d);
    const mine = salesOf(d, requestId).find((s) => s.filledAt !== undefined)!;
    expect(timelineOf(d, mine).slice(-2)).toEqual(['SaleProving', 'SaleCancelled']);
    expect(mine).toMatchObject({ payout: BigInt(expiresAt - mine.filledAt!) * pps, collateralReturned: cps });
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual(offered);
    await books();
  });

  it('SaleFailed when the started request loses too many slots: the collateral is forfeited', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    const requestId = await d.post({ slots: 3n, maxSlotLoss: 1n, duration: 400n });
    await proving(requestId);
    const mine = salesOf(d, requestId).find((s) => s.state === 'SaleProving')!;
    const others = [0n, 1n, 2n].filter((i) => i !== mine.slotIndex);
    for (const i of others) await d.competitorFills(requestId, i);
    await d.until(async () => (await d.requestState(requestId)) === 'Started', 60, 'the request started');
    for (const i of others) await d.competitorAbandons(d.slotId(requestId, i));
    await d.until(async () => (await d.requestState(requestId)) === 'Failed', 60, 'the request failed');
    await untilIdle(d);
    const sale = d.storage.history.getSale(mine.id)!;
    expect(timelineOf(d, sale).slice(-3)).toEqual(['SaleProving', 'SaleFailed', 'SaleErrored']);
    expect(sale).toMatchObject({ error: 'Sale failed', slashed: cps, collateralReturned: 0n });
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual({
      ...offered,
      totalRemainingCollateral: offered.totalCollateral - cps,
    });
    await books();
  });

  it('follows a missed proof: slashed by the validator, told, and paid the rest at the end', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    const validatorBefore = await d.tokenBalance(d.validatorAddress);
    const requestId = await d.post({ slots: 1n, duration: 300n });
    await proving(requestId);
    const slotId = d.slotId(requestId, 0n);
    d.hostMissesNextProof(slotId);
    await d.until(async () => (await d.missingProofs(slotId)) === 1, 120, 'one proof marked missing');
    const [mine] = salesOf(d, requestId);
    await d.until(() => (d.sales.saleById(mine!.id)?.sale.proofs.missed ?? 0) === 1, 60, 'the miss recorded');
    const end = await d.requestEnd(requestId);
    await d.until(() => d.now() > end, 400, 'the request’s end');
    await untilIdle(d);
    const slash = (cps * 20n) / 100n;
    const sale = d.storage.history.getSale(mine!.id)!;
    expect(sale).toMatchObject({
      state: 'SaleFinished',
      slashed: slash,
      payout: BigInt(end - sale.filledAt!) * pps,
      collateralReturned: cps - slash,
    });
    expect(sale.proofs.missed).toBe(1);
    expect(d.events.some((e) => e.type === 'outcome' && e.outcome.kind === 'proofs-missed')).toBe(true);
    expect((await d.tokenBalance(d.validatorAddress)) - validatorBefore).toBe((slash * 20n) / 100n);
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual({
      ...offered,
      totalRemainingCollateral: offered.totalCollateral - slash,
    });
    await books();
  });

  it('a slot freed after too many missed proofs: Repair → SaleErrored, the whole collateral forfeited', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    const requestId = await d.post({ slots: 1n, duration: 400n });
    await proving(requestId);
    // The freed slot comes back to our queue; a disabled availability keeps us from repairing it.
    d.sales.updateAvailability(offered.id, { enabled: false });
    const slotId = d.slotId(requestId, 0n);
    d.hostProofsFail(slotId, true);
    await d.until(async () => (await d.slotState(slotId)) === 'Repair', 200, 'the slot freed');
    d.hostProofsFail(slotId, false);
    await untilIdle(d);
    const [sale] = salesOf(d, requestId);
    expect(timelineOf(d, sale!).slice(-2)).toEqual(['SaleProving', 'SaleErrored']);
    expect(sale).toMatchObject({ error: 'Slot was forcibly freed', slashed: cps, proofs: { missed: 2 } });
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual({
      ...offered,
      enabled: false,
      totalRemainingCollateral: offered.totalCollateral - cps,
    });
    await books();
  });

  it('repairs a slot a competitor abandoned: pays the discounted collateral, gets the full one back', async () => {
    await start('in-process'); // the network's data source cannot repair
    d.sales.pauseSelling();
    const requestId = await d.post({ slots: 2n, duration: 300n });
    await d.competitorFills(requestId, 0n);
    await d.competitorFills(requestId, 1n);
    await d.until(async () => (await d.requestState(requestId)) === 'Started', 60, 'the request started');
    const offered = d.sales.createAvailability(availability(1n));
    d.sales.resumeSelling();
    await d.competitorAbandons(d.slotId(requestId, 1n));
    await d.until(async () => (await d.host(requestId, 1n)) === d.hostAddress, 200, 'our repair fill');
    const end = await d.requestEnd(requestId);
    await d.until(() => d.now() > end, 400, 'the request’s end');
    await untilIdle(d);
    const sale = salesOf(d, requestId).find((s) => s.filledAt !== undefined)!;
    expect(sale).toMatchObject({
      state: 'SaleFinished',
      slotIndex: 1n,
      collateral: cps - (cps * 10n) / 100n,
      payout: BigInt(end - sale.filledAt!) * pps,
      collateralReturned: cps,
    });
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual(offered);
    await books();
  });

  it('restores a held slot after a restart in SaleUnknown and carries it to payout', async () => {
    await start();
    const offered = d.sales.createAvailability(availability(1n));
    const requestId = await d.post({ slots: 1n, duration: 300n });
    await proving(requestId);
    await d.restartHost();
    expect(d.sales.activeAgents.map((a) => a.data.reservation !== undefined)).toEqual([true]);
    expect(byteInvariantViolations(d)).toEqual([]);
    const end = await d.requestEnd(requestId);
    await d.until(() => d.now() > end, 400, 'the request’s end');
    await untilIdle(d);
    const [sale] = salesOf(d, requestId);
    expect(timelineOf(d, sale!).slice(-6)).toEqual([
      'SaleProving',
      'SaleUnknown',
      'SaleFilled',
      'SaleProving',
      'SalePayout',
      'SaleFinished',
    ]);
    expect(sale).toMatchObject({ payout: BigInt(end - sale!.filledAt!) * pps, collateralReturned: cps });
    expect(sale!.proofs.missed).toBe(0);
    expect(d.storage.reservations.getAvailability(offered.id)).toEqual(offered);
    await books();
  });
});
