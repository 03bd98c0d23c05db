// Bad peers never crash or stall the host: each misbehaviour below comes from a scripted peer that
// answers first (the honest peer waits a little before saying it has the blocks, so the bad one is
// given them); the download must finish from the honest peer with the right bytes, and the bad peer
// must be banned where it lied. Alone, the bad peer makes the download fail
// with a ContentUnavailableError that says what it did.
import { afterEach, describe, expect, it } from 'vitest';
import { ContentUnavailableError } from '../../../../src-main/engine/index';
import { encodeMessage } from '../../../../src-main/network/blockexc/codec';
import type { BlockDelivery } from '../../../../src-main/network/blockexc/message';
import type { ExchangeTimings } from '../../../../src-main/network/exchange/timings';
import { hex } from '../../../../src-main/network/ids/cid';
import { decodeProof, encodeProof } from '../../../../src-main/network/tree/proof-codec';
import { ProtoWriter } from '../../../../src-main/network/wire/protobuf';
import { encodeVarint } from '../../../../src-main/network/wire/varint';
import { collectingSink, range, startTestHost, testDataset, type TestDataset } from '../helpers/network';
import { startScriptedPeer, type Script } from '../helpers/scripted-peer';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((s) => s()));
});

const tamper = (fn: (d: BlockDelivery) => BlockDelivery): Script => ({
  deliver: (wanted, honest) => wanted.map((a) => ({ message: { payload: [fn(honest(a)!)] } })),
});

const flipProof = (d: BlockDelivery): BlockDelivery => {
  const proof = decodeProof(d.proof!);
  const path = proof.path.map((p, i) => (i === 0 ? Uint8Array.from(p, (b, j) => (j === 0 ? b ^ 0xff : b)) : p));
  return { ...d, proof: encodeProof({ ...proof, path }) };
};

const flipData = (d: BlockDelivery): BlockDelivery => {
  const data = Uint8Array.from(d.data!);
  data[100] = data[100]! ^ 1;
  return { ...d, data };
};

async function downloadWith(data: TestDataset, script: Script, slot = 0) {
  const bad = await startScriptedPeer(data.store, script);
  const good = await startScriptedPeer(data.store, { presenceDelayMs: 250 });
  const host = await startTestHost([bad, good]);
  stops.push(bad.stop, good.stop, host.stop);
  const dataset = await host.source.dataset(data.slot(slot), AbortSignal.timeout(10_000));
  const sink = collectingSink();
  await dataset.fetchBlocks(range(dataset.blockCount), sink, AbortSignal.timeout(10_000));
  for (const [i, b] of sink.blocks) expect(hex(b), `block ${i}`).toBe(hex(data.blocks(slot)[i]!));
  expect(sink.blocks.size).toBe(dataset.blockCount);
  return { banned: host.exchange.banned(bad.node.peerId), bad };
}

describe('a download facing a bad peer', () => {
  const data = testDataset(12, 2, 1);

  it('refuses a block whose proof does not verify (nim accepts it), bans the peer, and gets it elsewhere', async () => {
    expect((await downloadWith(data, tamper(flipProof))).banned).toBe(true);
  });

  it('refuses a block whose bytes do not match its CID', async () => {
    expect((await downloadWith(data, tamper(flipData))).banned).toBe(true);
  });

  it('refuses a delivery without its data field', async () => {
    const script: Script = {
      deliver: (wanted, honest) =>
        wanted.map((a) => {
          const d = honest(a)!;
          if (!a.leaf) throw new Error('leaf expected');
          const address = new ProtoWriter().bool(1, true).bytes(2, a.treeCid).uint(3, a.index);
          const delivery = new ProtoWriter().bytes(1, d.cid).message(3, address).bytes(4, d.proof!);
          return { body: new ProtoWriter().message(3, delivery).finish() };
        }),
    };
    expect((await downloadWith(data, script)).banned).toBe(true);
  });

  it('drops a truncated message and closes that stream, then uses the honest peer', async () => {
    const script: Script = {
      deliver: (wanted, honest) => {
        const body = encodeMessage({ payload: wanted.slice(0, 1).map((a) => honest(a)!) });
        return [{ body: body.subarray(0, body.length - 40) }];
      },
    };
    expect((await downloadWith(data, script)).banned).toBe(true);
  });

  it('refuses a frame longer than the message limit without buffering it', async () => {
    const script: Script = { deliver: () => [{ raw: Uint8Array.from([...encodeVarint(200 << 20), 1, 2, 3]) }] };
    expect((await downloadWith(data, script)).banned).toBe(true);
  });

  it('drops blocks nobody asked that peer for and bans a peer that keeps sending them', async () => {
    const script: Script = {
      deliver: (wanted, honest) => {
        const asked = new Set(wanted.map((a) => (a.leaf ? a.index : -1)));
        const others = range(data.ds.blocks.length).filter((i) => !asked.has(i));
        return others.map((i) => ({ message: { payload: [honest({ ...wanted[0]!, index: i } as never)!] } }));
      },
    };
    expect((await downloadWith(data, script)).banned).toBe(true);
  });

  it('moves on when a peer goes away in the middle of a slot', async () => {
    const peer: { bad?: Awaited<ReturnType<typeof startScriptedPeer>> } = {};
    const script: Script = {
      deliver: (wanted, honest) => {
        setTimeout(() => void peer.bad?.stop(), 30);
        return [{ message: { payload: wanted.slice(0, 2).map((a) => honest(a)!) } }];
      },
    };
    const bad = (peer.bad = await startScriptedPeer(data.store, script));
    const good = await startScriptedPeer(data.store, { presenceDelayMs: 250 });
    // A minute of patience for silent peers: only the disconnect itself can move the blocks on in time.
    const host = await startTestHost([bad, good], { timings: { activityTimeoutMs: 60_000 } });
    stops.push(good.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(1), AbortSignal.timeout(10_000));
    const sink = collectingSink();
    await dataset.fetchBlocks(range(dataset.blockCount), sink, AbortSignal.timeout(10_000));
    expect(sink.blocks.size).toBe(dataset.blockCount);
    for (const [i, b] of sink.blocks) expect(hex(b)).toBe(hex(data.blocks(1)[i]!));
  });

  it('evicts a peer that says it has blocks but never sends them', async () => {
    const { banned, bad } = await downloadWith(data, { deliver: () => [] });
    expect(banned).toBe(false); // slowness is not misconduct
    expect(bad.received.some((m) => m.wantlist.entries.some((e) => e.cancel))).toBe(true);
  });

  it('treats a peer that never answers as not having the blocks', async () => {
    const { bad } = await downloadWith(data, { presence: () => 'silent', deliver: () => [] });
    const asked = bad.received
      .flatMap((m) => m.wantlist.entries)
      .filter((e) => e.address.leaf && e.wantType === 'have');
    expect(asked.length).toBeGreaterThan(0);
  });
});

describe('a download with only a bad peer', () => {
  const data = testDataset(4, 2, 1);

  async function failWith(script: Script, timings: Partial<ExchangeTimings>): Promise<string> {
    const bad = await startScriptedPeer(data.store, script);
    const host = await startTestHost([bad], { timings });
    stops.push(bad.stop, host.stop);
    const dataset = await host.source.dataset(data.slot(0), AbortSignal.timeout(10_000));
    const error = await dataset
      .fetchBlocks(range(dataset.blockCount), collectingSink(), AbortSignal.timeout(10_000))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentUnavailableError);
    return String(error);
  }

  it('fails with the lie it told', async () => {
    expect(await failWith(tamper(flipProof), { giveUpMs: 800 })).toMatch(
      /was banned: block \d of slot 0 \(dataset block \d\): proof does not lead to the dataset tree root/,
    );
  });

  it('fails naming the silence', async () => {
    const error = await failWith({ deliver: () => [] }, { activityTimeoutMs: 500, giveUpMs: 1_500 });
    expect(error).toMatch(/sent none of \d+ requested blocks in 1 s/);
  });
});
