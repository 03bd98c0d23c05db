// The chain connection and the wallet as alerts (STYLE practice 10): `chain-unreachable` while the
// RPC endpoint does not answer, `chain-transactions-stuck` while a transaction waits after being
// replaced, and `wallet-low-gas` when the gas left does not pay for the proofs due in the next day.
// Each is raised when its condition starts and resolved when it clears, never once per check.
import type { Alerter, AlertInput, Logger } from '../../engine/index';
import { formatEther } from 'ethers';
import type { ChainSession } from './session';
import type { ChainStatusSnapshot } from './status';

/** Alert keys the chain market raises. */
export const ChainAlertKeys = {
  unreachable: 'chain-unreachable',
  stuck: 'chain-transactions-stuck',
  lowGas: 'wallet-low-gas',
} as const;

/** How the checks run. */
export interface ChainHealthOptions {
  /** The endpoint named in the alert (without credentials). */
  readonly rpcUrl: string;
  /** How often the gas outlook is checked. Default 60 s. */
  readonly gasCheckMs?: number;
  /** How far ahead proofs count as due. Default one day of chain time. */
  readonly gasHorizonSeconds?: number;
  readonly logger: Logger;
}

/** Raises and resolves one condition's alert only when it changes. */
class Condition {
  #raised: string | undefined;
  constructor(
    private readonly alerter: Alerter,
    private readonly key: string,
  ) {}
  update(alert: AlertInput | undefined): void {
    if (alert) {
      // A repeat with the same message is the same condition lasting: not raised again.
      if (this.#raised === alert.message) return;
      this.#raised = alert.message;
      this.alerter.raise(alert);
    } else if (this.#raised !== undefined) {
      this.#raised = undefined;
      this.alerter.resolve(this.key);
    }
  }
}

/** Proofs the host's slots owe in the next `horizon` seconds: per slot, the periods left ÷ its proof probability. */
export async function proofsDue(session: ChainSession, horizon: number): Promise<number> {
  const { market, clock, config } = session;
  const now = clock.now();
  let due = 0;
  for (const slotId of await market.mySlots()) {
    const slot = await market.getActiveSlot(slotId);
    if (!slot) continue;
    const end = await market.getRequestEnd(market.requestId(slot.request)).catch(() => now);
    const seconds = Math.max(0, Math.min(horizon, end - now));
    const periods = Math.ceil(seconds / config.proofs.period);
    const probability = Number(slot.request.ask.proofProbability > 0n ? slot.request.ask.proofProbability : 1n);
    due += Math.ceil(periods / probability);
  }
  return due;
}

/** Follows the session's status and the wallet's gas; returns the stopper. */
export function watchChainHealth(session: ChainSession, alerter: Alerter, options: ChainHealthOptions): () => void {
  const unreachable = new Condition(alerter, ChainAlertKeys.unreachable);
  const stuck = new Condition(alerter, ChainAlertKeys.stuck);
  const lowGas = new Condition(alerter, ChainAlertKeys.lowGas);
  const onStatus = (status: ChainStatusSnapshot) => {
    unreachable.update(status.connection === 'unreachable' ? unreachableAlert(options.rpcUrl, status) : undefined);
    stuck.update(status.stuckTransactions > 0 ? stuckAlert(status.stuckTransactions) : undefined);
  };
  const unsubscribe = session.status.subscribe(onStatus);
  onStatus(session.status.get());

  let checking = false;
  const checkGas = async () => {
    if (checking) return;
    checking = true;
    try {
      // One proof at least: an empty wallet warns before the first sale, not after its first miss.
      const due = Math.max(1, await proofsDue(session, options.gasHorizonSeconds ?? 86_400));
      const outlook = await session.wallet.gasForProofs(due);
      lowGas.update(outlook.enough ? undefined : lowGasAlert(session.address, due, outlook));
    } catch (error) {
      // An unanswered read is the unreachable alert's business, not a low balance.
      options.logger.debug('the gas check could not read the chain', { error: (error as Error).message });
    } finally {
      checking = false;
    }
  };
  void checkGas();
  const timer = setInterval(() => void checkGas(), options.gasCheckMs ?? 60_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}

function unreachableAlert(url: string, status: ChainStatusSnapshot): AlertInput {
  const reason = status.lastError ?? 'no answer';
  return {
    key: ChainAlertKeys.unreachable,
    category: 'chain',
    severity: 'error',
    message:
      `The chain's RPC endpoint ${url} does not answer (${reason}). Proofs cannot be submitted and slots ` +
      'will be slashed: check the network and the node, or point --rpc-url at another endpoint.',
    data: { url, reason },
  };
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

function lowGasAlert(
  address: string,
  due: number,
  outlook: { balance: bigint; perProof: bigint; proofsCovered: bigint },
): AlertInput {
  return {
    key: ChainAlertKeys.lowGas,
    category: 'wallet',
    severity: 'error',
    message:
      `The host's gas balance (${formatEther(outlook.balance)}) pays for ${outlook.proofsCovered} proof` +
      `${outlook.proofsCovered === 1n ? '' : 's'}; ${due} are due in the next day. Send gas to ${address} ` +
      'before proofs are missed and collateral is slashed.',
    data: {
      address,
      balance: outlook.balance.toString(),
      perProof: outlook.perProof.toString(),
      proofsCovered: outlook.proofsCovered.toString(),
      proofsDue: due,
    },
  };
}
