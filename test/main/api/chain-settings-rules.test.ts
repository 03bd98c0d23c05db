import { describe, expect, it } from 'vitest';
import { chainSettingsProblems } from '../../../src-main/api/chain-settings-rules';
import { settingsUpdateSchema } from '../../../src-main/api/contract';

const good = {
  rpcUrl: 'https://rpc.example.org/v1',
  wsUrl: 'wss://rpc.example.org/ws',
  marketplace: '0x' + 'ab'.repeat(20),
  keystore: '/home/op/.slotkeeper/wallet.json',
};

describe('the chain options in Settings', () => {
  it('accepts an http(s) RPC URL, a ws(s) WebSocket URL, a contract address and an absolute keystore path', () => {
    expect(chainSettingsProblems(good)).toEqual([]);
    const { wsUrl: _ws, ...noSocket } = good;
    expect(chainSettingsProblems(noSocket)).toEqual([]);
    expect(chainSettingsProblems({ ...good, keystore: 'C:\\Users\\op\\wallet.json' })).toEqual([]);
  });

  it('names each wrong field with what to enter instead', () => {
    expect(
      chainSettingsProblems({ rpcUrl: 'ftp://x', wsUrl: 'http://x', marketplace: '0x12', keystore: 'wallet.json' }),
    ).toEqual([
      {
        field: 'rpcUrl',
        message: 'The RPC URL must start with http:// or https://, for example http://127.0.0.1:8545.',
      },
      {
        field: 'wsUrl',
        message: 'The WebSocket URL must start with ws:// or wss://, for example ws://127.0.0.1:8546.',
      },
      { field: 'marketplace', message: 'The Marketplace address must be 0x followed by 40 hex digits.' },
      {
        field: 'keystore',
        message: 'The keystore path must be absolute, for example /home/me/.slotkeeper/wallet.json.',
      },
    ]);
    expect(chainSettingsProblems({}).map((p) => p.field)).toEqual(['rpcUrl', 'marketplace', 'keystore']);
  });

  it('is what settings.update checks: a wrong field is refused with its message, a good one trimmed', () => {
    const refused = settingsUpdateSchema.safeParse({ chain: { ...good, marketplace: 'the market' } });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues).toMatchObject([
      { path: ['chain', 'marketplace'], message: 'The Marketplace address must be 0x followed by 40 hex digits.' },
    ]);
    expect(settingsUpdateSchema.parse({ chain: { ...good, rpcUrl: ` ${good.rpcUrl} `, wsUrl: '' } })).toEqual({
      chain: { rpcUrl: good.rpcUrl, marketplace: good.marketplace, keystore: good.keystore },
    });
    expect(settingsUpdateSchema.parse({ chain: null })).toEqual({ chain: null });
  });
});
