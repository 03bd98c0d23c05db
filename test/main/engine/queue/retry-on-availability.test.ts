import { afterEach, describe, expect, it } from 'vitest';
import { retrySlotsWhenAvailabilityGainsRoom } from '../../../../src-main/engine/queue/retry-on-availability';
import { exampleAvailability } from '../../../fakes/availabilities';
import { exampleItem, recordingQueue } from '../../../fakes/slot-queue';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

let t: TestStorage | undefined;
afterEach(() => t?.dispose());

function setup() {
  t = openTestStorage();
  const { queue } = recordingQueue({ hold: true, maxWorkers: 1 });
  queue.push(exampleItem({ slotIndex: 0n, seen: true }));
  queue.pause();
  retrySlotsWhenAvailabilityGainsRoom(t.reservations, queue);
  return { queue, reservations: t.reservations };
}

describe('retrying queued slots when an availability gains room', () => {
  it('clears seen flags and unpauses the queue when an enabled availability is saved with more room', async () => {
    const { queue, reservations } = setup();
    reservations.createAvailability(exampleAvailability());
    expect(queue.paused).toBe(false);
    await queue.stop();
  });

  it('leaves the queue paused for a disabled availability', async () => {
    const { queue, reservations } = setup();
    reservations.createAvailability(exampleAvailability({ enabled: false }));
    expect(queue.paused).toBe(true);
    expect(queue.items()[0]!.seen).toBe(true);
    await queue.stop();
  });

  it('unpauses the queue when an availability is re-enabled', async () => {
    const { queue, reservations } = setup();
    const a = reservations.createAvailability(exampleAvailability({ enabled: false }));
    reservations.setEnabled(a.id, true);
    expect(queue.paused).toBe(false);
    await queue.stop();
  });
});
