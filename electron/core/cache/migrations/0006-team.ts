/**
 * 0006: team mode's working copy in the cache (nothing here is used in solo mode).
 *
 * - team_outbox: every review change, void, tolerance, assignment and audit entry made in team
 *   mode, with the id this laptop gave it (client_id), written in the same transaction as the
 *   change itself; pushed to the team server in order, idempotently (the server ignores a
 *   client_id it already has), and marked pushed only after the server committed it. Kept after
 *   that: it is how a laptop knows which of the server's entries are its own.
 * - team_audit: the team server's audit log as pulled, each entry checked against the one
 *   before it; append-only here too.
 * - signoff.team_id: the server's id of a sign-off made or pulled in team mode.
 * - team_assignment, team_member, team_notice: who prepares which month by when, the members'
 *   display names, and what a pull has to tell the user (two changes to one item crossed).
 *
 * The team server's address (no password) is a setting (app_setting 'team.server').
 */
export const name = 'team';

export const sql = /* sql */ `
CREATE TABLE team_outbox (
  id         INTEGER PRIMARY KEY,
  client_id  TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('connection', 'review', 'void', 'tolerance', 'assignment', 'audit')),
  connection TEXT,
  subject    TEXT,
  body_json  TEXT NOT NULL,
  made_at    TEXT NOT NULL,
  pushed_at  TEXT
);
CREATE INDEX team_outbox_pending ON team_outbox(id) WHERE pushed_at IS NULL;
CREATE INDEX team_outbox_by_subject ON team_outbox(kind, connection, subject) WHERE pushed_at IS NULL;

CREATE TABLE team_audit (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  connection TEXT,
  subject    TEXT,
  payload    TEXT NOT NULL,
  client_id  TEXT,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL,
  key_fingerprint TEXT,
  signature  TEXT,
  signed_entry TEXT
);
CREATE INDEX team_audit_by_subject ON team_audit(connection, subject, seq);
CREATE TRIGGER team_audit_no_update BEFORE UPDATE ON team_audit BEGIN SELECT RAISE(ABORT, 'the team audit log is append-only'); END;
CREATE TRIGGER team_audit_no_delete BEFORE DELETE ON team_audit BEGIN SELECT RAISE(ABORT, 'the team audit log is append-only'); END;

ALTER TABLE signoff ADD COLUMN team_id INTEGER;
CREATE UNIQUE INDEX signoff_by_team_id ON signoff(team_id) WHERE team_id IS NOT NULL;

CREATE TABLE team_assignment (
  connection TEXT NOT NULL,
  month      TEXT NOT NULL,
  assignee   TEXT,
  due_date   TEXT,
  PRIMARY KEY (connection, month)
) WITHOUT ROWID;

CREATE TABLE team_member (
  role         TEXT PRIMARY KEY,
  display_name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE team_notice (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  connection TEXT,
  subject    TEXT,
  kind       TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  seen       INTEGER NOT NULL DEFAULT 0
);
`;
