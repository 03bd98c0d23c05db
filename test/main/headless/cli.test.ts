import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseHeadlessArgs, USAGE } from '../../../src-main/headless/cli';

describe('headless command line', () => {
  it('defaults to loopback, the default port and the simulated market', () => {
    const result = parseHeadlessArgs([]);
    expect(result).toMatchObject({
      ok: true,
      options: { host: '127.0.0.1', port: DEFAULT_PORT, market: 'sim', simSpeed: 1 },
    });
  });

  it('reads every documented flag', () => {
    const result = parseHeadlessArgs([
      '--data-dir',
      '/tmp/x',
      '--host',
      '127.0.0.2',
      '--port',
      '0',
      '--token',
      'abcdefghijklmnop',
      '--quota',
      '1099511627776000',
      '--market',
      'sim',
      '--sim-seed',
      '7',
      '--sim-speed',
      '2.5',
      '--sim-rate',
      '0',
      '--sim-competitors',
      '0',
      '--allowed-host',
      'node.example.org',
      '--allowed-host',
      '[fd00::5]:8475',
    ]);
    expect(result.ok && result.options).toEqual({
      dataDir: '/tmp/x',
      host: '127.0.0.2',
      port: 0,
      token: 'abcdefghijklmnop',
      quota: 1099511627776000n,
      market: 'sim',
      simSeed: 7,
      simSpeed: 2.5,
      simRate: 0,
      simCompetitors: 0,
      allowedHosts: ['node.example.org', '[fd00::5]:8475'],
      help: false,
      network: { listenAddrs: ['/ip4/0.0.0.0/tcp/8070'], peers: [], bootstrapNodes: [], discPort: 8090 },
    });
  });

  it('reads --backup and --restore', () => {
    expect(parseHeadlessArgs(['--backup', 'a.tar'])).toMatchObject({ ok: true, options: { backup: 'a.tar' } });
    expect(parseHeadlessArgs(['--restore', 'b.tar'])).toMatchObject({ ok: true, options: { restore: 'b.tar' } });
  });

  it('documents every flag in --help', () => {
    const result = parseHeadlessArgs(['--help']);
    expect(result.ok && result.options.help).toBe(true);
    for (const flag of [
      '--data-dir',
      '--host',
      '--port',
      '--token',
      '--allowed-host',
      '--quota',
      '--market',
      '--sim-seed',
    ]) {
      expect(USAGE).toContain(flag);
    }
  });

  it.each([
    [['--port', 'eighty'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be between 0 and 65535'],
    [['--quota=-5'], '--quota must be a whole number'],
    [['--quota', '-5'], 'argument is ambiguous'],
    [['--token', 'short'], '--token must be 16–256 characters'],
    [['--market', 'mainnet'], '--market must be "sim"'],
    [['--sim-speed', '0'], '--sim-speed must be greater than 0'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
    [['--allowed-host', 'evil.example/path'], '--allowed-host must be a host name'],
    [['--backup', 'a.tar', '--restore', 'b.tar'], '--backup and --restore cannot be used together'],
  ])('explains what is wrong with %j', (argv, message) => {
    const result = parseHeadlessArgs(argv);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
