// A devnet with the project's Marketplace for the contract's own tests: one chain per test file,
// a snapshot per test, and ethers Contracts for a client, three hosts and a validator.
import { Contract, hexlify, randomBytes, type TransactionReceipt, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { MarketplaceConfig, StorageAsk, StorageRequest } from '../../src-main/engine/index';
import { MARKETPLACE_ABI, TOKEN_ABI } from '../../src-main/market/chain/abi';
import { requestToTuple } from '../../src-main/market/chain/codec';
import { toMarketError } from '../../src-main/market/chain/errors';
import { type Devnet, startDevnet } from '../../src-main/market/devnet/devnet';
import { requestIdOf, slotIdOf } from '../../src-main/market/ids';
import { makeConfig, testConfig, type ConfigOverrides } from '../../src-main/market/sim/config';

/** A proof TestVerifier accepts (any non-zero coordinate). */
export const PROOF = [
  [1n, 2n],
  [
    [3n, 4n],
    [5n, 6n],
  ],
  [7n, 8n],
];
/** The all-zero proof TestVerifier rejects. */
export const ZERO_PROOF = [
  [0n, 0n],
  [
    [0n, 0n],
    [0n, 0n],
  ],
  [0n, 0n],
];

/** Everyone a contract test needs. */
export interface MarketFixture {
  devnet: Devnet;
  config: MarketplaceConfig;
  /** The Marketplace as each account sees it. */
  client: Contract;
  hosts: Contract[];
  validator: Contract;
  token: Contract;
  /** Addresses of client, hosts and validator. */
  addresses: { client: string; hosts: string[]; validator: string };
  /** A valid request of the client, with overrides. */
  request(ask?: Partial<StorageAsk>, fields?: Partial<Omit<StorageRequest, 'ask'>>): StorageRequest;
  /** Approves maxPrice and posts the request; returns its id and the receipt. */
  post(request: StorageRequest): Promise<{ id: string; receipt: TransactionReceipt }>;
  /** Host `h` reserves and fills slot `index` (approving the collateral first). */
  fill(h: number, id: string, index: bigint, collateral?: bigint): Promise<TransactionReceipt>;
  /** Chain time of the latest block. */
  now(): Promise<number>;
  /** Mines the next block at exactly `t` (at least the latest block's time). */
  mineAt(t: number): Promise<void>;
  balance(address: string): Promise<bigint>;
}

/** The error name a transaction or call reverts with (via the adapter's decoder). */
export async function revertOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const decoded = toMarketError(error, 'call');
    if (decoded) return decoded.code;
    throw error;
  }
  throw new Error('expected a revert, but the call succeeded');
}

/** Starts one chain for the file; snapshots around each test. */
export function useMarketFixture(overrides: ConfigOverrides = {}): () => MarketFixture {
  let fixture: MarketFixture | undefined;
  let snapshot = '';
  beforeAll(async () => {
    const config = makeConfig(testConfig, overrides);
    const devnet = await startDevnet({ config, accounts: 6 });
    const wallet = (i: number) => new Wallet(devnet.accounts[i]!.privateKey, devnet.provider);
    const market = (i: number) => new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, wallet(i));
    const tokenOf = (i: number) => new Contract(devnet.addresses.token, TOKEN_ABI, wallet(i));
    const [client, h0, h1, h2, validator] = [1, 2, 3, 4, 5];
    const addresses = {
      client: devnet.accounts[client]!.address,
      hosts: [h0, h1, h2].map((i) => devnet.accounts[i]!.address),
      validator: devnet.accounts[validator]!.address,
    };
    const hostIndex = [h0, h1, h2];
    fixture = {
      devnet,
      config,
      client: market(client),
      hosts: hostIndex.map(market),
      validator: market(validator),
      token: tokenOf(0),
      addresses,
      request(ask = {}, fields = {}) {
        return {
          client: addresses.client,
          ask: {
            proofProbability: 1n,
            pricePerBytePerSecond: 3n,
            collateralPerByte: 5n,
            slots: 3n,
            slotSize: 1024n,
            duration: 3600n,
            maxSlotLoss: 1n,
            ...ask,
          },
          content: { cid: hexlify(randomBytes(38)), merkleRoot: hexlify(new Uint8Array(32).fill(7)) },
          expiry: 600n,
          nonce: hexlify(randomBytes(32)),
          ...fields,
        };
      },
      async post(request) {
        const { ask } = request;
        const price = ask.slots * ask.duration * ask.pricePerBytePerSecond * ask.slotSize;
        await (await tokenOf(client).getFunction('approve')(devnet.addresses.marketplace, price)).wait();
        const tx = await market(client).getFunction('requestStorage')(requestToTuple(request));
        return { id: requestIdOf(request), receipt: (await tx.wait())! };
      },
      async fill(h, id, index, collateral) {
        const host = market(hostIndex[h]!);
        const request = await host.getFunction('getRequest')(id);
        const amount = collateral ?? BigInt(request[1][2]) * BigInt(request[1][4]);
        await (await tokenOf(hostIndex[h]!).getFunction('approve')(devnet.addresses.marketplace, amount)).wait();
        if (await host.getFunction('canReserveSlot')(id, index))
          await (await host.getFunction('reserveSlot')(id, index)).wait();
        return (await (await host.getFunction('fillSlot')(id, index, PROOF)).wait())!;
      },
      async now() {
        return (await devnet.provider.getBlock('latest'))!.timestamp;
      },
      async mineAt(t) {
        await devnet.controls.setNextBlockTimestamp(t);
        await devnet.controls.mine();
      },
      balance: async (address) => BigInt(await tokenOf(0).getFunction('balanceOf')(address)),
    };
  });
  afterAll(async () => {
    await fixture?.devnet.stop();
  });
  beforeEach(async () => {
    snapshot = await fixture!.devnet.controls.snapshot();
  });
  afterEach(async () => {
    await fixture!.devnet.controls.revert(snapshot);
  });
  return () => fixture!;
}

export { requestIdOf, slotIdOf };
