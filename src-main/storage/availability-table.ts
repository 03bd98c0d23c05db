// SQL for the availabilities table. Callers run these inside their own transactions.
import type { Availability, Id } from '../engine/index';
import type { Db } from './db';

interface AvailabilityRow {
  id: string;
  total_size: string;
  free_size: string;
  duration: string;
  min_price_per_byte_per_second: string;
  total_collateral: string;
  total_remaining_collateral: string;
  enabled: number;
  until: number;
}

const columns =
  'id, total_size, free_size, duration, min_price_per_byte_per_second, total_collateral, total_remaining_collateral, enabled, until';

function fromRow(row: AvailabilityRow): Availability {
  return {
    id: row.id,
    totalSize: BigInt(row.total_size),
    freeSize: BigInt(row.free_size),
    duration: BigInt(row.duration),
    minPricePerBytePerSecond: BigInt(row.min_price_per_byte_per_second),
    totalCollateral: BigInt(row.total_collateral),
    totalRemainingCollateral: BigInt(row.total_remaining_collateral),
    enabled: row.enabled === 1,
    until: row.until,
  };
}

function toRow(a: Availability): AvailabilityRow {
  return {
    id: a.id,
    total_size: a.totalSize.toString(),
    free_size: a.freeSize.toString(),
    duration: a.duration.toString(),
    min_price_per_byte_per_second: a.minPricePerBytePerSecond.toString(),
    total_collateral: a.totalCollateral.toString(),
    total_remaining_collateral: a.totalRemainingCollateral.toString(),
    enabled: a.enabled ? 1 : 0,
    until: a.until,
  };
}

/** Prepared statements over the availabilities table. */
export class AvailabilityTable {
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly getStatement;
  private readonly listStatement;

  constructor(db: Db) {
    this.insertStatement = db.prepare<[AvailabilityRow]>(
      `INSERT INTO availabilities (${columns}) VALUES (@id, @total_size, @free_size, @duration,
        @min_price_per_byte_per_second, @total_collateral, @total_remaining_collateral, @enabled, @until)`,
    );
    this.updateStatement = db.prepare<[AvailabilityRow]>(
      `UPDATE availabilities SET total_size = @total_size, free_size = @free_size, duration = @duration,
        min_price_per_byte_per_second = @min_price_per_byte_per_second, total_collateral = @total_collateral,
        total_remaining_collateral = @total_remaining_collateral, enabled = @enabled, until = @until
        WHERE id = @id`,
    );
    this.getStatement = db.prepare<[Id], AvailabilityRow>(`SELECT ${columns} FROM availabilities WHERE id = ?`);
    this.listStatement = db.prepare<[], AvailabilityRow>(`SELECT ${columns} FROM availabilities ORDER BY seq`);
  }

  insert(availability: Availability): void {
    this.insertStatement.run(toRow(availability));
  }

  update(availability: Availability): void {
    this.updateStatement.run(toRow(availability));
  }

  get(id: Id): Availability | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  list(): Availability[] {
    return this.listStatement.all().map(fromRow);
  }
}
