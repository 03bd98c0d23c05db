import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import EngineClock from '../../../../src-renderer/components/engine/EngineClock.svelte';
import { createAppState } from '../../../../src-renderer/state/context';
import { TestId } from '../../../../src-renderer/testids';
import { FakeBackend } from '../../../fakes/backend';

const status = { now: 1_700_000_000, startedAt: 1_699_996_400, host: 'headless' as const, version: '1.2.3' };

describe('EngineClock', () => {
  it('shows the engine clock and uptime once the status arrives', async () => {
    const backend = new FakeBackend({ 'status.get': status });
    const { context } = createAppState(backend);
    render(EngineClock, { context });
    expect(await screen.findByTestId(TestId.EngineClock)).toHaveProperty('textContent', '2023-11-14 22:13:20 UTC');
    expect(screen.getByTestId(TestId.EngineUptime).textContent).toBe('1h 00m 00s');
    expect(screen.getByText('Slotkeeper 1.2.3, headless')).toBeTruthy();
  });

  it('moves the clock forward on every heartbeat', async () => {
    const backend = new FakeBackend({ 'status.get': status });
    const { context } = createAppState(backend);
    render(EngineClock, { context });
    await screen.findByTestId(TestId.EngineClock);
    backend.push({ name: 'engine.tick', payload: { now: status.now + 61 } });
    flushSync();
    expect(screen.getByTestId(TestId.EngineClock).textContent).toBe('2023-11-14 22:14:21 UTC');
    expect(screen.getByTestId(TestId.EngineUptime).textContent).toBe('1h 01m 01s');
  });

  it('tells the operator what to do when the engine refuses the dashboard', async () => {
    const backend = new FakeBackend({ 'status.get': { error: { code: 'unauthorized', message: 'bad token' } } });
    const { context } = createAppState(backend);
    render(EngineClock, { context });
    const banner = await screen.findByTestId(TestId.ErrorBanner);
    expect(banner.textContent).toContain('Open the address Slotkeeper printed at start');
    expect(banner.getAttribute('role')).toBe('alert');
  });
});
