// An in-process EVM (Hardhat 3.17 on EDR 0.20) serving JSON-RPC over HTTP and WebSocket on
// loopback. Hardhat is a development dependency: it is imported only here, lazily, so an app
// without it starts on the other markets and says plainly what the devnet needs.
import type { JsonRpcProvider } from 'ethers';

/** The devnet cannot start here, and why (in words an operator can act on). */
export class DevnetUnavailableError extends Error {
  override readonly name = 'DevnetUnavailableError';
}

/** An account the chain funds with gas at genesis. */
export interface GenesisAccount {
  readonly privateKey: string;
  /** Gas coin in wei. */
  readonly balance: bigint;
}

/** How to start the chain. */
export interface EdrChainOptions {
  readonly chainId: number;
  readonly accounts: readonly GenesisAccount[];
  /** Mine a block every so many milliseconds as well as one per transaction. Default: per transaction only. */
  readonly intervalMs?: number;
  /** Mine 256 blocks first, as the Marketplace's constructor needs. Default true. */
  readonly premine?: boolean;
}

/** A running chain. */
export interface EdrChain {
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** Stops the server; the chain's state is gone. */
  close(): Promise<void>;
}

const MIN_NODE = [22, 13];
const HARDHAT = 'hardhat/hre';

interface Hre {
  network: {
    createServer(
      network: string,
      host: string,
      port: number,
    ): Promise<{ listen(): Promise<{ address: string; port: number }>; close(): Promise<void> }>;
  };
}

async function loadHardhat(specifier: string): Promise<(config: unknown) => Promise<Hre>> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < MIN_NODE[0]! || (major === MIN_NODE[0] && minor < MIN_NODE[1]!)) {
    throw new DevnetUnavailableError(
      `The devnet needs Node ${MIN_NODE.join('.')} or later (Hardhat 3); this is Node ${process.versions.node}. ` +
        'Run it through npm scripts, which use the project’s Node 24.',
    );
  }
  try {
    // A computed specifier keeps bundlers from pulling Hardhat into the app build.
    const mod = (await import(/* @vite-ignore */ specifier)) as {
      createHardhatRuntimeEnvironment: (config: unknown) => Promise<Hre>;
    };
    return mod.createHardhatRuntimeEnvironment;
  } catch (error) {
    throw new DevnetUnavailableError(
      'The devnet needs the development dependencies hardhat 3.17 and @nomicfoundation/edr ' +
        `(run from a source checkout after npm install): ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** Starts the chain on 127.0.0.1 at a free port and mines past block 256 (the Proofs constructor needs it). */
export async function startEdrChain(
  options: EdrChainOptions,
  /** Which module to load Hardhat from (tests name a missing one). */
  load: { hardhatModule?: string } = {},
): Promise<EdrChain> {
  const create = await loadHardhat(load.hardhatModule ?? HARDHAT);
  const hre = await create({
    networks: {
      devnet: {
        type: 'edr-simulated',
        chainType: 'l1',
        chainId: options.chainId,
        accounts: options.accounts.map((a) => ({ privateKey: a.privateKey, balance: a.balance })),
        // Automined blocks keep the wall clock's time instead of adding a second each.
        allowBlocksWithSameTimestamp: true,
        // A reverted transaction is mined with status 0, as on a real chain.
        throwOnTransactionFailures: false,
        loggingEnabled: false,
        mining: { auto: true, ...(options.intervalMs ? { interval: options.intervalMs } : {}) },
      },
    },
  });
  let server;
  try {
    server = await hre.network.createServer('devnet', '127.0.0.1', 0);
  } catch (error) {
    throw new DevnetUnavailableError(
      `The devnet's EVM (EDR) could not start: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const { port } = await server.listen();
  const chain = { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, close: () => server.close() };
  // Interval 0 keeps the clock still; the default of 1 s would put the chain 256 s ahead.
  if (options.premine !== false) await rpc(chain.httpUrl, 'hardhat_mine', ['0x100', '0x0']);
  return chain;
}

/** One JSON-RPC call over plain fetch (for the few calls made before any provider exists). */
export async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Test and devnet controls that only a development chain answers. */
export function devControls(provider: JsonRpcProvider) {
  return {
    /** Moves the next block's time forward and mines it. */
    async increaseTime(seconds: number): Promise<void> {
      await provider.send('evm_increaseTime', [seconds]);
      await provider.send('evm_mine', []);
    },
    /** Mines `count` blocks with the same timestamp (interval 0), or `interval` seconds apart. */
    async mine(count = 1, interval = 0): Promise<void> {
      await provider.send('hardhat_mine', [`0x${count.toString(16)}`, `0x${interval.toString(16)}`]);
    },
    async setNextBlockTimestamp(t: number): Promise<void> {
      await provider.send('evm_setNextBlockTimestamp', [t]);
    },
    async setAutomine(on: boolean): Promise<void> {
      await provider.send('evm_setAutomine', [on]);
    },
    async snapshot(): Promise<string> {
      return (await provider.send('evm_snapshot', [])) as string;
    },
    /** Snapshots are single-use: take a new one after each revert. */
    async revert(id: string): Promise<void> {
      if (!(await provider.send('evm_revert', [id]))) throw new Error(`evm_revert ${id} failed`);
    },
  };
}
