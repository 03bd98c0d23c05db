import { generateKeyPair } from '@libp2p/crypto/keys';
import type { Stream } from '@libp2p/interface';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage, ZERO_PRICE } from '../../../../src-main/network/blockexc/codec';
import { FrameDecoder, frameChunks } from '../../../../src-main/network/blockexc/framing';
import { encodeMessage } from '../../../../src-main/network/blockexc/codec';
import {
  BLOCKEXC_PROTOCOL,
  type BlockAddress,
  type Message,
  type WantEntry,
} from '../../../../src-main/network/blockexc/message';
import { checkLeaf } from '../../../../src-main/network/exchange/verify';
import { EMPTY_BLOCK_CID, treeCid } from '../../../../src-main/network/ids/cid';
import { NetworkNode } from '../../../../src-main/network/node/node';
import { startProvider, type Provider } from '../../../../src-main/network/provider/provider';
import { testDataset } from '../helpers/network';

/** A bare client: sends raw want lists on its stream and collects every message the provider sends back. */
async function rawClient(provider: Provider) {
  const node = await NetworkNode.start({
    privateKey: await generateKeyPair('secp256k1'),
    listenAddrs: ['/ip4/127.0.0.1/tcp/0'],
  });
  const got: Required<Message>[] = [];
  const read = (stream: Stream) => {
    const decoder = new FrameDecoder(1 << 30);
    stream.addEventListener('message', (e) => {
      for (const f of decoder.push(e.data)) got.push(decodeMessage(f));
    });
  };
  await node.libp2p.handle(BLOCKEXC_PROTOCOL, (stream) => read(stream));
  const stream = await node.libp2p.dialProtocol(provider.node.peerId, BLOCKEXC_PROTOCOL).catch(async () => {
    await node.connect(provider.node.peerId.toString(), provider.multiaddrs);
    return node.libp2p.dialProtocol(provider.node.peerId, BLOCKEXC_PROTOCOL);
  });
  read(stream);
  return {
    got,
    send(entries: WantEntry[]) {
      const body = encodeMessage({ wantlist: { entries, full: false } });
      stream.send(frameChunks([body], body.length));
    },
    async until(done: () => boolean) {
      for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(done()).toBe(true);
    },
    stop: () => node.stop(),
  };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

const entry = (address: BlockAddress, wantType: 'have' | 'block', extra: Partial<WantEntry> = {}): WantEntry => ({
  address,
  priority: 0,
  cancel: false,
  wantType,
  sendDontHave: false,
  ...extra,
});

describe('serving blocks as a Codex node does', () => {
  const data = testDataset(44, 2, 1);
  const leaf = (index: number): BlockAddress => ({ leaf: true, treeCid: data.ds.treeCid, index });

  it('answers WantHave with Have, and with DontHave only when asked to', async () => {
    const provider = await startProvider({ store: data.store });
    const client = await rawClient(provider);
    stops.push(provider.stop, client.stop);
    const unknown: BlockAddress = { leaf: true, treeCid: treeCid(new Uint8Array(32)), index: 0 };
    client.send([
      entry(leaf(3), 'have'),
      entry(unknown, 'have'),
      entry({ ...unknown, index: 1 }, 'have', { sendDontHave: true }),
      entry({ leaf: false, cid: data.manifest.cid }, 'have'),
      entry({ leaf: false, cid: EMPTY_BLOCK_CID }, 'have'),
    ]);
    await client.until(() => client.got.flatMap((m) => m.presences).length === 4);
    const presences = client.got.flatMap((m) => m.presences);
    expect(presences.map((p) => [p.address.leaf ? p.address.index : 'cid', p.type])).toEqual([
      [3, 'have'],
      [1, 'dontHave'],
      ['cid', 'have'],
      ['cid', 'have'],
    ]);
    expect([...presences[0]!.price]).toEqual([...ZERO_PRICE]);
  });

  it('sends wanted blocks at most 20 per message, each with a proof that verifies', async () => {
    const provider = await startProvider({ store: data.store });
    const client = await rawClient(provider);
    stops.push(provider.stop, client.stop);
    const wanted = Array.from({ length: 45 }, (_, i) => i);
    client.send(wanted.map((i) => entry(leaf(i), 'block')));
    await client.until(() => client.got.flatMap((m) => m.payload).length === 45);
    const messages = client.got.filter((m) => m.payload.length > 0);
    expect(Math.max(...messages.map((m) => m.payload.length))).toBe(20);
    for (const d of messages.flatMap((m) => m.payload)) {
      const index = d.address.leaf ? d.address.index : -1;
      expect(
        checkLeaf(d, { treeRoot: data.ds.tree.root, index, nleaves: data.ds.blocks.length, blockSize: 65_536 }),
      ).toMatchObject({ ok: true });
    }
  });

  it('honours a cancel sent before the blocks go out, and ignores a cancel for nothing wanted', async () => {
    const provider = await startProvider({ store: data.store, servingLimits: { maxPeersServed: 1 } });
    const client = await rawClient(provider);
    stops.push(provider.stop, client.stop);
    client.send([
      entry(leaf(50), 'have', { cancel: true }),
      ...[0, 1, 2].map((i) => entry(leaf(i), 'block')),
      entry(leaf(1), 'have', { cancel: true }),
    ]);
    await client.until(() => client.got.flatMap((m) => m.payload).length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    const sent = client.got.flatMap((m) => m.payload).map((d) => (d.address.leaf ? d.address.index : -1));
    expect(sent.sort()).toEqual([0, 2]);
  });
});
