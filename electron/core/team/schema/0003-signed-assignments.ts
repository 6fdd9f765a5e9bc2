/**
 * Team schema 0003: an assignment is signed like every other change a member makes.
 *
 * Before, 'assignment.set' entries were the server's word alone (0002 let them through
 * unsigned). Now the laptop signs the assignment with its account's key (review/assignments.ts)
 * and sends the signature with it, as for reviews and tolerances; the server takes it only when
 * the key is one the member's own role registered (entry_signature, 0002) and when the signed text
 * says what the change says: the action, the connection, the month, the assignee and the due date.
 * The role behind it is still session_user (set_by, the entry's actor). Every laptop checks the
 * signature itself when it pulls, as for any signed entry.
 *
 * A second guard on the log itself: an 'assignment.set' entry without its signature is refused
 * even to the schema's owner writing the log directly.
 */
export const name = 'signed-assignments';

export const sql = /* sql */ `
CREATE OR REPLACE FUNCTION concilia.assignment_change_after_insert() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = concilia, pg_temp AS $$
DECLARE
  written bigint;
  sig record;
  signed jsonb;
  said jsonb;
BEGIN
  PERFORM concilia.serialize();
  IF NEW.assignee IS NOT NULL AND NOT EXISTS (SELECT 1 FROM concilia.member m WHERE m.role = NEW.assignee) THEN
    RAISE EXCEPTION '% is not a member of this team (members join with concilia team join).', NEW.assignee USING ERRCODE = 'CN007';
  END IF;
  SELECT * INTO sig FROM concilia.entry_signature s WHERE s.client_id = NEW.client_id;
  IF sig.client_id IS NULL THEN
    RAISE EXCEPTION 'An assignment must be signed by the key of the account that made it.' USING ERRCODE = 'CN012';
  END IF;
  signed := sig.signed_entry::jsonb;
  BEGIN
    said := (signed->>'payload')::jsonb;
  EXCEPTION WHEN others THEN
    said := NULL;
  END;
  IF signed->>'action' IS DISTINCT FROM 'assignment.set' OR signed->>'connection' IS DISTINCT FROM NEW.connection
     OR signed->>'subject' IS DISTINCT FROM to_char(NEW.month, 'YYYY-MM') OR said IS NULL OR jsonb_typeof(said) <> 'object'
     OR said->>'month' IS DISTINCT FROM to_char(NEW.month, 'YYYY-MM-DD') OR said->>'assignee' IS DISTINCT FROM NEW.assignee::text
     OR said->>'dueDate' IS DISTINCT FROM to_char(NEW.due_date, 'YYYY-MM-DD') THEN
    RAISE EXCEPTION 'This assignment of % for % is not what its account signed.', NEW.connection, to_char(NEW.month, 'YYYY-MM') USING ERRCODE = 'CN012';
  END IF;
  written := concilia.audit('assignment.set', NEW.connection, to_char(NEW.month, 'YYYY-MM'), jsonb_build_object(
    'month', to_char(NEW.month, 'YYYY-MM-DD'), 'assignee', NEW.assignee, 'dueDate', to_char(NEW.due_date, 'YYYY-MM-DD'), 'clientId', NEW.client_id), NULL);
  INSERT INTO concilia.assignment AS a (connection, month, assignee, due_date, seq) VALUES (NEW.connection, NEW.month, NEW.assignee, NEW.due_date, written)
    ON CONFLICT (connection, month) DO UPDATE SET assignee = excluded.assignee, due_date = excluded.due_date, seq = excluded.seq;
  RETURN NULL;
END $$;

-- Named to fire before audit_log_chain (PostgreSQL fires a table's triggers in name order).
CREATE FUNCTION concilia.audit_log_assignment_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.action = 'assignment.set' AND NOT EXISTS (
    SELECT 1 FROM concilia.entry_signature s WHERE s.client_id = coalesce(NEW.client_id, (NEW.payload::jsonb->>'clientId')::uuid)) THEN
    RAISE EXCEPTION 'An assignment.set entry must be signed by the key of the account that made it.' USING ERRCODE = 'CN012';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_assignment_signed BEFORE INSERT ON concilia.audit_log FOR EACH ROW EXECUTE FUNCTION concilia.audit_log_assignment_signed();
`;
