// Chain adapter: whole host sales (reserve → approve + fill → proofs → free) on the in-process
// devnet, over the WebSocket as a host would run. Reports per sale the JSON-RPC requests by method
// and the gas of each transaction next to Codex's measured gas (docs/reference/marketplace-abi.md, contracts
// at a179deb, TestVerifier), the gas limit sent (the estimate with nim-codex's pads), and the latency
// from the host seeing a StorageRequested block to its reserveSlot being broadcast. Baseline,
// measured in the same run and interleaved sale by sale: the same sale sent with plain ethers
// Contracts and Wallets (what a straightforward host does), so the ratio says what the adapter's
// transaction path saves or costs. One warm-up sale of each is not counted.
// Run: npm run bench -- chain   (or: node --experimental-transform-types --no-warnings
//      --import ./test/fakes/node-ts-hooks.mjs bench/chain.bench.ts [sales])
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, hexlify, JsonRpcProvider, randomBytes, Wallet, type TransactionReceipt } from 'ethers';
import { silentLogger, type StorageRequest } from '../src-main/engine/index';
import { MARKETPLACE_ABI, marketplaceInterface, TOKEN_ABI } from '../src-main/market/chain/abi';
import { requestToTuple } from '../src-main/market/chain/codec';
import { connectChain } from '../src-main/market/chain/connect';
import { devnetChainTimings } from '../src-main/market/chain/timings';
import { startDevnet } from '../src-main/market/devnet/devnet';
import { requestIdOf, slotIdOf } from '../src-main/market/ids';
import { makeConfig, testConfig } from '../src-main/market/sim/config';

const SALES = Number(process.argv[2] ?? 8);
const PROOFS = 3;
const PERIOD = 10;
/** gasUsed Codex's contract measured for the same calls (the fill is the one that starts the request). */
const CODEX_GAS: Record<string, number> = {
  approve: 46_334,
  reserveSlot: 94_891,
  fillSlot: 350_016,
  submitProof: 79_871,
  freeSlot: 90_484,
};
const PROOF = {
  scheme: 'groth16',
  a: { x: 1n, y: 2n },
  b: { x: { real: 3n, imag: 4n }, y: { real: 5n, imag: 6n } },
  c: { x: 7n, y: 8n },
};
const PROOF_TUPLE = [
  [1n, 2n],
  [
    [3n, 4n],
    [5n, 6n],
  ],
  [7n, 8n],
];

const devnet = await startDevnet({ config: makeConfig(testConfig, { proofs: { downtime: 0 } }), accounts: 4 });
const dir = mkdtempSync(join(tmpdir(), 'slotkeeper-chain-bench-'));
const keyFile = join(dir, 'host.key');
writeFileSync(keyFile, devnet.accounts[1]!.privateKey);
chmodSync(keyFile, 0o600);
const client = new Wallet(devnet.accounts[2]!.privateKey, devnet.provider);
const clientMarket = new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, client);
const clientToken = new Contract(devnet.addresses.token, TOKEN_ABI, client);

async function post(): Promise<string> {
  const request: StorageRequest = {
    client: client.address.toLowerCase(),
    ask: {
      proofProbability: 1n,
      pricePerBytePerSecond: 3n,
      collateralPerByte: 5n,
      slots: 1n,
      slotSize: 1024n,
      duration: 600n,
      maxSlotLoss: 0n,
    },
    content: { cid: hexlify(randomBytes(38)), merkleRoot: '0x' + '07'.repeat(31) + '00' },
    expiry: 300n,
    nonce: hexlify(randomBytes(32)),
  };
  await (await clientToken.getFunction('approve')(devnet.addresses.marketplace, 600n * 3n * 1024n)).wait();
  await (await clientMarket.getFunction('requestStorage')(requestToTuple(request))).wait();
  return requestIdOf(request);
}

async function mineAt(t: number): Promise<void> {
  await devnet.controls.setNextBlockTimestamp(t);
  await devnet.controls.mine();
}
const latest = async () => (await devnet.provider.getBlock('latest'))!.timestamp;
const nextPeriod = async () => mineAt((Math.floor((await latest()) / PERIOD) + 1) * PERIOD);
const finish = async (id: string) => mineAt(Number(await clientMarket.getFunction('requestEnd')(id)) + 1);

// ---- the adapter -------------------------------------------------------------------------------
const connected = await connectChain(
  {
    rpcUrl: devnet.httpUrl,
    wsUrl: devnet.wsUrl,
    marketplace: devnet.addresses.marketplace,
    signer: { kind: 'private-key', file: keyFile },
    confirmations: 1,
  },
  { dataDir: dir, logger: silentLogger, timings: devnetChainTimings },
);
if (!connected.ok) throw new Error(connected.message);
const session = connected.session;
const market = session.market;
// As the engine does, the host answers a StorageRequested by reserving (here at once, no queue).
const reserving = new Map<string, Promise<void>>();
const timesOf = new Map<string, { head: number; event: number; broadcast?: number }>();
let lastHead = 0;
let waitingBroadcast: string | undefined;
/** Only the adapter's own sales are reserved through it; the baseline's requests are the baseline's. */
let adapterTurn = false;
// The socket pushes newHeads as the devnet mines: the moment the host learns of the block.
session.status.subscribe(() => (lastHead = performance.now()));
session.observeRequests((method) => {
  if (method !== 'eth_sendRawTransaction' || !waitingBroadcast) return;
  timesOf.get(waitingBroadcast)!.broadcast = performance.now();
  waitingBroadcast = undefined;
});
market.subscribe('StorageRequested', (e) => {
  if (!adapterTurn) return;
  timesOf.set(e.requestId, { head: lastHead, event: performance.now() });
  waitingBroadcast = e.requestId;
  reserving.set(e.requestId, market.reserveSlot(e.requestId, 0n));
});
await session.eventsReady();
const countsNow = () => {
  const { http, ws } = session.rpcCalls();
  return { ...http, ...Object.fromEntries(Object.entries(ws).map(([m, n]) => [`ws:${m}`, n])) } as Record<
    string,
    number
  >;
};

async function adapterSale(): Promise<void> {
  adapterTurn = true;
  const id = await post();
  adapterTurn = false;
  while (!reserving.has(id)) await new Promise((r) => setTimeout(r, 1));
  await reserving.get(id);
  await market.fillSlot(id, 0n, PROOF, await market.slotCollateral(id, 0n));
  const slotId = slotIdOf(id, 0n);
  for (let p = 0; p < PROOFS; p++) {
    await nextPeriod();
    if ((await market.isProofRequired(slotId)) || (await market.willProofBeRequired(slotId))) {
      await market.submitProof(slotId, PROOF);
    }
  }
  await finish(id);
  await market.freeSlot(slotId);
}

// ---- baseline: plain ethers --------------------------------------------------------------------
class Counting extends JsonRpcProvider {
  calls = 0;
  override async _send(payload: Parameters<JsonRpcProvider['_send']>[0]) {
    this.calls += Array.isArray(payload) ? payload.length : 1;
    return super._send(payload);
  }
}
const plainProvider = new Counting(devnet.httpUrl, devnet.chainId, {
  staticNetwork: true,
  batchMaxCount: 1,
  cacheTimeout: -1,
  pollingInterval: 50,
});
const plainWallet = new Wallet(devnet.accounts[3]!.privateKey, plainProvider);
const plainMarket = new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, plainWallet);
const plainToken = new Contract(devnet.addresses.token, TOKEN_ABI, plainWallet);

async function plainSale(): Promise<void> {
  const id = await post();
  await (await plainMarket.getFunction('reserveSlot')(id, 0n)).wait();
  await (await plainToken.getFunction('approve')(devnet.addresses.marketplace, 5n * 1024n)).wait();
  await (await plainMarket.getFunction('fillSlot')(id, 0n, PROOF_TUPLE)).wait();
  const slotId = slotIdOf(id, 0n);
  const pending = { blockTag: 'pending' };
  for (let p = 0; p < PROOFS; p++) {
    await nextPeriod();
    const required = await plainMarket.getFunction('isProofRequired')(slotId, pending);
    if (required || (await plainMarket.getFunction('willProofBeRequired')(slotId, pending))) {
      await (await plainMarket.getFunction('submitProof')(slotId, PROOF_TUPLE)).wait();
    }
  }
  await finish(id);
  await (await plainMarket.getFunction('freeSlot(bytes32)')(slotId)).wait();
}

// ---- the run: a warm-up of each, then the sales interleaved --------------------------------------
await adapterSale();
await plainSale();
const adapterStart = (await devnet.provider.getBlockNumber()) + 1;
const adapterCounts: Record<string, number> = {};
const plainBefore = plainProvider.calls;
const counted = new Set<string>();
let adapterMs = 0;
let plainMs = 0;
for (let i = 0; i < SALES; i++) {
  const known = new Set(timesOf.keys());
  const before = countsNow();
  let t = performance.now();
  await adapterSale();
  adapterMs += performance.now() - t;
  const after = countsNow();
  for (const m of Object.keys(after)) adapterCounts[m] = (adapterCounts[m] ?? 0) + after[m]! - (before[m] ?? 0);
  for (const id of timesOf.keys()) if (!known.has(id)) counted.add(id);
  t = performance.now();
  await plainSale();
  plainMs += performance.now() - t;
}
const plainCalls = plainProvider.calls - plainBefore;

/** Gas used and gas limit of the host's transactions since `fromBlock`, by function. */
async function gasByCall(host: string, fromBlock: number): Promise<Map<string, { used: bigint; limit: bigint }[]>> {
  const byName = new Map<string, { used: bigint; limit: bigint }[]>();
  const head = await devnet.provider.getBlockNumber();
  for (let n = fromBlock; n <= head; n++) {
    for (const tx of (await devnet.provider.getBlock(n, true))!.prefetchedTransactions) {
      if (tx.from.toLowerCase() !== host) continue;
      const name =
        tx.to?.toLowerCase() === devnet.addresses.token ? 'approve' : marketplaceInterface.parseTransaction(tx)!.name;
      const receipt = (await devnet.provider.getTransactionReceipt(tx.hash)) as TransactionReceipt;
      byName.set(name, [...(byName.get(name) ?? []), { used: receipt.gasUsed, limit: tx.gasLimit }]);
    }
  }
  return byName;
}
const adapterGas = await gasByCall(session.address, adapterStart);
await session.close();
plainProvider.destroy();
await devnet.stop();
rmSync(dir, { recursive: true, force: true });

// ---- report --------------------------------------------------------------------------------------
const perSale = (n: number) => (n / SALES).toFixed(1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `${SALES} whole host sales (reserve, approve + fill, ${PROOFS} proofs, free), 1 slot each, devnet over WebSocket\n`,
);
console.log(
  'JSON-RPC requests per sale by method, adapter (ws: = over the WebSocket; the client’s own calls excluded):',
);
let adapterCalls = 0;
for (const m of Object.keys(adapterCounts).sort()) {
  const n = adapterCounts[m]!;
  if (n === 0) continue;
  adapterCalls += n;
  console.log(`  ${m.padEnd(32)} ${perSale(n)}`);
}
console.log(`  ${'total'.padEnd(32)} ${perSale(adapterCalls)}`);
console.log(`baseline, plain ethers Contract + Wallet:  ${perSale(plainCalls)} requests per sale`);
console.log(
  `ratio adapter / baseline: ${(adapterCalls / plainCalls).toFixed(2)} requests, ${(adapterMs / plainMs).toFixed(2)} wall time`,
);
console.log(
  `(wall time per sale, for information: adapter ${(adapterMs / SALES).toFixed(0)} ms, baseline ${(plainMs / SALES).toFixed(0)} ms)\n`,
);
console.log('gas per transaction, gasUsed mean, against Codex’s contract; limit = the estimate with nim-codex’s pad:');
for (const [name, txs] of adapterGas) {
  const meanOf = (xs: bigint[]) => Number(xs.reduce((a, b) => a + b, 0n)) / xs.length;
  const used = meanOf(txs.map((t) => t.used));
  const limit = meanOf(txs.map((t) => t.limit));
  const codex = CODEX_GAS[name];
  console.log(
    `  ${name.padEnd(12)} ×${String(txs.length).padEnd(3)} used ${used.toFixed(0).padStart(7)}   Codex ${String(codex ?? '?').padStart(7)}` +
      `   ratio ${codex ? (used / codex).toFixed(2) : '?'}   limit ${limit.toFixed(0).padStart(7)} (×${(limit / used).toFixed(2)} of used)`,
  );
}
const times = [...counted].map((id) => timesOf.get(id)!);
const toEvent = times.map((t) => t.event - t.head);
const toBroadcast = times.filter((t) => t.broadcast !== undefined).map((t) => t.broadcast! - t.head);
console.log(
  `\nlatency from the host seeing the StorageRequested block (newHeads) to: the event delivered ${mean(toEvent).toFixed(1)} ms ` +
    `(max ${Math.max(...toEvent).toFixed(1)}), reserveSlot broadcast ${mean(toBroadcast).toFixed(1)} ms (max ${Math.max(...toBroadcast).toFixed(1)})`,
);
