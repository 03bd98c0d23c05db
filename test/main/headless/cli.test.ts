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
      selection: { kind: 'sim' },
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
    ['70GiB', 70n * 2n ** 30n],
    ['70 GiB', 70n * 2n ** 30n],
    ['500GB', 500n * 10n ** 9n],
    ['1.5 TiB', 3n * 2n ** 39n],
    ['2tib', 2n * 2n ** 40n],
    ['1,5 GiB', 3n * 2n ** 29n],
    ['1073741824', 2n ** 30n],
  ])('takes --quota %s with its unit', (text, bytes) => {
    expect(parseHeadlessArgs(['--quota', text])).toMatchObject({ ok: true, options: { quota: bytes } });
  });

  it.each([
    [['--port', 'eighty'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be between 0 and 65535'],
    [['--quota=-5'], '--quota: Write a size such as 70 GiB'],
    [['--quota', '70G'], '"G" could mean GB (powers of 1000) or GiB (powers of 1024)'],
    [['--quota', '70 gallons'], '"gallons" is not a size unit'],
    [['--quota', '1.5'], 'A size in bytes is a whole number'],
    [['--quota', '-5'], 'argument is ambiguous'],
    [['--token', 'short'], '--token must be 16–256 characters'],
    [['--market', 'mainnet'], '--market must be sim, devnet or chain, not "mainnet"'],
    [['--market', 'chain'], '--market chain needs --rpc-url URL'],
    [['--market', 'devnet', '--rpc-url', 'http://127.0.0.1:8545'], '--rpc-url goes with --market chain'],
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
