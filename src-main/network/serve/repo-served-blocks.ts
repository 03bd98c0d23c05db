// The blocks of the slots this host stores, served from the repo: a leaf is our slot's block read
// from the slot data (async, never a sync read on the event loop) with the proof kept beside it;
// a manifest is served by its CID. A slot whose data left the repo stops being served.
import type { Id, Repo } from '../../engine/index';
import type { ServedBlocks, ServedLeaf } from '../exchange/server';
import { hex } from '../ids/cid';
import { BLOCK_SIZE } from '../manifest/validate';
import {
  decodeManifestFile,
  decodeProofRecords,
  encodeManifestFile,
  encodeProofRecord,
  SERVE_MANIFEST_FILE,
  SERVE_PROOFS_FILE,
  type StoredManifest,
  type StoredProof,
} from './serve-files';

type ServeRepo = Pick<Repo, 'readSlotData' | 'slotDataSize' | 'writeSlotFile' | 'readSlotFile' | 'listSlots'>;

interface HeldSlot {
  readonly dataKey: Id;
  manifest?: StoredManifest;
  /** Dataset index → the block's proof and index in the slot. */
  readonly leaves: Map<number, StoredProof>;
  /** The proofs file's whole records, in arrival order (joined only when written). */
  readonly records: Uint8Array[];
  /** Records not yet in the file on disk. */
  unwritten: number;
  /** The write that takes the unwritten records, once one is scheduled. */
  pending?: Promise<void>;
  timer?: NodeJS.Timeout;
  release?: () => void;
  written: boolean;
  chain: Promise<void>;
}

/**
 * The repo writes a sidecar whole (atomically), so writing the proofs file per block would write
 * O(n²) bytes over a download. Proofs are batched instead: a write once a quarter of the file (at
 * least BATCH records) is new, or AFTER_MS after the first unwritten one. A kill loses at most that
 * batch: those blocks stay stored and proven, only not served.
 */
const BATCH = 256;
const AFTER_MS = 2_000;

/** A ServedBlocks backed by the repo's slot data and its serve sidecars. */
export class RepoServedBlocks implements ServedBlocks {
  private readonly slots = new Map<Id, HeldSlot>();
  private readonly byTree = new Map<string, HeldSlot>();
  private readonly manifests = new Map<string, HeldSlot>();

  constructor(private readonly repo: ServeRepo) {}

  /** Reads the sidecars of every slot in the repo (after a restart); torn proof tails are dropped. */
  async load(): Promise<void> {
    for (const dataKey of this.repo.listSlots()) {
      const manifestFile = await this.repo.readSlotFile(dataKey, SERVE_MANIFEST_FILE);
      const manifest = manifestFile && decodeManifestFile(manifestFile);
      if (!manifest) continue;
      const s = this.slot(dataKey);
      this.setManifest(s, manifest);
      const file = await this.repo.readSlotFile(dataKey, SERVE_PROOFS_FILE);
      if (!file) continue;
      const { proofs, validLength } = decodeProofRecords(file);
      if (validLength > 0) s.records.push(file.slice(0, validLength));
      s.written = true;
      for (const p of proofs) s.leaves.set(p.datasetIndex, p);
    }
  }

  /** Manifests (with their treeCids) of every slot held: what a host announces. */
  held(): StoredManifest[] {
    return [...this.slots.values()].flatMap((s) => (s.manifest && this.present(s) ? [s.manifest] : []));
  }

  /** Whether the slot stored under `dataKey` has its manifest kept. */
  holdsManifest(dataKey: Id): boolean {
    return this.slots.get(dataKey)?.manifest !== undefined;
  }

  /** Keeps the manifest of the slot stored under `dataKey`; written once the slot has data. */
  keepManifest(dataKey: Id, manifest: StoredManifest): Promise<void> {
    const s = this.slot(dataKey);
    this.setManifest(s, manifest);
    return this.queue(s);
  }

  /**
   * Keeps one stored block's proof, after the block itself is in the slot data. Served at once;
   * the returned promise settles when the batch holding it is on disk (callers need not wait).
   */
  keepProof(dataKey: Id, proof: StoredProof): Promise<void> {
    const s = this.slot(dataKey);
    s.records.push(encodeProofRecord(proof));
    s.unwritten++;
    s.leaves.set(proof.datasetIndex, proof);
    if (s.unwritten >= Math.max(BATCH, s.records.length / 4)) return this.writeSoon(s, 0);
    return this.writeSoon(s, AFTER_MS);
  }

  /** Writes every unwritten proof now and waits for writes under way (at close). Rejects when one fails. */
  async flush(): Promise<void> {
    await Promise.all([...this.slots.values()].map((s) => (s.unwritten > 0 ? this.writeSoon(s, 0) : s.chain)));
  }

  /** Stops serving a slot (freed or deleted); its sidecars go with its data in the repo. */
  forget(dataKey: Id): void {
    const s = this.slots.get(dataKey);
    if (!s) return;
    this.slots.delete(dataKey);
    if (s.manifest) {
      this.byTree.delete(hex(s.manifest.treeCid));
      this.manifests.delete(hex(s.manifest.cid));
    }
  }

  hasLeaf(treeCid: Uint8Array, index: number): boolean {
    const s = this.byTree.get(hex(treeCid));
    return s !== undefined && s.leaves.has(index) && this.present(s);
  }

  async leaf(treeCid: Uint8Array, index: number): Promise<ServedLeaf | undefined> {
    const s = this.byTree.get(hex(treeCid));
    const p = s?.leaves.get(index);
    if (!s || !p || !this.present(s)) return undefined;
    const data = await this.repo.readSlotData(s.dataKey, p.index * BLOCK_SIZE, BLOCK_SIZE);
    if (data.length !== BLOCK_SIZE) return undefined;
    return { data, proof: p.proof };
  }

  hasBlock(cid: Uint8Array): boolean {
    const s = this.manifests.get(hex(cid));
    return s !== undefined && this.present(s);
  }

  block(cid: Uint8Array): Uint8Array | undefined {
    const s = this.manifests.get(hex(cid));
    return s && this.present(s) ? s.manifest?.bytes : undefined;
  }

  private present(s: HeldSlot): boolean {
    if (this.repo.slotDataSize(s.dataKey) > 0n) return true;
    if (s.written) this.forget(s.dataKey); // the data left the repo: the slot was freed
    return false;
  }

  private slot(dataKey: Id): HeldSlot {
    let s = this.slots.get(dataKey);
    if (!s) {
      s = { dataKey, leaves: new Map(), records: [], unwritten: 0, written: false, chain: Promise.resolve() };
      this.slots.set(dataKey, s);
    }
    return s;
  }

  private setManifest(s: HeldSlot, m: StoredManifest): void {
    s.manifest = m;
    this.byTree.set(hex(m.treeCid), s);
    this.manifests.set(hex(m.cid), s);
  }

  /** The write that takes the slot's unwritten records: scheduled once, brought forward when `ms` is 0. */
  private writeSoon(s: HeldSlot, ms: number): Promise<void> {
    if (!s.pending) {
      const due = new Promise<void>((resolve) => (s.release = resolve));
      s.pending = due.then(() => {
        s.timer = undefined;
        s.pending = undefined;
        s.unwritten = 0;
        return this.queue(s);
      });
      if (ms > 0) (s.timer = setTimeout(s.release!, ms)).unref();
      else s.release!();
    } else if (ms === 0 && s.timer) {
      clearTimeout(s.timer);
      s.timer = undefined;
      s.release!();
    }
    return s.pending;
  }

  // Writes run one at a time per slot, each writing the newest state atomically.
  private queue(s: HeldSlot): Promise<void> {
    const run = s.chain.catch(() => undefined).then(() => this.write(s));
    s.chain = run;
    return run;
  }

  private async write(s: HeldSlot): Promise<void> {
    if (this.repo.slotDataSize(s.dataKey) === 0n) return; // no data yet: written with the first block
    if (s.manifest) await this.repo.writeSlotFile(s.dataKey, SERVE_MANIFEST_FILE, encodeManifestFile(s.manifest));
    if (s.records.length > 1) s.records.splice(0, s.records.length, Buffer.concat(s.records));
    await this.repo.writeSlotFile(s.dataKey, SERVE_PROOFS_FILE, s.records[0] ?? new Uint8Array(0));
    s.written = true;
  }
}
