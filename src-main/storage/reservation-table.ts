// SQL for the reservations table. Callers run these inside their own transactions.
import type { Id, Reservation } from '../engine/index';
import type { Db } from './db';

interface ReservationRow {
  id: string;
  availability_id: string;
  size: string;
  written_size: string;
  collateral: string;
  request_id: string;
  slot_index: string;
  valid_until: number;
}

const columns = 'id, availability_id, size, written_size, collateral, request_id, slot_index, valid_until';

function fromRow(row: ReservationRow): Reservation {
  return {
    id: row.id,
    availabilityId: row.availability_id,
    size: BigInt(row.size),
    writtenSize: BigInt(row.written_size),
    collateral: BigInt(row.collateral),
    requestId: row.request_id,
    slotIndex: BigInt(row.slot_index),
    validUntil: row.valid_until,
  };
}

function toRow(r: Reservation): ReservationRow {
  return {
    id: r.id,
    availability_id: r.availabilityId,
    size: r.size.toString(),
    written_size: r.writtenSize.toString(),
    collateral: r.collateral.toString(),
    request_id: r.requestId,
    slot_index: r.slotIndex.toString(),
    valid_until: r.validUntil,
  };
}

/** Prepared statements over the reservations table. */
export class ReservationTable {
  private readonly insertStatement;
  private readonly updateSizesStatement;
  private readonly deleteStatement;
  private readonly getStatement;
  private readonly listStatement;
  private readonly listByAvailabilityStatement;
  private readonly bySlotStatement;
  private readonly latestValidUntilStatement;

  constructor(db: Db) {
    this.insertStatement = db.prepare<[ReservationRow]>(
      `INSERT INTO reservations (${columns}) VALUES (@id, @availability_id, @size, @written_size, @collateral,
        @request_id, @slot_index, @valid_until)`,
    );
    this.updateSizesStatement = db.prepare<[{ id: string; size: string; written_size: string }]>(
      'UPDATE reservations SET size = @size, written_size = @written_size WHERE id = @id',
    );
    this.deleteStatement = db.prepare<[Id]>('DELETE FROM reservations WHERE id = ?');
    this.getStatement = db.prepare<[Id], ReservationRow>(`SELECT ${columns} FROM reservations WHERE id = ?`);
    this.listStatement = db.prepare<[], ReservationRow>(`SELECT ${columns} FROM reservations ORDER BY seq`);
    this.listByAvailabilityStatement = db.prepare<[Id], ReservationRow>(
      `SELECT ${columns} FROM reservations WHERE availability_id = ? ORDER BY seq`,
    );
    this.bySlotStatement = db.prepare<[Id, string], ReservationRow>(
      `SELECT ${columns} FROM reservations WHERE request_id = ? AND slot_index = ? ORDER BY seq LIMIT 1`,
    );
    this.latestValidUntilStatement = db.prepare<[Id], { latest: number | null }>(
      'SELECT max(valid_until) AS latest FROM reservations WHERE availability_id = ?',
    );
  }

  insert(reservation: Reservation): void {
    this.insertStatement.run(toRow(reservation));
  }

  /** Persists a reservation's size and writtenSize, the only fields that change. */
  updateSizes(reservation: Reservation): void {
    const { id, size, written_size } = toRow(reservation);
    this.updateSizesStatement.run({ id, size, written_size });
  }

  delete(id: Id): void {
    this.deleteStatement.run(id);
  }

  get(id: Id): Reservation | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  list(availabilityId?: Id): Reservation[] {
    const rows =
      availabilityId === undefined ? this.listStatement.all() : this.listByAvailabilityStatement.all(availabilityId);
    return rows.map(fromRow);
  }

  forSlot(requestId: Id, slotIndex: bigint): Reservation | undefined {
    const row = this.bySlotStatement.get(requestId, slotIndex.toString());
    return row === undefined ? undefined : fromRow(row);
  }

  /** The latest validUntil among an availability's reservations; 0 when it has none. */
  latestValidUntil(availabilityId: Id): number {
    return this.latestValidUntilStatement.get(availabilityId)?.latest ?? 0;
  }
}
