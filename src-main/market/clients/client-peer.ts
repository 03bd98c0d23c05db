// The devnet's simulated clients as one Codex peer on loopback: it serves the manifest and the
// blocks of every dataset they posted over the block exchange, generating each block again from the
// chain seed and the request's nonce when asked (only the SHA-256 trees are kept). A request whose
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
import type { DevnetContent } from './content';

/** Reads the clients' datasets as the exchange server's store. */
export function clientBlocks(content: DevnetContent): ServedBlocks {
  const leafOf = (treeCid: Uint8Array, index: number) => {
    const dataset = content.servedTree(treeCid);
    if (!dataset || !Number.isInteger(index) || index < 0 || index >= dataset.layout.leaves.length) return undefined;
    return { dataset, index };
  };
  return {
    hasLeaf: (treeCid, index) => leafOf(treeCid, index) !== undefined,
    leaf(treeCid, index): ServedLeaf | undefined {
      const found = leafOf(treeCid, index);
      if (!found) return undefined;
      const { dataset } = found;
      const slot = Math.floor(index / dataset.blocksPerSlot);
      return {
        data: dataset.block(BigInt(slot), index % dataset.blocksPerSlot),
        proof: encodeProof(dataset.layout.tree.proof(index)),
        cid: buildCid(CODEX_BLOCK, SHA2_256, dataset.layout.leaves[index]!),
      };
    },
    hasBlock: (cid) => content.servedManifest(cid) !== undefined,
    block: (cid) => content.servedManifest(cid)?.layout.manifest.bytes,
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
export async function startClientPeer(content: DevnetContent): Promise<ClientPeer> {
  const provider = await startProvider({ store: clientBlocks(content) });
  const address = provider.multiaddrs[0];
  if (!address) {
    await provider.stop();
    throw new Error('the devnet clients’ peer has no loopback address');
  }
  return {
    provider,
    peer: { peerId: provider.node.libp2p.peerId.toString(), multiaddr: address },
    stop: () => provider.stop(),
  };
}
