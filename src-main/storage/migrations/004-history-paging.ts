// Paging through all of history: a slot skipped again for the same reason is one record with a
// count (not a new row per retry), and the indexes the dashboard's pages and counts read. Runs of
// repeated skips already stored are folded the same way: the newest row of each run is kept.
export const name = 'history-paging';

export const sql = `
ALTER TABLE sales ADD COLUMN ignored_times INTEGER NOT NULL DEFAULT 1 CHECK (ignored_times >= 1);
ALTER TABLE sales ADD COLUMN ignored_since INTEGER;

CREATE TEMP TABLE ignored_runs AS
WITH marked AS (
  SELECT id, slot_id, started_at,
    CASE WHEN state = 'SaleIgnored' AND LAG(state) OVER w = 'SaleIgnored'
      AND ignored_reason IS LAG(ignored_reason) OVER w THEN 0 ELSE 1 END AS starts
  FROM sales WINDOW w AS (PARTITION BY slot_id ORDER BY id)
)
SELECT id, slot_id, started_at, SUM(starts) OVER (PARTITION BY slot_id ORDER BY id) AS run FROM marked;

CREATE TEMP TABLE ignored_folds AS
SELECT MAX(id) AS keep, COUNT(*) AS times, MIN(started_at) AS since, slot_id, run
FROM ignored_runs GROUP BY slot_id, run HAVING COUNT(*) > 1;

UPDATE sales SET
  ignored_times = (SELECT times FROM ignored_folds WHERE keep = sales.id),
  ignored_since = (SELECT since FROM ignored_folds WHERE keep = sales.id)
WHERE id IN (SELECT keep FROM ignored_folds);

DELETE FROM sales WHERE id IN (
  SELECT r.id FROM ignored_runs r JOIN ignored_folds f ON f.slot_id = r.slot_id AND f.run = r.run
  WHERE r.id <> f.keep
);

DROP TABLE ignored_runs;
DROP TABLE ignored_folds;

CREATE INDEX sales_by_started ON sales (started_at, id);
CREATE INDEX sales_by_state ON sales (state, id);
CREATE INDEX sale_outcomes_by_kind ON sale_outcomes (kind, seq);
`;
