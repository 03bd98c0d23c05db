// The operator's words for alerts: severities, categories and states, and what the dashboard
// watches (the Alerts view's empty state says it, so an empty list reads as "all is well").
import type { AlertCategory, AlertSeverity, AlertState } from '../../src-main/api/dto';
import type { Tone } from './labels';

/** Severity names as badges say them. */
export const severityLabels = {
  info: 'Info',
  warning: 'Warning',
  error: 'Error',
  critical: 'Critical',
} satisfies Record<AlertSeverity, string>;

/** How a severity reads as a badge. */
export const severityTone = {
  info: 'muted',
  warning: 'warn',
  error: 'bad',
  critical: 'bad',
} satisfies Record<AlertSeverity, Tone | 'warn'>;

/** What an alert is about. */
export const categoryLabels = {
  disk: 'Disk',
  proofs: 'Proofs',
  sales: 'Sales',
  wallet: 'Wallet',
  chain: 'Chain',
  network: 'Network',
  circuits: 'Circuit files',
  storage: 'Data folder',
} satisfies Record<AlertCategory, string>;

/** Where an alert stands. */
export const alertStateLabels = {
  active: 'Active',
  resolved: 'Cleared',
  dismissed: 'Dismissed',
} satisfies Record<AlertState, string>;

/** What the engine watches, for the empty list. */
export const watchedConditions = [
  'free disk space against the quota',
  'missed and slashed proofs',
  'sales that end in an error',
  'proofs answered too late for their period',
  'the wallet’s tokens and gas against your low marks',
  'the chain’s RPC endpoint and the data-plane peers',
  'the circuit files proofs need',
  'writes into the data folder',
];
