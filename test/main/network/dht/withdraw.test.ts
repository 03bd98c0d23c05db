// Withdrawing an announcement: a host that no longer stores a dataset stops naming itself as its
// provider, also when it announced alone and kept its own record, as a host with no DHT peers does.
import { afterEach, describe, expect, it } from 'vitest';
import type { CodexDht } from '../../../../src-main/network/dht/index';
import { until } from '../../market/chain/fixture';
import { startNode, stopAll } from './loopback-helpers';

const started: CodexDht[] = [];
afterEach(async () => stopAll(started.splice(0)));
const node = async (opts: Parameters<typeof startNode>[0] = {}) => {
  const n = await startNode({ ...opts, tuning: { responseTimeoutMs: 3000 } });
  started.push(n);
  return n;
};
const cid = { bytes: new Uint8Array([0x01, 0x55, 0x12, 0x20, ...new Uint8Array(32).fill(7)]) };

describe('removing a provider', () => {
  it('stops a node that announced alone from naming itself to those who ask it', async () => {
    const host = await node({ tcpPort: 9101 });
    expect(await host.addProvider(cid)).toBe(0); // nobody to tell: the record stays with the host
    const asker = await node({ bootstrap: [host.spr] });
    expect((await asker.findProviders(cid)).map((p) => p.peerId)).toEqual([host.peerId]);

    host.removeProvider(cid);
    expect(host.sizes()).toMatchObject({ provided: 0, providers: 0 });
    expect(await asker.findProviders(cid)).toEqual([]);
  });

  it('keeps the records it holds for other nodes', async () => {
    const other = await node({ tcpPort: 9102 });
    const host = await node({ tcpPort: 9103, bootstrap: [other.spr] });
    expect(await host.refresh()).toBeGreaterThan(0); // the handshake puts the host in other's table
    expect(await other.addProvider(cid)).toBeGreaterThan(0);
    await until(() => host.sizes().providers === 1, 'the record stored at the host');
    host.removeProvider(cid);
    expect(host.sizes().providers).toBe(1);
  });
});
