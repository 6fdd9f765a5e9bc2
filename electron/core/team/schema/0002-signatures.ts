/**
 * Team schema 0002: every entry a member makes carries its account's Ed25519 signature.
 *
 * A laptop signs each change with its account's key (solo mode's identities) and sends the
 * signature beside the change, in concilia.entry_signature, keyed by the change's client id. The
 * server cannot check an Ed25519 signature itself (PostgreSQL has no such function), so it
 * vouches for what it can: the key is one the member's own role registered (register_member), and
 * the signed text names that key and the entry's action. Every laptop checks the signatures
 * themselves when it pulls, and `audit verify` checks them again.
 *
 * The log entry keeps the signed text, the key's fingerprint and the signature; the chain hash
 * covers the fingerprint and the signed text (not the signature, so a forged signature is named
 * as such). Entries before 0002 are unsigned and hash as before.
 *
 * A sign-off also keeps what its signer attested (the figures hash and the tally), so a laptop
 * that pulls it holds the same sign-off as the one that made it.
 */
export const name = 'signatures';

export const sql = /* sql */ `
ALTER TABLE concilia.signing_key ADD COLUMN fingerprint text GENERATED ALWAYS AS (encode(sha256(decode(public_key, 'base64')), 'hex')) STORED;
CREATE UNIQUE INDEX signing_key_by_fingerprint ON concilia.signing_key (fingerprint);

ALTER TABLE concilia.audit_log ADD COLUMN key_fingerprint text, ADD COLUMN signature text, ADD COLUMN signed_entry text;
ALTER TABLE concilia.signoff ADD COLUMN figures_hash text CHECK (figures_hash IS NULL OR figures_hash ~ '^[0-9a-f]{64}$'), ADD COLUMN attested jsonb;
GRANT INSERT (figures_hash, attested) ON concilia.signoff TO concilia_member;

-- The signature of the change with the same client id; written by the member, in the same
-- transaction and before the change itself.
CREATE TABLE concilia.entry_signature (
  client_id       uuid PRIMARY KEY,
  role            name NOT NULL DEFAULT session_user,
  key_fingerprint text NOT NULL CHECK (key_fingerprint ~ '^[0-9a-f]{64}$'),
  signature       text NOT NULL CHECK (signature ~ '^[A-Za-z0-9+/=]{80,100}$'),
  signed_entry    text NOT NULL CHECK (length(signed_entry) <= 1000000)
);
CREATE TRIGGER entry_signature_append_only BEFORE UPDATE OR DELETE ON concilia.entry_signature FOR EACH ROW EXECUTE FUNCTION concilia.refuse_change();

CREATE FUNCTION concilia.entry_signature_before_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  signed jsonb;
BEGIN
  NEW.role := session_user;
  IF NOT EXISTS (SELECT 1 FROM concilia.signing_key k WHERE k.role = session_user AND k.fingerprint = NEW.key_fingerprint) THEN
    RAISE EXCEPTION 'The signing key %… is not registered to the role % (join the team from this computer account: concilia team join).',
      left(NEW.key_fingerprint, 16), session_user USING ERRCODE = 'CN011';
  END IF;
  BEGIN
    signed := NEW.signed_entry::jsonb;
  EXCEPTION WHEN others THEN
    RAISE EXCEPTION 'A signed entry is not JSON.' USING ERRCODE = 'CN011';
  END;
  IF signed->>'key' IS DISTINCT FROM NEW.key_fingerprint OR (signed->>'v') IS DISTINCT FROM '1' THEN
    RAISE EXCEPTION 'A signed entry names another key than the one that signed it.' USING ERRCODE = 'CN011';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER entry_signature_checked BEFORE INSERT ON concilia.entry_signature FOR EACH ROW EXECUTE FUNCTION concilia.entry_signature_before_insert();
GRANT SELECT ON concilia.entry_signature TO concilia_member, concilia_auditor;
GRANT INSERT (client_id, key_fingerprint, signature, signed_entry) ON concilia.entry_signature TO concilia_member;

CREATE FUNCTION concilia.signed_entry_hash(prev_hash text, seq bigint, at text, actor text, action text, connection text, subject text, payload text, key_fingerprint text, signed_entry text)
  RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN key_fingerprint IS NULL THEN concilia.entry_hash(prev_hash, seq, at, actor, action, connection, subject, payload)
    ELSE encode(sha256(convert_to(concilia.entry_hash(prev_hash, seq, at, actor, action, connection, subject, payload) || E'\\n' || key_fingerprint || E'\\n' || signed_entry, 'UTF8')), 'hex') END
$$;
GRANT EXECUTE ON FUNCTION concilia.signed_entry_hash(text, bigint, text, text, text, text, text, text, text, text) TO concilia_member;

-- The entries a member's change writes must be signed by that member's registered key (the
-- server's own member.register and assignment.set entries are the server's word, unsigned).
CREATE OR REPLACE FUNCTION concilia.audit_log_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last record;
  sig record;
  cid uuid;
BEGIN
  IF NEW.action IN ('review.set', 'signoff.sign', 'signoff.void', 'tolerance.save', 'assignment.set', 'member.register')
     AND current_user <> (SELECT nspowner::regrole::name FROM pg_namespace WHERE nspname = 'concilia') THEN
    RAISE EXCEPTION 'only the server writes % entries', NEW.action USING ERRCODE = 'CN009';
  END IF;
  PERFORM concilia.serialize();
  cid := coalesce(NEW.client_id, (NEW.payload::jsonb->>'clientId')::uuid);
  SELECT * INTO sig FROM concilia.entry_signature s WHERE s.client_id = cid;
  IF sig.client_id IS NULL THEN
    IF NEW.action NOT IN ('member.register', 'assignment.set') THEN
      RAISE EXCEPTION 'A % entry must be signed by the key of the account that made it.', NEW.action USING ERRCODE = 'CN012';
    END IF;
    NEW.key_fingerprint := NULL;
    NEW.signature := NULL;
    NEW.signed_entry := NULL;
  ELSE
    IF sig.role <> session_user THEN
      RAISE EXCEPTION 'This change was signed under the role %, not %.', sig.role, session_user USING ERRCODE = 'CN012';
    END IF;
    NEW.key_fingerprint := sig.key_fingerprint;
    NEW.signature := sig.signature;
    NEW.signed_entry := sig.signed_entry;
  END IF;
  SELECT a.seq, a.hash INTO last FROM concilia.audit_log a ORDER BY a.seq DESC LIMIT 1;
  NEW.seq := coalesce(last.seq, 0) + 1;
  NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
  NEW.at := concilia.now_text();
  NEW.actor := session_user;
  NEW.payload := (NEW.payload::jsonb)::text;
  NEW.hash := concilia.signed_entry_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.actor, NEW.action, NEW.connection, NEW.subject, NEW.payload, NEW.key_fingerprint, NEW.signed_entry);
  RETURN NEW;
END $$;

-- A sign-off's entry names what was attested, so every laptop keeps the same sign-off.
CREATE OR REPLACE FUNCTION concilia.signoff_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
BEGIN
  PERFORM concilia.audit('signoff.sign', NEW.connection, 'signoff:' || NEW.id, jsonb_build_object(
    'signoffId', NEW.id, 'clientId', NEW.client_id, 'from', NEW.range_from, 'to', NEW.range_to, 'period', NEW.period_kind,
    'role', NEW.role, 'dataHash', NEW.data_hash, 'figuresHash', NEW.figures_hash, 'items', jsonb_array_length(NEW.items)), NULL);
  RETURN NULL;
END $$;
`;
