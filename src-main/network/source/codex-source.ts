// The Codex network as the engine's slot data source (nim's onStore up to the slot-root check,
// which the proof system makes): fetch the manifest named by the request's content CID, check it
// and the request against each other, then fetch the slot's blocks on demand, each proven against
// the dataset tree, into the engine's sink. Every failure is a ContentUnavailableError whose reason
// says what was wrong and with whom. Repair slots need Leopard decoding of the whole dataset, which
// no package provides: canRepair is false.
import {
  ContentUnavailableError,
  type BlockSink,
  type SlotDataset,
  type SlotDataSource,
  type WantedSlot,
} from '../../engine/index';
import { messageOf, NetworkError } from '../errors';
import type { BlockExchange } from '../exchange/exchange';
import { FetchFailedError, type WantedBlock } from '../exchange/fetch';
import { checkBlock, checkLeaf } from '../exchange/verify';
import { cidToString, expectCid } from '../ids/cid';
import { CODEX_MANIFEST, SHA2_256 } from '../ids/codecs';
import { decodeManifest, MAX_MANIFEST_BYTES } from '../manifest/manifest';
import { checkAsk, checkManifest, slotBlockIndices, type VerifiableManifest } from '../manifest/validate';
import type { NetworkNode } from '../node/node';
import { TreeVerifier } from '../tree/tree-verifier';
import type { StaticPeer } from '../node/options';
import { peerSearch, type FindProviders } from './peers';

/** How the data source reaches peers. */
export interface CodexSourceOptions {
  /** --peer peers: dialled first for every dataset. */
  readonly staticPeers?: readonly StaticPeer[];
  /** Discovery (the Codex DHT): providers of a CID. */
  readonly findProviders?: FindProviders;
  /**
   * Lend block buffers to the sink: the bytes given to `put` stay valid only until it resolves,
   * then hold another block. Saves the garbage collector most of a download's work; turn it on
   * only with a sink that has written or copied the bytes by the time `put` resolves.
   */
  readonly lendBlocks?: boolean;
  /**
   * Each stored block's CodexProof, once the sink has it: a host that serves its slots keeps these
   * (serving a leaf needs its proof, and only the delivery carries it).
   */
  readonly onBlockProof?: (proof: BlockProof) => void | Promise<void>;
  /** Each manifest that passed the checks: a host keeps it to serve and announces its CIDs. */
  readonly onManifest?: (manifest: FetchedManifest) => void | Promise<void>;
}

/** A stored block's proof against its dataset tree. */
export interface BlockProof {
  readonly requestId: string;
  readonly slotIndex: bigint;
  /** The block's index in the slot. */
  readonly index: number;
  /** Its index in the dataset (the tree's leaf index). */
  readonly datasetIndex: number;
  readonly treeCid: Uint8Array;
  /** The encoded CodexProof, as ServedLeaf.proof takes it. */
  readonly proof: Uint8Array;
}

/** A block of a stored slot fetched again for its proof: the slot already holds its bytes. */
export interface ProvenBlock {
  /** The block's index in the slot. */
  readonly index: number;
  /** Its index in the dataset (the tree's leaf index). */
  readonly datasetIndex: number;
  /** The delivered bytes (empty for an empty block), checked against the dataset tree with `proof`. */
  readonly data: Uint8Array;
  /** The encoded CodexProof. */
  readonly proof: Uint8Array;
}

/** A manifest fetched and checked for a request. */
export interface FetchedManifest {
  readonly requestId: string;
  readonly cid: Uint8Array;
  readonly bytes: Uint8Array;
  readonly manifest: VerifiableManifest;
}

function hexBytes(text: string): Uint8Array | undefined {
  const digits = text.startsWith('0x') ? text.slice(2) : text;
  return /^([0-9a-fA-F]{2})+$/.test(digits) ? Uint8Array.from(Buffer.from(digits, 'hex')) : undefined;
}

/** Fetches slots from the Codex network. */
export class CodexDataSource implements SlotDataSource {
  readonly canRepair = false;

  constructor(
    private readonly node: NetworkNode,
    private readonly exchange: BlockExchange,
    private readonly options: CodexSourceOptions = {},
  ) {}

  private search(cids: readonly Uint8Array[], notes: string[]) {
    return peerSearch(
      {
        node: this.node,
        staticPeers: this.options.staticPeers ?? [],
        ...(this.options.findProviders ? { findProviders: this.options.findProviders } : {}),
        banned: (p) => this.exchange.banned(p),
        dialTimeoutMs: this.exchange.timings.dialTimeoutMs,
      },
      cids,
      notes,
    );
  }

  /** Runs a download, turning its failure into ContentUnavailableError with what the peer search saw. */
  private async run(slot: WantedSlot, work: (notes: string[]) => Promise<void>): Promise<void> {
    const notes: string[] = [];
    try {
      await work(notes);
    } catch (error) {
      if (error instanceof FetchFailedError)
        throw new ContentUnavailableError(
          slot.requestId,
          `${messageOf(error)}${notes.length ? `; ${notes.join('; ')}` : ''}`,
        );
      throw error;
    }
  }

  async dataset(slot: WantedSlot, signal: AbortSignal): Promise<SlotDataset> {
    const unavailable = (reason: string) => new ContentUnavailableError(slot.requestId, reason);
    const cidBytes = hexBytes(slot.request.content.cid);
    let cid: Uint8Array;
    try {
      cid = expectCid(cidBytes ?? new Uint8Array(0), CODEX_MANIFEST, SHA2_256, 'content CID').bytes;
    } catch (error) {
      throw unavailable(`${messageOf(error)} (the request names ${slot.request.content.cid.slice(0, 20)}…)`);
    }
    const name = `manifest ${cidToString(cid)}`;
    let bytes: Uint8Array | undefined;
    const item: WantedBlock = {
      address: { leaf: false, cid },
      label: name,
      check: (d) => checkBlock(d, cid, CODEX_MANIFEST, MAX_MANIFEST_BYTES),
      store: async (data) => void (bytes = data),
    };
    await this.run(slot, (notes) => this.exchange.fetch([item], this.search([cid], notes), signal, name));
    let vm: VerifiableManifest;
    try {
      vm = checkManifest(decodeManifest(bytes!));
      checkAsk(vm, slot.request.ask, slot.slotIndex);
    } catch (error) {
      if (error instanceof NetworkError) throw unavailable(`${name} cannot be stored: ${error.message}`);
      throw error;
    }
    await this.options.onManifest?.({ requestId: slot.requestId, cid, bytes: bytes!, manifest: vm });
    const indices = slotBlockIndices(vm, Number(slot.slotIndex));
    const verifier = new TreeVerifier(vm.treeRoot, vm.blocksCount);
    return {
      slotRoots: vm.slotRoots,
      verifyRoot: vm.verifyRoot,
      blockCount: indices.length,
      fetchBlocks: (wanted, sink, fetchSignal) =>
        this.fetchBlocks(slot, vm, verifier, cid, indices, wanted, sink, fetchSignal),
    };
  }

  /**
   * Fetches blocks `wanted` of slot `slotIndex` again, for their proofs only, from peers holding the
   * dataset of `manifest` (the one kept beside the slot): each delivery is checked against the
   * manifest's tree as a download's are, then handed to `keep`; no sink sees it. Rejects with
   * FetchFailedError when peers stop giving them (the ones kept by then stay kept), NetworkError when
   * the manifest does not check.
   */
  async fetchProofs(
    manifest: { readonly cid: Uint8Array; readonly bytes: Uint8Array },
    slotIndex: number,
    wanted: readonly number[],
    keep: (block: ProvenBlock) => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    const vm = checkManifest(decodeManifest(manifest.bytes));
    const slotIndices = slotBlockIndices(vm, slotIndex);
    const verifier = new TreeVerifier(vm.treeRoot, vm.blocksCount);
    const treeCid = vm.manifest.treeCid;
    const expect = { treeRoot: vm.treeRoot, nleaves: vm.blocksCount, blockSize: vm.manifest.blockSize };
    const proofs = new Map<number, Uint8Array>();
    const items: WantedBlock[] = wanted.map((i) => {
      const index = slotIndices[i];
      if (index === undefined) throw new RangeError(`block ${i} is not a block of slot ${slotIndex}`);
      return {
        address: { leaf: true, treeCid, index },
        label: `block ${i} of slot ${slotIndex} (dataset block ${index}), for its proof`,
        check: (d) => {
          const checked = checkLeaf(d, { ...expect, index, verifier });
          if (checked.ok) proofs.set(i, new Uint8Array(d.proof!));
          return checked;
        },
        store: async (data) => {
          const proof = proofs.get(i);
          proofs.delete(i);
          if (proof) await keep({ index: i, datasetIndex: index, data, proof });
        },
      };
    });
    const notes: string[] = [];
    const what = `proofs of slot ${slotIndex} of dataset ${cidToString(treeCid)}`;
    try {
      await this.exchange.fetch(items, this.search([treeCid, manifest.cid], notes), signal, what);
    } catch (error) {
      if (error instanceof FetchFailedError && notes.length > 0)
        throw new FetchFailedError(`${error.message}; ${notes.join('; ')}`, { cause: error });
      throw error;
    }
  }

  private async fetchBlocks(
    slot: WantedSlot,
    vm: VerifiableManifest,
    verifier: TreeVerifier,
    manifestCid: Uint8Array,
    slotIndices: readonly number[],
    wanted: readonly number[],
    sink: BlockSink,
    signal: AbortSignal,
  ): Promise<void> {
    const treeCid = vm.manifest.treeCid;
    const expect = { treeRoot: vm.treeRoot, nleaves: vm.blocksCount, blockSize: vm.manifest.blockSize };
    const keep = this.options.onBlockProof;
    const proofs = new Map<number, Uint8Array>();
    const seen = new Set<number>();
    const items: WantedBlock[] = wanted.map((i) => {
      const index = slotIndices[i];
      if (!Number.isInteger(i) || index === undefined || seen.has(i))
        throw new RangeError(
          `block ${i} is not a block of slot ${slot.slotIndex} (0 to ${slotIndices.length - 1}), or is repeated`,
        );
      seen.add(i);
      return {
        address: { leaf: true, treeCid, index },
        label: `block ${i} of slot ${slot.slotIndex} (dataset block ${index})`,
        check: (d) => {
          const checked = checkLeaf(d, { ...expect, index, verifier });
          if (checked.ok && keep) proofs.set(i, new Uint8Array(d.proof!));
          return checked;
        },
        store: async (data) => {
          await sink.put(i, data);
          const proof = proofs.get(i);
          proofs.delete(i);
          if (keep && proof)
            await keep({
              requestId: slot.requestId,
              slotIndex: slot.slotIndex,
              index: i,
              datasetIndex: index,
              treeCid,
              proof,
            });
        },
      };
    });
    const what = `slot ${slot.slotIndex} of dataset ${cidToString(treeCid)}`;
    // Codex advertises both the manifest and its tree; providers of either hold the blocks.
    await this.run(slot, (notes) =>
      this.exchange.fetch(items, this.search([treeCid, manifestCid], notes), signal, what, this.options.lendBlocks),
    );
  }
}
