// The devnet's chain and everyone on it but the host: the in-process EVM with the project's
// Marketplace, the clients' datasets, the hashing pool, and the simulated clients, competitors and
// validator, each an account acting through the chain adapter. A host connects to a world
// (backend.ts); tests keep one world for several hosts, each with its own funded account.
import { randomBytes } from 'node:crypto';
import { hexlify } from 'ethers';
import type { Logger, MarketplaceConfig, StorageAsk } from '../../engine/index';
import { HashPool, prioritized } from '../../proofs/codex/index';
import type { ChainSession } from '../chain/session';
import { desktopConfig } from '../sim/config';
import { Rng } from '../sim/rng';
import type { DevnetAccount } from './accounts';
import { Activity, Actor } from './actors/actor';
import { DevnetClients } from './actors/clients';
import { type DevnetCompetitorBehaviour, DevnetCompetitors } from './actors/competitors';
import { DevnetValidator } from './actors/validator';
import type { ContractsLocation } from './artifacts';
import { startClientPeer, type ClientPeer } from '../clients/client-peer';
import { DevnetContent } from './content';
import { type Devnet, startDevnet } from './devnet';
import { type DevnetProofs, testVerifierProofs } from './proof-setup';

/** How to build a devnet world. */
export interface DevnetWorldOptions extends ContractsLocation {
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
  readonly proofs?: DevnetProofs;
  /** Worker threads hashing datasets and slots. Default 2. */
  readonly hashWorkers?: number;
  /** Funded accounts kept for hosts. Default 1. */
  readonly hosts?: number;
}

/** A running devnet with its actors. */
export interface DevnetWorld {
  /** Names this chain among devnets: the hash of the Marketplace's deployment block (a new devnet has another). */
  readonly id: string;
  readonly chain: Devnet;
  readonly config: MarketplaceConfig;
  readonly content: DevnetContent;
  /** The clients' Codex peer on loopback, serving `content` over the block exchange. */
  readonly clientPeer: ClientPeer;
  readonly hasher: HashPool;
  readonly proofs: DevnetProofs;
  readonly clients: DevnetClients;
  readonly competitors: DevnetCompetitors;
  readonly validator: DevnetValidator | undefined;
  /** Accounts kept for hosts, one per host. */
  readonly hostAccounts: readonly DevnetAccount[];
  /** The actors' sessions. */
  sessions(): readonly ChainSession[];
  /** True while an actor works or waits for a transaction. */
  busy(): boolean;
  stop(): Promise<void>;
}

/** Starts the chain, deploys the market and connects the actors; throws DevnetUnavailableError without Hardhat/EDR. */
export async function startDevnetWorld(options: DevnetWorldOptions, logger: Logger): Promise<DevnetWorld> {
  const undo: (() => Promise<void> | void)[] = [];
  const hasher = new HashPool({ size: options.hashWorkers ?? 2 });
  undo.push(() => hasher.close());
  try {
    const proofs = options.proofs ?? testVerifierProofs;
    const hosts = options.hosts ?? 1;
    const clientCount = options.clients ?? 2;
    const competitorCount = options.competitors ?? 2;
    const config = options.config ?? desktopConfig;
    const chain = await startDevnet({
      ...(options.root ? { root: options.root } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      config,
      accounts: 2 + hosts + clientCount + competitorCount,
      verifier: proofs.verifier,
    });
    undo.push(() => chain.stop());

    const activity = new Activity();
    const actors: Actor[] = [];
    let next = 1 + hosts;
    const connect = async (role: string) => {
      const actor = await Actor.connect(chain, chain.accounts[next++]!, role, activity, logger);
      actors.push(actor);
      undo.push(() => actor.stop());
      return actor;
    };
    const clientActors = [];
    for (let i = 0; i < clientCount; i++) clientActors.push(await connect(`client ${i}`));
    const competitorActors = [];
    for (let i = 0; i < competitorCount; i++) competitorActors.push(await connect(`competitor ${i}`));
    const validatorActor = options.validator === false ? undefined : await connect('validator');

    const seed = options.seed ?? Date.now();
    const rng = (role: string) => new Rng(`${seed}:${role}`);
    const content = new DevnetContent();
    const clientPeer = await startClientPeer(content, 'the devnet clients');
    undo.push(() => clientPeer.stop());
    const period = config.proofs.period;
    const clients = new DevnetClients(
      clientActors,
      content,
      // The clients' dataset hashing yields the shared pool to the host's proofs and onboarding.
      prioritized(hasher, 'client'),
      hexlify(randomBytes(32)),
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
    clients.start();
    competitors.start();
    validator?.start();
    await Promise.all(actors.map((a) => a.session.eventsReady()));
    logger.info('devnet started', {
      rpcUrl: chain.httpUrl,
      marketplace: chain.addresses.marketplace,
      verifier: proofs.name,
      clients: clientCount,
      clientPeer: clientPeer.peer.multiaddr,
      competitors: competitorCount,
    });
    const deployed = await chain.provider.getBlock(chain.addresses.deployBlock);
    return {
      id: deployed!.hash!.toLowerCase(),
      chain,
      config,
      content,
      clientPeer,
      hasher,
      proofs,
      clients,
      competitors,
      validator,
      hostAccounts: chain.accounts.slice(1, 1 + hosts),
      sessions: () => actors.map((a) => a.session),
      busy: () => activity.running > 0 || actors.some((a) => a.sending),
      async stop() {
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
