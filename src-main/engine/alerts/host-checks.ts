// What the periodic host checks find, as alerts (or undefined when all is well): the quota against
// the disk's real free space, the proof system's readiness, and the wallet against the operator's
// low marks. Pure functions; compose/ runs them on a timer and feeds AlertConditions.
import type { AlertInput } from '../ports/alerter';
import type { ProofReadiness } from '../ports/proof-system';
import type { RepoQuota } from '../ports/store';
import type { TokenInfo, WalletBalances } from '../ports/wallet';
import { AlertKeys } from './keys';
import { formatBytes, formatTokenAmount } from './wording';

/**
 * The quota promises more than the disk can still hold (`disk-below-quota`): a warning while what
 * the availabilities hold still fits on the disk, an error once even that does not.
 */
export function diskAlert(quota: RepoQuota): AlertInput | undefined {
  if (!quota.exceedsDisk) return undefined;
  const unwritten = quota.max - quota.used;
  const offeredFits = quota.reserved <= quota.diskFree;
  const fitting = quota.used + quota.diskFree;
  return {
    key: AlertKeys.diskBelowQuota,
    category: 'disk',
    severity: offeredFits ? 'warning' : 'error',
    message:
      `The quota leaves ${formatBytes(unwritten)} to write, but the disk has only ${formatBytes(quota.diskFree)} free` +
      (offeredFits
        ? '. '
        : `, less than the ${formatBytes(quota.reserved)} your availabilities offer: slots you take may not fit. `) +
      `Lower the quota to ${formatBytes(fitting)} or less, or free disk space.`,
    data: {
      maxBytes: quota.max.toString(),
      usedBytes: quota.used.toString(),
      reservedBytes: quota.reserved.toString(),
      diskFreeBytes: quota.diskFree.toString(),
      fittingQuotaBytes: fitting.toString(),
    },
  };
}

/** The proof system cannot prove (`circuit-files-missing`, critical): held slots will miss their proofs. */
export function circuitsAlert(readiness: ProofReadiness): AlertInput | undefined {
  if (readiness.ready) return undefined;
  return {
    key: AlertKeys.circuitFilesMissing,
    category: 'circuits',
    severity: 'critical',
    message: `Slotkeeper cannot build storage proofs: ${readiness.reason} Selling is refused until this is fixed.`,
    data: { reason: readiness.reason },
  };
}

/** The balances below which the wallet is low, in base units (token) and wei (gas). */
export interface WalletThresholds {
  readonly minTokens: bigint;
  readonly minGas: bigint;
}

/** 1 whole token and 0.01 of the gas coin: enough to notice long before collateral or proofs fail. */
export function defaultWalletThresholds(token: TokenInfo): WalletThresholds {
  return { minTokens: 10n ** BigInt(token.decimals), minGas: 10n ** 16n };
}

/** The gas coin's decimals on EVM chains (wei). */
const GAS: TokenInfo = { symbol: 'ETH', decimals: 18 };

/** Low tokens (`wallet-low-tokens`, warning) and low gas (`wallet-low-gas`, error; absent without gas). */
export function walletAlerts(
  address: string,
  balances: WalletBalances,
  token: TokenInfo,
  thresholds: WalletThresholds,
): { tokens: AlertInput | undefined; gas: AlertInput | undefined } {
  const tokens: AlertInput | undefined =
    balances.token < thresholds.minTokens
      ? {
          key: AlertKeys.walletLowTokens,
          category: 'wallet',
          severity: 'warning',
          message:
            `The wallet holds ${formatTokenAmount(balances.token, token)}, below your low mark of ` +
            `${formatTokenAmount(thresholds.minTokens, token)}: new slots need collateral from it. ` +
            `Send tokens to ${address}, or change the mark in Settings.`,
          data: {
            address,
            balance: balances.token.toString(),
            threshold: thresholds.minTokens.toString(),
            symbol: token.symbol,
          },
        }
      : undefined;
  const gas: AlertInput | undefined =
    balances.gas !== undefined && balances.gas < thresholds.minGas
      ? {
          key: AlertKeys.walletLowGas,
          category: 'wallet',
          severity: 'error',
          message:
            `The wallet holds ${formatTokenAmount(balances.gas, GAS)} for gas, below your low mark of ` +
            `${formatTokenAmount(thresholds.minGas, GAS)}: proofs cannot be submitted without gas, and missed ` +
            `proofs are slashed. Send gas to ${address}.`,
          data: { address, balance: balances.gas.toString(), threshold: thresholds.minGas.toString() },
        }
      : undefined;
  return { tokens, gas };
}
