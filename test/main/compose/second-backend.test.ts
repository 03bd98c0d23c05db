// The seams of issue 10, proven: a market the composition does not know (a scripted Market, its
// own clock, data source, proof system and wallet) plugs in through compose/ and a whole sale runs,
// from the operator's availability to the payout, with no engine or compose code aware of it.
import { describe, expect, it } from 'vitest';
import type { SnapshotDto } from '../../../src-main/api/dto';
import { startEngineHost } from '../../../src-main/compose/engine-host';
import { slotIdOf } from '../../../src-main/market/ids';
import type { MarketBackend } from '../../../src-main/market/index';
import { exampleStorageRequest, FakeMarket } from '../../fakes/fake-market';
import { FakeDataSource, FakeProofSystem } from '../../fakes/fake-proofs';
import { manualClock } from '../../fakes/manual-clock';
import { tempDataDir } from '../../fakes/test-db';

describe('a second market backend', () => {
  it('runs a whole sale through compose without the engine knowing which market it is', async () => {
    const temp = tempDataDir('sk-second-backend-');
    const clock = manualClock();
    const market = new FakeMarket(clock);
    const dataSource = new FakeDataSource();
    let proofs: FakeProofSystem | undefined;
    const token = { symbol: 'USDC', decimals: 6 };
    const engine = await startEngineHost({
      host: 'headless',
      version: 'test',
      dataDir: temp.dir,
      quota: 1n << 30n,
      market: async (context): Promise<MarketBackend> => {
        proofs = new FakeProofSystem(context.repo);
        // Like the simulator's clock, time moves on only once the engine's file work is done.
        clock.idle = () => !context.engineBusy();
        return {
          kind: 'chain',
          market,
          clock,
          dataSource,
          proofSystem: proofs,
          wallet: {
            address: market.signer,
            token: async () => token,
            balances: async () => ({ token: 5_000_000n, gas: 10n ** 18n }),
          },
          close: async () => {},
        };
      },
    });
    try {
      await engine.codex.createAvailability({
        totalSize: 1n << 20n,
        duration: 100_000n,
        minPricePerBytePerSecond: 1n,
        totalCollateral: 1n << 21n,
      });
      const request = exampleStorageRequest({ slots: 1n, slotSize: 1n << 18n, proofProbability: 1n });
      const requestId = await market.requestStorage(request);
      const slotId = slotIdOf(requestId, 0n);
      market.requestStates.set(requestId, 'New');

      const settle = async (until: () => boolean, seconds: number): Promise<void> => {
        for (let s = 0; s < seconds && !until(); s++) await clock.advanceTime(1);
      };
      await settle(() => market.filled.length > 0, 60);
      expect(market.filled).toMatchObject([{ requestId, slotIndex: 0n, host: market.signer }]);
      expect(dataSource.fetched).toEqual([{ requestId, slotIndex: 0n, blocks: 4 }]);
      expect(proofs!.proved.length).toBeGreaterThan(0);

      market.activeSlots = [slotId];
      market.requestStates.set(requestId, 'Finished');
      market.slotStates.set(slotId, 'Finished');
      const bytesBack = () => engine.codex.listAvailabilities()[0]!.freeSize === 1n << 20n;
      await settle(() => market.freed.includes(slotId) && bytesBack(), 60);
      expect(market.freed).toEqual([slotId]);

      const snapshot = (await engine.api.invoke('live.snapshot', {})) as { ok: true; value: SnapshotDto };
      expect(snapshot.value.market).toMatchObject({ kind: 'chain', token, balance: '5000000' });
      const outcomes = snapshot.value.outcomes.filter((o) => o.slotId === slotId).map((o) => o.kind);
      expect(outcomes).toEqual(expect.arrayContaining(['slot-won', 'payout']));
      expect(engine.codex.listAvailabilities()[0]!.freeSize).toBe(1n << 20n);
    } finally {
      await engine.stop();
      temp.remove();
    }
  });
});
