import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ChainSettings from '../../../../src-renderer/components/settings/ChainSettings.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

const field = (name: string) =>
  screen.getAllByTestId(TestId.ChainSettingsField).find((f) => f.dataset.field === name) as HTMLInputElement;
const problems = () =>
  Object.fromEntries(screen.queryAllByTestId(TestId.ChainSettingsProblem).map((p) => [p.dataset.field, p.textContent]));

describe('ChainSettings', () => {
  it('saves the RPC URL, the Marketplace address and the keystore path', async () => {
    const app = await startApp();
    render(ChainSettings, { context: app.context });
    await fireEvent.input(field('rpcUrl'), { target: { value: 'https://rpc.example.org' } });
    await fireEvent.input(field('marketplace'), { target: { value: '0x' + 'ab'.repeat(20) } });
    await fireEvent.input(field('keystore'), { target: { value: '/home/op/wallet.json' } });
    await fireEvent.click(screen.getByTestId(TestId.ChainSettingsSave));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.ChainSettingsDone).textContent).toContain('next start'));
    expect(app.backend.settings.value.chain).toEqual({
      rpcUrl: 'https://rpc.example.org',
      marketplace: '0x' + 'ab'.repeat(20),
      keystore: '/home/op/wallet.json',
    });
    expect(field('rpcUrl').value).toBe('https://rpc.example.org');
  });

  it('says what is wrong with each field and saves nothing', async () => {
    const app = await startApp();
    render(ChainSettings, { context: app.context });
    await fireEvent.input(field('rpcUrl'), { target: { value: 'rpc.example.org' } });
    await fireEvent.input(field('wsUrl'), { target: { value: 'https://rpc.example.org' } });
    await fireEvent.input(field('keystore'), { target: { value: 'wallet.json' } });
    await fireEvent.click(screen.getByTestId(TestId.ChainSettingsSave));
    expect(problems()).toEqual({
      rpcUrl: 'The RPC URL must start with http:// or https://, for example http://127.0.0.1:8545.',
      wsUrl: 'The WebSocket URL must start with ws:// or wss://, for example ws://127.0.0.1:8546.',
      marketplace: 'Enter the Marketplace contract’s address.',
      keystore: 'The keystore path must be absolute, for example /home/me/.slotkeeper/wallet.json.',
    });
    expect(field('rpcUrl').getAttribute('aria-invalid')).toBe('true');
    expect(app.backend.settings.value.chain).toBeUndefined();
  });

  it('forgets saved options', async () => {
    const app = await startApp();
    render(ChainSettings, { context: app.context });
    await app.state.settings.update({
      chain: { rpcUrl: 'https://rpc.example.org', marketplace: '0x' + 'ab'.repeat(20), keystore: '/k.json' },
    });
    await vi.waitFor(() => expect(field('keystore').value).toBe('/k.json'));
    await fireEvent.click(screen.getByText('Forget'));
    await vi.waitFor(() => expect(app.backend.settings.value.chain).toBeUndefined());
    await vi.waitFor(() => expect(field('keystore').value).toBe(''));
    expect(screen.getByTestId(TestId.ChainSettingsDone).textContent).toBe('The chain options were forgotten.');
  });
});
