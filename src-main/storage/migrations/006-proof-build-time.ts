// How long this host took to build each sale's proofs (wall milliseconds): the count, the latest
// and the total, so the slot detail can show the last and the mean build time.
export const name = 'proof-build-time';

export const sql = `
ALTER TABLE sales ADD COLUMN proof_builds INTEGER NOT NULL DEFAULT 0 CHECK (proof_builds >= 0);
ALTER TABLE sales ADD COLUMN proof_build_last_ms INTEGER CHECK (proof_build_last_ms IS NULL OR proof_build_last_ms >= 0);
ALTER TABLE sales ADD COLUMN proof_build_total_ms INTEGER NOT NULL DEFAULT 0 CHECK (proof_build_total_ms >= 0);
`;
