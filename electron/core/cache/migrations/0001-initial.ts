/**
 * 0001: the first cache schema.
 *
 * Conventions: amounts are INTEGER minor units with the currency beside them; dates are ISO
 * 'YYYY-MM-DD' TEXT; instants are ISO-8601 UTC TEXT ('2026-11-21T21:50:33.000Z'). No secret ever
 * has a column here: credentials live in the main process's secret store or in the environment.
 */
export const name = 'initial';

export const sql = /* sql */ `
CREATE TABLE connection (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE,
  kind                TEXT NOT NULL CHECK (kind IN ('portal', 'payg')),
  base_url            TEXT NOT NULL,
  tenant              TEXT,                       -- portal only
  currency            TEXT,                       -- portal only: the tenant's currency
  tolerance_abs_minor INTEGER NOT NULL DEFAULT 0, -- portal: |difference| at or under this is within tolerance
  tolerance_pct       TEXT NOT NULL DEFAULT '0',  -- portal: exact decimal percent of |invoiced|
  created_at          TEXT NOT NULL,
  CHECK (kind = 'payg' OR (tenant IS NOT NULL AND currency IS NOT NULL))
);

-- One sync run = one invocation of sync for one connection (CLI or app).
CREATE TABLE sync_run (
  id            INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  outcome       TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'partial', 'failed', 'cancelled')),
  params_json   TEXT NOT NULL,                    -- range, period, force: never a secret
  message       TEXT
);

-- Every upstream response kept, compressed, with the request that produced it (minus secrets),
-- so each figure in the cache can be traced to what the upstream said.
CREATE TABLE raw_response (
  id            INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  sync_run_id   INTEGER REFERENCES sync_run(id) ON DELETE SET NULL,
  request_url   TEXT NOT NULL,                    -- path and query only; headers are never stored
  request_key   TEXT NOT NULL,                    -- canonical form of the request, for the 300 s rule
  http_status   INTEGER NOT NULL,
  fetched_at    TEXT NOT NULL,
  body_gzip     BLOB NOT NULL,
  body_sha256   TEXT NOT NULL
);
CREATE INDEX raw_response_by_key ON raw_response(connection_id, request_key, fetched_at);

-- A sync window: the unit of coverage and of atomic replacement.
-- portal: one report request (<= 93 days, <= 100 providers) belonging to one reporting period;
-- payg:   one start_date window of billing periods, paged.
CREATE TABLE sync_window (
  id              INTEGER PRIMARY KEY,
  connection_id   INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  period_kind     TEXT NOT NULL CHECK (period_kind IN ('month', 'week', 'range')),
  period_start    TEXT NOT NULL,
  period_end      TEXT NOT NULL,
  window_start    TEXT NOT NULL,
  window_end      TEXT NOT NULL,
  provider_filter TEXT NOT NULL DEFAULT '',       -- '' = all providers; else the sorted chunk, comma-joined
  status          TEXT NOT NULL CHECK (status IN ('ok', 'incomplete', 'failed')),
  last_attempt_at TEXT NOT NULL,
  synced_at       TEXT,                           -- last time it was stored successfully
  error           TEXT,                           -- last failure, in words an accountant can act on
  row_count       INTEGER NOT NULL DEFAULT 0,
  quarantined     INTEGER NOT NULL DEFAULT 0,
  sync_run_id     INTEGER REFERENCES sync_run(id) ON DELETE SET NULL,
  UNIQUE (connection_id, window_start, window_end, provider_filter)
);
CREATE INDEX sync_window_by_period ON sync_window(connection_id, period_start, period_end);

-- Portal report rows, as of the latest snapshot of their window.
CREATE TABLE portal_row (
  window_id        INTEGER NOT NULL REFERENCES sync_window(id) ON DELETE CASCADE,
  connection_id    INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  period_start     TEXT NOT NULL,
  period_end       TEXT NOT NULL,
  provider_id      TEXT NOT NULL,
  provider_name    TEXT NOT NULL,
  currency         TEXT NOT NULL,
  task_count       INTEGER NOT NULL,
  invoiced_minor   INTEGER NOT NULL,
  provider_minor   INTEGER NOT NULL,
  paid_minor       INTEGER NOT NULL,
  pending_minor    INTEGER NOT NULL,
  approval_rate    TEXT NOT NULL,                 -- exact decimal text as sent (0-100)
  approved_count   INTEGER NOT NULL,
  rejected_count   INTEGER NOT NULL,
  review_count     INTEGER NOT NULL,
  raw_response_id  INTEGER NOT NULL REFERENCES raw_response(id),
  PRIMARY KEY (window_id, provider_id)
) WITHOUT ROWID;
CREATE INDEX portal_row_by_period ON portal_row(connection_id, period_start, provider_id);

CREATE TABLE portal_grand_total (
  window_id       INTEGER PRIMARY KEY REFERENCES sync_window(id) ON DELETE CASCADE,
  connection_id   INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  currency        TEXT NOT NULL,
  task_count      INTEGER NOT NULL,
  invoiced_minor  INTEGER NOT NULL,
  provider_minor  INTEGER NOT NULL,
  paid_minor      INTEGER NOT NULL,
  pending_minor   INTEGER NOT NULL,
  raw_response_id INTEGER NOT NULL REFERENCES raw_response(id)
);

-- PAYG billing periods, latest known state per upstream id.
CREATE TABLE billing_period (
  connection_id    INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  id               INTEGER NOT NULL,              -- upstream id
  loan_name        TEXT NOT NULL,
  start_date       TEXT NOT NULL,
  end_date         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('DRAFT', 'SENT_TO_PAYMENT_SERVICE', 'PAYMENT_COMPLETE', 'PAYMENT_FAILED', 'PENDING')),
  currency         TEXT NOT NULL,
  amount_minor     INTEGER NOT NULL,
  funding_source   TEXT,
  status_since     TEXT NOT NULL,                 -- first sync that saw the current status
  first_seen_at    TEXT NOT NULL,
  last_seen_at     TEXT NOT NULL,
  window_id        INTEGER REFERENCES sync_window(id) ON DELETE SET NULL,
  raw_response_id  INTEGER NOT NULL REFERENCES raw_response(id),
  PRIMARY KEY (connection_id, id)
) WITHOUT ROWID;
CREATE INDEX billing_period_by_start ON billing_period(connection_id, start_date);

-- Each status a billing period was seen in, and from when (for days in status).
CREATE TABLE billing_period_status (
  connection_id INTEGER NOT NULL,
  id            INTEGER NOT NULL,
  status        TEXT NOT NULL,
  seen_from     TEXT NOT NULL,
  PRIMARY KEY (connection_id, id, seen_from),
  FOREIGN KEY (connection_id, id) REFERENCES billing_period(connection_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

-- A figure that changed upstream after it was first cached.
CREATE TABLE restatement (
  id            INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  entity        TEXT NOT NULL CHECK (entity IN ('portal_row', 'billing_period', 'portal_grand_total')),
  entity_key    TEXT NOT NULL,                    -- see review item keys (core/review/keys.ts)
  period_start  TEXT,
  field         TEXT NOT NULL,
  old_value     TEXT,
  new_value     TEXT,
  detected_at   TEXT NOT NULL,
  sync_run_id   INTEGER REFERENCES sync_run(id) ON DELETE SET NULL
);
CREATE INDEX restatement_by_connection ON restatement(connection_id, detected_at);

-- Records that failed validation: kept raw, with the reason, never dropped silently.
CREATE TABLE quarantine (
  id              INTEGER PRIMARY KEY,
  connection_id   INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  window_id       INTEGER REFERENCES sync_window(id) ON DELETE CASCADE,
  record_key      TEXT,                           -- upstream id / provider id when readable
  raw_json        TEXT NOT NULL,
  reason          TEXT NOT NULL,
  detected_at     TEXT NOT NULL,
  raw_response_id INTEGER REFERENCES raw_response(id)
);

-- Review state of one discrepancy or finding (latest; the history is the audit log).
CREATE TABLE review (
  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  item_key      TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('open', 'explained', 'resolved')),
  reason        TEXT CHECK (reason IS NULL OR reason IN ('timing', 'pricing', 'rejected_work', 'duplicate', 'upstream_error', 'other')),
  note          TEXT,
  author        TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (connection_id, item_key)
) WITHOUT ROWID;

CREATE TABLE signoff (
  id            INTEGER PRIMARY KEY,
  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  range_from    TEXT NOT NULL,
  range_to      TEXT NOT NULL,
  period_kind   TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('preparer', 'reviewer')),
  author        TEXT NOT NULL,
  signed_at     TEXT NOT NULL,
  data_hash     TEXT NOT NULL,                    -- sha256 of the exact figures covered
  voided_at     TEXT,
  void_reason   TEXT
);
CREATE INDEX signoff_by_range ON signoff(connection_id, range_from, range_to);

-- Append-only, hash-chained audit log. The triggers stop ordinary updates and deletes; the chain
-- makes edits done behind SQLite's back (a hex editor, another tool) detectable.
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  connection_id INTEGER,
  subject       TEXT,
  payload_json  TEXT NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE app_setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;
