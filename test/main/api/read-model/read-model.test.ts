// The read model over the real sales engine, real storage and the simulated market, with a wallet
// of its own (a 6-decimal token and gas), as a market backend would hand it over.
import { afterEach, describe, expect, it } from 'vitest';
import type { EarningsDto } from '../../../../src-main/api/dto';
import { toApiError } from '../../../../src-main/api/errors';
import type { NetworkStatusReading, WalletBalances, WalletSource } from '../../../../src-main/api/read-model/ports';
import { createSalesReadModel, type SalesReadModel } from '../../../../src-main/api/read-model/read-model';
import type { Change } from '../../../../src-main/api/sources';
import { payoutFor, QuotaNotEnoughError, type StorageAsk } from '../../../../src-main/engine/index';
import { advanceUntil, availabilityFor, startHarness, untilIdle, type Harness } from '../../../fakes/sales-harness';
import { postRequest } from '../../../fakes/sim-scenarios';

let h: Harness | undefined;
let model: SalesReadModel | undefined;
afterEach(async () => {
  model?.close();
  await h?.dispose();
  h = model = undefined;
});

/** A wallet whose answers the test sets; `failing` makes balances() reject like an unreachable RPC. */
function testWallet() {
  const wallet = {
    address: '0x' + '42'.repeat(20),
    balancesValue: { token: 12_345_678n, gas: 3n * 10n ** 17n } as WalletBalances,
    failing: false,
    /** While set, balances() waits for it, like a read retrying against a node that went away. */
    hanging: undefined as Promise<void> | undefined,
    tokenReads: 0,
    async token() {
      wallet.tokenReads++;
      return { symbol: 'USDC', decimals: 6 };
    },
    async balances() {
      await wallet.hanging;
      if (wallet.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:8545');
      return wallet.balancesValue;
    },
  };
  return wallet satisfies WalletSource;
}

async function start(options: { quotaMaxBytes?: bigint; network?: { status(): NetworkStatusReading } } = {}) {
  h = await startHarness({ quotaMaxBytes: options.quotaMaxBytes });
  const wallet = testWallet();
  const warnings: string[] = [];
  model = createSalesReadModel({
    sales: h.sales,
    repo: h.storage.repo,
    history: h.storage.queries,
    clock: h.sim.clock,
    wallet,
    marketKind: 'chain',
    refreshMs: 60_000,
    marketWaitMs: 50,
    ...(options.network ? { network: options.network } : {}),
    logger: { warn: (message) => warnings.push(message) },
  });
  const changes: Change[] = [];
  model.onChange((change) => changes.push(change));
  return { h, model, wallet, warnings, changes };
}

const ask: StorageAsk = {
  proofProbability: 1n,
  pricePerBytePerSecond: 3n,
  collateralPerByte: 2n,
  slots: 4n,
  slotSize: 65_536n,
  duration: 3600n,
  maxSlotLoss: 1n,
};

describe('the read model', () => {
  it('says which market it sells on, with the wallet’s token, balances, gas and the chain clock', async () => {
    const { h, model, wallet } = await start();
    expect(await model.market()).toEqual({
      kind: 'chain',
      hostAddress: wallet.address,
      token: { symbol: 'USDC', decimals: 6 },
      balance: '12345678',
      gasBalance: '300000000000000000',
      now: h.sim.now(),
    });
    wallet.balancesValue = { token: 5n, gas: undefined };
    const market = await model.market();
    expect(market.balance).toBe('5');
    expect('gasBalance' in market).toBe(false);
    expect(wallet.tokenReads).toBe(1);
  });

  it('shows the data plane’s node as it is at each read, and no network where the host runs none', async () => {
    let reading: NetworkStatusReading = {
      peerId: '16Uiu2HAmPeer',
      listenAddrs: ['/ip4/127.0.0.1/tcp/8070'],
      announceAddrs: ['/ip4/203.0.113.7/tcp/8070'],
      peerCount: 0,
      dhtPeers: 1,
      spr: 'spr:CiUIAhIh',
    };
    const { model } = await start({ network: { status: () => reading } });
    expect((await model.market()).network).toEqual({
      peerId: '16Uiu2HAmPeer',
      listenAddrs: ['/ip4/127.0.0.1/tcp/8070'],
      announceAddrs: ['/ip4/203.0.113.7/tcp/8070'],
      peers: 0,
      dhtPeers: 1,
      spr: 'spr:CiUIAhIh',
    });
    reading = { ...reading, peerCount: 3, dhtPeers: 5 };
    const later = (await model.market()).network;
    expect([later?.peers, later?.dhtPeers]).toEqual([3, 5]);
    model.close();
    await h?.dispose();
    const { model: without } = await start();
    expect('network' in (await without.market())).toBe(false);
  });

  it('keeps showing the last balances while the wallet does not answer, and says so in the log', async () => {
    const { model, wallet, warnings } = await start();
    await model.market();
    wallet.failing = true;
    expect((await model.market()).balance).toBe('12345678');
    expect(warnings).toEqual(['wallet balances unavailable; showing the last ones read']);
  });

  it('shows the last balances at once while a wallet read waits on a chain that stopped answering', async () => {
    const { h, model, wallet } = await start();
    await model.market();
    let answer = () => {};
    wallet.hanging = new Promise((resolve) => (answer = resolve));
    wallet.balancesValue = { token: 1n, gas: 2n };
    const shown = await model.market();
    expect(shown).toMatchObject({ balance: '12345678', gasBalance: '300000000000000000', now: h.sim.now() });
    answer();
    wallet.hanging = undefined;
    await expect.poll(async () => (await model.market()).balance).toBe('1');
  });

  it('fails the read when the wallet never answered, with the wallet’s own error', async () => {
    const { model, wallet } = await start();
    wallet.failing = true;
    await expect(model.market()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses an offer above the quota with the engine’s error, which the api sends as quota-exceeded', async () => {
    const { model, changes } = await start({ quotaMaxBytes: 1_000_000n });
    const offer = { totalSize: '2000000', duration: 3600, minPricePerBytePerSecond: '1', totalCollateral: '1' };
    const refusal = await model.createAvailability(offer).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(QuotaNotEnoughError);
    expect(toApiError(refusal)).toEqual({
      code: 'quota-exceeded',
      message: 'Not enough storage quota',
      details: {
        field: 'totalSize',
        say: 'Space to offer is more than the free quota',
        limit: expect.stringMatching(/^\d+$/),
      },
    });
    expect(model.availabilities()).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('keeps one record, with a count, for a slot the queue retries and skips again for the same reason', async () => {
    const { h, model, changes } = await start();
    const offer = availabilityFor(4n, { minPricePerBytePerSecond: 2n });
    const created = h.sales.createAvailability(offer);
    const requestId = await postRequest(h.sim);
    await untilIdle(h);
    // Each change that may make room retries every seen slot; the price still does not fit.
    for (const duration of [offer.duration + 1n, offer.duration + 2n]) {
      h.sales.updateAvailability(created.id, { duration });
      await untilIdle(h);
    }
    const slots = model.slotsPage({ limit: 10 }).items.filter((s) => s.requestId === requestId);
    expect(slots).toHaveLength(4);
    expect(slots.map((s) => [s.state, s.ignoredReason, s.ignoredTimes])).toEqual(
      Array(4).fill(['SaleIgnored', 'price-too-low', 3]),
    );
    expect(h.storage.queries.salesOfSlot(slots[0]!.slotId)).toHaveLength(1);
    expect(model.totals().slotsByState).toEqual({ SaleIgnored: 4 });
    // The dashboard heard the count as it grew.
    const told = changes.flatMap((c) => (c.kind === 'slot' && c.value.slotId === slots[0]!.slotId ? [c.value] : []));
    expect(told.at(-1)).toMatchObject({ state: 'SaleIgnored', ignoredTimes: 3 });
  });

  it('expects each running slot’s payout in the month its request ends, by the contract’s arithmetic', async () => {
    const { h, model } = await start();
    await model.createAvailability({
      totalSize: String(availabilityFor(4n).totalSize),
      duration: 7200,
      minPricePerBytePerSecond: '1',
      totalCollateral: String(availabilityFor(4n).totalCollateral),
    });
    const requestId = await h.sim.postRequest({ ask, expiry: 300n, client: 0 });
    await advanceUntil(h, () => h!.sim.contract.requestState(requestId) === 'Started', 300);

    const earnings: EarningsDto = model.earnings();
    const running = h.sales.activeAgents
      .map((agent) => agent.record.sale)
      .filter((sale) => sale.filledAt !== undefined);
    expect(running.length).toBeGreaterThan(0);
    const request = h.sim.state.requests.get(requestId)!.request;
    const expected = running.reduce((sum, sale) => sum + payoutFor(request, sale.filledAt!, sale.endsAt!), 0n);
    const byMonth = earnings.byMonth.reduce((sum, m) => sum + BigInt(m.expected), 0n);
    expect(byMonth).toBe(expected);
    expect(BigInt(earnings.expected)).toBe(expected);
    const month = new Date(running[0]!.endsAt! * 1000).toISOString().slice(0, 7);
    expect(earnings.byMonth.map((m) => m.month)).toContain(month);
  });

  it('tells each filled slot’s proof build times, the mean from the history’s total', async () => {
    const { h, model } = await start();
    await model.createAvailability({
      totalSize: String(availabilityFor(4n).totalSize),
      duration: 7200,
      minPricePerBytePerSecond: '1',
      totalCollateral: String(availabilityFor(4n).totalCollateral),
    });
    const requestId = await h.sim.postRequest({ ask, expiry: 300n, client: 0 });
    await advanceUntil(h, () => h!.sim.contract.requestState(requestId) === 'Started', 300);
    const filled = h.sales.activeAgents.map((agent) => agent.record.sale).filter((sale) => sale.filledAt !== undefined);
    expect(filled.length).toBeGreaterThan(0);
    for (const sale of filled) {
      // The initial proof was built before the slot was filled.
      const build = sale.proofBuild!;
      expect(build.count).toBeGreaterThanOrEqual(1);
      expect(model.slot(sale.slotId)?.proofBuild).toEqual({
        count: build.count,
        lastMs: build.lastMs,
        meanMs: Math.round(build.totalMs / build.count),
      });
    }
  });

  it('streams the engine’s changes as the dashboard’s DTOs', async () => {
    const { model, changes } = await start();
    const created = await model.createAvailability({
      totalSize: '8192',
      duration: 3600,
      minPricePerBytePerSecond: '1',
      totalCollateral: '100',
    });
    expect(changes).toContainEqual({ kind: 'availability', value: created });
    const updated = await model.updateAvailability({ id: created.id, enabled: false });
    expect(updated.enabled).toBe(false);
    expect(changes.at(-1)).toEqual({ kind: 'availability', value: updated });
    await expect(model.updateAvailability({ id: '0x' + '9'.repeat(64), enabled: true })).rejects.toMatchObject({
      code: 'not-found',
      message: 'Availability not found',
    });
  });
});
