// Turns the engine's stream of changes into numbered, coalesced patches: at most one batch per
// interval, the latest value per id winning, so a burst of 1,000 state changes costs the
// dashboard one message. A client that sees a gap in seq asks for a fresh snapshot.
import type { PatchDto } from '../dto';
import type { Change } from '../sources';

/** The patch stream: current seq, pending changes and a flush timer. */
export class LivePatches {
  #seq = 0;
  #pending = new Map<string, Change>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #intervalMs: number;
  readonly #publish: (patch: PatchDto) => void;

  constructor(publish: (patch: PatchDto) => void, intervalMs = 100) {
    this.#publish = publish;
    this.#intervalMs = intervalMs;
  }

  /** The sequence number of the last patch published. A snapshot taken now is at this seq. */
  get seq(): number {
    return this.#seq;
  }

  /** Queues a change; the latest change per item replaces earlier ones in the same batch. */
  add(change: Change): void {
    const key = keyOf(change);
    // Outcomes are a log, never coalesced away.
    this.#pending.set(change.kind === 'outcome' ? `${key}#${this.#pending.size}` : key, change);
    this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs);
  }

  /** Publishes pending changes now as one patch (no-op when nothing is pending). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.size === 0) return;
    const patch = toPatch(++this.#seq, [...this.#pending.values()]);
    this.#pending.clear();
    this.#publish(patch);
  }

  /** Stops the timer; pending changes are dropped (the process is going away). */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }
}

function keyOf(change: Change): string {
  switch (change.kind) {
    case 'availability':
      return `availability:${change.value.id}`;
    case 'reservation':
      return `reservation:${change.value.id}`;
    case 'reservation-removed':
      return `reservation:${change.id}`;
    case 'slot':
      return `slot:${change.value.slotId}`;
    case 'slot-removed':
      return `slot:${change.id}`;
    case 'outcome':
      return `outcome:${change.value.id}`;
    case 'alert':
      return `alert:${change.value.id}`;
    case 'alert-removed':
      return `alert:${change.id}`;
    default:
      return change.kind;
  }
}

function toPatch(seq: number, changes: Change[]): PatchDto {
  const patch: PatchDto = { seq };
  const push = <K extends keyof PatchDto>(key: K, value: NonNullable<PatchDto[K]> extends (infer T)[] ? T : never) => {
    ((patch[key] ??= [] as never) as unknown[]).push(value);
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'availability':
        push('availabilities', change.value);
        break;
      case 'reservation':
        push('reservations', change.value);
        break;
      case 'reservation-removed':
        push('removedReservations', change.id);
        break;
      case 'slot':
        push('slots', change.value);
        break;
      case 'slot-removed':
        push('removedSlots', change.id);
        break;
      case 'outcome':
        push('outcomes', change.value);
        break;
      case 'quota':
        patch.quota = change.value;
        break;
      case 'queue':
        patch.queue = change.value;
        break;
      case 'earnings':
        patch.earnings = change.value;
        break;
      case 'market':
        patch.market = change.value;
        break;
      case 'settings':
        patch.settings = change.value;
        break;
      case 'selling':
        patch.selling = change.value;
        break;
      case 'alert':
        push('alerts', change.value);
        break;
      case 'alert-removed':
        push('removedAlerts', change.id);
        break;
      case 'attention':
        patch.attention = change.value;
        break;
    }
  }
  return patch;
}
