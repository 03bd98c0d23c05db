import { describe, expect, it } from 'vitest';
import type { MarketStatusDto } from '../../../src-main/api/dto';
import { chainStatusText } from '../../../src-renderer/state/chain-status';

const connected: MarketStatusDto = {
  connection: 'connected',
  events: 'websocket',
  headBlock: 42,
  pendingTransactions: 0,
  stuckTransactions: 0,
};

describe('the header’s chain status', () => {
  it('reads “connected” with the block, in the ok tone', () => {
    expect(chainStatusText('devnet', connected)).toEqual({
      tone: 'ok',
      label: 'Devnet connected, block 42',
      detail: 'block 42',
    });
  });

  it('turns amber while events come by polling or transactions are stuck, and says why', () => {
    expect(chainStatusText('chain', { ...connected, events: 'polling' })).toMatchObject({
      tone: 'busy',
      detail: 'block 42; events by polling (no WebSocket)',
    });
    expect(chainStatusText('chain', { ...connected, pendingTransactions: 2, stuckTransactions: 1 })).toMatchObject({
      tone: 'busy',
      detail: 'block 42; 2 transactions waiting, 1 stuck',
    });
  });

  it('says the chain is unreachable with the last error, in the bad tone', () => {
    expect(chainStatusText('chain', { ...connected, connection: 'unreachable', lastError: 'fetch failed' })).toEqual({
      tone: 'bad',
      label: 'Chain unreachable',
      detail: 'The RPC endpoint does not answer (fetch failed): proofs cannot be submitted.',
    });
  });

  it('says it is connecting before the first answer', () => {
    const { headBlock: _none, ...fresh } = connected;
    expect(chainStatusText('chain', { ...fresh, connection: 'connecting' })).toMatchObject({
      tone: 'busy',
      label: 'Connecting to the chain…',
    });
  });
});
