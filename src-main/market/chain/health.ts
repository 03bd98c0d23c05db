// Transactions stuck in the mempool as an alert (STYLE practice 10): `chain-transactions-stuck`
// while a transaction of this host waits after being replaced with a higher fee. Raised when that
// starts and resolved when it clears, never once per check. The chain's reachability and the
// wallet's balances are the host's alerts (compose/chain-alerts.ts, compose/alert-watch.ts).
import { AlertConditions, type Alerter, type AlertInput } from '../../engine/index';
import type { ChainSession } from './session';
import type { ChainStatusSnapshot } from './status';

/** Alert keys the chain market raises itself. */
export const ChainAlertKeys = {
  stuck: 'chain-transactions-stuck',
} as const;

/** Follows the session's stuck transactions; returns the stopper. */
export function watchChainHealth(session: ChainSession, alerter: Alerter): () => void {
  const conditions = new AlertConditions(alerter);
  const onStatus = (status: ChainStatusSnapshot) =>
    conditions.update(
      ChainAlertKeys.stuck,
      status.stuckTransactions > 0 ? stuckAlert(status.stuckTransactions) : undefined,
    );
  const unsubscribe = session.status.subscribe(onStatus);
  onStatus(session.status.get());
  return unsubscribe;
}

function stuckAlert(count: number): AlertInput {
  return {
    key: ChainAlertKeys.stuck,
    category: 'chain',
    severity: 'warning',
    message:
      `${count} transaction${count === 1 ? '' : 's'} of this host wait${count === 1 ? 's' : ''} to be mined and ` +
      'were replaced with a higher fee. If --max-fee-gwei is below what the chain charges now, raise it.',
    data: { stuckTransactions: count },
  };
}
