/**
 * 0004: what a sync needs to lose nothing, whatever the upstream does.
 *
 * - billing_period_removal: a PAYG billing period the retrieve endpoint confirmed gone (404).
 *   The row moves here from billing_period, whole (with its status history), so every figure
 *   query leaves it out without knowing this table exists, and the history still shows it.
 * - rate_slot, rate_block: the sliding window of each credential's requests, shared by every
 *   process using this cache (the app and the command line, two command lines), so together they
 *   stay within the upstream's limit. Keys are one-way hashes; no credential is ever stored.
 */
export const name = 'sync-integrity';

export const sql = /* sql */ `
CREATE TABLE billing_period_removal (
  id                       INTEGER PRIMARY KEY,
  connection_id            INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  billing_period_id        INTEGER NOT NULL,            -- the upstream id
  loan_name                TEXT NOT NULL,
  start_date               TEXT NOT NULL,
  end_date                 TEXT NOT NULL,
  status                   TEXT NOT NULL,
  currency                 TEXT NOT NULL,
  amount_minor             INTEGER NOT NULL,
  funding_source           TEXT,
  first_seen_at            TEXT NOT NULL,
  last_seen_at             TEXT NOT NULL,
  status_history_json      TEXT NOT NULL,               -- [{"status","seenFrom"}] as billing_period_status held it
  removed_at               TEXT NOT NULL,               -- when the 404 confirmed it
  evidence_raw_response_id INTEGER NOT NULL REFERENCES raw_response(id),  -- that 404 answer, kept
  last_raw_response_id     INTEGER NOT NULL REFERENCES raw_response(id),  -- the last answer that had it
  sync_run_id              INTEGER REFERENCES sync_run(id) ON DELETE SET NULL,
  reappeared_at            TEXT                         -- listed again later (it is back in billing_period)
);
CREATE INDEX billing_period_removal_by_start ON billing_period_removal(connection_id, start_date);
CREATE INDEX billing_period_removal_by_id ON billing_period_removal(connection_id, billing_period_id);

CREATE TABLE rate_slot (
  id          INTEGER PRIMARY KEY,
  limiter_key TEXT NOT NULL,                            -- sha256 of kind, origin and credential, plus the limit
  at_ms       INTEGER NOT NULL                          -- when the answer arrived; in flight, the latest it may
);
CREATE INDEX rate_slot_by_key ON rate_slot(limiter_key, at_ms);

CREATE TABLE rate_block (
  limiter_key TEXT PRIMARY KEY,
  until_ms    INTEGER NOT NULL                          -- after a 429: nobody sends before this
) WITHOUT ROWID;
`;
