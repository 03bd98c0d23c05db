// The repo: slot data as one file per slot under ROOT/slots/<key>/data, small files beside it
// (ROOT/slots/<key>/<name>: the slot's proof tree, what serving it needs — its block proofs appended
// as blocks arrive —, and `slot` naming the slot on chain the data belongs to), and the byte quota. `used` is what `du` reports for ROOT, sidecar files included:
// measured once at open, then kept current by re-measuring each slot folder after every write or
// delete to it. `reserved` lives in the database, in the same transactions as the availabilities that
// hold it. Data nothing accounts for is moved to ROOT/quarantine/<time>/<key>, never deleted: it stays
// in `used` (it is on the disk) until the operator removes it. Write failures of the disk (full,
// read-only, not permitted) reject with StorageFaultError.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, NotFoundError, repoQuota, type Id, type Repo, type RepoQuota } from '../engine/index';
import type { Db } from './db';
import { allocatedBytes, diskSpace, diskUsage } from './disk-usage';
import { FileHandles } from './file-handles';
import { QuotaTable } from './quota-table';
import { guardWrite, guardWriteAsync } from './storage-fault';
import {
  appendFileAt,
  checkBytes,
  checkSlotFileName,
  DATA_FILE,
  sweepTemporaryFiles,
  writeFileAtomically,
} from './slot-files';

const SLOT_ID = /^0x[0-9a-f]{64}$/;

function checkSlotId(slotId: Id): void {
  // The id becomes a folder name: anything but a canonical id could escape the repo.
  if (!SLOT_ID.test(slotId)) throw new InvalidArgumentError(`Not a slot id (0x + 64 lowercase hex digits): ${slotId}`);
}

/** Slot data on disk and the quota that governs it. */
export class FileRepo implements Repo {
  private readonly root: string;
  private max: bigint;
  private readonly slotsDir: string;
  private readonly quotaRows: QuotaTable;
  /** Bytes each slot folder takes, as du counts them. */
  private readonly slotUsage = new Map<Id, bigint>();
  /** Of those, the bytes of its data file. */
  private readonly dataUsage = new Map<Id, bigint>();
  private readonly locks = new Map<Id, Promise<unknown>>();
  private readonly handles = new FileHandles();
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

  /** The quota in bytes. */
  get maxBytes(): bigint {
    return this.max;
  }

  /** Sets the quota; storage/quota-limit.ts calls it inside the transaction that checks it against what is held. */
  setMaxBytes(max: bigint): void {
    if (max < 0n) throw new InvalidArgumentError(`The quota must not be negative, got ${max}`);
    this.max = max;
  }

  /** Bytes of the repo folder on disk. */
  usedBytes(): bigint {
    return this.used;
  }

  /** Measures the whole repo folder again, for changes made behind the repo's back. */
  refreshUsage(): void {
    this.slotUsage.clear();
    this.dataUsage.clear();
    for (const slotId of readdirSync(this.slotsDir)) {
      if (!SLOT_ID.test(slotId)) continue;
      sweepTemporaryFiles(join(this.slotsDir, slotId));
      this.slotUsage.set(slotId, diskUsage(join(this.slotsDir, slotId)));
      this.dataUsage.set(slotId, diskUsage(this.dataFile(slotId)));
    }
    this.used = diskUsage(this.root);
  }

  async writeSlotData(slotId: Id, offset: number, data: Uint8Array): Promise<void> {
    checkSlotId(slotId);
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new InvalidArgumentError(`offset must be a non-negative whole number of bytes, got ${offset}`);
    }
    return this.withSlot(slotId, () =>
      guardWriteAsync(`slot data ${slotId}`, async () => {
        // The data file's allocated blocks after the write, read from its open handle.
        let allocated: bigint | undefined;
        const write = () =>
          this.handles.use(this.dataFile(slotId), true, async (handle) => {
            try {
              await handle.write(data, 0, data.length, offset);
            } finally {
              allocated = allocatedBytes(await handle.stat({ bigint: true }));
            }
          });
        try {
          // A slot folder seen before still exists (only this repo deletes it, under the same
          // lock), unless someone removed it behind the repo's back: then it is made again.
          if (!this.slotUsage.has(slotId)) await mkdir(join(this.slotsDir, slotId), { recursive: true });
          await write().catch(async (error: unknown) => {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
            await mkdir(join(this.slotsDir, slotId), { recursive: true });
            await write();
          });
        } finally {
          // Even a failed write may have allocated blocks: measure what is really there. Only the
          // data file changed, unless the folder was just made.
          if (allocated !== undefined && this.dataUsage.has(slotId)) this.dataGrew(slotId, allocated);
          else this.remeasure(slotId);
        }
      }),
    );
  }

  async readSlotData(slotId: Id, offset: number, length: number): Promise<Uint8Array> {
    checkSlotId(slotId);
    try {
      return await this.handles.use(this.dataFile(slotId), false, async (handle) => {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`Slot ${slotId} has no data`);
      throw error;
    }
  }

  slotDataSize(slotId: Id): bigint {
    checkSlotId(slotId);
    try {
      return statSync(this.dataFile(slotId), { bigint: true }).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0n;
      throw error;
    }
  }

  async truncateSlotData(slotId: Id, length: number): Promise<void> {
    checkSlotId(slotId);
    if (!Number.isSafeInteger(length) || length < 0) throw new InvalidArgumentError(`Invalid length ${length}`);
    return this.withSlot(slotId, () =>
      guardWriteAsync(`slot data ${slotId}`, async () => {
        // Never grows a file: a shorter one keeps its length.
        if (this.slotDataSize(slotId) <= BigInt(length)) return;
        try {
          await this.handles.close(this.dataFile(slotId));
          await truncate(this.dataFile(slotId), length);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        } finally {
          this.remeasure(slotId);
        }
      }),
    );
  }

  async deleteSlotData(slotId: Id): Promise<void> {
    checkSlotId(slotId);
    return this.withSlot(slotId, () =>
      guardWriteAsync(`slot data ${slotId}`, async () => {
        const dir = join(this.slotsDir, slotId);
        try {
          await this.handles.closeUnder(dir);
          await rm(dir, { recursive: true, force: true });
        } finally {
          // A read that opened a file beside the data meanwhile must not keep the deleted file.
          await this.handles.closeUnder(dir);
          this.remeasure(slotId);
        }
      }),
    );
  }

  /** Bytes of one slot's folder on disk, as measured after its last write or delete. */
  slotBytesOnDisk(slotId: Id): bigint {
    return this.slotUsage.get(slotId) ?? 0n;
  }

  listSlots(): Id[] {
    return [...this.slotUsage.keys()];
  }

  async quarantineSlotData(slotId: Id): Promise<string> {
    checkSlotId(slotId);
    return this.withSlot(slotId, () =>
      guardWriteAsync(`the quarantine folder for ${slotId}`, async () => {
        const folder = join(this.root, 'quarantine', new Date().toISOString().replace(/[:.]/g, '-'));
        const target = join(folder, slotId);
        await this.handles.closeUnder(join(this.slotsDir, slotId));
        await mkdir(folder, { recursive: true });
        try {
          await rename(join(this.slotsDir, slotId), target);
        } finally {
          await this.handles.closeUnder(join(this.slotsDir, slotId));
          // The bytes moved within the repo: they left the slot, not `used`.
          this.slotUsage.delete(slotId);
          this.dataUsage.delete(slotId);
          this.used = diskUsage(this.root);
        }
        return target;
      }),
    );
  }

  async tagSlotData(key: Id, slotId: Id): Promise<void> {
    checkSlotId(key);
    checkSlotId(slotId);
    return this.withSlot(key, () =>
      guardWriteAsync(`slot data ${key}`, async () => {
        try {
          await mkdir(join(this.slotsDir, key), { recursive: true });
          await writeFile(join(this.slotsDir, key, 'slot'), `${slotId}\n`, { mode: 0o644 });
        } finally {
          this.remeasure(key);
        }
      }),
    );
  }

  slotOfData(key: Id): Id | undefined {
    checkSlotId(key);
    try {
      const slotId = readFileSync(join(this.slotsDir, key, 'slot'), 'utf8').trim();
      return SLOT_ID.test(slotId) ? slotId : undefined;
    } catch {
      // No tag (data written before tags existed, or none at all): the slot is unknown.
      return undefined;
    }
  }

  async checkWritable(): Promise<void> {
    await guardWriteAsync(`the repo folder ${this.root}`, async () => {
      // A block's worth, synced: small writes can succeed on a disk that cannot take a slot's data.
      const probe = join(this.root, `.write-probe-${process.pid}`);
      const handle = await open(probe, 'w', 0o600);
      try {
        await handle.write(new Uint8Array(64 * 1024));
        await handle.sync();
      } finally {
        await handle.close();
        await rm(probe, { force: true });
      }
    });
    guardWrite('the sales database', () => this.quotaRows.touch());
  }

  /** Closes the open slot data files (the repo is being closed). */
  close(): Promise<void> {
    return this.handles.closeAll();
  }

  private dataFile(slotId: Id): string {
    return join(this.slotsDir, slotId, DATA_FILE);
  }

  async writeSlotFile(slotId: Id, name: string, bytes: Uint8Array): Promise<void> {
    checkSlotId(slotId);
    checkSlotFileName(name);
    return this.withSlot(slotId, async () => {
      const dir = join(this.slotsDir, slotId);
      // Under the slot's lock: a delete that ran first leaves no data, and this write no orphan.
      if (!existsSync(join(dir, DATA_FILE)))
        throw new NotFoundError(`Slot ${slotId} has no data to keep ${name} beside`);
      try {
        await writeFileAtomically(dir, name, bytes);
      } finally {
        // A kept read handle would go on reading the file this one replaced.
        await this.handles.close(join(dir, name));
        this.remeasure(slotId);
      }
    });
  }

  async appendSlotFile(slotId: Id, name: string, bytes: Uint8Array, at?: number): Promise<void> {
    checkSlotId(slotId);
    checkSlotFileName(name);
    if (at !== undefined) checkBytes('at', at);
    return this.withSlot(slotId, () =>
      guardWriteAsync(`${name} of slot ${slotId}`, async () => {
        const dir = join(this.slotsDir, slotId);
        if (!existsSync(join(dir, DATA_FILE)))
          throw new NotFoundError(`Slot ${slotId} has no data to keep ${name} beside`);
        let grown: { before: bigint; after: bigint } | undefined;
        try {
          // Through a kept handle, like the data's: opening the file per block cost more than the append.
          grown = await this.handles.use(join(dir, name), true, (handle) => appendFileAt(handle, bytes, at));
        } finally {
          // Only this file changed, unless it was just made (the folder may have grown) or the append
          // failed midway: then the folder is measured again.
          if (grown && grown.before > 0n && this.slotUsage.has(slotId))
            this.sidecarGrew(slotId, grown.after - grown.before);
          else this.remeasure(slotId);
        }
      }),
    );
  }

  async readSlotFileAt(slotId: Id, name: string, offset: number, length: number): Promise<Uint8Array | undefined> {
    checkSlotId(slotId);
    checkSlotFileName(name);
    checkBytes('offset', offset);
    checkBytes('length', length);
    try {
      return await this.handles.use(join(this.slotsDir, slotId, name), false, async (handle) => {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async readSlotFile(slotId: Id, name: string): Promise<Uint8Array | undefined> {
    checkSlotId(slotId);
    checkSlotFileName(name);
    try {
      return new Uint8Array(await readFile(join(this.slotsDir, slotId, name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async deleteSlotFile(slotId: Id, name: string): Promise<void> {
    checkSlotId(slotId);
    checkSlotFileName(name);
    return this.withSlot(slotId, async () => {
      try {
        await rm(join(this.slotsDir, slotId, name), { force: true });
      } finally {
        await this.handles.close(join(this.slotsDir, slotId, name));
        this.remeasure(slotId);
      }
    });
  }

  /** Measures a slot's folder (as du does) and its data file again. */
  private remeasure(slotId: Id): void {
    const now = diskUsage(join(this.slotsDir, slotId));
    this.used += now - (this.slotUsage.get(slotId) ?? 0n);
    if (now === 0n) {
      this.slotUsage.delete(slotId);
      this.dataUsage.delete(slotId);
    } else {
      this.slotUsage.set(slotId, now);
      this.dataUsage.set(slotId, diskUsage(this.dataFile(slotId)));
    }
  }

  /** The data file of a measured slot now takes `allocated` bytes. */
  private dataGrew(slotId: Id, allocated: bigint): void {
    const delta = allocated - (this.dataUsage.get(slotId) ?? 0n);
    this.dataUsage.set(slotId, allocated);
    this.slotUsage.set(slotId, (this.slotUsage.get(slotId) ?? 0n) + delta);
    this.used += delta;
  }

  /** A file beside a measured slot's data grew (or shrank) by `delta` bytes on disk. */
  private sidecarGrew(slotId: Id, delta: bigint): void {
    this.slotUsage.set(slotId, (this.slotUsage.get(slotId) ?? 0n) + delta);
    this.used += delta;
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
