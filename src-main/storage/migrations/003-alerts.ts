// Alerts (issue 15): one row per condition key, with the latest raise's facts, when it was first
// and last seen, how often, and whether it cleared (resolved_at) or the operator put it away
// (dismissed_at). Times are unix seconds; data is a JSON object of strings, numbers and booleans.
const oneOf = (column: string, values: readonly string[]) =>
  `${column} TEXT NOT NULL CHECK (${column} IN (${values.map((v) => `'${v}'`).join(', ')}))`;

export const name = 'alerts';

export const sql = `
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE CHECK (key <> ''),
  ${oneOf('category', ['disk', 'proofs', 'sales', 'wallet', 'chain', 'network', 'circuits', 'storage'])},
  ${oneOf('severity', ['info', 'warning', 'error', 'critical'])},
  message TEXT NOT NULL,
  data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL CHECK (last_seen >= first_seen),
  opened_at INTEGER NOT NULL CHECK (opened_at >= first_seen),
  count INTEGER NOT NULL CHECK (count >= 1),
  resolved_at INTEGER,
  dismissed_at INTEGER
) STRICT;

CREATE INDEX alerts_by_last_seen ON alerts (last_seen DESC, id DESC);
CREATE INDEX alerts_closed ON alerts (last_seen) WHERE resolved_at IS NOT NULL OR dismissed_at IS NOT NULL;
`;
