// Assembles a connected chain session: HTTP and WebSocket transports, the head tracker and clock,
// the signer's transaction queue, the log watcher and the Market and Wallet over them. The watcher
// starts with the first subscription (on the next turn, so every subscription made together sees
// the backfill), and eventsReady() resolves once it has caught up.
import { join } from 'node:path';
import type { Wallet } from 'ethers';
import type { Logger, MarketplaceConfig } from '../../engine/index';
import { ChainMarket } from './chain-market';
import { BlockClock } from './clock';
import { CursorFile, MemoryCursor } from './cursor';
import { decodeLog, EventHub, type DecodedEvent } from './event-hub';
import { FeePolicy } from './fees';
import { HeadTracker } from './heads';
import { LogWatcher } from './log-watcher';
import { NonceJournal } from './nonce-journal';
import type { ChainOptions } from './options';
import { HttpRpc, type RequestObserver } from './rpc';
import { RpcChainReader } from './rpc-reader';
import { ChainStatus } from './status';
import type { ChainTimings } from './timings';
import { TxSender } from './tx-sender';
import { ContractReader } from './views';
import { ChainWallet } from './wallet';
import { WsRpc } from './ws-rpc';

/** Everything a connected host uses on chain. */
export interface ChainSession {
  readonly chainId: number;
  /** The host's address, lowercase. */
  readonly address: string;
  readonly marketplace: string;
  readonly token: string;
  readonly config: MarketplaceConfig;
  readonly market: ChainMarket;
  readonly clock: BlockClock;
  readonly wallet: ChainWallet;
  /** Reachability, event transport, head and pending transactions: for the dashboard. */
  readonly status: ChainStatus;
  /** Resolves once the watcher has caught up with the chain (after the first subscription). */
  eventsReady(): Promise<void>;
  /** Called when a delivered event's block left the chain (a reorganisation deeper than the confirmations). */
  onRemovedEvent(listener: (event: DecodedEvent) => void): () => void;
  /** JSON-RPC requests sent, by transport and method (for the bench). */
  rpcCalls(): { http: Record<string, number>; ws: Record<string, number> };
  /** Calls `observer` for every HTTP request as it is sent; returns the unsubscriber. */
  observeRequests(observer: RequestObserver): () => void;
  close(): Promise<void>;
}

/** What assembleSession needs. */
export interface SessionParams {
  readonly options: ChainOptions;
  readonly signer: Wallet;
  readonly chainId: number;
  readonly timings: ChainTimings;
  readonly dataDir?: string;
  readonly logger: Logger;
  readonly fillMarginSeconds?: number;
}

/** Builds the session; `check` runs first on the HTTP transport and returns what the contract says. */
export async function assembleSession(
  p: SessionParams,
  check: (rpc: HttpRpc) => Promise<{ config: MarketplaceConfig; token: string }>,
): Promise<ChainSession> {
  const { options, logger, timings, chainId } = p;
  const status = new ChainStatus();
  const rpc = new HttpRpc(options.rpcUrl, chainId, timings, status, logger);
  const undo: (() => void)[] = [() => rpc.close()];
  try {
    const { config, token } = await check(rpc);
    const address = p.signer.address.toLowerCase();
    // The socket's callbacks reach the head tracker, which needs the socket: wired once both exist.
    const wsEvents = { onHead: (_raw: Record<string, unknown>) => {}, onConnection: (_up: boolean) => {} };
    const ws = options.wsUrl
      ? new WsRpc(options.wsUrl, timings, logger, {
          onHead: (raw) => wsEvents.onHead(raw),
          onConnection: (up) => wsEvents.onConnection(up),
        })
      : undefined;
    if (ws) undo.push(() => ws.close());
    const heads = new HeadTracker(rpc, ws, timings, status, logger);
    wsEvents.onHead = (raw) => heads.pushed(raw);
    wsEvents.onConnection = (up) => heads.connection(up);
    undo.push(() => heads.stop());
    const head = await heads.start();
    await ws?.start();
    if (ws && !ws.connected) heads.connection(false);

    const clock = new BlockClock(head);
    undo.push(() => clock.stop());
    const journal = new NonceJournal(p.dataDir && join(p.dataDir, 'chain-nonces.json'), chainId, address, logger);
    const fees = new FeePolicy(rpc, heads, options.maxFeePerGas);
    const sender = new TxSender({
      rpc,
      heads,
      signer: p.signer,
      chainId,
      journal,
      fees,
      confirmations: options.confirmations,
      timings,
      status,
      logger,
    });
    undo.push(() => sender.close());
    await sender.start();

    const reader = new RpcChainReader(rpc, ws, options.marketplace);
    const hub = new EventHub(logger);
    const removedListeners = new Set<(event: DecodedEvent) => void>();
    const cursor = p.dataDir
      ? new CursorFile(join(p.dataDir, 'chain-cursor.json'), chainId, options.marketplace, logger)
      : new MemoryCursor();
    const watcher = new LogWatcher(
      reader,
      cursor,
      {
        chainId,
        address: options.marketplace,
        confirmations: options.confirmations,
        ...(options.fromBlock !== undefined ? { fromBlock: options.fromBlock } : {}),
      },
      {
        deliver: (log) => hub.deliver(log),
        removed: (log) => {
          const event = decodeLog(log);
          logger.warn('an event already handled was dropped from the chain by a reorganisation', {
            name: event?.name,
            block: log.blockNumber,
          });
          if (event) for (const listener of removedListeners) listener(event);
        },
      },
      logger,
    );
    let watching = false;
    let ready: Promise<void> | undefined;
    const startWatching = () =>
      (ready ??= new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => watcher.start(heads.latest ?? head))
        .then(() => {
          watching = true;
          watcher.onHead(heads.latest ?? head);
          return watcher.idle();
        }));
    hub.onFirstSubscriber = () =>
      void startWatching().catch((error: unknown) =>
        logger.error('the event watcher could not start', { error: (error as Error).message }),
      );
    heads.onHead((h) => {
      clock.observe(h);
      if (watching) watcher.onHead(h);
    });

    const views = new ContractReader(rpc, options.marketplace, address);
    const market = new ChainMarket({
      address,
      marketplace: options.marketplace,
      token,
      config,
      views,
      sender,
      clock,
      hub,
      logs: reader,
      heads,
      ...(p.fillMarginSeconds !== undefined ? { fillMarginSeconds: p.fillMarginSeconds } : {}),
    });
    const wallet = new ChainWallet(address, token, views, rpc, fees, () => sender.lastGasUsed('submitProof'));
    return {
      chainId,
      address,
      marketplace: options.marketplace,
      token,
      config,
      market,
      clock,
      wallet,
      status,
      eventsReady: () => startWatching(),
      onRemovedEvent: (listener) => {
        removedListeners.add(listener);
        return () => removedListeners.delete(listener);
      },
      rpcCalls: () => ({ http: rpc.callCounts(), ws: Object.fromEntries(ws?.calls ?? []) }),
      observeRequests: (observer) => rpc.observe(observer),
      async close() {
        await watcher.idle().catch(() => undefined);
        for (const step of undo.reverse()) step();
      },
    };
  } catch (error) {
    for (const step of undo.reverse()) step();
    throw error;
  }
}
