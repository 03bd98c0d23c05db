// The chain connection's status (market/chain/status.ts) as the `chain-unreachable` alert: raised
// when the status turns unreachable (it already waits for failures in a row), resolved when it is
// connected again. compose/ calls this once it opens a chain backend: followChainStatus(
// backend.session.status, storage.alerts, rpcUrl).
import { AlertConditions, AlertKeys, chainUnreachableAlert, type Alerter } from '../engine/index';

/** What this needs of the chain's status: structurally market/chain's ChainStatus. */
export interface ChainStatusFeed {
  get(): { readonly connection: 'connecting' | 'connected' | 'unreachable'; readonly lastError?: string };
  subscribe(listener: (status: ReturnType<ChainStatusFeed['get']>) => void): () => void;
}

/** Follows the status until the returned function is called; the current status counts at once. */
export function followChainStatus(status: ChainStatusFeed, alerter: Alerter, rpcUrl: string): () => void {
  const conditions = new AlertConditions(alerter);
  const follow = (now: ReturnType<ChainStatusFeed['get']>): void => {
    if (now.connection === 'connecting') return;
    const error = now.lastError ?? 'no answer';
    conditions.update(
      AlertKeys.chainUnreachable,
      now.connection === 'unreachable' ? chainUnreachableAlert({ url: rpcUrl, error }) : undefined,
    );
  };
  follow(status.get());
  return status.subscribe(follow);
}
