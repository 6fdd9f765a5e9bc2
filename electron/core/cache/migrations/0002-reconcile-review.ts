/**
 * 0002: what reconciliation and review need on top of the initial schema.
 *
 * - Per-connection PAYG exception thresholds (NULL = the defaults: 14, 7 and 21 days).
 * - The figures each sign-off covered, so a voided sign-off can say exactly what changed.
 * - Indexes for the hot reconciliation queries: a covering index lets a connection+range PAYG
 *   aggregation read a million billing periods without touching the table, and a partial index
 *   of the uncollected ones finds the exception candidates.
 */
export const name = 'reconcile-review';

export const sql = /* sql */ `
ALTER TABLE connection ADD COLUMN payg_outstanding_days INTEGER CHECK (payg_outstanding_days IS NULL OR payg_outstanding_days >= 0);
ALTER TABLE connection ADD COLUMN payg_draft_days INTEGER CHECK (payg_draft_days IS NULL OR payg_draft_days >= 0);
ALTER TABLE connection ADD COLUMN payg_stuck_days INTEGER CHECK (payg_stuck_days IS NULL OR payg_stuck_days >= 0);

CREATE TABLE signoff_figures (
  signoff_id   INTEGER PRIMARY KEY REFERENCES signoff(id) ON DELETE CASCADE,
  figures_gzip BLOB NOT NULL                      -- gzip of the canonical JSON whose sha256 is signoff.data_hash
);

CREATE INDEX billing_period_cover ON billing_period(connection_id, start_date, status, currency, end_date, amount_minor);
-- Only what is not collected (a small share of a large cache): the exception candidates of a
-- range are found without reading the collected periods at all.
CREATE INDEX billing_period_open ON billing_period(connection_id, status, start_date, end_date, status_since)
  WHERE status != 'PAYMENT_COMPLETE';
CREATE INDEX restatement_by_period ON restatement(connection_id, period_start);
CREATE INDEX quarantine_by_window ON quarantine(window_id);
CREATE INDEX audit_log_by_connection ON audit_log(connection_id, seq);
`;
