// Which blocks of a reservation's slot are stored and accounted: a bitmap (bit i of byte i >> 3 set
// for block i), written in the same transaction that moves those blocks' bytes from reserved to
// written, so a sale resumed after a restart fetches only the blocks it does not have and never
// counts a block twice. NULL means none. Numbered 005: 003 and 004 belong to other features.
export const name = 'stored-blocks';

export const sql = `
ALTER TABLE reservations ADD COLUMN stored_blocks BLOB;
`;
