import { generateKeyPair } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs, USAGE } from '../../../src-main/headless/cli';

describe('the data plane flags on the headless command line', () => {
  it('reads --listen-addrs, --peer, --disc-port and --nat as Codex spells them', async () => {
    const peerId = peerIdFromPrivateKey(await generateKeyPair('secp256k1')).toString();
    const peer = `/ip4/192.0.2.1/tcp/8070/p2p/${peerId}`;
    const result = parseHeadlessArgs([
      '--listen-addrs',
      '/ip4/0.0.0.0/tcp/8071',
      '--listen-addrs',
      '/ip6/::/tcp/8071',
      '--peer',
      peer,
      '--disc-port',
      '8091',
      '--nat',
      'extip:203.0.113.7',
    ]);
    expect(result.ok && result.options.network).toEqual({
      listenAddrs: ['/ip4/0.0.0.0/tcp/8071', '/ip6/::/tcp/8071'],
      peers: [{ peerId, multiaddr: peer }],
      bootstrapNodes: [],
      discPort: 8091,
      nat: { extIp: '203.0.113.7' },
    });
  });

  it('documents them in --help', () => {
    for (const flag of ['--listen-addrs', '--peer', '--bootstrap-node', '--disc-port', '--nat'])
      expect(USAGE).toContain(flag);
  });

  it.each([
    [['--listen-addrs', '/ip4/0.0.0.0/udp/8070'], '--listen-addrs /ip4/0.0.0.0/udp/8070 is not a TCP multiaddr'],
    [['--peer', '/ip4/192.0.2.1/tcp/8070'], 'must end in /p2p/<peer id>'],
    [['--bootstrap-node', 'enr:-abc'], 'is not a signed peer record (spr:…)'],
    [['--disc-port', '70000'], '--disc-port must be between 0 and 65535'],
    [['--nat', 'upnp'], '--nat must be extip:IP'],
  ])('explains what is wrong with %j', (argv, message) => {
    const result = parseHeadlessArgs(argv);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
