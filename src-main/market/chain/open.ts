// `--market chain` as a host opens it: connect with the start-up checks (a failure is one line,
// thrown as MarketStartError for the host to print and exit 2), bundle the session with the data
// source and proof system the caller builds, and raise an alert while its transactions are stuck.
import type { Wallet as Signer } from 'ethers';
import { silentAlerter, type ProofSystem, type SlotDataSource } from '../../engine/index';
import type { BackendContext, MarketStatus, MarketStatusSource } from '../backend';
import { createChainBackend, type ChainBackend } from './backend';
import { connectChain } from './connect';
import { shownUrl } from './errors';
import { watchChainHealth } from './health';
import { walletWithProofGas } from './proof-gas';
import { missingDataSource, missingProofSystem, NO_DATA_PLANE, NO_GROTH16_SYSTEM } from './missing-parts';
import type { ChainOptions } from './options';
import type { ChainSession } from './session';
import type { ChainStatus } from './status';
import type { ChainTimings } from './timings';

/** A market could not be opened; the message is one line for the operator. */
export class MarketStartError extends Error {
  override readonly name = 'MarketStartError';
}

/** Builds a part of the bundle once the session is connected. */
export type SessionPart<T> = (context: BackendContext, session: ChainSession) => T;

/** What opening a chain market takes besides the host's context. */
export interface ChainChoice {
  readonly options: ChainOptions;
  /** The keystore's password, when a prompt or a form supplied it. */
  readonly password?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timings?: ChainTimings;
  /** A key already loaded (a devnet account); options.signer is then not read. */
  readonly signer?: Signer;
  /** Where the cursor, nonce journal and chain identity live (default: the data folder). */
  readonly chainDir?: string;
  /** Where slot data comes from (default: none in this build — selling is refused). */
  readonly dataSource?: SessionPart<SlotDataSource>;
  /** The Groth16 proof system (default: none in this build — selling is refused). */
  readonly proofSystem?: SessionPart<ProofSystem>;
}

/** The session's status as the dashboard reads it. */
export function marketStatusOf(status: ChainStatus): MarketStatusSource {
  const strip = ({ since: _since, ...rest }: ReturnType<ChainStatus['get']>): MarketStatus => rest;
  return {
    get: () => strip(status.get()),
    subscribe: (listener) => status.subscribe((s) => listener(strip(s))),
  };
}

/** Connects and bundles the chain market; throws MarketStartError with one line when it cannot. */
export async function openChainBackend(context: BackendContext, choice: ChainChoice): Promise<ChainBackend> {
  const result = await connectChain(choice.options, {
    dataDir: choice.chainDir ?? context.dataDir,
    logger: context.logger,
    ...(choice.timings ? { timings: choice.timings } : {}),
    ...(choice.password !== undefined ? { password: choice.password } : {}),
    ...(choice.env ? { env: choice.env } : {}),
    ...(choice.signer ? { signer: choice.signer } : {}),
  });
  if (!result.ok) throw new MarketStartError(result.message);
  const session = result.session;
  try {
    const dataSource = choice.dataSource?.(context, session) ?? missingDataSource(NO_DATA_PLANE);
    const proofSystem = choice.proofSystem?.(context, session) ?? missingProofSystem(NO_GROTH16_SYSTEM);
    const backend = createChainBackend(session, { dataSource, proofSystem });
    const stopHealth = watchChainHealth(session, context.alerter ?? silentAlerter);
    return {
      ...backend,
      wallet: walletWithProofGas(session),
      endpoint: shownUrl(choice.options.rpcUrl),
      status: marketStatusOf(session.status),
      eventsReady: () => session.eventsReady(),
      async close() {
        stopHealth();
        await session.close();
      },
    };
  } catch (error) {
    await session.close();
    throw error instanceof MarketStartError ? error : new MarketStartError((error as Error).message);
  }
}
