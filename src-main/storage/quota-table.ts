// The repo quota's `reserved` bytes, one row kept in the same database as the availabilities so a
// change of both commits or rolls back as one.
import type { Db } from './db';

/** Reads and writes the quota's reserved bytes; callers run it inside their transactions. */
export class QuotaTable {
  private readonly getStatement;
  private readonly setStatement;

  constructor(db: Db) {
    this.getStatement = db.prepare<[], { reserved: string }>('SELECT reserved FROM repo_quota WHERE id = 1');
    this.setStatement = db.prepare<[string]>('UPDATE repo_quota SET reserved = ? WHERE id = 1');
  }

  reserved(): bigint {
    const row = this.getStatement.get();
    if (row === undefined) throw new Error('The repo_quota row is missing: the database was not migrated');
    return BigInt(row.reserved);
  }

  setReserved(reserved: bigint): void {
    this.setStatement.run(reserved.toString());
  }

  /** Moves reserved by `delta` (either sign). */
  add(delta: bigint): void {
    if (delta !== 0n) this.setReserved(this.reserved() + delta);
  }
}
