/**
 * 0005: who did what is an account with a signing key, not a typed name; reviews can be carried
 * forward and reopened; sign-offs record what they attested besides the figures.
 *
 * - `account`: an operating-system account ('posix:ana:1001', 'windows:PC\ana') with the name it
 *   shows, or one of the names typed before identities existed ('unverified:Ana Pérez',
 *   verified = 0), so old reviews and sign-offs stay readable and are shown as unsigned.
 * - `account_key`: each Ed25519 public key an account signed with (raw key base64, fingerprint =
 *   sha256 of the raw key). An index of the log's own key registrations, which are what
 *   `audit verify` trusts.
 * - `audit_log` gains the connection's name (signed entries name it, not the local id), the
 *   fingerprint of the key that signed the entry and the signature. Entries from
 *   `audit_signed_from.seq` on must be signed; those before it were written before identities.
 * - `review` is rebuilt for the new state carried_forward, the account, and the mark a
 *   restatement leaves when it reopens a reviewed item (what changed, old -> new).
 * - `signoff` gains the account, the hash of the figures alone (a restatement changes it; the
 *   data hash now covers figures, tolerance and review states), what it attested (counts,
 *   tolerance) and a void reason with structure, so it can be said in any language.
 */
export const name = 'identities';

export const sql = /* sql */ `
CREATE TABLE account (
  id           TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  verified     INTEGER NOT NULL CHECK (verified IN (0, 1)),
  first_seen   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE account_key (
  fingerprint TEXT PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES account(id),
  public_key  TEXT NOT NULL,
  first_seen  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX account_key_by_account ON account_key(account_id);

-- Every name typed before identities becomes an unverified account of that display name.
INSERT INTO account (id, display_name, verified, first_seen)
  SELECT 'unverified:' || name, name, 0, min(at) FROM (
    SELECT author AS name, updated_at AS at FROM review
    UNION ALL SELECT author, signed_at FROM signoff
    UNION ALL SELECT actor, at FROM audit_log
  ) GROUP BY name;

ALTER TABLE audit_log ADD COLUMN connection_name TEXT;
ALTER TABLE audit_log ADD COLUMN key_fingerprint TEXT;
ALTER TABLE audit_log ADD COLUMN signature TEXT;
CREATE INDEX audit_log_by_subject ON audit_log(connection_id, subject, seq);
-- The first entry that must be signed: the one after the last written before identities.
CREATE TABLE audit_signed_from (seq INTEGER NOT NULL);
INSERT INTO audit_signed_from (seq) SELECT coalesce(max(seq), 0) + 1 FROM audit_log;

CREATE TABLE review_0005 (
  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
  item_key      TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('open', 'explained', 'resolved', 'carried_forward')),
  reason        TEXT CHECK (reason IS NULL OR reason IN ('timing', 'pricing', 'rejected_work', 'duplicate', 'upstream_error', 'other')),
  note          TEXT,
  author        TEXT NOT NULL,                    -- the display name at the time
  updated_at    TEXT NOT NULL,
  account_id    TEXT NOT NULL REFERENCES account(id),
  reopened_json TEXT,                             -- set by a restatement that reopened the item: what changed
  PRIMARY KEY (connection_id, item_key)
) WITHOUT ROWID;
INSERT INTO review_0005 (connection_id, item_key, state, reason, note, author, updated_at, account_id)
  SELECT connection_id, item_key, state, reason, note, author, updated_at, 'unverified:' || author FROM review;
DROP TABLE review;
ALTER TABLE review_0005 RENAME TO review;

ALTER TABLE signoff ADD COLUMN account_id TEXT REFERENCES account(id);
ALTER TABLE signoff ADD COLUMN figures_hash TEXT;
ALTER TABLE signoff ADD COLUMN attested_json TEXT;
ALTER TABLE signoff ADD COLUMN void_json TEXT;
-- Before 0005 the data hash was the hash of the figures alone.
UPDATE signoff SET account_id = 'unverified:' || author, figures_hash = data_hash;
`;
