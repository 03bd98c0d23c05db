// A peer whose answers a test writes: it speaks the block-exchange wire (frames, messages) on the
// streams the host opens, answers WantHave as its script says and sends, for each WantBlock list,
// whatever frames its script returns — honest deliveries, tampered ones, raw bytes, or nothing.
import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Stream } from '@libp2p/interface';
import { decodeMessage, encodeMessage, ZERO_PRICE } from '../../../../src-main/network/blockexc/codec';
import { FrameDecoder, frameChunks } from '../../../../src-main/network/blockexc/framing';
import {
  BLOCKEXC_PROTOCOL,
  type BlockAddress,
  type BlockDelivery,
  type Message,
  type WantEntry,
} from '../../../../src-main/network/blockexc/message';
import { NetworkNode } from '../../../../src-main/network/node/node';
import type { MemoryBlockStore } from '../../../../src-main/network/provider/memory-store';

/** Something the peer sends: a message, a message body it frames itself, or bytes written as they are. */
export type Outgoing = { message: Message } | { body: Uint8Array } | { raw: Uint8Array };

/** How the peer behaves. */
export interface Script {
  /** Milliseconds to wait before answering WantHave (lets another peer answer first). */
  presenceDelayMs?: number;
  /** Answer to one WantHave; default: Have when the store has it, else DontHave if asked. */
  presence?(entry: WantEntry): 'have' | 'dontHave' | 'silent';
  /** What to send for a WantBlock list of dataset blocks; default: the honest deliveries, 20 per message. Manifests are always served honestly. */
  deliver?(wanted: readonly BlockAddress[], honest: (a: BlockAddress) => BlockDelivery | undefined): Outgoing[];
}

/** A running scripted peer. */
export interface ScriptedPeer {
  readonly node: NetworkNode;
  readonly multiaddrs: readonly string[];
  /** Every message the host sent it. */
  readonly received: Required<Message>[];
  stop(): Promise<void>;
}

export async function startScriptedPeer(store: MemoryBlockStore, script: Script = {}): Promise<ScriptedPeer> {
  const node = await NetworkNode.start({
    privateKey: await generateKeyPair('secp256k1'),
    listenAddrs: ['/ip4/127.0.0.1/tcp/0'],
  });
  const received: Required<Message>[] = [];
  const honest = (a: BlockAddress): BlockDelivery | undefined => {
    if (!a.leaf) {
      const data = store.block(a.cid);
      return data && { cid: a.cid, data, address: a, proof: undefined };
    }
    const leaf = store.leaf(a.treeCid, a.index);
    return leaf && { cid: leaf.cid!, data: leaf.data, address: a, proof: leaf.proof };
  };
  const send = (stream: Stream, out: Outgoing) => {
    if (stream.writeStatus !== 'writable') return;
    if ('raw' in out) stream.send(out.raw);
    else {
      const body = 'body' in out ? out.body : encodeMessage(out.message);
      stream.send(frameChunks([body], body.length));
    }
  };
  const has = (a: BlockAddress) => (a.leaf ? store.hasLeaf(a.treeCid, a.index) : store.hasBlock(a.cid));
  await node.libp2p.handle(BLOCKEXC_PROTOCOL, (stream) => {
    const decoder = new FrameDecoder(1 << 30);
    stream.addEventListener('message', (event) => {
      for (const frame of decoder.push(event.data)) {
        const m = decodeMessage(frame);
        received.push(m);
        const presences = m.wantlist.entries
          .filter((e) => e.wantType === 'have' && !e.cancel)
          .flatMap((e) => {
            const answer = script.presence?.(e) ?? (has(e.address) ? 'have' : e.sendDontHave ? 'dontHave' : 'silent');
            return answer === 'silent' ? [] : [{ address: e.address, type: answer, price: ZERO_PRICE }];
          });
        if (presences.length > 0) {
          const answer = () => send(stream, { message: { presences } });
          if (script.presenceDelayMs) setTimeout(answer, script.presenceDelayMs);
          else answer();
        }
        const wanted = m.wantlist.entries.filter((e) => e.wantType === 'block' && !e.cancel).map((e) => e.address);
        if (wanted.length === 0) continue;
        const scripted = wanted.every((a) => a.leaf) ? script.deliver : undefined;
        const out =
          scripted?.(wanted, honest) ??
          Array.from({ length: Math.ceil(wanted.length / 20) }, (_, i) => ({
            message: { payload: wanted.slice(i * 20, i * 20 + 20).flatMap((a) => honest(a) ?? []) },
          }));
        for (const o of out) send(stream, o);
      }
    });
  });
  return {
    node,
    multiaddrs: node.libp2p.getMultiaddrs().map(String),
    received,
    stop: () => node.stop(),
  };
}
