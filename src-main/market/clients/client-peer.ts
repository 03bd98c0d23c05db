// A market's simulated clients as one Codex peer on loopback: it serves the manifest and the blocks
// of every dataset they posted over the block exchange, each block generated again when asked (only
// the SHA-256 trees are kept). Both the embedded market and the devnet run one; a request whose
// client stopped serving it is answered DontHave, so a host's download ends as content unavailable.
import {
  buildCid,
  CODEX_BLOCK,
  encodeProof,
  SHA2_256,
  startProvider,
  type Provider,
  type ServedBlocks,
  type ServedLeaf,
  type StaticPeer,
} from '../../network/index';
import type { NetworkLayout } from './layout';

/** One dataset as the clients' peer serves it. */
export interface ServedDataset {
  readonly layout: NetworkLayout;
  /** Dataset blocks per slot (Codex's steps): slot s is dataset blocks [s·steps, (s+1)·steps). */
  readonly blocksPerSlot: number;
  /** Block `index` of slot `slotIndex`: 64 KiB. */
  block(slotIndex: bigint, index: number): Uint8Array;
}

/** What the clients serve, found by the CIDs a host asks for. */
export interface ClientDatasets {
  /** The dataset whose SHA-256 tree has this CID, unless its client stopped serving it. */
  servedTree(treeCid: Uint8Array): ServedDataset | undefined | Promise<ServedDataset | undefined>;
  /** The dataset whose manifest has this CID, unless its client stopped serving it. */
  servedManifest(cid: Uint8Array): ServedDataset | undefined | Promise<ServedDataset | undefined>;
}

/** Reads the clients' datasets as the exchange server's store. */
export function clientBlocks(datasets: ClientDatasets): ServedBlocks {
  const leafOf = async (treeCid: Uint8Array, index: number) => {
    const dataset = await datasets.servedTree(treeCid);
    if (!dataset || !Number.isInteger(index) || index < 0 || index >= dataset.layout.leaves.length) return undefined;
    return dataset;
  };
  return {
    hasLeaf: async (treeCid, index) => (await leafOf(treeCid, index)) !== undefined,
    async leaf(treeCid, index): Promise<ServedLeaf | undefined> {
      const dataset = await leafOf(treeCid, index);
      if (!dataset) return undefined;
      const slot = Math.floor(index / dataset.blocksPerSlot);
      return {
        data: dataset.block(BigInt(slot), index % dataset.blocksPerSlot),
        proof: encodeProof(dataset.layout.tree.proof(index)),
        cid: buildCid(CODEX_BLOCK, SHA2_256, dataset.layout.leaves[index]!),
      };
    },
    hasBlock: async (cid) => (await datasets.servedManifest(cid)) !== undefined,
    block: async (cid) => (await datasets.servedManifest(cid))?.layout.manifest.bytes,
  };
}

/** The clients' running peer. */
export interface ClientPeer {
  readonly provider: Provider;
  /** What a host takes as --peer. */
  readonly peer: StaticPeer;
  stop(): Promise<void>;
}

/** Starts the clients' peer on a random loopback port. */
export async function startClientPeer(datasets: ClientDatasets, name = 'the simulated clients'): Promise<ClientPeer> {
  const provider = await startProvider({ store: clientBlocks(datasets) });
  const address = provider.multiaddrs[0];
  if (!address) {
    await provider.stop();
    throw new Error(`${name}’ peer has no loopback address`);
  }
  return {
    provider,
    peer: { peerId: provider.node.libp2p.peerId.toString(), multiaddr: address },
    stop: () => provider.stop(),
  };
}
