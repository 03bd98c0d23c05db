import { describe, expect, it } from 'vitest';
import { parseMarketFlags } from '../../../src-main/headless/market-cli';

const saved = {
  rpcUrl: 'https://rpc.example.org',
  wsUrl: 'wss://rpc.example.org/ws',
  marketplace: '0x' + 'cd'.repeat(20),
  keystore: '/srv/slotkeeper/wallet.json',
};

describe('--market chain with chain options saved in Settings', () => {
  it('takes every chain option the flags do not give from Settings', () => {
    expect(parseMarketFlags({ market: 'chain' }, [], () => saved)).toMatchObject({
      ok: true,
      market: {
        kind: 'chain',
        chain: {
          rpcUrl: saved.rpcUrl,
          wsUrl: saved.wsUrl,
          marketplace: saved.marketplace,
          signer: { kind: 'keystore', file: saved.keystore },
        },
      },
    });
  });

  it('lets flags win: another endpoint drops the saved WebSocket, another key drops the saved keystore', () => {
    const result = parseMarketFlags(
      { market: 'chain', 'rpc-url': 'http://127.0.0.1:8545', 'eth-private-key': '/tmp/key' },
      [],
      () => saved,
    );
    if (!result.ok || result.market.kind !== 'chain') throw new Error(`not a chain: ${JSON.stringify(result)}`);
    expect(result.market.chain).toMatchObject({
      rpcUrl: 'http://127.0.0.1:8545',
      signer: { kind: 'private-key', file: '/tmp/key' },
    });
    expect(result.market.chain.wsUrl).toBeUndefined();
  });

  it('without saved options or flags, says which flag is missing', () => {
    expect(parseMarketFlags({ market: 'chain' }, [], () => undefined)).toEqual({
      ok: false,
      message: '--market chain needs --rpc-url URL (the chain’s JSON-RPC endpoint)',
    });
  });

  it('does not read the saved options for the other markets', () => {
    let read = 0;
    expect(parseMarketFlags({ market: 'sim' }, [], () => (read++, saved))).toEqual({
      ok: true,
      market: { kind: 'sim' },
    });
    expect(read).toBe(0);
  });
});
