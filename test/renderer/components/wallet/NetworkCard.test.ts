import { render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NetworkCard from '../../../../src-renderer/components/wallet/NetworkCard.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { settle, startApp, stopApps } from '../../helpers/app';

afterEach(stopApps);

const node = {
  peerId: '16Uiu2HAm7bKaSdBFBbdPxRXavEWDRS1LfEHJMxD9ygZRKnXNmZhy',
  listenAddrs: ['/ip4/0.0.0.0/tcp/8070'],
  announceAddrs: ['/ip4/203.0.113.7/tcp/8070'],
  peers: 2,
  dhtPeers: 14,
  spr: 'spr:CiUIAhIhA2Wzt0cXxPm',
};

function onDataPlane() {
  const source = new FakeSalesSource();
  source.marketValue = { ...source.marketValue, kind: 'chain', network: node };
  return source;
}

describe('NetworkCard', () => {
  it('shows nothing where the host runs no data plane', async () => {
    const app = await startApp(new FakeSalesSource());
    render(NetworkCard, { context: app.context });
    expect(screen.queryByTestId(TestId.NetworkCard)).toBeNull();
  });

  it('shows the peer id, the addresses, the peers and DHT nodes, and the record others bootstrap from', async () => {
    const app = await startApp(onDataPlane());
    render(NetworkCard, { context: app.context });
    expect(screen.getByTestId(TestId.NetworkPeerId).textContent).toBe(node.peerId);
    const listen = within(screen.getByTestId(TestId.NetworkListenAddrs)).getAllByRole('listitem');
    expect(listen.map((li) => li.textContent)).toEqual(['/ip4/0.0.0.0/tcp/8070']);
    const announced = within(screen.getByTestId(TestId.NetworkAnnounceAddrs)).getAllByRole('listitem');
    expect(announced.map((li) => li.textContent)).toEqual(['/ip4/203.0.113.7/tcp/8070']);
    expect(screen.getByTestId(TestId.NetworkPeers).textContent).toBe('2');
    expect(screen.getByTestId(TestId.NetworkDhtPeers).textContent).toBe('14');
    expect(screen.getByTestId(TestId.NetworkSpr).textContent).toBe(node.spr);
  });

  it('says a node without the DHT fetches from the simulated clients, with no DHT count or record', async () => {
    const source = new FakeSalesSource();
    const { dhtPeers: _d, spr: _s, ...loopback } = { ...node, listenAddrs: ['/ip4/127.0.0.1/tcp/41234'], peers: 1 };
    source.marketValue = { ...source.marketValue, kind: 'sim', network: loopback };
    const app = await startApp(source);
    render(NetworkCard, { context: app.context });
    expect(screen.getByTestId(TestId.NetworkPeerId).textContent).toBe(node.peerId);
    expect(screen.getByTestId(TestId.NetworkPeers).textContent).toBe('1');
    expect(screen.queryByTestId(TestId.NetworkDhtPeers)).toBeNull();
    expect(screen.queryByTestId(TestId.NetworkSpr)).toBeNull();
    expect(screen.getByTestId(TestId.NetworkNoDht).textContent).toMatch(/simulated clients/);
  });

  it('follows the market refresh as peers connect, and says when no address is announced', async () => {
    const source = onDataPlane();
    const app = await startApp(source);
    render(NetworkCard, { context: app.context });
    source.emit({
      kind: 'market',
      value: { ...source.marketValue, network: { ...node, peers: 1_234, announceAddrs: [] } },
    });
    await settle(app, 1);
    await vi.waitFor(() => expect(screen.getByTestId(TestId.NetworkPeers).textContent).toBe('1,234'));
    expect(screen.getByTestId(TestId.NetworkAnnounceAddrs).textContent).toMatch(/cannot dial/);
  });
});
