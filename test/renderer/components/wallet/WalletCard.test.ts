import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ChainStatus from '../../../../src-renderer/components/wallet/ChainStatus.svelte';
import WalletCard from '../../../../src-renderer/components/wallet/WalletCard.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { defaultWalletThresholds, walletAlerts } from '../../../../src-main/engine/index';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { openTestAlertStore } from '../../../fakes/test-db';
import { settle, startApp, stopApps } from '../../helpers/app';

let alerts: ReturnType<typeof openTestAlertStore> | undefined;
afterEach(() => {
  stopApps();
  alerts?.dispose();
  alerts = undefined;
});

const usdc = { symbol: 'USDC', decimals: 6 };
function onChain() {
  const source = new FakeSalesSource();
  source.marketValue = {
    ...source.marketValue,
    kind: 'chain',
    hostAddress: '0x' + '5c'.repeat(20),
    token: usdc,
    balance: '2500000',
    gasBalance: '4000000000000000',
    status: {
      connection: 'connected',
      events: 'websocket',
      headBlock: 1234567,
      pendingTransactions: 0,
      stuckTransactions: 0,
    },
  };
  return source;
}

describe('WalletCard', () => {
  it('shows the host address and the balances in the market’s token and in gas', async () => {
    const app = await startApp(onChain());
    render(WalletCard, { context: app.context });
    expect(screen.getByTestId(TestId.WalletAddress).textContent).toBe('0x' + '5c'.repeat(20));
    expect(screen.getByTestId(TestId.WalletBalance).textContent).toBe('2.5 USDC');
    expect(screen.getByTestId(TestId.GasBalance).textContent).toBe('0.004 ETH');
    expect(screen.getByText(/2\.5 USDC exactly; pays collateral/)).toBeTruthy();
    expect(screen.queryByTestId(TestId.WalletWarning)).toBeNull();
  });

  it('shows no gas on a market without gas', async () => {
    const app = await startApp(new FakeSalesSource());
    render(WalletCard, { context: app.context });
    expect(screen.getByTestId(TestId.WalletBalance).textContent).toBe('1,000 TST');
    expect(screen.queryByTestId(TestId.GasBalance)).toBeNull();
  });

  it('warns in the card while the host checks’ low-gas alert is active, and stops when it clears', async () => {
    const source = onChain();
    alerts = openTestAlertStore();
    const app = await startApp(source, { alerts: alerts.store });
    render(WalletCard, { context: app.context });
    const found = walletAlerts(
      source.marketValue.hostAddress,
      { token: 2_500_000n, gas: 4n * 10n ** 15n },
      usdc,
      defaultWalletThresholds(usdc),
    );
    alerts.store.raise(found.gas!);
    const warning = await vi.waitFor(() => screen.getByTestId(TestId.WalletWarning));
    expect(warning.dataset.key).toBe('wallet-low-gas');
    expect(warning.textContent).toContain(`Send gas to ${source.marketValue.hostAddress}`);
    alerts.store.resolve('wallet-low-gas');
    await vi.waitFor(() => expect(screen.queryByTestId(TestId.WalletWarning)).toBeNull());
  });
});

describe('ChainStatus', () => {
  it('shows nothing for the simulator, which runs in this process', async () => {
    const app = await startApp(new FakeSalesSource());
    render(ChainStatus, { context: app.context });
    expect(screen.queryByTestId(TestId.ChainStatus)).toBeNull();
  });

  it('shows the connection with the newest block, and “chain unreachable” when the node stops answering', async () => {
    const source = onChain();
    const app = await startApp(source);
    render(ChainStatus, { context: app.context });
    const shown = screen.getByTestId(TestId.ChainStatus);
    expect(shown.textContent).toBe('Chain connected, block 1,234,567');
    expect(shown.dataset.connection).toBe('connected');
    source.emit({
      kind: 'market',
      value: {
        ...source.marketValue,
        status: {
          ...source.marketValue.status!,
          connection: 'unreachable',
          lastError: 'connect ECONNREFUSED 127.0.0.1:8545',
        },
      },
    });
    await settle(app, 1);
    await vi.waitFor(() => expect(screen.getByTestId(TestId.ChainStatus).textContent).toBe('Chain unreachable'));
    expect(screen.getByTestId(TestId.ChainStatus).title).toContain('ECONNREFUSED');
  });
});
