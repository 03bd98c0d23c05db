// Decides which sale outcomes become OS notifications: each outcome once, only kinds the operator
// left switched on, worded so the operator knows what happened and what it cost or earned.
import type { OutcomeDto, SettingsDto } from '../api/contract';

/** A notification to show. */
export interface OutcomeNotification {
  outcomeId: string;
  slotId: string;
  title: string;
  body: string;
}

/** Whole tokens with up to 4 decimals, from 18-decimal base units. */
export function formatTokens(baseUnits: string): string {
  const value = BigInt(baseUnits);
  const whole = value / 10n ** 18n;
  const fraction = (value % 10n ** 18n).toString().padStart(18, '0').slice(0, 4).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : `${whole}`;
  return value > 0n && text === '0' ? `<0.0001 TST` : `${text} TST`;
}

const shortId = (id: string) => `${id.slice(0, 8)}…${id.slice(-4)}`;

/** The title and body for one outcome. */
export function describeOutcome(outcome: OutcomeDto): { title: string; body: string } {
  const slot = `slot ${outcome.slotIndex} of request ${shortId(outcome.requestId)}`;
  const amount = outcome.amount ? formatTokens(outcome.amount) : undefined;
  switch (outcome.kind) {
    case 'slot-won':
      return {
        title: 'Slot won',
        body: `You are now storing ${slot}${amount ? `; it pays ${amount} when the request ends` : ''}.`,
      };
    case 'payout':
      return { title: `Paid ${amount ?? ''}`.trim(), body: `The sale of ${slot} finished and paid out.` };
    case 'request-cancelled':
      return {
        title: 'Request cancelled',
        body: `${slot} was cancelled before it started${amount ? `; you received ${amount}` : ''}.`,
      };
    case 'request-failed':
      return {
        title: 'Request failed',
        body: `${slot} failed: too many hosts lost their slots. Collateral is forfeited.`,
      };
    case 'sale-errored':
      return { title: 'Sale error', body: `${slot}: ${outcome.reason ?? 'the sale stopped with an error'}.` };
    case 'proofs-missed':
      return {
        title: 'Proof missed',
        body: `A storage proof for ${slot} was missed${amount ? `; ${amount} collateral slashed` : ''}. Check the node's disk and connection.`,
      };
  }
}

/** Remembers what was shown so replays (resyncs, restarts of the stream) never notify twice. */
export class OutcomeNotifier {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit = 5000) {
    this.#limit = limit;
  }

  /** The notification to show for `outcome`, or undefined when it was shown already or its kind is off. */
  consider(outcome: OutcomeDto, settings: SettingsDto): OutcomeNotification | undefined {
    if (this.#seen.has(outcome.id)) return undefined;
    this.#seen.add(outcome.id);
    if (this.#seen.size > this.#limit) this.#seen.delete(this.#seen.values().next().value as string);
    if (!settings.notifications[outcome.kind]) return undefined;
    return { outcomeId: outcome.id, slotId: outcome.slotId, ...describeOutcome(outcome) };
  }
}
