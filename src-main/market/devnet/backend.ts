// `--market devnet` as one MarketBackend: an in-process EVM on loopback with the project's
// Marketplace, the host connected through the chain adapter like on any chain, and simulated
// clients, competitors and a validator acting through real transactions. The chain lives in memory:
// every start is a new chain, so the devnet's chain files are wiped and the engine's recovery ends
// the sales of the previous devnet (their bytes and collateral go back to the availabilities).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hexlify, Wallet } from 'ethers';
import type { MarketplaceConfig, StorageAsk } from '../../engine/index';
import { HashPool } from '../../proofs/codex/index';
import type { BackendContext, DevnetControl } from '../backend';
import type { ChainBackend } from '../chain/backend';
import { openChainBackend } from '../chain/open';
import { devnetChainTimings } from '../chain/timings';
import { desktopConfig } from '../sim/config';
import { Rng } from '../sim/rng';
import { Activity, Actor } from './actors/actor';
import { DevnetClients } from './actors/clients';
import { type DevnetCompetitorBehaviour, DevnetCompetitors } from './actors/competitors';
import { DevnetValidator } from './actors/validator';
import type { ContractsLocation } from './artifacts';
import { DevnetContent } from './content';
import { devnetControl } from './control';
import { type Devnet, startDevnet } from './devnet';
import { type DevnetProofSetup, testVerifierProofs } from './proof-setup';
import { InFlight } from './quiet';

/** The devnet's knobs (`--devnet-*` flags and tests). */
export interface DevnetBackendOptions extends ContractsLocation {
  /** The Marketplace's configuration (default: the contracts' deployment defaults, 120 s periods). */
  readonly config?: MarketplaceConfig;
  /** Seeds the actors' choices. Default: a new seed per start. */
  readonly seed?: number;
  /** Requests per hour of chain time the clients post on their own. Default 6; 0 = only when asked. */
  readonly rate?: number;
  /** Simulated clients (accounts). Default 2. */
  readonly clients?: number;
  /** Competitor hosts. Default 2; 0 = none. */
  readonly competitors?: number;
  readonly competitorBehaviour?: DevnetCompetitorBehaviour;
  /** Run the validator. Default true. */
  readonly validator?: boolean;
  /** Fixes ask fields of the requests clients post on their own. */
  readonly clientAsk?: Partial<StorageAsk>;
  /** The verifier and its proofs (default: TestVerifier). */
  readonly proofs?: DevnetProofSetup;
  /** Worker threads hashing datasets and slots. Default 2. */
  readonly hashWorkers?: number;
}

/** The devnet bundle, with its parts for tests and the bench. */
export interface DevnetBackend extends Omit<ChainBackend, 'kind'> {
  readonly kind: 'devnet';
  readonly devnet: DevnetControl & { settle(): Promise<boolean> };
  readonly chain: Devnet;
  readonly content: DevnetContent;
  readonly clients: DevnetClients;
  readonly competitors: DevnetCompetitors;
  readonly validator: DevnetValidator | undefined;
  /** Which verifier the devnet runs, in words. */
  readonly verifierName: string;
}

/** Starts the devnet and connects the host to it; throws DevnetUnavailableError without Hardhat/EDR. */
export async function createDevnetBackend(
  context: BackendContext,
  options: DevnetBackendOptions = {},
): Promise<DevnetBackend> {
  const chainDir = join(context.dataDir, 'devnet');
  if (existsSync(join(chainDir, 'chain.json'))) {
    context.logger.warn(
      'the devnet runs in memory: this start is a new chain, and the slots held on the previous devnet are gone with it (their sales end now; bytes and collateral go back to the availabilities)',
    );
  }
  rmSync(chainDir, { recursive: true, force: true });
  mkdirSync(join(chainDir, 'trees'), { recursive: true, mode: 0o700 });

  const undo: (() => Promise<void> | void)[] = [];
  const hasher = new HashPool({ size: options.hashWorkers ?? 2 });
  undo.push(() => hasher.close());
  try {
    const content = new DevnetContent();
    const proofs = (options.proofs ?? testVerifierProofs)({
      repo: context.repo,
      hasher,
      treeDir: join(chainDir, 'trees'),
      content,
    });
    const clientCount = options.clients ?? 2;
    const competitorCount = options.competitors ?? 2;
    const config = options.config ?? desktopConfig;
    const chain = await startDevnet({
      ...(options.root ? { root: options.root } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      config,
      accounts: 3 + clientCount + competitorCount,
      verifier: proofs.verifier,
    });
    undo.push(() => chain.stop());

    const proving = new InFlight();
    const calls = new InFlight();
    const host = await openChainBackend(context, {
      options: {
        rpcUrl: chain.httpUrl,
        wsUrl: chain.wsUrl,
        marketplace: chain.addresses.marketplace,
        signer: { kind: 'private-key', file: '(devnet account 1)' },
        fromBlock: chain.addresses.deployBlock,
        confirmations: 1,
      },
      signer: new Wallet(chain.accounts[1]!.privateKey),
      chainDir,
      timings: devnetChainTimings,
      dataSource: () => content,
      proofSystem: () => proving.wrap(proofs.proofSystem),
    });
    undo.push(() => host.close());

    const activity = new Activity();
    const actorAt = async (index: number, role: string) => {
      const actor = await Actor.connect(chain, chain.accounts[index]!, role, activity, context.logger);
      undo.push(() => actor.stop());
      return actor;
    };
    const clientActors = [];
    for (let i = 0; i < clientCount; i++) clientActors.push(await actorAt(2 + i, `client ${i}`));
    const competitorActors = [];
    for (let i = 0; i < competitorCount; i++)
      competitorActors.push(await actorAt(2 + clientCount + i, `competitor ${i}`));
    const validatorActor =
      options.validator === false ? undefined : await actorAt(2 + clientCount + competitorCount, 'validator');

    const seed = options.seed ?? Date.now();
    const chainSeed = hexlify(randomBytes(32));
    const rng = (role: string) => new Rng(`${seed}:${role}`);
    const period = config.proofs.period;
    const clients = new DevnetClients(
      clientActors,
      content,
      hasher,
      chainSeed,
      rng('clients'),
      options.rate ?? 6,
      options.clientAsk,
    );
    const competitors = new DevnetCompetitors(
      competitorActors,
      proofs.competitorProver,
      rng('competitors'),
      period,
      options.competitorBehaviour,
    );
    const validator = validatorActor && new DevnetValidator(validatorActor, period);
    const actors = [...clientActors, ...competitorActors, ...(validatorActor ? [validatorActor] : [])];
    const sessions = () => [host.session, ...actors.map((a) => a.session)];
    const busy = () =>
      activity.running > 0 ||
      proving.count > 0 ||
      calls.count > 0 ||
      context.engineBusy() ||
      sessions().some((s) => s.status.get().pendingTransactions > 0);
    const control = devnetControl({ devnet: chain, host: host.session, sessions, clients, busy, period });

    clients.start();
    competitors.start();
    validator?.start();
    await Promise.all(actors.map((a) => a.session.eventsReady()));
    context.logger.info('devnet started', {
      rpcUrl: chain.httpUrl,
      marketplace: chain.addresses.marketplace,
      verifier: proofs.name,
      clients: clientCount,
      competitors: competitorCount,
    });
    return {
      ...host,
      kind: 'devnet',
      market: calls.wrap(host.market),
      devnet: control,
      chain,
      content,
      clients,
      competitors,
      validator,
      verifierName: proofs.name,
      async close() {
        clients.stop();
        competitors.stop();
        validator?.stop();
        for (const step of undo.reverse()) await step();
      },
    };
  } catch (error) {
    for (const step of undo.reverse()) await step();
    throw error;
  }
}
