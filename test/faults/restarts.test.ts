// Kill points during writes: the real host selling on a quiet market is SIGKILLed at random moments
// while it reserves, downloads and fills slots, then restarted at once (the folder's lock dies with
// the process). After every kill the folder at rest keeps every byte and collateral promise, and a
// SIGTERM in the middle of the work stops the host cleanly. Bounded: 6 kills, a few seconds each.
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../fakes/test-db';
import { folderInvariants, QUIET, startHost, type HostProcess } from './host-process';

const temp = tempDataDir('sk-faults-');
afterAll(() => temp.remove());
const args = [...QUIET, '--quota', '400000000'];

/** A small deterministic random source, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (state * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}

async function post(host: HostProcess, path: string, body: unknown): Promise<string> {
  const answer = await host.call('POST', path, body);
  if (answer.status >= 300) throw new Error(`POST ${path}: ${answer.status} ${answer.text}`);
  return answer.text;
}

async function reservationCount(host: HostProcess): Promise<number> {
  const availabilities = JSON.parse((await host.call('GET', '/api/codex/v1/sales/availability')).text) as {
    id: string;
  }[];
  let count = 0;
  for (const { id } of availabilities) {
    count += (
      JSON.parse((await host.call('GET', `/api/codex/v1/sales/availability/${id}/reservations`)).text) as unknown[]
    ).length;
  }
  return count;
}

/** Posts two requests and moves the chain in uneven steps, so the engine is mid-write somewhere. */
async function work(host: HostProcess, next: () => number): Promise<void> {
  for (let r = 0; r < 2; r++) {
    await post(host, '/api/devnet/v1/requests', {
      slots: 2 + Math.floor(next() * 3),
      slotSize: 65_536 * 2 ** Math.floor(next() * 5),
      duration: 86_400,
      pricePerBytePerSecond: '10',
      collateralPerByte: '1',
      proofProbability: '100',
      maxSlotLoss: 1,
      expiry: 3_600,
    });
  }
  const steps = 1 + Math.floor(next() * 5);
  for (let s = 0; s < steps; s++) {
    await post(host, '/api/devnet/v1/clock/advance', { seconds: 30 });
    await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 150)));
  }
}

describe('kill points during writes', () => {
  it('keeps every byte and collateral unit across SIGKILLs mid-sale and immediate restarts', async () => {
    const next = random(20_260_101);
    let host = await startHost(temp.dir, args);
    await post(host, '/api/codex/v1/sales/availability', {
      totalSize: 200_000_000,
      duration: 2_592_000,
      minPricePerBytePerSecond: '1',
      totalCollateral: '1000000000000000',
    });
    let killedWithReservations = 0;
    for (let round = 0; round < 6; round++) {
      await work(host, next);
      if ((await reservationCount(host)) > 0) killedWithReservations++;
      expect(await host.stop('SIGKILL')).toBe('SIGKILL');
      expect(folderInvariants(temp.dir)).toEqual([]);
      host = await startHost(temp.dir, args);
    }
    // Worth something only if kills hit sales in flight.
    expect(killedWithReservations).toBeGreaterThan(2);
    await work(host, next);
    expect(await host.stop('SIGTERM')).toBe(0);
    expect(host.output()).not.toContain('cut short');
    expect(folderInvariants(temp.dir)).toEqual([]);
  }, 120_000);

  it('starts again on the same folder and keeps the books balanced after the last restart', async () => {
    const host = await startHost(temp.dir, args);
    expect((await host.call('GET', '/api/codex/v1/space')).status).toBe(200);
    expect(await host.stop('SIGINT')).toBe(0);
    expect(folderInvariants(temp.dir)).toEqual([]);
  }, 60_000);
});
