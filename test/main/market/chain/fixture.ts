// A devnet and a connected chain session for the adapter's tests: one chain per test file, a
// snapshot per test, the host's key in a 0600 file, and ethers Contracts for the client and the
// other hosts, so tests drive the adapter as the engine would and check the chain directly.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, hexlify, randomBytes, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Logger, MarketplaceConfig, StorageRequest } from '../../../../src-main/engine/index';
import { MARKETPLACE_ABI, TOKEN_ABI } from '../../../../src-main/market/chain/abi';
import { requestToTuple } from '../../../../src-main/market/chain/codec';
import { connectChain, type ConnectContext } from '../../../../src-main/market/chain/connect';
import type { ChainOptions } from '../../../../src-main/market/chain/options';
import type { Groth16ChainProof } from '../../../../src-main/market/chain/proof';
import type { ChainSession } from '../../../../src-main/market/chain/session';
import { devnetChainTimings } from '../../../../src-main/market/chain/timings';
import { type Devnet, startDevnet } from '../../../../src-main/market/devnet/devnet';
import { requestIdOf } from '../../../../src-main/market/ids';
import { makeConfig, testConfig, type ConfigOverrides } from '../../../../src-main/market/sim/config';

/** A proof TestVerifier accepts. */
export const PROOF: Groth16ChainProof = {
  scheme: 'groth16',
  a: { x: 1n, y: 2n },
  b: { x: { real: 3n, imag: 4n }, y: { real: 5n, imag: 6n } },
  c: { x: 7n, y: 8n },
};

/** A logger that keeps every line, to check what reaches logs. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  #add(level: string, message: string, context?: Record<string, unknown>) {
    this.lines.push(
      `${level} ${message} ${context ? JSON.stringify(context, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) : ''}`,
    );
  }
  debug(m: string, c?: Record<string, unknown>) {
    this.#add('debug', m, c);
  }
  info(m: string, c?: Record<string, unknown>) {
    this.#add('info', m, c);
  }
  warn(m: string, c?: Record<string, unknown>) {
    this.#add('warn', m, c);
  }
  error(m: string, c?: Record<string, unknown>) {
    this.#add('error', m, c);
  }
}

/** What a chain-adapter test gets. */
export interface ChainFixture {
  devnet: Devnet;
  config: MarketplaceConfig;
  /** The host's key (account 1) and its 0600 key file. */
  hostKey: string;
  keyFile: string;
  /** A fresh data folder per test. */
  dataDir: string;
  logger: RecordingLogger;
  /** The Marketplace as the client (account 2) and two other hosts (3, 4) see it. */
  client: Contract;
  others: Contract[];
  token: Contract;
  /** Options for connectChain against the devnet. */
  options(overrides?: Partial<ChainOptions>): ChainOptions;
  /** Connects a session (closed after the test). */
  connect(overrides?: Partial<ChainOptions>, context?: Partial<ConnectContext>): Promise<ChainSession>;
  /** A request of the client, posted (approve + requestStorage); returns it and its id. */
  post(ask?: Partial<StorageRequest['ask']>, expiry?: bigint): Promise<{ request: StorageRequest; id: string }>;
  /** Another host (0 or 1) reserves and fills a slot directly. */
  otherFills(other: number, id: string, index: bigint): Promise<void>;
  /** Chain time of the latest block. */
  now(): Promise<number>;
  /** Mines a block at exactly `t`. */
  mineAt(t: number): Promise<void>;
  balance(address: string): Promise<bigint>;
}

/** One devnet for the file; per test a snapshot, a data folder and sessions closed afterwards. */
export function useChainFixture(overrides: ConfigOverrides = {}): () => ChainFixture {
  let fixture: ChainFixture | undefined;
  let snapshot = '';
  let sessions: ChainSession[] = [];
  let root = '';
  beforeAll(async () => {
    const config = makeConfig(testConfig, overrides);
    const devnet = await startDevnet({ config, accounts: 5 });
    root = mkdtempSync(join(tmpdir(), 'slotkeeper-chain-'));
    const hostKey = devnet.accounts[1]!.privateKey;
    const keyFile = join(root, 'host.key');
    writeFileSync(keyFile, hostKey + '\n', { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const wallet = (i: number) => new Wallet(devnet.accounts[i]!.privateKey, devnet.provider);
    const market = (i: number) => new Contract(devnet.addresses.marketplace, MARKETPLACE_ABI, wallet(i));
    const tokenOf = (i: number) => new Contract(devnet.addresses.token, TOKEN_ABI, wallet(i));
    const f: ChainFixture = {
      devnet,
      config,
      hostKey,
      keyFile,
      dataDir: '',
      logger: new RecordingLogger(),
      client: market(2),
      others: [market(3), market(4)],
      token: tokenOf(0),
      options: (o = {}) => ({
        rpcUrl: devnet.httpUrl,
        wsUrl: devnet.wsUrl,
        marketplace: devnet.addresses.marketplace,
        signer: { kind: 'private-key', file: keyFile },
        confirmations: 1,
        ...o,
      }),
      async connect(o = {}, context = {}) {
        const result = await connectChain(f.options(o), {
          dataDir: f.dataDir,
          logger: f.logger,
          timings: devnetChainTimings,
          ...context,
        });
        if (!result.ok) throw new Error(result.message);
        sessions.push(result.session);
        return result.session;
      },
      async post(ask = {}, expiry = 600n) {
        const request: StorageRequest = {
          client: devnet.accounts[2]!.address,
          ask: {
            proofProbability: 1n,
            pricePerBytePerSecond: 3n,
            collateralPerByte: 5n,
            slots: 2n,
            slotSize: 1024n,
            duration: 3600n,
            maxSlotLoss: 0n,
            ...ask,
          },
          content: { cid: hexlify(randomBytes(38)), merkleRoot: '0x' + '07'.repeat(31) + '00' },
          expiry,
          nonce: hexlify(randomBytes(32)),
        };
        const a = request.ask;
        await (
          await tokenOf(2).getFunction('approve')(
            devnet.addresses.marketplace,
            a.slots * a.duration * a.pricePerBytePerSecond * a.slotSize,
          )
        ).wait();
        await (await market(2).getFunction('requestStorage')(requestToTuple(request))).wait();
        return { request, id: requestIdOf(request) };
      },
      async otherFills(other, id, index) {
        const host = market(3 + other);
        const [request] = await host.getFunction('getRequest').staticCallResult(id);
        await (
          await tokenOf(3 + other).getFunction('approve')(
            devnet.addresses.marketplace,
            BigInt(request[1][2]) * BigInt(request[1][4]),
          )
        ).wait();
        if (await host.getFunction('canReserveSlot')(id, index))
          await (await host.getFunction('reserveSlot')(id, index)).wait();
        await (
          await host.getFunction('fillSlot')(id, index, [
            [1n, 2n],
            [
              [3n, 4n],
              [5n, 6n],
            ],
            [7n, 8n],
          ])
        ).wait();
      },
      now: async () => (await devnet.provider.getBlock('latest'))!.timestamp,
      async mineAt(t) {
        await devnet.controls.setNextBlockTimestamp(t);
        await devnet.controls.mine();
      },
      balance: async (address) => BigInt(await tokenOf(0).getFunction('balanceOf')(address)),
    };
    fixture = f;
  });
  afterAll(async () => {
    await fixture?.devnet.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    snapshot = await fixture!.devnet.controls.snapshot();
    fixture!.dataDir = mkdtempSync(join(root, 'data-'));
    fixture!.logger.lines.length = 0;
  });
  afterEach(async () => {
    for (const s of sessions) await s.close();
    sessions = [];
    await fixture!.devnet.controls.revert(snapshot);
  });
  return () => fixture!;
}

/** Waits (a few seconds at most) until `condition()` holds, letting sockets and timers run. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
