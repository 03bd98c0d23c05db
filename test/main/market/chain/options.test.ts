// The --market chain flags: what they accept, and the one line each mistake gets.
import { describe, expect, it } from 'vitest';
import { parseChainOptions, type ChainFlagValues } from '../../../../src-main/market/chain/options';

const good: ChainFlagValues = {
  'rpc-url': 'https://rpc.example.org',
  marketplace: '0x5378a4EA5dA2a548ce22630A3AE74b052000C62D',
  'eth-private-key': '/keys/host.key',
};
const message = (values: ChainFlagValues) => {
  const result = parseChainOptions(values);
  return result.ok ? 'ok' : result.message;
};

describe('chain options', () => {
  it('parse the full set of flags into typed options', () => {
    const result = parseChainOptions({
      ...good,
      'eth-private-key': undefined,
      'ws-url': 'wss://rpc.example.org/ws',
      wallet: '/data/wallet.json',
      'wallet-password-file': '/run/secrets/password',
      'from-block': '19000000',
      confirmations: '3',
      'max-fee-gwei': '12.5',
    });
    expect(result).toEqual({
      ok: true,
      options: {
        rpcUrl: 'https://rpc.example.org',
        wsUrl: 'wss://rpc.example.org/ws',
        marketplace: '0x5378a4ea5da2a548ce22630a3ae74b052000c62d',
        signer: { kind: 'keystore', file: '/data/wallet.json', passwordFile: '/run/secrets/password' },
        fromBlock: 19_000_000,
        confirmations: 3,
        maxFeePerGas: 12_500_000_000n,
      },
    });
  });

  it('default to one confirmation and no fee cap', () => {
    expect(parseChainOptions(good)).toMatchObject({
      ok: true,
      options: { confirmations: 1, signer: { kind: 'private-key', file: '/keys/host.key' } },
    });
  });

  it('say in one line what is missing or wrong', () => {
    expect(message({ ...good, 'rpc-url': undefined })).toMatch(/needs --rpc-url URL/);
    expect(message({ ...good, 'rpc-url': 'ftp://x' })).toMatch(/--rpc-url must be a http or https URL/);
    expect(message({ ...good, 'ws-url': 'http://x' })).toMatch(/--ws-url must be a ws or wss URL/);
    expect(message({ ...good, marketplace: undefined })).toMatch(/needs --marketplace ADDRESS/);
    expect(message({ ...good, marketplace: '0x1234' })).toMatch(/40 hex digits/);
    expect(message({ ...good, marketplace: '0x5378a4EA5dA2a548ce22630A3AE74b052000c62D' })).toMatch(/checksum/);
    expect(message({ ...good, 'eth-private-key': undefined })).toMatch(
      /exactly one of --eth-private-key FILE or --wallet FILE/,
    );
    expect(message({ ...good, wallet: '/w.json' })).toMatch(/exactly one of/);
    expect(message({ ...good, 'wallet-password-file': '/p' })).toMatch(/goes with --wallet/);
    expect(message({ ...good, confirmations: '0' })).toMatch(/--confirmations must be between 1 and 100/);
    expect(message({ ...good, 'from-block': '-5' })).toMatch(/--from-block must be a whole number/);
    expect(message({ ...good, 'max-fee-gwei': '0' })).toMatch(/greater than 0/);
    expect(message({ ...good, 'max-fee-gwei': 'lots' })).toMatch(/positive number of gwei/);
    for (const m of [message({ ...good, marketplace: 'x' }), message({})]) expect(m).not.toMatch(/\n/);
  });
});
