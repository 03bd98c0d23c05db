// The base of every sale state (docs/reference/sales.md §3): a name, the work done while the sale is in it,
// and its reactions to the three domain events. A state reacts only where §3.1 says so; the base
// ignores every event. A run that fails need not catch: the machine (machine.ts) turns its
// rejection into SaleErrored, and ignores it when the sale already left the state (an abort).
import { ClockAbortedError } from '../ports/clock';
import type { RequestId, StorageRequest } from '../ports/market';
import type { SaleStateName } from '../ports/history';
import type { State } from './machine';
import type { Sale } from './sale';
import type { SaleSlot } from './context';
import type { SaleFacts } from './sale-recorder';

/** A sale state. */
export abstract class SaleState implements State<Sale, SaleState> {
  /** Codex's state name. */
  abstract readonly name: SaleStateName;

  /** Why the sale entered this state, for its history; undefined when the name says it all. */
  get note(): string | undefined {
    return undefined;
  }

  /** Facts the sale's summary takes on entering this state (an ignored reason, an error). */
  get facts(): SaleFacts | undefined {
    return undefined;
  }

  /** Does the state's work; resolves to the next state, or undefined to stay. A rejection ends the sale in SaleErrored. */
  abstract run(agent: Sale, signal: AbortSignal): Promise<SaleState | undefined>;

  /** The request expired unfilled (the agent's expiry watcher saw it Cancelled). */
  onCancelled(_request: StorageRequest): SaleState | undefined {
    return undefined;
  }

  /** The request failed: too many slots were lost. */
  onFailed(_request: StorageRequest): SaleState | undefined {
    return undefined;
  }

  /** Someone (maybe us) filled this slot. */
  onSlotFilled(_requestId: RequestId, _slotIndex: bigint): SaleState | undefined {
    return undefined;
  }
}

/** Whether a run's error only means the sale left the state (abort), as opposed to a failure. */
export function isCancellation(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || error instanceof ClockAbortedError;
}

/** The agent's slot; throws (so the run ends in SaleErrored) when a state runs before the request is known. */
export function requireSlot(agent: Sale, state: string): SaleSlot {
  const slot = agent.slot;
  if (slot === undefined) throw new Error(`${state} needs the request of slot ${agent.data.slotId}, which is unknown`);
  return slot;
}
