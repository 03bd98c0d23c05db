// The devnet as a host runs it: the engine sells into the in-process EVM through the chain adapter,
// a simulated client posts a request with a real Codex dataset, and the sale goes to its payout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngineHost, type EngineHost } from '../../../../src-main/compose/engine-host';
import type { DevnetBackend } from '../../../../src-main/market/devnet/backend';
import { createDevnetBackend } from '../../../../src-main/market/devnet/backend';
import { makeConfig, testConfig } from '../../../../src-main/market/sim/config';
import { tempDataDir } from '../../../fakes/test-db';

let engine: EngineHost;
let backend: DevnetBackend;
const temp = tempDataDir('sk-devnet-');

beforeAll(async () => {
  engine = await startEngineHost({
    host: 'headless',
    version: 'test',
    dataDir: temp.dir,
    quota: 1n << 30n,
    market: async (context) => {
      backend = await createDevnetBackend(context, {
        config: makeConfig(testConfig, { proofs: { period: 20, timeout: 10 } }),
        rate: 0,
        competitors: 0,
      });
      return backend;
    },
  });
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  temp.remove();
});

describe('the devnet market', () => {
  it('sells a slot of a simulated client’s request and is paid when it ends', async () => {
    await engine.codex.createAvailability({
      totalSize: 1n << 22n,
      duration: 100_000n,
      minPricePerBytePerSecond: 1n,
      totalCollateral: 1n << 40n,
    });
    const requestId = await backend.devnet.postRequest({
      ask: {
        slots: 1n,
        slotSize: 1n << 16n,
        duration: 200n,
        pricePerBytePerSecond: 1n,
        collateralPerByte: 2n,
        proofProbability: 1n,
        maxSlotLoss: 0n,
      },
      expiry: 100n,
    });
    const state = async () => (await backend.devnet.request(requestId))?.state;
    for (let i = 0; i < 60 && (await state()) !== 'Started'; i++) await backend.devnet.advance(5);
    expect(await state()).toBe('Started');
    const view = await backend.devnet.request(requestId);
    expect(view!.slots[0]!.host).toBe(backend.wallet.address);
  }, 120_000);
});
