// Alert rows ↔ Alert records, and the WHERE clause an AlertFilter becomes. Filters are bound as
// parameters, never spliced, and only the closed lists' values ever reach the SQL text.
import {
  AlertCategories,
  AlertSeverities,
  type Alert,
  type AlertCategory,
  type AlertFilter,
  type AlertInput,
  type AlertSeverity,
} from '../engine/index';

/** A row of the alerts table. */
export interface AlertRow {
  id: number;
  key: string;
  category: string;
  severity: string;
  message: string;
  data: string;
  first_seen: number;
  last_seen: number;
  opened_at: number;
  count: number;
  resolved_at: number | null;
  dismissed_at: number | null;
}

/** The record a row holds. */
export function fromRow(row: AlertRow): Alert {
  return {
    id: row.id,
    key: row.key,
    category: row.category as AlertCategory,
    severity: row.severity as AlertSeverity,
    message: row.message,
    data: JSON.parse(row.data) as Alert['data'],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    openedAt: row.opened_at,
    count: row.count,
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
    ...(row.dismissed_at === null ? {} : { dismissedAt: row.dismissed_at }),
  };
}

/** Longest message kept; longer ones are cut (an error text can carry a whole stack). */
export const MAX_MESSAGE_LENGTH = 2000;

/** Why an alert cannot be stored, or undefined when it can. */
export function problemWith(alert: AlertInput): string | undefined {
  if (typeof alert.key !== 'string' || alert.key === '') return 'its key is empty';
  if (!(AlertCategories as readonly string[]).includes(alert.category)) return `unknown category ${alert.category}`;
  if (!(AlertSeverities as readonly string[]).includes(alert.severity)) return `unknown severity ${alert.severity}`;
  for (const [name, value] of Object.entries(alert.data ?? {})) {
    const type = typeof value;
    if (type !== 'string' && type !== 'boolean' && !(type === 'number' && Number.isFinite(value))) {
      return `data.${name} is a ${type}, not a string, finite number or boolean`;
    }
  }
  return undefined;
}

const STATE_SQL = {
  active: '(resolved_at IS NULL AND dismissed_at IS NULL)',
  resolved: '(resolved_at IS NOT NULL AND dismissed_at IS NULL)',
  dismissed: '(dismissed_at IS NOT NULL)',
} as const;

/** The WHERE clause and its parameters for a filter (states default to everything not dismissed). */
export function whereOf(
  filter: AlertFilter,
  defaultStates = ['active', 'resolved'] as const,
): {
  sql: string;
  params: string[];
} {
  const clauses: string[] = [];
  const params: string[] = [];
  const inList = (column: string, values: readonly string[]) => {
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (filter.severities?.length) inList('severity', filter.severities);
  if (filter.categories?.length) inList('category', filter.categories);
  const states = filter.states?.length ? filter.states : defaultStates;
  clauses.push(`(${states.map((s) => STATE_SQL[s]).join(' OR ')})`);
  return { sql: clauses.join(' AND '), params };
}
