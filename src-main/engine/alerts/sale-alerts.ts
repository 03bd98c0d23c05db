// Alerts about our slots and sales, as one-line calls for the sale states: proofs missed and
// slashed, a slot taken away, a sale ended in an error, and proofs answered too late for their
// period (raised by the engine's proving when it cannot keep up).
import type { Alerter } from '../ports/alerter';
import { AlertKeys } from './keys';
import { shortId, slotName } from './wording';

/** The slot an alert is about. */
export interface AlertSlot {
  readonly slotId: string;
  readonly requestId: string;
  readonly slotIndex: bigint;
}

const slotData = (slot: AlertSlot) => ({
  slotId: slot.slotId,
  requestId: slot.requestId,
  slotIndex: Number(slot.slotIndex),
});

/** The validator marked proofs of our slot missing and slashed its collateral (`proofs-missed:<slotId>`, error). */
export function raiseProofsMissed(
  alerter: Alerter,
  slot: AlertSlot & { readonly missed: number; readonly slashed: bigint },
): void {
  const proofs = slot.missed === 1 ? '1 proof' : `${slot.missed} proofs`;
  alerter.raise({
    key: AlertKeys.proofsMissed(slot.slotId),
    category: 'proofs',
    severity: 'error',
    message:
      `${capitalised(slotName(slot))} has missed ${proofs} and was slashed. ` +
      'Check that this host stays online and its disk reads back the slot data; more misses lose the slot.',
    data: { ...slotData(slot), missed: slot.missed, slashed: slot.slashed.toString(), outcome: 'proofs-missed' },
  });
}

/** Too many missed proofs: the slot was taken from us and its collateral forfeited (same key, critical). */
export function raiseSlotForfeited(
  alerter: Alerter,
  slot: AlertSlot & { readonly missed: number; readonly forfeited: bigint },
): void {
  alerter.raise({
    key: AlertKeys.proofsMissed(slot.slotId),
    category: 'proofs',
    severity: 'critical',
    message:
      `${capitalised(slotName(slot))} was taken away after ${slot.missed} missed proofs; its whole collateral ` +
      'is forfeited. Find out why proofs failed (see the log) before offering more space.',
    data: { ...slotData(slot), missed: slot.missed, slashed: slot.forfeited.toString(), outcome: 'proofs-missed' },
  });
}

/** The stable part of an error that names its kind: a `code` when it has one, else its class name. */
export function errorKind(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  if (error instanceof Error && error.name !== 'Error') return error.name;
  return 'other';
}

/** A sale ended in an error (`sale-errored:<kind>`, error): one alert per kind, counting every sale. */
export function raiseSaleErrored(alerter: Alerter, slot: AlertSlot & { readonly error: unknown }): void {
  const reason = slot.error instanceof Error ? slot.error.message : String(slot.error);
  alerter.raise({
    key: AlertKeys.saleErrored(errorKind(slot.error)),
    category: 'sales',
    severity: 'error',
    message: `The sale of ${slotName(slot)} stopped with an error: ${reason}. Its slot is no longer ours; the log has the details.`,
    data: { ...slotData(slot), reason, outcome: 'sale-errored' },
  });
}

/** What a late proof was about. */
export interface LateProof {
  readonly slotId: string;
  /** The proof period the answer was for. */
  readonly period: bigint | number;
  /** How many seconds after that period's end the proof was (or would have been) answered. */
  readonly by: number;
}

/** A proof was answered too late for its period (`proofs-late`, error): the host cannot keep up. */
export function raiseProofsLate(alerter: Alerter, late: LateProof): void {
  alerter.raise({
    key: AlertKeys.proofsLate,
    category: 'proofs',
    severity: 'error',
    message:
      `A proof for slot ${shortId(late.slotId)} came ${late.by} s after its period ended: this host cannot keep ` +
      'up with the proof period. Take fewer slots (smaller availabilities) or give Slotkeeper more CPU and disk speed.',
    data: { slotId: late.slotId, period: Number(late.period), lateBySeconds: late.by },
  });
}

/** Proofs are on time again. */
export function resolveProofsLate(alerter: Alerter): void {
  alerter.resolve(AlertKeys.proofsLate);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
