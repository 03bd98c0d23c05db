// A simulated client's dataset as its peer serves it on the Codex network: the SHA-256 tree over
// every slot's data blocks and the verifiable manifest (market/clients/layout.ts), with ecM the
// request's maxSlotLoss as a Codex client sets it. Pad blocks are not part of the dataset: a slot's
// steps are its data blocks, and 64 KiB × nextPow2(steps) is the request's slotSize.
import type { StorageRequest } from '../../engine/index';
import { networkLayout, type NetworkLayout } from '../clients/layout';
import { contentBlock, datasetShape } from './content';
import type { SimManifest } from './manifest';

/** The request's content, from the manifest its client hashed, laid out for the network. */
export function simNetworkLayout(
  chainSeed: string,
  request: Pick<StorageRequest, 'nonce' | 'ask'>,
  manifest: Pick<SimManifest, 'slotRoots' | 'verifyRoot' | 'blocksPerSlot'>,
): NetworkLayout {
  const layout = datasetShape(request);
  if (!layout.ok) throw new RangeError(layout.message);
  const { shape } = layout;
  return networkLayout({
    slotRoots: manifest.slotRoots,
    verifyRoot: manifest.verifyRoot,
    blocksPerSlot: manifest.blocksPerSlot,
    ecM: Number(request.ask.maxSlotLoss),
    block: (slotIndex, index) => contentBlock(chainSeed, request, shape, Number(slotIndex), index),
  });
}
