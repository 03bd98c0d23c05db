// The repo: slot data as one file per slot under ROOT/slots/<slotId>/data, and the byte quota.
// `used` is what `du` reports for ROOT: measured once at open, then kept current by re-measuring
// each slot folder after every write or delete to it. `reserved` lives in the database, in the
// same transactions as the availabilities that hold it.
import { constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, NotFoundError, repoQuota, type Id, type Repo, type RepoQuota } from '../engine/index';
import type { Db } from './db';
import { diskSpace, diskUsage } from './disk-usage';
import { QuotaTable } from './quota-table';

const SLOT_ID = /^0x[0-9a-f]{64}$/;

function checkSlotId(slotId: Id): void {
  // The id becomes a folder name: anything but a canonical id could escape the repo.
  if (!SLOT_ID.test(slotId)) throw new InvalidArgumentError(`Not a slot id (0x + 64 lowercase hex digits): ${slotId}`);
}

/** Slot data on disk and the quota that governs it. */
export class FileRepo implements Repo {
  private readonly root: string;
  private readonly max: bigint;
  private readonly slotsDir: string;
  private readonly quotaRows: QuotaTable;
  private readonly slotUsage = new Map<Id, bigint>();
  private readonly locks = new Map<Id, Promise<unknown>>();
  private used = 0n;

  constructor(root: string, db: Db, max: bigint) {
    if (max < 0n) throw new InvalidArgumentError(`The quota must not be negative, got ${max}`);
    this.root = root;
    this.max = max;
    this.slotsDir = join(root, 'slots');
    mkdirSync(this.slotsDir, { recursive: true });
    this.quotaRows = new QuotaTable(db);
    this.refreshUsage();
  }

  quota(): RepoQuota {
    const disk = diskSpace(this.root);
    return repoQuota({
      max: this.max,
      used: this.used,
      reserved: this.quotaRows.reserved(),
      diskFree: disk.free,
      diskTotal: disk.total,
    });
  }

  /** Bytes of the repo folder on disk. */
  usedBytes(): bigint {
    return this.used;
  }

  /** Measures the whole repo folder again, for changes made behind the repo's back. */
  refreshUsage(): void {
    this.slotUsage.clear();
    for (const slotId of readdirSync(this.slotsDir)) {
      if (SLOT_ID.test(slotId)) this.slotUsage.set(slotId, diskUsage(join(this.slotsDir, slotId)));
    }
    this.used = diskUsage(this.root);
  }

  async writeSlotData(slotId: Id, offset: number, data: Uint8Array): Promise<void> {
    checkSlotId(slotId);
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new InvalidArgumentError(`offset must be a non-negative whole number of bytes, got ${offset}`);
    }
    return this.withSlot(slotId, async () => {
      const dir = join(this.slotsDir, slotId);
      try {
        await mkdir(dir, { recursive: true });
        const handle = await open(join(dir, 'data'), constants.O_RDWR | constants.O_CREAT, 0o644);
        try {
          await handle.write(data, 0, data.length, offset);
        } finally {
          await handle.close();
        }
      } finally {
        // Even a failed write may have allocated blocks: measure what is really there.
        this.remeasure(slotId);
      }
    });
  }

  async readSlotData(slotId: Id, offset: number, length: number): Promise<Uint8Array> {
    checkSlotId(slotId);
    let handle;
    try {
      handle = await open(join(this.slotsDir, slotId, 'data'), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`Slot ${slotId} has no data`);
      throw error;
    }
    try {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  slotDataSize(slotId: Id): bigint {
    checkSlotId(slotId);
    try {
      return statSync(join(this.slotsDir, slotId, 'data'), { bigint: true }).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0n;
      throw error;
    }
  }

  async deleteSlotData(slotId: Id): Promise<void> {
    checkSlotId(slotId);
    return this.withSlot(slotId, async () => {
      try {
        await rm(join(this.slotsDir, slotId), { recursive: true, force: true });
      } finally {
        this.remeasure(slotId);
      }
    });
  }

  listSlots(): Id[] {
    return [...this.slotUsage.keys()];
  }

  private remeasure(slotId: Id): void {
    const now = diskUsage(join(this.slotsDir, slotId));
    this.used += now - (this.slotUsage.get(slotId) ?? 0n);
    if (now === 0n) this.slotUsage.delete(slotId);
    else this.slotUsage.set(slotId, now);
  }

  // Writes and deletes of one slot run one after another, so each measurement sees its own change.
  private withSlot<T>(slotId: Id, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(slotId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(slotId, settled);
    void settled.then(() => {
      if (this.locks.get(slotId) === settled) this.locks.delete(slotId);
    });
    return next;
  }
}
