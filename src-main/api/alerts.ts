// Alerts as the api serves them: the store the api reads and commands (declared here in the api's
// own terms), the DTO, the three commands, and the changes that keep the dashboard's list live.
import { alertState, type Alert, type AlertCategory, type AlertFilter, type AlertSeverity } from '../engine/index';
import type { Handlers } from './dispatch';
import type { AlertDto } from './dto';
import { ApiFailure } from './errors';
import type { Change } from './sources';

/** A change in the alert store: an alert raised, resolved or dismissed, or one dropped from the store. */
export type AlertStoreChange = { readonly alert: Alert } | { readonly removed: number };

/** The persisted alerts (storage/alert-store.ts has all of it). */
export interface AlertsSource {
  list(filter?: AlertFilter, limit?: number): Alert[];
  /** undefined when there is no such alert. */
  dismiss(ref: { readonly id: number } | { readonly key: string }): Alert | undefined;
  dismissAll(filter?: AlertFilter): number;
  /** Active, undismissed alerts of severity error or critical. */
  attention(): number;
  onChange(listener: (change: AlertStoreChange) => void): () => void;
}

/** A source with no alerts, for hosts and tests that keep none. */
export const noAlerts: AlertsSource = {
  list: () => [],
  dismiss: () => undefined,
  dismissAll: () => 0,
  attention: () => 0,
  onChange: () => () => {},
};

/** How many alerts a snapshot carries: every one not dismissed, up to the store's bound of closed ones. */
export const ALERTS_IN_SNAPSHOT = 500;

/** The DTO of an alert. */
export function alertDto(alert: Alert): AlertDto {
  const slotId = alert.data.slotId;
  return {
    id: alert.id,
    key: alert.key,
    category: alert.category,
    severity: alert.severity,
    state: alertState(alert),
    message: alert.message,
    data: { ...alert.data },
    ...(typeof slotId === 'string' ? { slotId } : {}),
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    openedAt: alert.openedAt,
    count: alert.count,
    ...(alert.resolvedAt === undefined ? {} : { resolvedAt: alert.resolvedAt }),
    ...(alert.dismissedAt === undefined ? {} : { dismissedAt: alert.dismissedAt }),
  };
}

/** What a store change means to the dashboard: a dismissed or dropped alert leaves the list. */
export function alertChange(change: AlertStoreChange): Change {
  if ('removed' in change) return { kind: 'alert-removed', id: change.removed };
  if (change.alert.dismissedAt !== undefined) return { kind: 'alert-removed', id: change.alert.id };
  return { kind: 'alert', value: alertDto(change.alert) };
}

const filterOf = (args: { severities?: AlertSeverity[]; categories?: AlertCategory[] }) => ({
  ...(args.severities ? { severities: args.severities } : {}),
  ...(args.categories ? { categories: args.categories } : {}),
});

/** The alert commands over a source. */
export function alertHandlers(
  source: AlertsSource,
): Pick<Handlers, 'alerts.list' | 'alerts.dismiss' | 'alerts.dismissAll'> {
  return {
    'alerts.list': {
      mutates: false,
      run: async (args) =>
        source.list({ ...filterOf(args), ...(args.states ? { states: args.states } : {}) }, args.limit).map(alertDto),
    },
    'alerts.dismiss': {
      mutates: true,
      run: async (args) => {
        const ref = args.id !== undefined ? { id: args.id } : { key: args.key! };
        const alert = source.dismiss(ref);
        if (!alert) {
          const named = 'id' in ref ? `id ${ref.id}` : `key "${ref.key}"`;
          throw new ApiFailure('not-found', `There is no alert with ${named}; it may have been cleared away already.`);
        }
        return alertDto(alert);
      },
    },
    'alerts.dismissAll': {
      mutates: true,
      run: async (args) => ({
        dismissed: source.dismissAll({ ...filterOf(args), ...(args.states ? { states: args.states } : {}) }),
      }),
    },
  };
}
