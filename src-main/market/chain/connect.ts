// Connecting the host to a chain: load the key, reach the RPC, check that the address holds a
// Marketplace that answers configuration() and token() and that the data folder belongs to this
// chain, then assemble the Market, its clock and the wallet. Every failure is one line for the
// operator (the caller exits 2), never a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Wallet } from 'ethers';
import { type Logger, MarketError } from '../../engine/index';
import { marketplaceInterface } from './abi';
import { atomicJson } from './atomic-file';
import { configFromResult } from './codec';
import type { ChainOptions } from './options';
import { loadPrivateKeyFile, openKeystore, PASSWORD_ENV, resolvePassword, WalletError } from './keystore';
import { shortMessage, shownUrl } from './errors';
import { assembleSession, type ChainSession } from './session';
import { defaultChainTimings, type ChainTimings } from './timings';

/** What connecting needs besides the flags. */
export interface ConnectContext {
  /** Where the cursor, nonce journal and chain identity live; undefined keeps them in memory. */
  readonly dataDir?: string;
  readonly logger: Logger;
  readonly timings?: ChainTimings;
  /** The keystore's password when a prompt supplied it (else --wallet-password-file or the environment). */
  readonly password?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Seconds before expiresAt from which no fill is sent. Default 1. */
  readonly fillMarginSeconds?: number;
  /** A key already loaded (a devnet account); options.signer is then not read. */
  readonly signer?: Wallet;
}

/** A connected session, or the one line to print. */
export type ConnectResult = { ok: true; session: ChainSession } | { ok: false; message: string };

/** The key named by the options. */
export async function loadSigner(
  options: ChainOptions,
  context: Pick<ConnectContext, 'password' | 'env'>,
): Promise<Wallet> {
  const signer = options.signer;
  if (signer.kind === 'private-key') return loadPrivateKeyFile(signer.file);
  const password = context.password ?? resolvePassword(signer.passwordFile, context.env);
  if (password === undefined) {
    throw new WalletError(`--wallet ${signer.file} needs its password: --wallet-password-file FILE or ${PASSWORD_ENV}`);
  }
  return openKeystore(signer.file, password);
}

/** eth_chainId by plain fetch with a short timeout: the first sign of life of an endpoint. */
async function probeChainId(url: string, timeoutMs: number): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach the chain's RPC at ${shownUrl(url)}: ${cause ?? shortMessage(error)}`, {
      cause: error,
    });
  }
  const body = (await response.json().catch(() => undefined)) as { result?: string } | undefined;
  if (!response.ok || typeof body?.result !== 'string') {
    throw new Error(
      `the RPC at ${shownUrl(url)} did not answer eth_chainId (HTTP ${response.status}); is it an Ethereum JSON-RPC endpoint?`,
    );
  }
  return Number(BigInt(body.result));
}

/** Refuses a data folder that served another chain or Marketplace: its sales live there. */
function checkIdentity(dataDir: string | undefined, chainId: number, marketplace: string): void {
  if (!dataDir) return;
  const path = join(dataDir, 'chain.json');
  if (existsSync(path)) {
    const was = JSON.parse(readFileSync(path, 'utf8')) as { chainId?: number; marketplace?: string };
    if (was.chainId !== chainId || was.marketplace !== marketplace) {
      throw new Error(
        `the data folder ${dataDir} sold on chain ${was.chainId} (Marketplace ${was.marketplace}), not chain ${chainId} ` +
          `(Marketplace ${marketplace}); use another --data-dir for this network`,
      );
    }
    return;
  }
  atomicJson(path, { chainId, marketplace });
}

/** Connects to the chain of `options` and checks it; never throws. */
export async function connectChain(options: ChainOptions, context: ConnectContext): Promise<ConnectResult> {
  const timings = context.timings ?? defaultChainTimings;
  try {
    const signer = context.signer ?? (await loadSigner(options, context));
    const chainId = await probeChainId(options.rpcUrl, Math.min(timings.requestTimeoutMs, 10_000));
    const session = await assembleSession({ options, signer, chainId, timings, ...context }, async (rpc) => {
      const code = await rpc.provider.send('eth_getCode', [options.marketplace, 'latest']);
      if (code === '0x')
        throw new Error(
          `no contract at ${options.marketplace} on chain ${chainId}; is --marketplace right for this network?`,
        );
      const call = async (fn: string) => {
        try {
          const data = marketplaceInterface.encodeFunctionData(fn, []);
          return marketplaceInterface.decodeFunctionResult(
            fn,
            await rpc.provider.send('eth_call', [{ to: options.marketplace, data }, 'latest']),
          );
        } catch (error) {
          throw new Error(
            `${options.marketplace} on chain ${chainId} does not answer ${fn}() like Codex's Marketplace (${shortMessage(error)})`,
            { cause: error },
          );
        }
      };
      const config = configFromResult((await call('configuration'))[0]);
      const token = String((await call('token'))[0]).toLowerCase();
      if ((await rpc.provider.send('eth_getCode', [token, 'latest'])) === '0x') {
        throw new Error(`the Marketplace's token ${token} has no code on chain ${chainId}`);
      }
      checkIdentity(context.dataDir, chainId, options.marketplace);
      return { config, token };
    });
    return { ok: true, session };
  } catch (error) {
    const message =
      error instanceof WalletError || !(error instanceof MarketError) ? shortMessage(error) : error.message;
    return { ok: false, message };
  }
}
