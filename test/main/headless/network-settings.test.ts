// Settings → Network at start: every network flag not given is taken from the saved options; a flag
// given wins for its option; the defaults fill the rest. The simulated market has no data plane.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetworkSettings } from '../../../src-main/api/network-settings-rules';
import { parseHeadlessArgs, USAGE } from '../../../src-main/headless/cli';

const PEER = '/ip4/10.0.0.5/tcp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA';
const saved: NetworkSettings = {
  listenAddrs: ['/ip4/0.0.0.0/tcp/9000'],
  peers: [PEER],
  discPort: 9001,
  extIp: '203.0.113.7',
};
const chain = {
  rpcUrl: 'http://127.0.0.1:8545',
  marketplace: '0x' + 'ab'.repeat(20),
  keystore: '/k/wallet.json',
};

function start(argv: string[], network: NetworkSettings | undefined) {
  const seen: (string | undefined)[] = [];
  const result = parseHeadlessArgs(
    ['--data-dir', '/srv/sk', ...argv],
    () => chain,
    (dir) => {
      seen.push(dir);
      return network;
    },
  );
  if (!result.ok) throw new Error(result.message);
  return { network: result.options.network, seen };
}

describe('the network options saved in Settings at start', () => {
  it('are used on --market chain where no network flag is given, read from the data folder', () => {
    const { network, seen } = start(['--market', 'chain'], saved);
    expect(seen).toEqual(['/srv/sk']);
    expect(network).toEqual({
      listenAddrs: ['/ip4/0.0.0.0/tcp/9000'],
      peers: [{ peerId: PEER.split('/p2p/')[1], multiaddr: PEER }],
      bootstrapNodes: [],
      discPort: 9001,
      nat: { extIp: '203.0.113.7' },
    });
  });

  it('give way to each flag given, option by option, and the defaults fill what neither names', () => {
    const { network } = start(['--market', 'chain', '--listen-addrs', '/ip4/127.0.0.1/tcp/0', '--nat', 'none'], {
      peers: [PEER],
      extIp: '203.0.113.7',
    });
    expect(network).toEqual({
      listenAddrs: ['/ip4/127.0.0.1/tcp/0'],
      peers: [{ peerId: PEER.split('/p2p/')[1], multiaddr: PEER }],
      bootstrapNodes: [],
      discPort: 8090,
      nat: undefined,
    });
  });

  it('leave the defaults when nothing is saved, and are not read for the simulated market', () => {
    expect(start(['--market', 'devnet'], undefined).network).toMatchObject({
      listenAddrs: ['/ip4/0.0.0.0/tcp/8070'],
      discPort: 8090,
    });
    const sim = start([], saved);
    expect(sim.seen).toEqual([]);
    expect(sim.network.discPort).toBe(8090);
  });

  it('say it is Settings’ value that is wrong when a hand-edited file fails the flags’ checks', () => {
    const result = parseHeadlessArgs(['--market', 'devnet'], undefined, () => ({ peers: ['/ip4/1.2.3.4/tcp/1'] }));
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/^the network options saved in Settings → Network: --peer .* must end in \/p2p\//),
    });
  });

  it('are described in --help', () => {
    expect(USAGE).toContain('Settings → Network');
  });

  it('come from the settings file the dashboard saves', async () => {
    const { savedNetworkSettings, SettingsFile } = await import('../../../src-main/storage/settings-file');
    const dir = mkdtempSync(join(tmpdir(), 'sk-netset-'));
    new SettingsFile(dir).update({ network: { discPort: 9002 } });
    const result = parseHeadlessArgs(['--data-dir', dir, '--market', 'devnet'], undefined, (d) =>
      savedNetworkSettings(d!),
    );
    expect(result.ok && result.options.network.discPort).toBe(9002);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).network).toEqual({ discPort: 9002 });
    writeFileSync(join(dir, 'settings.json'), '{"network": {"discPort": "x"}}');
    expect(savedNetworkSettings(dir)).toBeUndefined();
  });
});
