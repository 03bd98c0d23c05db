import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BytesOutOfBoundsError,
  CollateralOutOfBoundsError,
  InvalidArgumentError,
  NotFoundError,
  QuotaNotEnoughError,
  UntilOutOfBoundsError,
} from '../../../../src-main/engine/errors';
import type { Availability } from '../../../../src-main/engine/ports/store';
import { exampleAvailability, exampleReservation } from '../../../fakes/availabilities';
import { randomId, testId } from '../../../fakes/ids';
import { openTestStorage, type TestStorage } from '../../../fakes/test-db';

// Codex's "Reservations module" suite (docs/reference/sales-tests.md §D), driven through the engine's
// Reservations over the real SQLite storage in a temporary folder.
let t: TestStorage;
beforeEach(() => {
  t = openTestStorage();
});
afterEach(() => t.dispose());

const NOW = 1_700_000_000;
const snapshot = () => ({
  availabilities: t.reservations.listAvailabilities(),
  reservations: t.reservations.listReservations(),
  reserved: t.repo.quota().reserved,
});

describe('availabilities', () => {
  it('stores and reads back every field exactly, including amounts beyond 64 bits', () => {
    const huge = 2n ** 200n + 12_345n;
    const created = t.reservations.createAvailability(
      exampleAvailability({ minPricePerBytePerSecond: huge, totalCollateral: huge * 3n, enabled: false, until: NOW }),
    );
    expect(t.reservations.getAvailability(created.id)).toEqual({
      id: created.id,
      totalSize: 100_000n,
      freeSize: 100_000n,
      duration: 3_600n,
      minPricePerBytePerSecond: huge,
      totalCollateral: huge * 3n,
      totalRemainingCollateral: huge * 3n,
      enabled: false,
      until: NOW,
    });
  });

  it('has no availability initially', () => {
    expect(t.reservations.listAvailabilities()).toEqual([]);
  });

  it('gives availabilities with identical values different ids', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    const b = t.reservations.createAvailability(exampleAvailability());
    expect(a.id).not.toBe(b.id);
  });

  it('gives a created availability a 32-byte hex id', () => {
    expect(t.reservations.createAvailability(exampleAvailability()).id).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('reserves the availability bytes in the repo quota', () => {
    const before = t.repo.quota();
    const a = t.reservations.createAvailability(exampleAvailability());
    expect(t.repo.quota().reserved).toBe(before.reserved + a.freeSize);
    expect(t.reservations.available()).toBe(before.available - a.freeSize);
  });

  it('lists every availability in creation order', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    const b = t.reservations.createAvailability(exampleAvailability({ totalSize: 5n }));
    expect(t.reservations.listAvailabilities()).toEqual([a, b]);
  });

  it('finds a stored availability by id', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    expect(t.reservations.getAvailability(a.id)).toEqual(a);
  });

  it('reports a missing availability as not found', () => {
    expect(() => t.reservations.getAvailability(randomId())).toThrow(NotFoundError);
    expect(() => t.reservations.getAvailability(randomId())).toThrow('Availability not found');
  });

  it('is enabled by default', () => {
    expect(t.reservations.createAvailability(exampleAvailability()).enabled).toBe(true);
  });

  it('has no until by default', () => {
    expect(t.reservations.createAvailability(exampleAvailability()).until).toBe(0);
  });

  it('keeps enabled and until as given', () => {
    const a = t.reservations.createAvailability(exampleAvailability({ enabled: false, until: NOW }));
    expect(t.reservations.getAvailability(a.id)).toMatchObject({ enabled: false, until: NOW });
  });

  it('refuses a negative until on creation', () => {
    expect(() => t.reservations.createAvailability(exampleAvailability({ until: -1 }))).toThrow(UntilOutOfBoundsError);
    expect(() => t.reservations.createAvailability(exampleAvailability({ until: -1 }))).toThrow(
      'Cannot set until to a negative value',
    );
    expect(t.reservations.listAvailabilities()).toEqual([]);
  });

  it.each([
    [{ totalSize: 0n }, 'Total size must be larger then zero'],
    [{ duration: 0n }, 'duration must be larger then zero'],
    [{ minPricePerBytePerSecond: 0n }, 'minPricePerBytePerSecond must be larger then zero'],
    [{ totalCollateral: 0n }, 'totalCollateral must be larger then zero'],
  ])('refuses to create an availability with %o, in Codex words', (bad, message) => {
    const before = snapshot();
    expect(() => t.reservations.createAvailability(exampleAvailability(bad))).toThrow(InvalidArgumentError);
    expect(() => t.reservations.createAvailability(exampleAvailability(bad))).toThrow(message);
    expect(snapshot()).toEqual(before);
  });

  it('refuses an availability larger than the free quota and changes nothing', () => {
    const before = snapshot();
    const tooBig = t.repo.quota().available + 1n;
    expect(() => t.reservations.createAvailability(exampleAvailability({ totalSize: tooBig }))).toThrow(
      QuotaNotEnoughError,
    );
    expect(() => t.reservations.createAvailability(exampleAvailability({ totalSize: tooBig }))).toThrow(
      'Not enough storage quota',
    );
    expect(snapshot()).toEqual(before);
  });

  it('reports the repo quota left to reserve', () => {
    const quota = t.repo.quota();
    expect(t.reservations.available()).toBe(quota.max - quota.used - quota.reserved);
    expect(quota.max).toBe(20n * 1024n ** 3n);
  });

  it('reports quota available to be reserved', () => {
    expect(t.reservations.hasAvailable(t.reservations.available() - 1n)).toBe(true);
    expect(t.reservations.hasAvailable(t.reservations.available())).toBe(true);
  });

  it('reports quota not available to be reserved', () => {
    expect(t.reservations.hasAvailable(t.repo.quota().max + 1n)).toBe(false);
  });
});

describe('updating an availability', () => {
  let a: Availability;
  beforeEach(() => {
    a = t.reservations.createAvailability(exampleAvailability({ totalCollateral: 100_000n }));
  });

  it('releases quota when its size is lowered', () => {
    const reserved = t.repo.quota().reserved;
    t.reservations.updateAvailability(a.id, { totalSize: a.totalSize - 100n });
    expect(t.repo.quota().reserved).toBe(reserved - 100n);
  });

  it('reserves quota when its size grows', () => {
    const reserved = t.repo.quota().reserved;
    t.reservations.updateAvailability(a.id, { totalSize: a.totalSize + 100n });
    expect(t.repo.quota().reserved).toBe(reserved + 100n);
  });

  it('moves freeSize by the change of totalSize', () => {
    t.reservations.createReservation(exampleReservation(a, { size: 1_000n }));
    const after = t.reservations.updateAvailability(a.id, { totalSize: a.totalSize + 500n });
    expect(after).toMatchObject({ totalSize: 100_500n, freeSize: 99_500n });
  });

  it('checks only the increase of totalSize against the free quota', () => {
    const room = t.reservations.available();
    expect(t.reservations.updateAvailability(a.id, { totalSize: a.totalSize + room }).totalSize).toBe(
      a.totalSize + room,
    );
    expect(t.reservations.available()).toBe(0n);
    expect(() => t.reservations.updateAvailability(a.id, { totalSize: a.totalSize + room + 1n })).toThrow(
      'Not enough storage quota',
    );
  });

  it('refuses a totalSize below the bytes in use, naming them', () => {
    t.reservations.createReservation(exampleReservation(a, { size: 1_000n }));
    expect(() => t.reservations.updateAvailability(a.id, { totalSize: 999n })).toThrow(
      'New totalSize must be larger then current totalSize - freeSize, which is currently: 1000',
    );
  });

  it('refuses to change freeSize', () => {
    expect(() => t.reservations.updateAvailability(a.id, { freeSize: 1n })).toThrow('Updating freeSize is not allowed');
  });

  it('refuses zero values as creation does', () => {
    expect(() => t.reservations.updateAvailability(a.id, { totalSize: 0n })).toThrow(
      'Total size must be larger then zero',
    );
    expect(() => t.reservations.updateAvailability(a.id, { duration: 0n })).toThrow(
      'duration must be larger then zero',
    );
    expect(() => t.reservations.updateAvailability(a.id, { totalCollateral: 0n })).toThrow(
      'totalCollateral must be larger then zero',
    );
  });

  it('refuses a negative until', () => {
    expect(() => t.reservations.updateAvailability(a.id, { until: -1 })).toThrow(UntilOutOfBoundsError);
  });

  it('refuses an until before the end of a slot it hosts', () => {
    t.reservations.updateAvailability(a.id, { until: NOW + 300 });
    t.reservations.createReservation(exampleReservation(a, { validUntil: NOW + 200 }));
    expect(() => t.reservations.updateAvailability(a.id, { until: NOW })).toThrow(
      'Until parameter must be greater or equal to the longest currently hosted slot',
    );
    expect(t.reservations.updateAvailability(a.id, { until: NOW + 200 }).until).toBe(NOW + 200);
    expect(t.reservations.updateAvailability(a.id, { until: 0 }).until).toBe(0);
  });

  it('moves the remaining collateral by the change of totalCollateral, keeping collateral in use', () => {
    t.reservations.createReservation(exampleReservation(a, { size: 1_000n, collateralPerByte: 10n }));
    const after = t.reservations.updateAvailability(a.id, { totalCollateral: 150_000n });
    expect(after).toMatchObject({ totalCollateral: 150_000n, totalRemainingCollateral: 140_000n });
    const lowered = t.reservations.updateAvailability(a.id, { totalCollateral: 10_000n });
    expect(lowered).toMatchObject({ totalCollateral: 10_000n, totalRemainingCollateral: 0n });
  });

  it('refuses a totalCollateral below the collateral in use', () => {
    t.reservations.createReservation(exampleReservation(a, { size: 1_000n, collateralPerByte: 10n }));
    expect(() => t.reservations.updateAvailability(a.id, { totalCollateral: 9_999n })).toThrow(
      'which is currently: 10000',
    );
  });

  it('changes nothing when any part of an update is refused', () => {
    const before = snapshot();
    expect(() =>
      t.reservations.updateAvailability(a.id, { totalSize: a.totalSize + 5n, duration: 10n, until: -1 }),
    ).toThrow(UntilOutOfBoundsError);
    expect(snapshot()).toEqual(before);
  });

  it('reports an update of a missing availability as not found', () => {
    expect(() => t.reservations.updateAvailability(randomId(), { duration: 5n })).toThrow('Availability not found');
  });

  it('enables and disables an availability', () => {
    expect(t.reservations.setEnabled(a.id, false).enabled).toBe(false);
    expect(t.reservations.getAvailability(a.id).enabled).toBe(false);
    expect(t.reservations.setEnabled(a.id, true).enabled).toBe(true);
  });
});

describe('reservations', () => {
  let a: Availability;
  beforeEach(() => {
    a = t.reservations.createAvailability(exampleAvailability());
  });

  it('creates a reservation with a 32-byte hex id', () => {
    expect(t.reservations.createReservation(exampleReservation(a)).id).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('lists the reservations of every availability', () => {
    const b = t.reservations.createAvailability(exampleAvailability());
    const r1 = t.reservations.createReservation(exampleReservation(a));
    const r2 = t.reservations.createReservation(exampleReservation(b));
    expect(t.reservations.listAvailabilities()).toHaveLength(2);
    expect(t.reservations.listReservations()).toEqual([r1, r2]);
  });

  it('lists only the reservations of one availability', () => {
    const b = t.reservations.createAvailability(exampleAvailability());
    const r1 = t.reservations.createReservation(exampleReservation(a));
    t.reservations.createReservation(exampleReservation(b));
    expect(t.reservations.listReservations(a.id)).toEqual([r1]);
  });

  it('reports the reservations of a missing availability as not found', () => {
    expect(() => t.reservations.listReservations(randomId())).toThrow('Availability not found');
  });

  it('cannot reserve in a missing availability', () => {
    expect(() => t.reservations.createReservation(exampleReservation({ id: randomId() }))).toThrow(NotFoundError);
  });

  it('cannot reserve more bytes than the availability has free, and changes nothing', () => {
    const before = snapshot();
    expect(() => t.reservations.createReservation(exampleReservation(a, { size: a.totalSize + 1n }))).toThrow(
      BytesOutOfBoundsError,
    );
    expect(snapshot()).toEqual(before);
  });

  it('cannot commit more collateral than the availability has left, and changes nothing', () => {
    const before = snapshot();
    // 1000 bytes × 101 per byte > 100,000 of collateral.
    expect(() => t.reservations.createReservation(exampleReservation(a, { collateralPerByte: 101n }))).toThrow(
      CollateralOutOfBoundsError,
    );
    expect(snapshot()).toEqual(before);
  });

  it('takes the reserved bytes and collateral from the availability', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { size: 1_000n, collateralPerByte: 3n }));
    expect(t.reservations.getAvailability(a.id)).toMatchObject({
      freeSize: a.freeSize - r.size,
      totalRemainingCollateral: a.totalRemainingCollateral - 3_000n,
    });
    expect(r).toMatchObject({ size: 1_000n, writtenSize: 0n, collateral: 3_000n });
  });

  it('finds a stored reservation by id', () => {
    const r = t.reservations.createReservation(exampleReservation(a));
    expect(t.reservations.getReservation(r.id)).toEqual(r);
  });

  it('reports a missing reservation as not found', () => {
    expect(() => t.reservations.getReservation(randomId())).toThrow(NotFoundError);
  });

  it('finds the reservation a slot holds, so a restored sale can re-attach it', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { requestId: testId(9), slotIndex: 3n }));
    expect(t.reservations.reservationForSlot({ requestId: testId(9), slotIndex: 3n })).toEqual(r);
    expect(t.reservations.reservationForSlot({ requestId: testId(9), slotIndex: 4n })).toBeUndefined();
  });

  it('deletes a reservation', () => {
    const r = t.reservations.createReservation(exampleReservation(a));
    t.reservations.deleteReservation(r.id, a.id);
    expect(() => t.reservations.getReservation(r.id)).toThrow(NotFoundError);
  });

  it('deletes a missing reservation without error', () => {
    expect(() => t.reservations.deleteReservation(randomId(), a.id)).not.toThrow();
  });

  it('returns unreleased bytes to the availability when a reservation is deleted', () => {
    const r = t.reservations.createReservation(exampleReservation(a));
    t.reservations.deleteReservation(r.id, a.id);
    expect(t.reservations.getAvailability(a.id).freeSize).toBe(a.freeSize);
  });

  it('returns the collateral given back, never more than the reservation took', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { collateralPerByte: 2n }));
    t.reservations.deleteReservation(r.id, a.id, 1_500n);
    expect(t.reservations.getAvailability(a.id).totalRemainingCollateral).toBe(a.totalRemainingCollateral - 500n);
    const r2 = t.reservations.createReservation(exampleReservation(a, { collateralPerByte: 2n }));
    t.reservations.deleteReservation(r2.id, a.id, 10n ** 30n);
    expect(t.reservations.getAvailability(a.id).totalRemainingCollateral).toBe(a.totalRemainingCollateral - 500n);
  });

  it('releases part of a reservation as data is written', () => {
    const r = t.reservations.createReservation(exampleReservation(a));
    const released = t.reservations.release(r.id, a.id, 1n);
    expect(released).toMatchObject({ size: r.size - 1n, writtenSize: 1n });
    expect(t.reservations.getReservation(r.id)).toEqual(released);
  });

  it('moves released bytes out of the quota reserved for availabilities', () => {
    const r = t.reservations.createReservation(exampleReservation(a));
    const reserved = t.repo.quota().reserved;
    t.reservations.release(r.id, a.id, 300n);
    expect(t.repo.quota().reserved).toBe(reserved - 300n);
  });

  it('cannot release more bytes than the reservation holds', () => {
    const r = t.reservations.createReservation(exampleReservation(a));
    expect(() => t.reservations.release(r.id, a.id, r.size + 1n)).toThrow(BytesOutOfBoundsError);
    expect(t.reservations.getReservation(r.id)).toEqual(r);
  });

  it('cannot release bytes from a missing reservation', () => {
    expect(() => t.reservations.release(randomId(), a.id, 1n)).toThrow(NotFoundError);
  });

  it('cannot release bytes of a reservation through another availability', () => {
    const b = t.reservations.createAvailability(exampleAvailability());
    const r = t.reservations.createReservation(exampleReservation(a));
    expect(() => t.reservations.release(r.id, b.id, 1n)).toThrow(NotFoundError);
  });

  it('returns written bytes to the availability and re-reserves them in the quota', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { size: 1_000n }));
    t.reservations.release(r.id, a.id, 200n);
    const reserved = t.repo.quota().reserved;
    t.reservations.returnBytesToAvailability(a.id, r.id, 1_000n);
    expect(t.reservations.getAvailability(a.id).freeSize).toBe(a.freeSize - 1_000n + 200n);
    expect(t.repo.quota().reserved).toBe(reserved + 200n);
    expect(t.reservations.getReservation(r.id)).toMatchObject({ size: 800n, writtenSize: 0n });
  });

  it('refuses to return more bytes than were written', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { size: 1_000n }));
    t.reservations.release(r.id, a.id, 200n);
    expect(() => t.reservations.returnBytesToAvailability(a.id, r.id, 1_201n)).toThrow(BytesOutOfBoundsError);
  });

  it('gives the whole slot back when a finished sale is cleaned up', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { size: 1_000n, collateralPerByte: 2n }));
    t.reservations.release(r.id, a.id, 1_000n);
    t.reservations.returnBytesToAvailability(a.id, r.id, 1_000n);
    t.reservations.deleteReservation(r.id, a.id, 2_000n);
    expect(t.reservations.getAvailability(a.id)).toEqual(a);
  });

  it('also returns written bytes not yet returned when a reservation is deleted', () => {
    const r = t.reservations.createReservation(exampleReservation(a, { size: 1_000n }));
    t.reservations.release(r.id, a.id, 400n);
    t.reservations.deleteReservation(r.id, a.id);
    expect(t.reservations.getAvailability(a.id).freeSize).toBe(a.freeSize);
  });

  it('deletes the reservations of inactive slots at start, returning their bytes and collateral', () => {
    const active = t.reservations.createReservation(exampleReservation(a, { requestId: testId(1), slotIndex: 0n }));
    const stale = t.reservations.createReservation(
      exampleReservation(a, { requestId: testId(2), slotIndex: 1n, collateralPerByte: 5n }),
    );
    t.reservations.release(stale.id, a.id, 100n);
    const removed = t.reservations.deleteInactiveReservations([{ requestId: testId(1), slotIndex: 0n }]);
    expect(removed.map((r) => r.id)).toEqual([stale.id]);
    expect(t.reservations.listReservations()).toEqual([active]);
    expect(t.reservations.getAvailability(a.id)).toMatchObject({
      freeSize: a.freeSize - active.size,
      totalRemainingCollateral: a.totalRemainingCollateral - active.collateral,
    });
  });

  it('restores the availability when deleting an unknown request reservation at start', () => {
    t.reservations.createReservation(exampleReservation(a, { size: 100n }));
    t.reservations.deleteInactiveReservations([]);
    expect(t.reservations.listReservations()).toEqual([]);
    expect(t.reservations.getAvailability(a.id).freeSize).toBe(a.freeSize);
  });
});

describe('finding an availability', () => {
  const query = (overrides = {}) => ({
    size: 1_000n,
    duration: 3_600n,
    pricePerBytePerSecond: 1n,
    collateralPerByte: 1n,
    validUntil: NOW + 30,
    ...overrides,
  });

  it('finds an availability that accepts the slot', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    expect(t.reservations.findAvailability(query())).toEqual(a);
  });

  it('does not find a disabled availability', () => {
    t.reservations.createAvailability(exampleAvailability({ enabled: false }));
    expect(t.reservations.findAvailability(query())).toBeUndefined();
  });

  it('finds an availability whose until is after the request end', () => {
    const a = t.reservations.createAvailability(exampleAvailability({ until: NOW + 3_600 }));
    expect(t.reservations.findAvailability(query())).toEqual(a);
  });

  it('does not find an availability whose until is before the request end', () => {
    t.reservations.createAvailability(exampleAvailability({ until: NOW + 1 }));
    expect(t.reservations.findAvailability(query())).toBeUndefined();
  });

  it.each([
    ['the slot is larger than its free bytes', { size: 100_001n }],
    ['the request lasts longer than it accepts', { duration: 3_601n }],
    ['the price is below its minimum', { pricePerBytePerSecond: 0n }],
    ['the collateral per byte is above what it can post', { collateralPerByte: 2n }],
  ])('does not find an availability when %s', (_why, overrides) => {
    t.reservations.createAvailability(exampleAvailability());
    expect(t.reservations.findAvailability(query(overrides))).toBeUndefined();
  });

  it('finds nothing when nothing is stored', () => {
    expect(t.reservations.findAvailability(query())).toBeUndefined();
  });

  it('returns the first matching availability in creation order', () => {
    t.reservations.createAvailability(exampleAvailability({ totalSize: 10n }));
    const second = t.reservations.createAvailability(exampleAvailability());
    t.reservations.createAvailability(exampleAvailability());
    expect(t.reservations.findAvailability(query())).toEqual(second);
  });
});

describe('availability saved notices', () => {
  let saved: Availability[];
  beforeEach(() => {
    saved = [];
    t.reservations.onAvailabilitySaved((availability) => saved.push(availability));
  });

  it('tells listeners about a created availability', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    expect(saved).toEqual([a]);
  });

  it('tells listeners when free bytes grow', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    saved.length = 0;
    const grown = t.reservations.updateAvailability(a.id, { totalSize: a.totalSize + 1n });
    expect(saved).toEqual([grown]);
  });

  it('tells listeners when a deleted reservation gives bytes back', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    const r = t.reservations.createReservation(exampleReservation(a));
    saved.length = 0;
    t.reservations.deleteReservation(r.id, a.id);
    expect(saved.map((s) => s.freeSize)).toEqual([a.freeSize]);
  });

  it('stays silent when free bytes shrink', () => {
    const a = t.reservations.createAvailability(exampleAvailability());
    saved.length = 0;
    t.reservations.updateAvailability(a.id, { totalSize: a.totalSize - 1n });
    t.reservations.createReservation(exampleReservation(a));
    expect(saved).toEqual([]);
  });

  it('stays silent when a disabled availability shrinks', () => {
    const a = t.reservations.createAvailability(exampleAvailability({ enabled: false }));
    saved.length = 0;
    t.reservations.updateAvailability(a.id, { totalSize: a.totalSize - 1n });
    expect(saved).toEqual([]);
  });

  it.each([
    ['duration grows', { duration: 3_601n }, true],
    ['duration shrinks', { duration: 3_599n }, false],
    ['the minimum price falls', { minPricePerBytePerSecond: 1n }, true],
    ['the minimum price rises', { minPricePerBytePerSecond: 3n }, false],
    ['the remaining collateral grows', { totalCollateral: 100_001n }, true],
    ['the remaining collateral shrinks', { totalCollateral: 99_999n }, false],
    ['it is re-enabled', { enabled: true }, true],
    ['until moves later', { until: NOW + 10 }, true],
    ['until is lifted', { until: 0 }, true],
    ['until moves earlier', { until: NOW - 10 }, false],
  ])('tells listeners only about gained room: %s → %s', (_what, patch, notified) => {
    const a = t.reservations.createAvailability(
      exampleAvailability({ minPricePerBytePerSecond: 2n, until: NOW, enabled: !('enabled' in patch) }),
    );
    saved.length = 0;
    t.reservations.updateAvailability(a.id, patch);
    expect(saved.length > 0).toBe(notified);
  });

  it('keeps a committed change when a listener throws', () => {
    t.reservations.onAvailabilitySaved(() => {
      throw new Error('listener broke');
    });
    const a = t.reservations.createAvailability(exampleAvailability());
    expect(t.reservations.getAvailability(a.id)).toEqual(a);
  });
});
