// The blocks of the slots this host stores, served from the repo: a leaf is our slot's block read
// from the slot data with its proof read from the proofs file beside it (both async, never a sync
// read on the event loop); a manifest is served by its CID. Memory holds only where each proof record
// sits (proof-index.ts), not the proofs, and only for slots asked for or appended to since the start:
// a restart reads the manifests, not every proof of every slot. A slot whose data left the repo stops
// being served. One host may hold several slots of a dataset (Codex lets a host fill several slots of
// a request): a CID names every slot of it held, a leaf comes from the slot holding its dataset index,
// and the manifest is served (and announced) while any of them is. A slot whose proofs file cannot
// be read is passed over (the dataset is answered from its other slots), said once in the log, and
// tried again a while later.
import { silentLogger, type Id, type Logger, type Repo } from '../../engine/index';
import { messageOf } from '../errors';
import type { ServedBlocks, ServedLeaf } from '../exchange/server';
import { hex } from '../ids/cid';
import { BLOCK_SIZE } from '../manifest/validate';
import { ProofIndex } from './proof-index';
import {
  decodeManifestFile,
  decodeProofRecord,
  encodeManifestFile,
  encodeProofRecord,
  SERVE_MANIFEST_FILE,
  SERVE_PROOFS_FILE,
  type StoredManifest,
  type StoredProof,
} from './serve-files';

type ServeRepo = Pick<
  Repo,
  'readSlotData' | 'slotDataSize' | 'writeSlotFile' | 'readSlotFile' | 'appendSlotFile' | 'readSlotFileAt' | 'listSlots'
>;

/** Proofs kept since the slot's last append was due: they go to the file in one append. */
interface Batch {
  readonly proofs: StoredProof[];
  readonly records: Uint8Array[];
  /** Makes the batch due now (it is full, or the store is flushed). */
  release: () => void;
  done: Promise<void>;
}

interface HeldSlot {
  readonly dataKey: Id;
  manifest?: StoredManifest;
  manifestOnDisk: boolean;
  index: ProofIndex;
  /** Proofs kept but not yet in the file, by dataset index: served from here until they are. */
  readonly unwritten: Map<number, StoredProof>;
  /** The batch new proofs join; taken once the slot's disk work before it is done. */
  next?: Batch;
  /** Bytes of whole records in the proofs file: the next append goes there, over any torn tail. */
  end: number;
  /** The proofs file read into the index: once, when the slot is first asked for or appended to. */
  indexing?: Promise<void>;
  indexed: boolean;
  /** When the proofs file last failed to read: the slot is passed over until UNREADABLE_RETRY_MS later. */
  unreadableAt?: number;
  /** The read failure last logged, so one broken file is said once, not per request. */
  reported?: string;
  written: boolean;
  /** The slot's disk work, one step at a time; never rejects (each step's caller gets its error). */
  chain: Promise<void>;
}

/** The slots held of each dataset, by a CID of it (its treeCid or its manifest's), in hex. */
type Holders = Map<string, Set<HeldSlot>>;

/** Bytes read at a time while indexing a proofs file at load. */
const LOAD_CHUNK = 1 << 20;
/**
 * A batch is appended once it holds BATCH proofs or AFTER_MS after its first. An append per block
 * cost as much as the block's own write (bench/serve-memory.bench.ts: a store-bound download took
 * 1.1 to 2.6 times as long); this makes it a few percent, and a kill loses at most those proofs:
 * the blocks stay stored, only not served. Appends are not synced (see the Repo port): a sync per
 * batch would cost more than the blocks' own writes, which are not synced either.
 */
const BATCH = 16;
const AFTER_MS = 20;
/** A proofs file that failed to read is tried again after this long, not on every peer's request. */
const UNREADABLE_RETRY_MS = 60_000;

/** A ServedBlocks backed by the repo's slot data and its serve sidecars. */
export class RepoServedBlocks implements ServedBlocks {
  private readonly slots = new Map<Id, HeldSlot>();
  private readonly byTree: Holders = new Map();
  private readonly manifests: Holders = new Map();

  constructor(
    private readonly repo: ServeRepo,
    private readonly log: Logger = silentLogger,
  ) {}

  /**
   * Reads the manifests of every slot in the repo (after a restart). A slot's proofs are indexed when
   * it is first asked for or appended to; a torn tail is dropped then.
   */
  async load(): Promise<void> {
    for (const dataKey of this.repo.listSlots()) {
      const manifestFile = await this.repo.readSlotFile(dataKey, SERVE_MANIFEST_FILE);
      const manifest = manifestFile && decodeManifestFile(manifestFile);
      if (!manifest) continue;
      const s = this.slot(dataKey);
      this.setManifest(s, manifest);
      s.manifestOnDisk = true;
      s.written = true;
      s.indexed = false;
    }
  }

  /** The manifest (with its treeCid) of every dataset of which a slot is held, each once: what a host announces. */
  held(): StoredManifest[] {
    const byCid = new Map<string, StoredManifest>();
    for (const s of [...this.slots.values()])
      if (s.manifest && this.present(s)) byCid.set(hex(s.manifest.cid), s.manifest);
    return [...byCid.values()];
  }

  /** Whether the slot stored under `dataKey` has its manifest kept. */
  holdsManifest(dataKey: Id): boolean {
    return this.slots.get(dataKey)?.manifest !== undefined;
  }

  /** Keeps the manifest of the slot stored under `dataKey`; written once the slot has data. */
  keepManifest(dataKey: Id, manifest: StoredManifest): Promise<void> {
    const s = this.slot(dataKey);
    this.setManifest(s, manifest);
    s.manifestOnDisk = false;
    return this.run(s, () => this.writeManifest(s));
  }

  /**
   * Keeps one stored block's proof, after the block itself is in the slot data. Served at once; the
   * returned promise settles when the append holding it is on disk (callers need not wait). When
   * that append fails the proof is not served.
   */
  keepProof(dataKey: Id, proof: StoredProof): Promise<void> {
    const s = this.slot(dataKey);
    s.unwritten.set(proof.datasetIndex, proof);
    const batch = s.next ?? this.nextBatch(s);
    batch.proofs.push(proof);
    batch.records.push(encodeProofRecord(proof));
    if (batch.proofs.length >= BATCH) batch.release();
    return batch.done;
  }

  /** Appends the proofs kept so far now and waits until each is on disk or refused (their keepProof promises say which). */
  async flush(): Promise<void> {
    await Promise.all(
      [...this.slots.values()].map(async (s) => {
        const batch = s.next;
        batch?.release();
        await batch?.done.catch(() => undefined);
        await s.chain;
      }),
    );
  }

  /** Stops serving a slot (freed or deleted), not the other slots of its dataset; its sidecars go with its data in the repo. */
  forget(dataKey: Id): void {
    const s = this.slots.get(dataKey);
    if (!s) return;
    this.slots.delete(dataKey);
    this.unlist(s);
  }

  hasLeaf(treeCid: Uint8Array, index: number): boolean | Promise<boolean> {
    const held = holding(this.byTree, treeCid);
    // Which slot holds a dataset index is known once each slot still in the repo has its proofs
    // indexed; one whose file cannot be read is left out until it is tried again.
    const unread = held.filter((s) => !s.indexed && this.present(s) && this.readable(s));
    if (unread.length > 0) return this.indexEach(unread).then(() => this.hasLeaf(treeCid, index));
    return this.holderOf(held, index) !== undefined;
  }

  async leaf(treeCid: Uint8Array, index: number): Promise<ServedLeaf | undefined> {
    const held = holding(this.byTree, treeCid).filter((s) => this.present(s));
    await this.indexEach(held.filter((s) => !s.indexed && this.readable(s)));
    const s = this.holderOf(held, index);
    if (!s) return undefined;
    const pending = s.unwritten.get(index);
    const found = pending ? undefined : s.index.find(index);
    if (!pending && !found) return undefined;
    // The block's place in the slot is known before its proof is read on the run: both reads at once.
    const slotIndex = pending?.index ?? found?.index;
    const [p, known] = await Promise.all([
      pending ?? this.readProof(s, index, found!.offset),
      slotIndex === undefined ? undefined : this.readBlock(s, slotIndex),
    ]);
    if (!p || (slotIndex !== undefined && p.index !== slotIndex)) return undefined;
    const data = known ?? (await this.readBlock(s, p.index));
    if (data.length !== BLOCK_SIZE) return undefined;
    return { data, proof: p.proof };
  }

  hasBlock(cid: Uint8Array): boolean {
    return holding(this.manifests, cid).some((s) => this.present(s));
  }

  block(cid: Uint8Array): Uint8Array | undefined {
    return holding(this.manifests, cid).find((s) => this.present(s))?.manifest?.bytes;
  }

  /** The manifest kept for the slot stored under `dataKey`, if any. */
  manifestOf(dataKey: Id): StoredManifest | undefined {
    return this.slots.get(dataKey)?.manifest;
  }

  /**
   * Which of `datasetIndices` (the slot's blocks, in slot order) have no proof kept: the slot indices
   * of the blocks that are not served. Rejects when the slot's proofs file cannot be read.
   */
  async missingProofs(dataKey: Id, datasetIndices: readonly number[]): Promise<number[]> {
    const s = this.slots.get(dataKey);
    if (s) await this.indexed(s);
    return datasetIndices.flatMap((d, i) =>
      s && (s.unwritten.has(d) || s.index.offsetOf(d) !== undefined) ? [] : [i],
    );
  }

  /** Proofs indexed and not yet written, over every slot held (what memory holds of them); slots not read yet count none. */
  counts(): { indexed: number; unwritten: number } {
    let indexed = 0;
    let unwritten = 0;
    for (const s of this.slots.values()) {
      indexed += s.index.size;
      unwritten += s.unwritten.size;
    }
    return { indexed, unwritten };
  }

  /** The proof of dataset block `datasetIndex` read from the file at `at`; undefined when its record is gone or damaged. */
  private async readProof(s: HeldSlot, datasetIndex: number, at: number): Promise<StoredProof | undefined> {
    const bytes = await this.repo.readSlotFileAt(s.dataKey, SERVE_PROOFS_FILE, at, s.index.maxRecord);
    const record = bytes && decodeProofRecord(bytes);
    return record?.proof.datasetIndex === datasetIndex ? record.proof : undefined;
  }

  /** The slot among `held` (each indexed) that holds dataset block `datasetIndex` and is still in the repo. */
  private holderOf(held: readonly HeldSlot[], datasetIndex: number): HeldSlot | undefined {
    return held.find(
      (s) => (s.unwritten.has(datasetIndex) || s.index.offsetOf(datasetIndex) !== undefined) && this.present(s),
    );
  }

  private readBlock(s: HeldSlot, slotIndex: number): Promise<Uint8Array> {
    return this.repo.readSlotData(s.dataKey, slotIndex * BLOCK_SIZE, BLOCK_SIZE);
  }

  /** Whether the slot's proofs file may be read now: it has not failed within UNREADABLE_RETRY_MS. */
  private readable(s: HeldSlot): boolean {
    return s.unreadableAt === undefined || Date.now() - s.unreadableAt >= UNREADABLE_RETRY_MS;
  }

  /** Indexes each slot's proofs file; one that cannot be read is logged and passed over, never failing the others. */
  private async indexEach(slots: readonly HeldSlot[]): Promise<void> {
    await Promise.all(
      slots.map((s) =>
        this.indexed(s).then(
          () => {
            s.unreadableAt = undefined;
            s.reported = undefined;
          },
          (error: unknown) => this.unreadable(s, error),
        ),
      ),
    );
  }

  private unreadable(s: HeldSlot, error: unknown): void {
    s.unreadableAt = Date.now();
    const message = messageOf(error);
    if (s.reported === message) return; // said once per failure, not per peer's request
    s.reported = message;
    this.log.warn(
      "a stored slot's proofs file cannot be read: its blocks are not served, the dataset's other slots are",
      {
        slot: s.dataKey,
        error: message,
      },
    );
  }

  /** Resolves once the slot's proofs file is indexed; a failed read is tried again on the next call. */
  private indexed(s: HeldSlot): Promise<void> {
    if (s.indexed) return Promise.resolve();
    s.indexing ??= this.indexProofs(s).then(
      () => void (s.indexed = true),
      (error: unknown) => {
        s.indexing = undefined;
        throw error;
      },
    );
    return s.indexing;
  }

  private async indexProofs(s: HeldSlot): Promise<void> {
    let at = 0;
    for (;;) {
      const chunk = await this.repo.readSlotFileAt(s.dataKey, SERVE_PROOFS_FILE, at, LOAD_CHUNK);
      if (!chunk) break;
      let taken = 0;
      for (let r = decodeProofRecord(chunk, taken); r; r = decodeProofRecord(chunk, taken)) {
        s.index.add(r.proof.index, r.proof.datasetIndex, at + taken, r.length);
        taken += r.length;
      }
      at += taken;
      // A record is far shorter than a chunk: none whole in a full chunk means a damaged one.
      if (chunk.length < LOAD_CHUNK || taken === 0) break;
    }
    s.end = at;
  }

  private present(s: HeldSlot): boolean {
    if (this.repo.slotDataSize(s.dataKey) > 0n) return true;
    if (s.written) this.forget(s.dataKey); // the data left the repo: the slot was freed
    return false;
  }

  private slot(dataKey: Id): HeldSlot {
    let s = this.slots.get(dataKey);
    if (!s) {
      s = {
        dataKey,
        manifestOnDisk: false,
        index: new ProofIndex(),
        unwritten: new Map(),
        end: 0,
        // A slot first seen in this run starts an empty file: its first append replaces any left over.
        indexed: true,
        written: false,
        chain: Promise.resolve(),
      };
      this.slots.set(dataKey, s);
    }
    return s;
  }

  private setManifest(s: HeldSlot, m: StoredManifest): void {
    this.unlist(s);
    s.manifest = m;
    list(this.byTree, m.treeCid, s);
    list(this.manifests, m.cid, s);
  }

  /** Takes the slot out of its dataset's holders (the other slots of the dataset stay). */
  private unlist(s: HeldSlot): void {
    if (!s.manifest) return;
    unlist(this.byTree, s.manifest.treeCid, s);
    unlist(this.manifests, s.manifest.cid, s);
  }

  private nextBatch(s: HeldSlot): Batch {
    let release = () => {};
    const due = new Promise<void>((resolve) => (release = resolve));
    const timer = setTimeout(release, AFTER_MS);
    timer.unref();
    const batch: Batch = { proofs: [], records: [], release, done: Promise.resolve() };
    s.next = batch;
    batch.done = due.then(() =>
      this.run(s, () => {
        clearTimeout(timer);
        if (s.next === batch) s.next = undefined; // proofs kept from now on go in the next append
        return this.append(s, batch);
      }),
    );
    return batch;
  }

  private run(s: HeldSlot, work: () => Promise<void>): Promise<void> {
    const step = s.chain.then(work);
    s.chain = step.catch(() => undefined);
    return step;
  }

  private async writeManifest(s: HeldSlot): Promise<void> {
    if (!s.manifest || s.manifestOnDisk) return;
    if (this.repo.slotDataSize(s.dataKey) === 0n) return; // no data yet: written with the first block's proof
    await this.repo.writeSlotFile(s.dataKey, SERVE_MANIFEST_FILE, encodeManifestFile(s.manifest));
    s.manifestOnDisk = true;
    s.written = true;
  }

  private async append(s: HeldSlot, batch: Batch): Promise<void> {
    try {
      if (this.repo.slotDataSize(s.dataKey) === 0n) return; // the slot left the repo: nothing to serve
      await this.indexed(s);
      await this.writeManifest(s);
      await this.repo.appendSlotFile(s.dataKey, SERVE_PROOFS_FILE, Buffer.concat(batch.records), s.end);
      let at = s.end;
      batch.proofs.forEach((p, i) => {
        const length = batch.records[i]!.length;
        s.index.add(p.index, p.datasetIndex, at, length);
        at += length;
      });
      s.end = at;
      s.written = true;
    } catch (error) {
      // The file may not end where we think (cut behind our back, or a failed append left bytes the
      // repo could not cut): it is indexed again before the next append, which then goes to its end.
      s.index = new ProofIndex();
      s.end = 0;
      s.indexed = false;
      s.indexing = undefined;
      throw error;
    } finally {
      for (const p of batch.proofs) if (s.unwritten.get(p.datasetIndex) === p) s.unwritten.delete(p.datasetIndex);
    }
  }
}

/** The slots `holders` names under `cid`: a copy, since a freed one found among them is forgotten. */
function holding(holders: Holders, cid: Uint8Array): HeldSlot[] {
  const held = holders.get(hex(cid));
  return held ? [...held] : [];
}

function list(holders: Holders, cid: Uint8Array, s: HeldSlot): void {
  const key = hex(cid);
  const held = holders.get(key) ?? new Set<HeldSlot>();
  held.add(s);
  holders.set(key, held);
}

function unlist(holders: Holders, cid: Uint8Array, s: HeldSlot): void {
  const key = hex(cid);
  const held = holders.get(key);
  held?.delete(s);
  if (held?.size === 0) holders.delete(key);
}
