import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NetworkSettings from '../../../../src-renderer/components/settings/NetworkSettings.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

const PEER = '/ip4/10.0.0.5/tcp/8070/p2p/16Uiu2HAkwk68LSyCYa3HbmfkBLGRDLdQzB5nisydM5LR318iUUtA';
const field = (name: string) =>
  screen.getAllByTestId(TestId.NetworkSettingsField).find((f) => f.dataset.field === name) as HTMLInputElement;
const problems = () =>
  Object.fromEntries(
    screen.queryAllByTestId(TestId.NetworkSettingsProblem).map((p) => [p.dataset.field, p.textContent]),
  );

describe('NetworkSettings', () => {
  it('shows the defaults as placeholders and says flags win and changes apply from the next start', async () => {
    const app = await startApp();
    render(NetworkSettings, { context: app.context });
    await vi.waitFor(() => expect(field('listenAddrs').placeholder).toBe('/ip4/0.0.0.0/tcp/8070'));
    expect(field('discPort').placeholder).toBe('8090');
    const text = screen.getByTestId(TestId.NetworkSettings).textContent!;
    expect(text).toContain('flags given at start win');
    expect(text).toContain('next start');
  });

  it('saves listen addresses and peers one per line, the port and the external IP', async () => {
    const app = await startApp();
    render(NetworkSettings, { context: app.context });
    await vi.waitFor(() => expect(field('listenAddrs')).toBeDefined());
    await fireEvent.input(field('listenAddrs'), { target: { value: '/ip4/0.0.0.0/tcp/8071\n\n/ip6/::/tcp/8071\n' } });
    await fireEvent.input(field('peers'), { target: { value: PEER } });
    await fireEvent.input(field('discPort'), { target: { value: '8091' } });
    await fireEvent.input(field('extIp'), { target: { value: '203.0.113.7' } });
    await fireEvent.click(screen.getByTestId(TestId.NetworkSettingsSave));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.NetworkSettingsDone).textContent).toContain('next start'));
    expect(app.backend.settings.value.network).toEqual({
      listenAddrs: ['/ip4/0.0.0.0/tcp/8071', '/ip6/::/tcp/8071'],
      peers: [PEER],
      discPort: 8091,
      extIp: '203.0.113.7',
    });
    expect(field('listenAddrs').value).toBe('/ip4/0.0.0.0/tcp/8071\n/ip6/::/tcp/8071');
  });

  it('puts what is wrong next to each field and saves nothing', async () => {
    const app = await startApp();
    render(NetworkSettings, { context: app.context });
    await vi.waitFor(() => expect(field('listenAddrs')).toBeDefined());
    await fireEvent.input(field('listenAddrs'), { target: { value: '/ip4/0.0.0.0/udp/8070' } });
    await fireEvent.input(field('peers'), { target: { value: '/ip4/10.0.0.5/tcp/8070' } });
    await fireEvent.input(field('bootstrapNodes'), { target: { value: 'enr:-abc' } });
    await fireEvent.input(field('discPort'), { target: { value: 'eighty' } });
    await fireEvent.input(field('extIp'), { target: { value: 'my.host' } });
    await fireEvent.click(screen.getByTestId(TestId.NetworkSettingsSave));
    expect(Object.keys(problems())).toEqual(['listenAddrs', 'peers', 'bootstrapNodes', 'discPort', 'extIp']);
    expect(problems().discPort).toContain('must be a UDP port number');
    expect(field('extIp').getAttribute('aria-invalid')).toBe('true');
    expect(app.backend.settings.value.network).toBeUndefined();
  });

  it('puts the engine’s deeper refusal next to its field: a peer id that does not decode', async () => {
    const app = await startApp();
    render(NetworkSettings, { context: app.context });
    await vi.waitFor(() => expect(field('peers')).toBeDefined());
    // Passes the form's plain rules (a TCP address and an id-like tail), fails the flags' peer id check.
    await fireEvent.input(field('peers'), { target: { value: `${PEER.slice(0, -1)}0` } });
    await fireEvent.click(screen.getByTestId(TestId.NetworkSettingsSave));
    await vi.waitFor(() => expect(Object.keys(problems())).toEqual(['peers']));
    expect(problems().peers).toContain('is not a valid multiaddr with a peer id');
    expect(app.backend.settings.value.network).toBeUndefined();
  });

  it('forgets saved options', async () => {
    const app = await startApp();
    render(NetworkSettings, { context: app.context });
    await app.state.settings.update({ network: { discPort: 9000 } });
    await vi.waitFor(() => expect(field('discPort').value).toBe('9000'));
    await fireEvent.click(screen.getByText('Forget'));
    await vi.waitFor(() => expect(app.backend.settings.value.network).toBeUndefined());
    await vi.waitFor(() => expect(field('discPort').value).toBe(''));
    expect(screen.getByTestId(TestId.NetworkSettingsDone).textContent).toContain('forgotten');
  });
});
