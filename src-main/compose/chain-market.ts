// `--market chain` with its real parts: slot data from Codex's data plane (block exchange over
// libp2p, providers found through the DHT) and proofs from the Groth16 proof system on the
// marketplace's own circuit files (its configuration's zkeyHash). Without network options the
// chain bundle keeps its refusal (selling waits and says why): tests that only exercise the chain
// adapter open no sockets.
import type { WantedSlot } from '../engine/index';
import type { BackendContext, ChainChoice, MarketBackend } from '../market/index';
import { openChainBackend } from '../market/index';
import { repoTreeStorage } from '../proofs/codex/index';
import { withDataPlane, type NetworkOptions } from '../network/index';
import { circuitFilesFor, openGroth16Proofs } from './groth16-proofs';
import { afterDownloads, dataKeyOf, startProofRefetch, type ProofRefetch } from './proof-refetch';
import { openSlotServing } from './slot-serving';

/** The chain choice as the CLI gives it: the chain's options, and the data plane's. */
export type ChainMarketChoice = ChainChoice & { readonly network?: NetworkOptions };

/** Opens the chain market with the data plane and the Groth16 proof system, closing both with it. */
export async function openChainMarket(context: BackendContext, choice: ChainMarketChoice): Promise<MarketBackend> {
  const { network, ...chain } = choice;
  if (network === undefined) return openChainBackend(context, chain);
  let proofs: ReturnType<typeof openGroth16Proofs> | undefined;
  const serving = await openSlotServing(context.repo, context.logger);
  let refetch: ProofRefetch | undefined; // started once the data plane is
  const downloaded = (slot: WantedSlot): void => {
    const dataKey = dataKeyOf(context.repo, slot);
    if (dataKey !== undefined) refetch?.check(dataKey);
  };
  const backend = await withDataPlane(
    { dataDir: context.dataDir, options: network, log: context.logger, serve: serving.serve, source: serving.source },
    (dataSource) =>
      openChainBackend(context, {
        ...chain,
        dataSource: () => afterDownloads(dataSource, downloaded),
        proofSystem: (ctx, session) => {
          proofs = openGroth16Proofs(ctx, circuitFilesFor(ctx, session.config.proofs.zkeyHash), {
            hashPool: ctx.hasher,
            treeStorage: (dataKey) => repoTreeStorage(ctx.repo, dataKey),
          });
          return proofs.proofSystem;
        },
      }),
  );
  const { dataPlane, ...bundle } = backend;
  await serving.start(dataPlane);
  const { storedSlot } = context;
  if (storedSlot) {
    const source = dataPlane.network.dataSource;
    refetch = startProofRefetch({
      serve: serving.serve,
      repo: context.repo,
      fetchProofs: (...args) => source.fetchProofs(...args),
      storedSlot,
      log: context.logger,
    });
    // Stored blocks whose proofs a kill lost are served again, in the background.
    refetch.checkAll();
  }
  const started = refetch;
  const opened = proofs;
  const withNetwork: MarketBackend = {
    ...bundle,
    network: { status: () => dataPlane.status() },
    // The proofs still in memory are written once nothing fetches any more, before the repo closes.
    async close() {
      try {
        await started?.close();
        await backend.close();
      } finally {
        await serving.close();
        await opened?.proofSystem.close();
      }
    },
  };
  return opened === undefined ? withNetwork : { ...withNetwork, circuit: opened.circuit };
}
