// `--market devnet`: an in-process EVM on loopback with the project's own Marketplace deployed and
// funded accounts. It returns what the simulated actors and the devnet api need: the endpoints,
// the addresses, the keys and the chain controls (the integrator adds actors on top).
import { JsonRpcProvider, Wallet } from 'ethers';
import type { MarketplaceConfig } from '../../engine/index';
import { desktopConfig } from '../sim/config';
import { type DevnetAccount, devnetAccount } from './accounts';
import { type ContractsLocation, loadContracts } from './artifacts';
import type { CompiledContracts } from './compile';
import { type DeployedMarket, deployMarket, mintTokens, type VerifierChoice } from './deploy';
import { devControls, startEdrChain } from './edr';

/** How to start a devnet. */
export interface DevnetOptions extends ContractsLocation {
  /** The Marketplace's configuration. Default: the contracts' deployment defaults (120 s periods). */
  readonly config?: MarketplaceConfig;
  /** Funded accounts; account 0 deploys. Default 8. */
  readonly accounts?: number;
  /** Tokens (base units) minted to every account. Default 10^24 (a million TST). */
  readonly tokens?: bigint;
  /** Gas coin (wei) for every account. Default 10^22 (10,000 ETH). */
  readonly gas?: bigint;
  readonly chainId?: number;
  readonly verifier?: VerifierChoice;
  /** Also mine a block every so many milliseconds. Default: only one block per transaction. */
  readonly intervalMs?: number;
}

/** A running devnet. */
export interface Devnet {
  readonly chainId: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly addresses: DeployedMarket;
  readonly config: MarketplaceConfig;
  /** Funded accounts; [0] deployed the contracts. */
  readonly accounts: readonly DevnetAccount[];
  readonly contracts: CompiledContracts;
  /** An HTTP provider with the settings a development chain needs (no caching, no batching). */
  readonly provider: JsonRpcProvider;
  readonly controls: ReturnType<typeof devControls>;
  stop(): Promise<void>;
}

/** The chain id of Hardhat networks, which nim-codex knows a Marketplace address for. */
export const DEVNET_CHAIN_ID = 31337;

/** Starts a devnet; throws DevnetUnavailableError when Hardhat/EDR are missing. */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  const contracts = loadContracts(options);
  const chainId = options.chainId ?? DEVNET_CHAIN_ID;
  const accounts = Array.from({ length: options.accounts ?? 8 }, (_, i) => devnetAccount(i));
  const gas = options.gas ?? 10n ** 22n;
  const chain = await startEdrChain({
    chainId,
    accounts: accounts.map((a) => ({ privateKey: a.privateKey, balance: gas })),
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
  });
  const provider = new JsonRpcProvider(chain.httpUrl, chainId, {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
    pollingInterval: 50,
  });
  try {
    const config = options.config ?? desktopConfig;
    const deployer = new Wallet(accounts[0]!.privateKey, provider);
    const addresses = await deployMarket(deployer, contracts, config, options.verifier);
    await mintTokens(
      deployer,
      provider,
      addresses.token,
      accounts.map((a) => a.address),
      options.tokens ?? 10n ** 24n,
    );
    return {
      chainId,
      httpUrl: chain.httpUrl,
      wsUrl: chain.wsUrl,
      addresses,
      config,
      accounts,
      contracts,
      provider,
      controls: devControls(provider),
      async stop() {
        provider.destroy();
        await chain.close();
      },
    };
  } catch (error) {
    provider.destroy();
    await chain.close();
    throw error;
  }
}
