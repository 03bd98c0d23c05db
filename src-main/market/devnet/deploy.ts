// Deploys the devnet's market: the test token, a verifier and the Marketplace with a configuration,
// then gives every account tokens. Transactions are pipelined with explicit nonces and awaited together.
import { Contract, ContractFactory, type JsonRpcProvider, type Wallet } from 'ethers';
import type { Address, MarketplaceConfig } from '../../engine/index';
import { configToTuple } from '../chain/codec';
import type { CompiledContracts } from './compile';

/** Which verifier the Marketplace calls. */
export type VerifierChoice =
  /** TestVerifier: any proof but the all-zero one is valid. */
  | { readonly kind: 'test' }
  /** A compiled verifier contract (e.g. Groth16Verifier) and its constructor arguments (the verifying key). */
  | { readonly kind: 'contract'; readonly name: string; readonly args: readonly unknown[] };

/** Where the contracts landed. */
export interface DeployedMarket {
  readonly token: Address;
  readonly verifier: Address;
  readonly marketplace: Address;
  /** The block of the Marketplace's deployment: no event of it is older. */
  readonly deployBlock: number;
}

function artifact(contracts: CompiledContracts, name: string) {
  const found = contracts.contracts[name];
  if (!found) throw new Error(`The compiled contracts have no ${name}; is contracts/ complete?`);
  return found;
}

/** Deploys token, verifier and Marketplace from `deployer`. */
export async function deployMarket(
  deployer: Wallet,
  contracts: CompiledContracts,
  config: MarketplaceConfig,
  verifier: VerifierChoice = { kind: 'test' },
): Promise<DeployedMarket> {
  const deploy = async (name: string, args: readonly unknown[]) => {
    const { abi, bytecode } = artifact(contracts, name);
    const contract = await new ContractFactory(abi, bytecode, deployer).deploy(...args);
    await contract.waitForDeployment();
    return contract;
  };
  const token = await deploy('TestToken', []);
  const verifierContract =
    verifier.kind === 'test' ? await deploy('TestVerifier', []) : await deploy(verifier.name, verifier.args);
  const marketplace = await deploy('Marketplace', [
    configToTuple(config),
    await token.getAddress(),
    await verifierContract.getAddress(),
  ]);
  const receipt = await marketplace.deploymentTransaction()!.wait();
  return {
    token: (await token.getAddress()).toLowerCase(),
    verifier: (await verifierContract.getAddress()).toLowerCase(),
    marketplace: (await marketplace.getAddress()).toLowerCase(),
    deployBlock: receipt!.blockNumber,
  };
}

/** Mints `amount` tokens to each holder, pipelined. */
export async function mintTokens(
  minter: Wallet,
  provider: JsonRpcProvider,
  tokenAddress: Address,
  holders: readonly Address[],
  amount: bigint,
): Promise<void> {
  const token = new Contract(tokenAddress, ['function mint(address,uint256)'], minter);
  let nonce = await provider.getTransactionCount(minter.address, 'pending');
  const sent = [];
  for (const holder of holders) sent.push(await token.getFunction('mint').send(holder, amount, { nonce: nonce++ }));
  await Promise.all(sent.map((tx) => tx.wait()));
}
