import { describe, expect, it } from 'vitest';
import { parseNetworkArgs, parseNetworkFlags } from '../../../../src-main/network/node/options';

// A real testnet bootstrap record (codex-storage/codex-spr testnet-codex.txt).
const SPR =
  'spr:CiUIAhIhAiJvIcA_ZwPZ9ugVKDbmqwhJZaig5zKyLiuaicRcCGqLEgIDARo8CicAJQgCEiECIm8hwD9nA9n26BUoNuarCEllqKDnMrIuK5qJxFwIaosQ3d6esAYaCwoJBJ_f8zKRAnU6KkYwRAIgM0MvWNJL296kJ9gWvfatfmVvT-A7O2s8Mxp8l9c8EW0CIC-h-H-jBVSgFjg3Eny2u33qF7BDnWFzo7fGfZ7_qc9P';
const PEER = '/ip4/10.0.0.5/tcp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA';

const fail = (argv: string[]) => {
  const r = parseNetworkArgs(argv);
  return r.ok ? 'ok' : r.message;
};

describe('network flags', () => {
  it("default to Codex's testnet ports and no peers", () => {
    expect(parseNetworkArgs([])).toEqual({
      ok: true,
      options: {
        listenAddrs: ['/ip4/0.0.0.0/tcp/8070'],
        peers: [],
        bootstrapNodes: [],
        discPort: 8090,
        nat: undefined,
      },
    });
  });

  it('read repeated and listed values, full --peer multiaddrs, bootstrap records and extip', () => {
    const r = parseNetworkArgs([
      '--listen-addrs',
      '/ip4/0.0.0.0/tcp/8070,/ip6/::/tcp/8071',
      '--listen-addrs',
      '/ip4/127.0.0.1/tcp/0',
      '--peer',
      PEER,
      '--bootstrap-node',
      SPR,
      '--disc-port',
      '30000',
      '--nat',
      'extip:203.0.113.7',
    ]);
    expect(r).toMatchObject({
      ok: true,
      options: {
        listenAddrs: ['/ip4/0.0.0.0/tcp/8070', '/ip6/::/tcp/8071', '/ip4/127.0.0.1/tcp/0'],
        peers: [{ peerId: '16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA', multiaddr: PEER }],
        bootstrapNodes: [{ spr: SPR, peerId: '16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA' }],
        discPort: 30000,
        nat: { extIp: '203.0.113.7' },
      },
    });
  });

  it('say in one line what to type instead', () => {
    expect(fail(['--listen-addrs', '/ip4/0.0.0.0/udp/8070'])).toMatch(
      /not a TCP multiaddr such as \/ip4\/0\.0\.0\.0\/tcp\/8070/,
    );
    expect(fail(['--listen-addrs', 'localhost:8070'])).toMatch(/not a TCP multiaddr/);
    expect(fail(['--peer', '/ip4/10.0.0.5/tcp/8070'])).toMatch(/must end in \/p2p\/<peer id>/);
    expect(fail(['--peer', '/ip4/10.0.0.5/tcp/8070/p2p/nope'])).toMatch(/not a valid multiaddr with a peer id/);
    expect(fail(['--peer', '/ip4/10.0.0.5/udp/1/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA'])).toMatch(
      /must be a TCP multiaddr/,
    );
    expect(fail(['--bootstrap-node', 'enr:-abc'])).toMatch(/is not a signed peer record \(spr:…\)/);
    expect(fail(['--bootstrap-node', SPR.slice(0, 60)])).toMatch(/is not a signed peer record/);
    expect(fail(['--disc-port', '70000'])).toBe('--disc-port must be between 0 and 65535');
    expect(fail(['--disc-port', 'x'])).toMatch(/must be a UDP port number/);
    expect(fail(['--nat', 'upnp'])).toMatch(/--nat must be extip:IP.*UPnP and NAT-PMP are not supported/);
    expect(fail(['--nat', 'extip:999.1.1.1'])).toMatch(/--nat must be extip:IP/);
    expect(fail(['--bogus'])).toMatch(/Unknown option '--bogus'/);
    expect(parseNetworkFlags({ nat: 'none' })).toMatchObject({ ok: true, options: { nat: undefined } });
  });
});
