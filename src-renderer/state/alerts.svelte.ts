// Alerts as rune state: the engine's list kept live by the stream (dismissed ones leave it), the
// "needs attention" count, the view's filters, and the dismiss commands. Dismissed alerts are not
// streamed; the view asks for them only when the operator wants to see them.
import type { AlertCategory, AlertDto, AlertSeverity, PatchDto, SnapshotDto } from '../../src-main/api/dto';
import type { ApiErrorCode } from '../../src-main/api/errors';
import type { Backend } from '../backend';
import { attempt } from './availabilities.svelte';
import { KeyedList } from './keyed.svelte';
import type { LiveSink } from './live.svelte';

/** Which alerts the view shows: the open ones (active and cleared), only active, only cleared, or the dismissed. */
export type AlertShow = 'open' | 'active' | 'resolved' | 'dismissed';

const byLastSeen = (a: AlertDto, b: AlertDto) => b.lastSeen - a.lastSeen || b.id - a.id;

/** Alerts as rune state. */
export class AlertsState implements LiveSink {
  readonly list = new KeyedList<AlertDto>((a) => String(a.id));
  /** Active, undismissed alerts of severity error or critical (the engine counts them). */
  attention = $state(0);
  severity = $state<AlertSeverity | ''>('');
  category = $state<AlertCategory | ''>('');
  show = $state<AlertShow>('open');
  /** The dismissed alerts, loaded when the view shows them. */
  dismissed = $state.raw<AlertDto[]>([]);
  /** A dismiss in flight. */
  busy = $state(false);
  errorCode = $state<ApiErrorCode | undefined>();

  /** Every alert not dismissed, most recently seen first. */
  open: AlertDto[] = $derived([...this.list.values].sort(byLastSeen));
  /** Active alerts (dismissed or cleared ones excluded). */
  active: AlertDto[] = $derived(this.open.filter((a) => a.state === 'active'));

  /** The alerts the view lists now. */
  rows: AlertDto[] = $derived.by(() => {
    const { severity, category, show } = this;
    const pool =
      show === 'dismissed' ? this.dismissed : show === 'open' ? this.open : this.open.filter((a) => a.state === show);
    return pool.filter(
      (a) => (severity === '' || a.severity === severity) && (category === '' || a.category === category),
    );
  });

  readonly #backend: Backend;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  reset(snapshot: SnapshotDto): void {
    this.list.replace(snapshot.alerts);
    this.attention = snapshot.attention;
  }

  apply(patch: PatchDto): void {
    this.list.apply(patch.alerts, patch.removedAlerts?.map(String));
    if (patch.attention !== undefined) this.attention = patch.attention;
    // A dismissed alert raised again is open once more.
    if (patch.alerts?.length) {
      const back = patch.alerts.map((a) => a.id);
      if (this.dismissed.some((a) => back.includes(a.id)))
        this.dismissed = this.dismissed.filter((a) => !back.includes(a.id));
    }
  }

  /** Chooses which alerts to list; the dismissed ones are fetched from the engine. */
  async choose(show: AlertShow): Promise<void> {
    this.show = show;
    if (show !== 'dismissed') return;
    const outcome = await attempt(() => this.#backend.invoke('alerts.list', { states: ['dismissed'] }));
    this.errorCode = outcome.ok ? undefined : outcome.code;
    if (outcome.ok) this.dismissed = outcome.value;
  }

  /** Puts one alert away until it is raised again. */
  async dismiss(id: number): Promise<void> {
    await this.#run(() => this.#backend.invoke('alerts.dismiss', { id }));
    // The patch removes it too; removing it now keeps the list from lagging the click.
    if (!this.errorCode) this.list.apply(undefined, [String(id)]);
  }

  /** Puts away every alert the filters show (all of them without filters). */
  async dismissShown(): Promise<void> {
    if (this.show === 'dismissed') return;
    const filter = {
      ...(this.severity ? { severities: [this.severity] } : {}),
      ...(this.category ? { categories: [this.category] } : {}),
      ...(this.show === 'open' ? {} : { states: [this.show] }),
    };
    const shown = this.rows.map((a) => String(a.id));
    await this.#run(() => this.#backend.invoke('alerts.dismissAll', filter));
    if (!this.errorCode) this.list.apply(undefined, shown);
  }

  async #run(command: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    const outcome = await attempt(command);
    this.busy = false;
    this.errorCode = outcome.ok ? undefined : outcome.code;
  }
}
