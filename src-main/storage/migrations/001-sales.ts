// The first schema: availabilities, their reservations and the repo quota's reserved bytes.
// Bytes and money are decimal TEXT (bigint end to end); the CHECKs keep them non-negative integers.
const digits = (column: string) => `${column} TEXT NOT NULL CHECK (${column} <> '' AND ${column} NOT GLOB '*[^0-9]*')`;
const id = (column: string) => `${column} TEXT NOT NULL CHECK (length(${column}) = 66 AND ${column} GLOB '0x*')`;

export const name = 'sales';

export const sql = `
CREATE TABLE availabilities (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ${id('id')} UNIQUE,
  ${digits('total_size')},
  ${digits('free_size')},
  ${digits('duration')},
  ${digits('min_price_per_byte_per_second')},
  ${digits('total_collateral')},
  ${digits('total_remaining_collateral')},
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  until INTEGER NOT NULL CHECK (until >= 0)
) STRICT;

CREATE TABLE reservations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ${id('id')} UNIQUE,
  ${id('availability_id')} REFERENCES availabilities (id),
  ${digits('size')},
  ${digits('written_size')},
  ${digits('collateral')},
  ${id('request_id')},
  ${digits('slot_index')},
  valid_until INTEGER NOT NULL CHECK (valid_until >= 0)
) STRICT;

CREATE INDEX reservations_by_availability ON reservations (availability_id);
CREATE INDEX reservations_by_slot ON reservations (request_id, slot_index);

CREATE TABLE repo_quota (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  ${digits('reserved')}
) STRICT;

INSERT INTO repo_quota (id, reserved) VALUES (1, '0');
`;
