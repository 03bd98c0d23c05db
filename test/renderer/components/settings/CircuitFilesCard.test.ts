import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CircuitFilesDto, ProofsDto } from '../../../../src-main/api/dto';
import type { ApiDeps } from '../../../../src-main/api/service';
import CircuitFilesCard from '../../../../src-renderer/components/settings/CircuitFilesCard.svelte';
import { TestId } from '../../../../src-renderer/testids';
import { FakeSalesSource } from '../../../fakes/sales-source';
import { startApp, stopApps } from '../../helpers/app';

afterEach(() => stopApps());

const hash = '3f'.repeat(32);
const downloaded: CircuitFilesDto = {
  dir: `/data/circuits/${hash}`,
  zkeyHash: hash,
  origin: 'data-folder',
  url: `https://circuit.codex.storage/proving-key/${hash}`,
};

async function card(proofs: ProofsDto, checkCircuitDir?: ApiDeps['checkCircuitDir']) {
  const source = new FakeSalesSource().withDemoData();
  source.proofsValue = proofs;
  const app = await startApp(source, checkCircuitDir ? { checkCircuitDir } : undefined);
  render(CircuitFilesCard, { context: app.context });
  return app;
}

describe('CircuitFilesCard', () => {
  it('shows where ready files are, why there, and their zkeyHash', async () => {
    await card({ ready: true, circuit: downloaded });
    expect(screen.getByTestId(TestId.CircuitFilesStatus).textContent).toContain('Ready');
    expect(screen.getByTestId(TestId.CircuitFilesDir).textContent).toBe(downloaded.dir);
    expect(screen.getByTestId(TestId.CircuitFilesHash).textContent).toBe(hash);
    expect(screen.getByText(/Found by the marketplace's zkeyHash in the data folder/)).toBeTruthy();
    expect(screen.getByText(downloaded.url!)).toBeTruthy();
    expect(screen.queryByTestId(TestId.CircuitFilesProblem)).toBeNull();
  });

  it('shows the download’s progress while selling waits for it', async () => {
    await card({
      ready: false,
      reason: 'Downloading the circuit files.',
      download: { phase: 'downloading', bytesDone: String(3 << 20), bytesTotal: String(12 << 20) },
      circuit: downloaded,
    });
    expect(screen.getByTestId(TestId.CircuitFilesStatus).textContent).toContain('Downloading');
    expect(screen.getByTestId(TestId.CircuitFilesProgress).getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByText('3 MiB of 12 MiB')).toBeTruthy();
  });

  it('says what is wrong and what to do about files that cannot be used', async () => {
    const reason = 'In /srv/c, proof_main.zkey is not usable: it comes from another setup.';
    await card({ ready: false, reason, circuit: { dir: '/srv/c', zkeyHash: hash, origin: 'circuit-dir' } });
    expect(screen.getByTestId(TestId.CircuitFilesStatus).textContent).toContain('Not usable');
    const problem = screen.getByTestId(TestId.CircuitFilesProblem).textContent;
    expect(problem).toContain(reason);
    expect(problem).toContain('start without --circuit-dir');
  });

  it('saves a folder only once the engine checked it, shows the engine’s reason when it refuses one, and clears it', async () => {
    const checkCircuitDir = vi.fn(async (dir: string) =>
      dir === '/srv/good'
        ? ({ ok: true, dir } as const)
        : ({ ok: false, message: `the folder ${dir} lacks proof_main.zkey` } as const),
    );
    const app = await card({ ready: true }, checkCircuitDir);
    expect(screen.getByTestId(TestId.CircuitFilesStatus).textContent).toContain('simulated market');
    const input = screen.getByTestId(TestId.CircuitDirInput);
    await fireEvent.input(input, { target: { value: '/srv/bad' } });
    await fireEvent.click(screen.getByTestId(TestId.CircuitDirSave));
    await vi.waitFor(() => expect(screen.getByText(/the folder \/srv\/bad lacks proof_main\.zkey/)).toBeTruthy());
    expect(app.backend.settings.get().circuitDir).toBeUndefined();
    expect(screen.queryByTestId(TestId.CircuitDirSaved)).toBeNull();

    await fireEvent.input(input, { target: { value: ' /srv/good ' } });
    await fireEvent.click(screen.getByTestId(TestId.CircuitDirSave));
    await vi.waitFor(() => expect(screen.getByTestId(TestId.CircuitDirSaved).textContent).toContain('/srv/good'));
    expect(app.backend.settings.get().circuitDir).toBe('/srv/good');
    expect(screen.getByText('Saved; it applies at the next start.')).toBeTruthy();
    expect(screen.queryByText(/lacks proof_main\.zkey/)).toBeNull();

    await fireEvent.click(screen.getByTestId(TestId.CircuitDirClear));
    await vi.waitFor(() => expect(screen.queryByTestId(TestId.CircuitDirSaved)).toBeNull());
    expect(app.backend.settings.get().circuitDir).toBeUndefined();
  });
});
