// The sale history: every sale (won, lost or skipped) with its facts, its timeline of states, and
// the outcomes the operator was told about. Money and sizes are decimal TEXT, like 001's tables.
const digits = (column: string) => `${column} TEXT NOT NULL CHECK (${column} <> '' AND ${column} NOT GLOB '*[^0-9]*')`;
const maybeDigits = (column: string) =>
  `${column} TEXT CHECK (${column} IS NULL OR (${column} <> '' AND ${column} NOT GLOB '*[^0-9]*'))`;
const id = (column: string) => `${column} TEXT NOT NULL CHECK (length(${column}) = 66 AND ${column} GLOB '0x*')`;
const maybeId = (column: string) =>
  `${column} TEXT CHECK (${column} IS NULL OR (length(${column}) = 66 AND ${column} GLOB '0x*'))`;
const state = (column: string) =>
  `${column} TEXT NOT NULL CHECK (${column} IN ('SalePreparing', 'SaleSlotReserving', 'SaleDownloading',
    'SaleInitialProving', 'SaleFilling', 'SaleFilled', 'SaleProving', 'SaleProvingSimulated', 'SalePayout',
    'SaleFinished', 'SaleCancelled', 'SaleFailed', 'SaleIgnored', 'SaleErrored', 'SaleUnknown'))`;

export const name = 'sale-history';

export const sql = `
CREATE TABLE sales (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ${id('slot_id')},
  ${id('request_id')},
  ${digits('slot_index')},
  ${state('state')},
  ${digits('slot_size')},
  ${digits('duration')},
  ${digits('price_per_byte_per_second')},
  ${digits('collateral')},
  ${maybeId('availability_id')},
  ${maybeId('reservation_id')},
  ${digits('downloaded_bytes')},
  started_at INTEGER NOT NULL,
  expires_at INTEGER,
  ends_at INTEGER,
  filled_at INTEGER,
  ended_at INTEGER,
  ignored_reason TEXT,
  error TEXT,
  ${maybeDigits('payout')},
  ${maybeDigits('collateral_returned')},
  ${maybeDigits('slashed')},
  proofs_required INTEGER NOT NULL CHECK (proofs_required >= 0),
  proofs_submitted INTEGER NOT NULL CHECK (proofs_submitted >= 0),
  proofs_missed INTEGER NOT NULL CHECK (proofs_missed >= 0)
) STRICT;

CREATE INDEX sales_by_slot ON sales (slot_id, id);
CREATE INDEX sales_running ON sales (id) WHERE ended_at IS NULL;
CREATE INDEX sales_paid ON sales (id) WHERE payout IS NOT NULL;

CREATE TABLE sale_steps (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  sale_id INTEGER NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
  ${state('state')},
  at INTEGER NOT NULL,
  note TEXT
) STRICT;

CREATE INDEX sale_steps_by_sale ON sale_steps (sale_id, seq);

CREATE TABLE sale_outcomes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('slot-won', 'payout', 'request-cancelled', 'request-failed', 'sale-errored',
    'proofs-missed')),
  at INTEGER NOT NULL,
  sale_id INTEGER NOT NULL REFERENCES sales (id) ON DELETE CASCADE,
  ${id('slot_id')},
  ${id('request_id')},
  ${digits('slot_index')},
  ${maybeDigits('amount')},
  reason TEXT
) STRICT;
`;
