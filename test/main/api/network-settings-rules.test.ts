import { describe, expect, it } from 'vitest';
import { settingsUpdateSchema } from '../../../src-main/api/contract';
import { networkSettingsCheck } from '../../../src-main/api/network-settings-check';
import {
  DEFAULT_DISC_PORT,
  DEFAULT_LISTEN_ADDR,
  networkSettingsProblems,
} from '../../../src-main/api/network-settings-rules';
import * as flags from '../../../src-main/network/node/options';

// A real testnet bootstrap record (codex-storage/codex-spr testnet-codex.txt).
const SPR =
  'spr:CiUIAhIhAiJvIcA_ZwPZ9ugVKDbmqwhJZaig5zKyLiuaicRcCGqLEgIDARo8CicAJQgCEiECIm8hwD9nA9n26BUoNuarCEllqKDnMrIuK5qJxFwIaosQ3d6esAYaCwoJBJ_f8zKRAnU6KkYwRAIgM0MvWNJL296kJ9gWvfatfmVvT-A7O2s8Mxp8l9c8EW0CIC-h-H-jBVSgFjg3Eny2u33qF7BDnWFzo7fGfZ7_qc9P';
const PEER = '/ip4/10.0.0.5/tcp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA';
const good = {
  listenAddrs: ['/ip4/0.0.0.0/tcp/8071', '/ip6/::/tcp/8071'],
  peers: [PEER],
  bootstrapNodes: [SPR],
  discPort: 8091,
  extIp: '203.0.113.7',
};

const fieldsOf = (settings: Record<string, unknown>) =>
  Object.fromEntries(networkSettingsCheck(settings).map((p) => [p.field, p.message]));

describe('the network options in Settings', () => {
  it('accept what the network flags accept, and show the flags’ defaults', () => {
    expect(networkSettingsCheck(good)).toEqual([]);
    expect(networkSettingsCheck({})).toEqual([]);
    expect(networkSettingsCheck({ extIp: '2001:db8::7', discPort: 0 })).toEqual([]);
    expect(DEFAULT_LISTEN_ADDR).toBe(flags.DEFAULT_LISTEN_ADDR);
    expect(DEFAULT_DISC_PORT).toBe(flags.DEFAULT_DISC_PORT);
  });

  it.each([
    ['listenAddrs', { listenAddrs: ['/ip4/0.0.0.0/udp/8070'] }, 'is not a TCP multiaddr'],
    ['listenAddrs', { listenAddrs: ['/ip4/0.0.0.0/tcp/70000'] }, 'is not a TCP multiaddr'],
    ['listenAddrs', { listenAddrs: ['/ip4/999.0.0.1/tcp/8070'] }, 'is not a TCP multiaddr'],
    ['listenAddrs', { listenAddrs: Array.from({ length: 33 }, () => DEFAULT_LISTEN_ADDR) }, 'At most 32 lines'],
    ['peers', { peers: ['/ip4/10.0.0.5/tcp/8070'] }, 'must end in /p2p/<peer id>'],
    [
      'peers',
      { peers: ['/ip4/10.0.0.5/udp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA'] },
      'must be a TCP multiaddr',
    ],
    [
      'peers',
      { peers: ['/ip4/10.0.0.5/tcp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtB0'] },
      'peer id',
    ],
    ['bootstrapNodes', { bootstrapNodes: ['enr:-abc'] }, 'is not a signed peer record'],
    ['bootstrapNodes', { bootstrapNodes: ['spr:AAAA'] }, 'is not a signed peer record'],
    ['discPort', { discPort: 70000 }, 'must be a UDP port number'],
    ['discPort', { discPort: 80.5 }, 'must be a UDP port number'],
    ['extIp', { extIp: 'my.host.example' }, 'must be an IPv4 or IPv6 address'],
    ['extIp', { extIp: '256.1.1.1' }, 'must be an IPv4 or IPv6 address'],
  ])('explain what is wrong with %s %j, on that field only', (field, settings, message) => {
    const problems = fieldsOf(settings);
    expect(Object.keys(problems)).toEqual([field]);
    expect(problems[field]).toContain(message);
  });

  it('the dashboard’s plain rules catch the same typing mistakes without any package', () => {
    expect(
      networkSettingsProblems({ listenAddrs: ['/ip4/0.0.0.0/udp/1'], discPort: -1, extIp: 'x' }).map((p) => p.field),
    ).toEqual(['listenAddrs', 'discPort', 'extIp']);
  });

  it('is what settings.update checks: each wrong field refused with its message, a good one trimmed', () => {
    const refused = settingsUpdateSchema.safeParse({
      network: { listenAddrs: ['/ip4/0.0.0.0/udp/8070'], bootstrapNodes: ['enr:-abc'], discPort: 70000 },
    });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path)).toEqual([
      ['network', 'listenAddrs'],
      ['network', 'bootstrapNodes'],
      ['network', 'discPort'],
    ]);
    expect(
      settingsUpdateSchema.parse({ network: { listenAddrs: [` ${good.listenAddrs[0]} `, ''], peers: [], extIp: ' ' } }),
    ).toEqual({ network: { listenAddrs: [good.listenAddrs[0]] } });
    expect(settingsUpdateSchema.parse({ network: null })).toEqual({ network: null });
    expect(settingsUpdateSchema.safeParse({ network: { nat: 'extip:1.2.3.4' } }).success).toBe(false);
  });
});
