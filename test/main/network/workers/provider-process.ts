// A Codex-style provider in its own process, for the loopback test and the benchmark: it lays out a
// dataset of random bytes (ecK + ecM slots of --blocks blocks), serves it over the block exchange,
// and, for the benchmark's baselines, sends slot 0's bytes to whoever connects to its raw TCP port or
// opens its raw-slot libp2p protocol.
// It prints one JSON line with its address, the manifest CID and each slot's SHA-256, then serves
// until its stdin closes, or until --max-seconds pass (so that it stops even if its parent hangs).
// The slot roots are SHA-256-derived stand-ins (no Poseidon2 here): the data source passes them
// through and never checks them; the proof system does.
import { randomFillSync } from 'node:crypto';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { hex, sha256 } from '../../../../src-main/network/ids/cid';
import { MemoryBlockStore } from '../../../../src-main/network/provider/memory-store';
import { prepareDataset, slotBlocks, verifiableManifest } from '../../../../src-main/network/provider/dataset';
import { startProvider } from '../../../../src-main/network/provider/provider';
import { RAW_SLOT_PROTOCOL } from './raw-slot';

const { values } = parseArgs({
  options: {
    blocks: { type: 'string' },
    'ec-k': { type: 'string' },
    'ec-m': { type: 'string' },
    tail: { type: 'string' },
    'max-seconds': { type: 'string' },
  },
});
const blocks = Number(values.blocks ?? 16);
const ecK = Number(values['ec-k'] ?? 1);
const ecM = Number(values['ec-m'] ?? 1);
// Bytes short of full blocks at the end of the original data: makes the chunker pad and, with
// ecK > 1, leaves empty pad blocks in the last data slot.
const tail = Number(values.tail ?? 0);

const data = randomFillSync(new Uint8Array(blocks * ecK * 65_536 - tail));
const ds = prepareDataset({
  data,
  ecK,
  ecM,
  parity: (row, step) => randomFillSync(new Uint8Array(65_536), 0, 16).fill(row + step, 16),
});
const slotDigests = Array.from({ length: ecK + ecM }, (_, s) => hex(sha256(...slotBlocks(ds, s))));
const stand = (s: string) => {
  const r = Uint8Array.from(Buffer.from(s, 'hex'));
  r[31] = 0; // below the BN254 modulus
  return r;
};
const manifest = verifiableManifest(ds, {
  slotRoots: slotDigests.map(stand),
  verifyRoot: stand(hex(sha256(ds.tree.root))),
});
const store = new MemoryBlockStore();
store.add(ds, manifest);
const provider = await startProvider({ store });

// The same bytes over the same libp2p stack (TCP + Noise + mplex) without the block exchange, so the
// benchmark can tell the stack's cost from ours.
await provider.node.libp2p.handle(RAW_SLOT_PROTOCOL, async (stream) => {
  for (const block of slotBlocks(ds, 0)) if (!stream.send(block)) await stream.onDrain();
  await stream.close();
});

const raw = createServer((socket) => {
  const slot = slotBlocks(ds, 0);
  let i = 0;
  const pump = () => {
    while (i < slot.length) if (!socket.write(slot[i++]!)) return void socket.once('drain', pump);
    socket.end();
  };
  pump();
});
await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({
    multiaddr: provider.multiaddrs[0],
    peerId: provider.node.peerId.toString(),
    manifestCid: hex(manifest.cid),
    slots: ecK + ecM,
    blocksPerSlot: ds.steps,
    slotDigests,
    rawPort: (raw.address() as { port: number }).port,
  })}\n`,
);
// A line "cpu" on stdin is answered with this process's CPU seconds so far (for the benchmark).
process.stdin.on('data', (d: Buffer) => {
  if (d.toString().includes('cpu')) {
    const c = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpu: (c.user + c.system) / 1e6 })}\n`);
  }
});
const maxSeconds = Number(values['max-seconds'] ?? 0);
if (maxSeconds > 0)
  setTimeout(() => {
    process.stderr.write(`provider: stopping after --max-seconds ${maxSeconds}\n`);
    process.exit(3);
  }, maxSeconds * 1000).unref();
process.stdin.on('end', () => {
  raw.close();
  void provider.stop().then(() => process.exit(0));
});
