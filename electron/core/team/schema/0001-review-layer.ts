/**
 * Team schema 0001: the review layer on the team's PostgreSQL.
 *
 * Who did what is the server's word, never the client's: every row's author is `session_user`
 * (the database role the accountant logged in with), set by a trigger whatever the client sent,
 * and the columns a member may write are granted one by one (author, times and sequence numbers
 * are not among them). Every change writes one entry of the audit log, in the same transaction,
 * under one lock: the log's order is the order in which the server accepted the changes, each
 * entry's hash covers the one before it, and the log is append-only twice over (no UPDATE,
 * DELETE or TRUNCATE is granted to anyone, and a trigger refuses them even to the owner).
 *
 * The duties are the server's too: a sign-off names the items it covers with the states its
 * author saw; the server refuses it when any of them is open, when its states are not the ones
 * the server holds, when the range is already signed in that role, and a reviewer's when there is
 * no live preparer sign-off over the same figures hash or when it comes from the preparer's role.
 *
 * Errors the clients react to carry their own SQLSTATE (class CN): see team/errors.ts.
 */
export const name = 'review-layer';

export const sql = /* sql */ `
DO $roles$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'concilia_member') THEN CREATE ROLE concilia_member NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'concilia_auditor') THEN CREATE ROLE concilia_auditor NOLOGIN; END IF;
END $roles$;

-- The connections the team reconciles, by the name every laptop gives them.
CREATE TABLE concilia.team_connection (
  name     text PRIMARY KEY CHECK (btrim(name) <> '' AND length(name) <= 100),
  kind     text NOT NULL CHECK (kind IN ('portal', 'payg')),
  currency text CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
  added_by name NOT NULL DEFAULT session_user,
  added_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Identities: each member's display name, and the signing keys of their laptops' accounts.
CREATE TABLE concilia.member (
  role         name PRIMARY KEY,
  display_name text NOT NULL CHECK (btrim(display_name) <> '' AND length(display_name) <= 200),
  updated_at   timestamptz NOT NULL
);
CREATE TABLE concilia.signing_key (
  role          name NOT NULL REFERENCES concilia.member(role),
  account       text NOT NULL CHECK (btrim(account) <> ''),
  public_key    text NOT NULL CHECK (public_key ~ '^[A-Za-z0-9+/=]{40,200}$'),
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (role, public_key)
);

-- The audit log: the stream every laptop pulls, in the order the server accepted the changes.
CREATE TABLE concilia.audit_log (
  seq        bigint PRIMARY KEY,
  at         text NOT NULL,
  actor      name NOT NULL,
  action     text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
  connection text,
  subject    text,
  payload    text NOT NULL,
  client_id  uuid UNIQUE,
  prev_hash  text NOT NULL,
  hash       text NOT NULL
);
CREATE INDEX audit_log_by_connection ON concilia.audit_log (connection, seq);

-- Review changes, every one kept (the history); review_state holds the latest of each item.
CREATE TABLE concilia.review_change (
  client_id   uuid PRIMARY KEY,
  connection  text NOT NULL REFERENCES concilia.team_connection(name),
  item_key    text NOT NULL CHECK (length(item_key) BETWEEN 3 AND 300),
  state       text NOT NULL CHECK (state IN ('open', 'explained', 'resolved', 'carried_forward')),
  reason      text CHECK (reason IS NULL OR reason IN ('timing', 'pricing', 'rejected_work', 'duplicate', 'upstream_error', 'other')),
  note        text CHECK (note IS NULL OR length(note) <= 4000),
  made_at     timestamptz NOT NULL,
  based_on    bigint,
  author      name NOT NULL DEFAULT session_user,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE concilia.review_state (
  connection text NOT NULL,
  item_key   text NOT NULL,
  state      text NOT NULL,
  reason     text,
  note       text,
  author     name NOT NULL,
  seq        bigint NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (connection, item_key)
);

CREATE TABLE concilia.signoff (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id    uuid NOT NULL UNIQUE,
  connection   text NOT NULL REFERENCES concilia.team_connection(name),
  range_from   date NOT NULL,
  range_to     date NOT NULL CHECK (range_to >= range_from),
  period_kind  text NOT NULL CHECK (period_kind IN ('month', 'week', 'range')),
  role         text NOT NULL CHECK (role IN ('preparer', 'reviewer')),
  data_hash    text NOT NULL CHECK (data_hash ~ '^[0-9a-f]{64}$'),
  figures_gzip bytea NOT NULL,
  items        jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  author       name NOT NULL DEFAULT session_user,
  signed_at    text NOT NULL DEFAULT '',
  voided_at    text,
  void_reason  text,
  voided_by    name
);
CREATE INDEX signoff_by_range ON concilia.signoff (connection, range_from, range_to);
CREATE TABLE concilia.signoff_void (
  client_id  uuid PRIMARY KEY,
  signoff_id bigint NOT NULL REFERENCES concilia.signoff(id),
  reason     text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 4000),
  new_hash   text NOT NULL CHECK (new_hash ~ '^[0-9a-f]{64}$'),
  voided_by  name NOT NULL DEFAULT session_user,
  voided_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE concilia.tolerance_change (
  client_id  uuid PRIMARY KEY,
  connection text NOT NULL REFERENCES concilia.team_connection(name),
  abs_minor  bigint NOT NULL CHECK (abs_minor >= 0),
  pct        text NOT NULL CHECK (pct ~ '^[0-9]{1,3}(\\.[0-9]{1,6})?$'),
  set_by     name NOT NULL DEFAULT session_user,
  set_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Who prepares a connection's month, and by when.
CREATE TABLE concilia.assignment_change (
  client_id  uuid PRIMARY KEY,
  connection text NOT NULL REFERENCES concilia.team_connection(name),
  month      date NOT NULL CHECK (extract(day FROM month) = 1),
  assignee   name,
  due_date   date,
  set_by     name NOT NULL DEFAULT session_user,
  set_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE concilia.assignment (
  connection text NOT NULL,
  month      date NOT NULL,
  assignee   name,
  due_date   date,
  seq        bigint NOT NULL,
  PRIMARY KEY (connection, month)
);

-- ---- the one lock, and the chained, append-only audit log ------------------------------------

-- Every write takes it until its transaction ends: the log's order is the commit order, so a
-- laptop that has pulled up to entry N can never later miss an entry below N.
CREATE FUNCTION concilia.serialize() RETURNS void LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(726171) $$;

CREATE FUNCTION concilia.now_text() RETURNS text LANGUAGE sql AS
  $$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE FUNCTION concilia.entry_hash(prev_hash text, seq bigint, at text, actor text, action text, connection text, subject text, payload text)
  RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(
    prev_hash || E'\\n' || seq::text || E'\\n' || at || E'\\n' || actor || E'\\n' || action || E'\\n' ||
    coalesce(connection, '') || E'\\n' || coalesce(subject, '') || E'\\n' || payload, 'UTF8')), 'hex')
$$;

-- Runs as whoever inserts (SECURITY INVOKER): a member writing an entry directly is not the
-- schema's owner, so the actions the server itself writes cannot be forged that way.
CREATE FUNCTION concilia.audit_log_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last record;
BEGIN
  IF NEW.action IN ('review.set', 'signoff.sign', 'signoff.void', 'tolerance.save', 'assignment.set', 'member.register')
     AND current_user <> (SELECT nspowner::regrole::name FROM pg_namespace WHERE nspname = 'concilia') THEN
    RAISE EXCEPTION 'only the server writes % entries', NEW.action USING ERRCODE = 'CN009';
  END IF;
  PERFORM concilia.serialize();
  SELECT a.seq, a.hash INTO last FROM concilia.audit_log a ORDER BY a.seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
  NEW.at := concilia.now_text();
  NEW.actor := session_user;
  NEW.payload := (NEW.payload::jsonb)::text;
  NEW.hash := concilia.entry_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.connection, NEW.subject, NEW.payload);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON concilia.audit_log FOR EACH ROW EXECUTE FUNCTION concilia.audit_log_before_insert();

CREATE FUNCTION concilia.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows are never changed or removed', TG_TABLE_NAME USING ERRCODE = 'CN010';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON concilia.audit_log FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON concilia.audit_log FOR EACH STATEMENT EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER review_change_append_only BEFORE UPDATE OR DELETE ON concilia.review_change FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER review_change_no_truncate BEFORE TRUNCATE ON concilia.review_change FOR EACH STATEMENT EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER signoff_void_append_only BEFORE UPDATE OR DELETE ON concilia.signoff_void FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER tolerance_change_append_only BEFORE UPDATE OR DELETE ON concilia.tolerance_change FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER assignment_change_append_only BEFORE UPDATE OR DELETE ON concilia.assignment_change FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER signoff_no_delete BEFORE DELETE ON concilia.signoff FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();
CREATE TRIGGER signoff_no_truncate BEFORE TRUNCATE ON concilia.signoff FOR EACH STATEMENT EXECUTE FUNCTION concilia.refuse_change();

-- A sign-off changes once, when it is voided; nothing else of it ever changes.
CREATE FUNCTION concilia.signoff_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.voided_at IS NOT NULL OR NEW.voided_at IS NULL
     OR (NEW.id, NEW.client_id, NEW.connection, NEW.range_from, NEW.range_to, NEW.period_kind, NEW.role, NEW.data_hash, NEW.figures_gzip, NEW.items, NEW.author, NEW.signed_at)
        IS DISTINCT FROM (OLD.id, OLD.client_id, OLD.connection, OLD.range_from, OLD.range_to, OLD.period_kind, OLD.role, OLD.data_hash, OLD.figures_gzip, OLD.items, OLD.author, OLD.signed_at) THEN
    RAISE EXCEPTION 'a sign-off is only ever voided, once' USING ERRCODE = 'CN010';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER signoff_only_voided BEFORE UPDATE ON concilia.signoff FOR EACH ROW EXECUTE FUNCTION concilia.signoff_before_update();

-- The server writes its own entries as the schema's owner (SECURITY DEFINER); session_user is
-- still the member who made the change.
CREATE FUNCTION concilia.audit(action text, connection text, subject text, payload jsonb, client_id uuid) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  written bigint;
BEGIN
  INSERT INTO concilia.audit_log (seq, at, actor, action, connection, subject, payload, client_id, prev_hash, hash)
    VALUES (0, '', '', action, connection, subject, payload::text, client_id, '', '') RETURNING seq INTO written;
  RETURN written;
END $$;

-- ---- review changes ----------------------------------------------------------------------------

CREATE FUNCTION concilia.review_change_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.author := session_user;
  NEW.recorded_at := clock_timestamp();
  RETURN NEW;
END $$;
CREATE TRIGGER review_change_author BEFORE INSERT ON concilia.review_change FOR EACH ROW EXECUTE FUNCTION concilia.review_change_before_insert();

-- Two changes to one item: both stay (review_change and the log); the later the server accepts
-- stands. One made without having seen the change it replaces is marked "crossed", so both
-- authors are told.
CREATE FUNCTION concilia.review_change_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  before record;
  written bigint;
  crossed boolean;
BEGIN
  PERFORM concilia.serialize();
  SELECT * INTO before FROM concilia.review_state s WHERE s.connection = NEW.connection AND s.item_key = NEW.item_key;
  crossed := before.seq IS NOT NULL AND before.seq IS DISTINCT FROM NEW.based_on;
  written := concilia.audit('review.set', NEW.connection, NEW.item_key, jsonb_build_object(
    'itemKey', NEW.item_key, 'state', NEW.state, 'reason', NEW.reason, 'note', NEW.note,
    'clientId', NEW.client_id, 'madeAt', to_char(NEW.made_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'previous', CASE WHEN before.seq IS NULL THEN NULL ELSE jsonb_build_object(
      'state', before.state, 'reason', before.reason, 'note', before.note, 'author', before.author, 'seq', before.seq) END,
    'crossed', crossed), NULL);
  INSERT INTO concilia.review_state AS s (connection, item_key, state, reason, note, author, seq, updated_at)
    VALUES (NEW.connection, NEW.item_key, NEW.state, NEW.reason, NEW.note, NEW.author, written, concilia.now_text())
    ON CONFLICT (connection, item_key) DO UPDATE SET state = excluded.state, reason = excluded.reason, note = excluded.note,
      author = excluded.author, seq = excluded.seq, updated_at = excluded.updated_at;
  RETURN NULL;
END $$;
CREATE TRIGGER review_change_recorded AFTER INSERT ON concilia.review_change FOR EACH ROW EXECUTE FUNCTION concilia.review_change_after_insert();

-- ---- sign-offs ---------------------------------------------------------------------------------

CREATE FUNCTION concilia.signoff_before_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  same record;
  preparer record;
  stale text;
  stale_count integer;
  open_count integer;
BEGIN
  PERFORM concilia.serialize();
  NEW.author := session_user;
  NEW.signed_at := concilia.now_text();
  NEW.voided_at := NULL;
  NEW.void_reason := NULL;
  NEW.voided_by := NULL;
  -- An identical sign-off pushed again (the same client id) is left to ON CONFLICT.
  IF EXISTS (SELECT 1 FROM concilia.signoff s WHERE s.client_id = NEW.client_id) THEN
    RETURN NEW;
  END IF;
  SELECT * INTO same FROM concilia.signoff s
    WHERE s.connection = NEW.connection AND s.range_from = NEW.range_from AND s.range_to = NEW.range_to
      AND s.period_kind = NEW.period_kind AND s.role = NEW.role AND s.voided_at IS NULL;
  IF FOUND THEN
    RAISE EXCEPTION 'This range is already signed off by % as % (%).', same.author, same.role, same.signed_at USING ERRCODE = 'CN001';
  END IF;
  -- The states the signer saw must be the ones the server holds, and none of them open.
  SELECT count(*), string_agg(i.key, ', ' ORDER BY i.key) FILTER (WHERE i.rn <= 5) INTO stale_count, stale
    FROM (SELECT e->>'key' AS key, e->>'state' AS state, row_number() OVER (ORDER BY e->>'key') AS rn
            FROM jsonb_array_elements(NEW.items) e
            LEFT JOIN concilia.review_state r ON r.connection = NEW.connection AND r.item_key = e->>'key'
           WHERE coalesce(r.state, 'open') IS DISTINCT FROM e->>'state') i;
  IF stale_count > 0 THEN
    RAISE EXCEPTION 'The review of % item(s) changed on the team server since these figures were reconciled (%). Sync with the team, reconcile again, then sign off.', stale_count, stale
      USING ERRCODE = 'CN002';
  END IF;
  SELECT count(*) INTO open_count FROM jsonb_array_elements(NEW.items) e WHERE e->>'state' = 'open';
  IF open_count > 0 THEN
    RAISE EXCEPTION '% item(s) of this range are still open: each must be explained, resolved or carried forward before sign-off.', open_count
      USING ERRCODE = 'CN003';
  END IF;
  IF NEW.role = 'reviewer' THEN
    SELECT * INTO preparer FROM concilia.signoff s
      WHERE s.connection = NEW.connection AND s.range_from = NEW.range_from AND s.range_to = NEW.range_to
        AND s.period_kind = NEW.period_kind AND s.role = 'preparer' AND s.voided_at IS NULL;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'The reviewer signs after the preparer: this range has no live preparer sign-off yet.' USING ERRCODE = 'CN006';
    END IF;
    IF preparer.author = session_user THEN
      RAISE EXCEPTION '% prepared this range, so someone else must review it.', session_user USING ERRCODE = 'CN005';
    END IF;
    IF preparer.data_hash <> NEW.data_hash THEN
      RAISE EXCEPTION 'The figures differ from those the preparer signed (% against %).', left(NEW.data_hash, 12), left(preparer.data_hash, 12)
        USING ERRCODE = 'CN004';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER signoff_checked BEFORE INSERT ON concilia.signoff FOR EACH ROW EXECUTE FUNCTION concilia.signoff_before_insert();

CREATE FUNCTION concilia.signoff_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
BEGIN
  PERFORM concilia.audit('signoff.sign', NEW.connection, 'signoff:' || NEW.id, jsonb_build_object(
    'signoffId', NEW.id, 'clientId', NEW.client_id, 'from', NEW.range_from, 'to', NEW.range_to, 'period', NEW.period_kind,
    'role', NEW.role, 'dataHash', NEW.data_hash, 'items', jsonb_array_length(NEW.items)), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER signoff_recorded AFTER INSERT ON concilia.signoff FOR EACH ROW EXECUTE FUNCTION concilia.signoff_after_insert();

CREATE FUNCTION concilia.signoff_void_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  target record;
BEGIN
  PERFORM concilia.serialize();
  SELECT * INTO target FROM concilia.signoff s WHERE s.id = NEW.signoff_id FOR UPDATE;
  -- Voiding one already void changes nothing (and writes nothing).
  IF target.voided_at IS NOT NULL THEN RETURN NULL; END IF;
  UPDATE concilia.signoff SET voided_at = concilia.now_text(), void_reason = NEW.reason, voided_by = session_user WHERE id = NEW.signoff_id;
  PERFORM concilia.audit('signoff.void', target.connection, 'signoff:' || target.id, jsonb_build_object(
    'signoffId', target.id, 'role', target.role, 'author', target.author, 'from', target.range_from, 'to', target.range_to,
    'period', target.period_kind, 'reason', NEW.reason, 'oldHash', target.data_hash, 'newHash', NEW.new_hash, 'clientId', NEW.client_id), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER signoff_void_recorded AFTER INSERT ON concilia.signoff_void FOR EACH ROW EXECUTE FUNCTION concilia.signoff_void_after_insert();

CREATE FUNCTION concilia.set_by_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'signoff_void' THEN NEW.voided_by := session_user; NEW.voided_at := clock_timestamp();
  ELSE NEW.set_by := session_user; NEW.set_at := clock_timestamp();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER signoff_void_author BEFORE INSERT ON concilia.signoff_void FOR EACH ROW EXECUTE FUNCTION concilia.set_by_session();
CREATE TRIGGER tolerance_change_author BEFORE INSERT ON concilia.tolerance_change FOR EACH ROW EXECUTE FUNCTION concilia.set_by_session();
CREATE TRIGGER assignment_change_author BEFORE INSERT ON concilia.assignment_change FOR EACH ROW EXECUTE FUNCTION concilia.set_by_session();

CREATE FUNCTION concilia.team_connection_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.added_by := session_user;
  NEW.added_at := clock_timestamp();
  RETURN NEW;
END $$;
CREATE TRIGGER team_connection_author BEFORE INSERT ON concilia.team_connection FOR EACH ROW EXECUTE FUNCTION concilia.team_connection_before_insert();

-- ---- tolerances and assignments -----------------------------------------------------------------

CREATE FUNCTION concilia.tolerance_change_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  before record;
BEGIN
  PERFORM concilia.serialize();
  SELECT * INTO before FROM concilia.tolerance_change t
    WHERE t.connection = NEW.connection AND t.client_id <> NEW.client_id ORDER BY t.set_at DESC LIMIT 1;
  PERFORM concilia.audit('tolerance.save', NEW.connection, NULL, jsonb_build_object(
    'absMinor', NEW.abs_minor, 'pct', NEW.pct, 'clientId', NEW.client_id,
    'previous', CASE WHEN before.client_id IS NULL THEN NULL ELSE jsonb_build_object('absMinor', before.abs_minor, 'pct', before.pct) END), NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER tolerance_change_recorded AFTER INSERT ON concilia.tolerance_change FOR EACH ROW EXECUTE FUNCTION concilia.tolerance_change_after_insert();

CREATE FUNCTION concilia.assignment_change_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  written bigint;
BEGIN
  PERFORM concilia.serialize();
  IF NEW.assignee IS NOT NULL AND NOT EXISTS (SELECT 1 FROM concilia.member m WHERE m.role = NEW.assignee) THEN
    RAISE EXCEPTION '% is not a member of this team (members join with concilia team join).', NEW.assignee USING ERRCODE = 'CN007';
  END IF;
  written := concilia.audit('assignment.set', NEW.connection, to_char(NEW.month, 'YYYY-MM'), jsonb_build_object(
    'month', to_char(NEW.month, 'YYYY-MM-DD'), 'assignee', NEW.assignee, 'dueDate', to_char(NEW.due_date, 'YYYY-MM-DD'), 'clientId', NEW.client_id), NULL);
  INSERT INTO concilia.assignment AS a (connection, month, assignee, due_date, seq) VALUES (NEW.connection, NEW.month, NEW.assignee, NEW.due_date, written)
    ON CONFLICT (connection, month) DO UPDATE SET assignee = excluded.assignee, due_date = excluded.due_date, seq = excluded.seq;
  RETURN NULL;
END $$;
CREATE TRIGGER assignment_change_recorded AFTER INSERT ON concilia.assignment_change FOR EACH ROW EXECUTE FUNCTION concilia.assignment_change_after_insert();

-- A member says who they are (display name) and registers their laptop account's signing key.
CREATE FUNCTION concilia.register_member(display_name text, account text, public_key text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  before text;
BEGIN
  PERFORM concilia.serialize();
  SELECT m.display_name INTO before FROM concilia.member m WHERE m.role = session_user;
  IF before IS DISTINCT FROM display_name THEN
    INSERT INTO concilia.member AS m (role, display_name, updated_at) VALUES (session_user, display_name, clock_timestamp())
      ON CONFLICT (role) DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at;
  END IF;
  IF public_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM concilia.signing_key k WHERE k.role = session_user AND k.public_key = register_member.public_key) THEN
    INSERT INTO concilia.signing_key (role, account, public_key, registered_at) VALUES (session_user, account, public_key, clock_timestamp());
  ELSIF before IS NOT DISTINCT FROM display_name THEN
    RETURN;
  END IF;
  PERFORM concilia.audit('member.register', NULL, session_user, jsonb_build_object(
    'displayName', display_name, 'previousName', before, 'account', account, 'publicKey', public_key), NULL);
END $$;

-- ---- who may do what ---------------------------------------------------------------------------

REVOKE ALL ON SCHEMA concilia FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA concilia FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA concilia FROM PUBLIC;
GRANT USAGE ON SCHEMA concilia TO concilia_member, concilia_auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA concilia TO concilia_member, concilia_auditor;
GRANT EXECUTE ON FUNCTION concilia.serialize(), concilia.now_text(), concilia.entry_hash(text, bigint, text, text, text, text, text, text) TO concilia_member;
GRANT EXECUTE ON FUNCTION concilia.register_member(text, text, text) TO concilia_member;
GRANT INSERT (name, kind, currency) ON concilia.team_connection TO concilia_member;
GRANT INSERT (client_id, connection, item_key, state, reason, note, made_at, based_on) ON concilia.review_change TO concilia_member;
GRANT INSERT (client_id, connection, range_from, range_to, period_kind, role, data_hash, figures_gzip, items) ON concilia.signoff TO concilia_member;
GRANT INSERT (client_id, signoff_id, reason, new_hash) ON concilia.signoff_void TO concilia_member;
GRANT INSERT (client_id, connection, abs_minor, pct) ON concilia.tolerance_change TO concilia_member;
GRANT INSERT (client_id, connection, month, assignee, due_date) ON concilia.assignment_change TO concilia_member;
GRANT INSERT (action, connection, subject, payload, client_id) ON concilia.audit_log TO concilia_member;
`;
