// Where a download looks for peers: the --peer peers first; then, while blocks are stuck, whatever
// discovery finds for the dataset's CIDs; and peers already connected to us (a client that dialled
// us, as Codex asks every connected peer). Each is dialled with a bound; failures are remembered for
// the error message, never thrown.
import type { PeerId } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { messageOf } from '../errors';
import { bounded } from '../wire/bounded';
import type { FindPeers } from '../exchange/fetch';
import type { NetworkNode } from '../node/node';
import type { StaticPeer } from '../node/options';

/** A provider found by discovery: its peer id and TCP addresses (from its signed peer record). */
export interface ProviderInfo {
  readonly peerId: string;
  readonly addrs: readonly (Multiaddr | string)[];
}

/**
 * Discovery's answer for one CID. CodexDht (../dht) fits as
 * `(cid, signal) => dht.findProviders({ bytes: cid }, { signal })`.
 */
export type FindProviders = (cid: Uint8Array, signal: AbortSignal) => Promise<readonly ProviderInfo[]>;

/** What a peer search may use. */
export interface PeerSources {
  readonly node: NetworkNode;
  readonly staticPeers: readonly StaticPeer[];
  readonly findProviders?: FindProviders;
  readonly banned: (peer: PeerId) => boolean;
  readonly dialTimeoutMs: number;
}

/** Notes kept for an error message. */
const MAX_NOTES = 8;

/** A FindPeers for a download of blocks advertised under `cids`; `notes` keeps the last few things that went wrong. */
export function peerSearch(sources: PeerSources, cids: readonly Uint8Array[], notes: string[]): FindPeers {
  const { node } = sources;
  const self = node.peerId.toString();
  const note = (text: string) => {
    notes.push(text);
    if (notes.length > MAX_NOTES) notes.shift();
  };
  return async (round, signal) => {
    const found = new Map<string, PeerId>();
    const within = <T>(work: (bound: AbortSignal) => Promise<T>) => bounded(sources.dialTimeoutMs, signal, work);
    const dial = async (id: string, target: () => Promise<unknown>): Promise<PeerId | undefined> => {
      if (id === self) return undefined;
      const peerId = peerIdFromString(id);
      if (sources.banned(peerId)) return undefined;
      try {
        await target();
        return peerId;
      } catch (error) {
        note(`${id.slice(0, 10)}… could not be dialled: ${messageOf(error)}`);
        return undefined;
      }
    };
    const add = (ids: readonly (PeerId | undefined)[]) => {
      for (const id of ids) if (id && !found.has(id.toString())) found.set(id.toString(), id);
    };
    // Dialled together, kept in the order given: the first --peer is preferred on ties.
    add(
      await Promise.all(
        sources.staticPeers.map((p) =>
          dial(p.peerId, () => within((bound) => node.libp2p.dial(multiaddr(p.multiaddr), { signal: bound }))),
        ),
      ),
    );
    if (sources.findProviders && (round > 0 || found.size === 0)) {
      for (const cid of cids) {
        let providers: readonly ProviderInfo[] = [];
        try {
          providers = await sources.findProviders(cid, signal);
        } catch (error) {
          note(`provider search failed: ${messageOf(error)}`);
        }
        add(
          await Promise.all(
            providers.map((p) =>
              dial(p.peerId, () => within((bound) => node.connect(p.peerId, p.addrs.map(String), bound))),
            ),
          ),
        );
      }
    }
    add(node.libp2p.getPeers().filter((p) => !sources.banned(p)));
    return [...found.values()];
  };
}
