// The dashboard's read model as the hosts wire it over the embedded simulator.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotDto } from '../../../src-main/api/dto';
import { startEngineHost, type EngineHost } from '../../../src-main/compose/engine-host';
import { SIM_TOKEN } from '../../../src-main/compose/sales-source';

let host: EngineHost | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
});

describe('the read model over the simulator', () => {
  it('says the market is the simulator, paying in its 18-decimal test token, with no gas', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sk-source-'));
    host = await startEngineHost({ host: 'headless', version: 't', dataDir, sim: { rate: 0, competitors: 0 } });
    const snapshot = await host.api.invoke('live.snapshot', {});
    const { market } = (snapshot.ok ? snapshot.value : undefined) as SnapshotDto;
    const account = await host.devnet.host();
    expect(SIM_TOKEN).toEqual({ symbol: 'TST', decimals: 18 });
    expect(market).toEqual({
      kind: 'sim',
      hostAddress: account.address,
      token: SIM_TOKEN,
      balance: account.balance.toString(),
      now: host.devnet.now(),
    });
  });
});
