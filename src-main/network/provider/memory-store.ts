// Datasets held in memory and served over the block exchange: the provider kit's store. Proofs are
// encoded once per block, on first request.
import { hex, sameBytes } from '../ids/cid';
import type { ServedBlocks, ServedLeaf } from '../exchange/server';
import { encodeProof } from '../tree/proof-codec';
import { datasetBlockCid, type PreparedDataset } from './dataset';

interface Entry {
  readonly ds: PreparedDataset;
  readonly proofs: (Uint8Array | undefined)[];
}

/** Serves prepared datasets and their manifests. */
export class MemoryBlockStore implements ServedBlocks {
  private readonly datasets = new Map<string, Entry>();
  private readonly manifests = new Map<string, Uint8Array>();

  /** Serves `ds`, and its manifest block when given. */
  add(ds: PreparedDataset, manifest?: { cid: Uint8Array; bytes: Uint8Array }): void {
    this.datasets.set(hex(ds.treeCid), { ds, proofs: [] });
    if (manifest) this.manifests.set(hex(manifest.cid), manifest.bytes);
  }

  /** Stops serving a dataset and its manifest. */
  remove(treeCid: Uint8Array, manifestCid?: Uint8Array): void {
    this.datasets.delete(hex(treeCid));
    if (manifestCid) this.manifests.delete(hex(manifestCid));
  }

  hasLeaf(treeCid: Uint8Array, index: number): boolean {
    const e = this.datasets.get(hex(treeCid));
    return e !== undefined && index < e.ds.blocks.length && sameBytes(e.ds.treeCid, treeCid);
  }

  leaf(treeCid: Uint8Array, index: number): ServedLeaf | undefined {
    const e = this.datasets.get(hex(treeCid));
    const data = e?.ds.blocks[index];
    if (!e || !data) return undefined;
    const proof = (e.proofs[index] ??= encodeProof(e.ds.tree.proof(index)));
    return { data, proof, cid: datasetBlockCid(e.ds, index) };
  }

  hasBlock(cid: Uint8Array): boolean {
    return this.manifests.has(hex(cid));
  }

  block(cid: Uint8Array): Uint8Array | undefined {
    return this.manifests.get(hex(cid));
  }
}
