// Random operations on availabilities, reservations and slot data, for the property-based byte
// invariant tests and their crash-test child process. Operations are plain data, so fast-check
// can generate, shrink and print them; `applyOp` carries one out and reports how it ended.
import fc from 'fast-check';
import { EngineError } from '../../src-main/engine/errors';
import type { Reservations } from '../../src-main/engine/reservations/reservations';
import type { Repo } from '../../src-main/engine/ports/store';
import { randomId, testId } from './ids';

/** One operation; `pick` selects an existing availability or reservation by position. */
export type SalesOp =
  | { kind: 'create'; totalSize: bigint; totalCollateral: bigint; duration: bigint; until: number; enabled: boolean }
  | { kind: 'update'; pick: number; totalSize?: bigint; totalCollateral?: bigint; until?: number; enabled?: boolean }
  | { kind: 'reserve'; pick: number; size: bigint; collateralPerByte: bigint; validUntil: number; slot: number }
  | { kind: 'release'; pick: number; bytes: number }
  | { kind: 'return'; pick: number; share: number }
  | { kind: 'delete'; pick: number; collateral: bigint }
  | { kind: 'inactive'; keepEvery: number };

const size = (max: number) => fc.bigInt({ min: 0n, max: BigInt(max) });
const pick = fc.nat({ max: 20 });

function weighted<T>(weight: number, fields: { [K in keyof T]: fc.Arbitrary<T[K]> }) {
  return { weight, arbitrary: fc.record(fields) as unknown as fc.Arbitrary<SalesOp> };
}

/** Any operation, valid or not: invalid ones must fail without changing anything. */
export const salesOp: fc.Arbitrary<SalesOp> = fc.oneof(
  weighted(2, {
    kind: fc.constant('create' as const),
    totalSize: size(30_000),
    totalCollateral: size(60_000),
    duration: size(100),
    until: fc.integer({ min: -1, max: 2_000 }),
    enabled: fc.boolean(),
  }),
  {
    weight: 2,
    arbitrary: fc.record(
      {
        kind: fc.constant('update' as const),
        pick,
        totalSize: size(40_000),
        totalCollateral: size(80_000),
        until: fc.integer({ min: -1, max: 2_000 }),
        enabled: fc.boolean(),
      },
      { requiredKeys: ['kind', 'pick'] },
    ),
  },
  weighted(5, {
    kind: fc.constant('reserve' as const),
    pick,
    size: size(8_000),
    collateralPerByte: size(3),
    validUntil: fc.integer({ min: 0, max: 2_000 }),
    slot: fc.nat({ max: 5 }),
  }),
  weighted(5, { kind: fc.constant('release' as const), pick, bytes: fc.integer({ min: 0, max: 5_000 }) }),
  weighted(2, { kind: fc.constant('return' as const), pick, share: fc.integer({ min: -1, max: 5 }) }),
  weighted(2, { kind: fc.constant('delete' as const), pick, collateral: size(30_000) }),
  weighted(1, { kind: fc.constant('inactive' as const), keepEvery: fc.integer({ min: 1, max: 4 }) }),
);

function chosen<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** Carries out one operation; resolves with 'ok' or the code of the EngineError it failed with. */
export async function applyOp(env: { reservations: Reservations; repo: Repo }, op: SalesOp): Promise<string> {
  const { reservations, repo } = env;
  const availabilityId = () => chosen(reservations.listAvailabilities(), 'pick' in op ? op.pick : 0)?.id ?? randomId();
  const reservation = () => chosen(reservations.listReservations(), 'pick' in op ? op.pick : 0);
  try {
    switch (op.kind) {
      case 'create':
        reservations.createAvailability({ ...op, minPricePerBytePerSecond: 1n });
        break;
      case 'update': {
        const { kind: _kind, pick: _pick, ...patch } = op;
        reservations.updateAvailability(availabilityId(), patch);
        break;
      }
      case 'reserve':
        reservations.createReservation({
          availabilityId: availabilityId(),
          size: op.size,
          requestId: testId(op.slot),
          slotIndex: BigInt(op.slot),
          collateralPerByte: op.collateralPerByte,
          validUntil: op.validUntil,
        });
        break;
      case 'release': {
        const r = reservation();
        if (r === undefined) return 'not-found';
        // A download stores a batch, then releases its bytes; a crash between leaves data the
        // database does not count yet, and a batch past the reservation's size fails the release.
        await repo.writeSlotData(r.id, Number(r.writtenSize), new Uint8Array(op.bytes).fill(1));
        reservations.release(r.id, r.availabilityId, BigInt(op.bytes));
        break;
      }
      case 'return': {
        const r = reservation();
        if (r === undefined) return 'not-found';
        // Shares 0..4 return that many quarters of the written bytes; -1 and 5 ask for too few or too many.
        const back = op.share < 0 ? -1n : op.share > 4 ? r.writtenSize + 1n : (r.writtenSize * BigInt(op.share)) / 4n;
        reservations.returnBytesToAvailability(r.availabilityId, r.id, r.size + back);
        break;
      }
      case 'delete': {
        const r = reservation();
        if (r === undefined) return 'not-found';
        reservations.deleteReservation(r.id, r.availabilityId, op.collateral);
        await repo.deleteSlotData(r.id);
        break;
      }
      case 'inactive': {
        const active = reservations.listReservations().filter((_, i) => i % op.keepEvery === 0);
        for (const removed of reservations.deleteInactiveReservations(active)) await repo.deleteSlotData(removed.id);
        break;
      }
    }
    return 'ok';
  } catch (error) {
    if (error instanceof EngineError) return error.code;
    throw error;
  }
}
