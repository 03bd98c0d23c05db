// A minimal in-process EVM (Hardhat 3 / EDR behind its JSON-RPC server on 127.0.0.1) and a solc-js
// compile cached by source hash, for the Groth16 verifier tests. The chain toolchain of the devnet
// does the same for the Marketplace; the two belong together once both exist.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { JsonRpcProvider, type InterfaceAbi } from 'ethers';
import { createHardhatRuntimeEnvironment } from 'hardhat/hre';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');

/** A compiled contract. */
export interface Artifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: InterfaceAbi; evm: { bytecode: { object: string } } }>>;
}

/** Compiles one self-contained Solidity file (solc 0.8.28, optimizer on, cancun), cached in .cache/solc. */
export function compileSolidity(file: string): Record<string, Artifact> {
  const content = readFileSync(file, 'utf8');
  const settings = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  };
  const solcVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/solc/package.json'), 'utf8')) as { version: string }
  ).version;
  const key = createHash('sha256')
    .update(`${solcVersion}\n${JSON.stringify(settings)}\n${content}`)
    .digest('hex');
  const cacheDir = join(root, '.cache', 'solc');
  const cached = join(cacheDir, `${key}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as Record<string, Artifact>;
  const solc = require('solc') as { compile(input: string): string };
  const name = basename(file);
  const out = JSON.parse(
    solc.compile(JSON.stringify({ language: 'Solidity', sources: { [name]: { content } }, settings })),
  ) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const artifacts: Record<string, Artifact> = {};
  for (const [contract, c] of Object.entries(out.contracts[name] ?? {}))
    artifacts[contract] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify(artifacts));
  return artifacts;
}

/** A running local chain. */
export interface LocalChain {
  readonly http: JsonRpcProvider;
  stop(): Promise<void>;
}

/** Hardhat's first public dev account (funded on every fresh chain). */
export const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/** Starts an EDR chain (chain id 31337) on a free loopback port. */
export async function startChain(): Promise<LocalChain> {
  // Reverted transactions are mined with status 0, as on a real chain.
  const hre = await createHardhatRuntimeEnvironment({
    networks: {
      local: { type: 'edr-simulated', chainType: 'l1', chainId: 31337, throwOnTransactionFailures: false },
    },
  });
  const server = await hre.network.createServer('local', '127.0.0.1', 0);
  const { port } = await server.listen();
  // cacheTimeout -1: no stale answers; batchMaxCount 1: no 10 ms batching stall.
  const http = new JsonRpcProvider(`http://127.0.0.1:${port}`, undefined, {
    staticNetwork: true,
    pollingInterval: 50,
    cacheTimeout: -1,
    batchMaxCount: 1,
  });
  return {
    http,
    stop: async () => {
      await http.removeAllListeners();
      // Let pending replies arrive before destroy() (ethers #4678: unhandled rejection otherwise).
      await new Promise((r) => setTimeout(r, 50));
      http.destroy();
      await server.close();
    },
  };
}
