import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ahead, queueEntry } from '../../../../src-main/engine/queue/queue-entry';
import { SlotIndex } from '../../../../src-main/engine/queue/slot-index';
import { compareSlotQueueItems } from '../../../../src-main/engine/queue/slot-queue-item';
import { exampleItem } from '../../../fakes/slot-queue';

describe('queue entry order', () => {
  const amount = fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 2n ** 70n }));
  const item = fc
    .record({
      slotSize: amount,
      duration: amount,
      pricePerBytePerSecond: amount,
      collateral: amount,
      expiry: fc.integer({ min: 0, max: 3 }),
      seen: fc.boolean(),
    })
    .map((fields) => exampleItem(fields));

  it('agrees with compareSlotQueueItems, breaking ties by arrival', () => {
    fc.assert(
      fc.property(item, item, (a, b) => {
        const record = new SlotIndex().request(a.requestId);
        const [first, second] = [queueEntry(a, 0, record), queueEntry(b, 1, record)];
        const order = compareSlotQueueItems(a, b);
        expect(ahead(first, second)).toBe(order <= 0);
        expect(ahead(second, first)).toBe(order > 0);
      }),
      { numRuns: 1000 },
    );
  });
});
