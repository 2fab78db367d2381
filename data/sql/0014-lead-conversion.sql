-- 0014-lead-conversion: what a converted lead became (R3)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- Converting a qualified lead makes (or picks) an account, makes (or
-- picks) its contact and may open a deal, all in one transaction of the
-- store (src/store/crm-lead-conversion.c); the lead keeps links to them
-- and when and by whom it was converted. The links are foreign keys: a
-- merge of the account or contact moves them (rapport.merge_record finds
-- every foreign key), a deleted record leaves the link empty.
--
-- Rules kept here whoever writes:
--  * a lead is converted once: setting converted_at on a lead that is
--    converted already is refused (leads_converted_once_check), and so is
--    changing or clearing it afterwards;
--  * converting makes the lead «converted» and stamps converted_at and
--    converted_by (the server's clock and the signed-in employee);
--  * a lead with a conversion date is converted (leads_converted_status_check).

ALTER TABLE rapport.leads
  ADD COLUMN converted_account_id bigint REFERENCES rapport.accounts (id) ON DELETE SET NULL,
  ADD COLUMN converted_contact_id bigint REFERENCES rapport.contacts (id) ON DELETE SET NULL,
  ADD COLUMN converted_deal_id    bigint REFERENCES rapport.deals (id) ON DELETE SET NULL,
  ADD COLUMN converted_at         timestamptz,
  ADD COLUMN converted_by         text,
  ADD CONSTRAINT leads_converted_status_check CHECK (converted_at IS NULL OR status = 'converted');

CREATE INDEX leads_converted_account ON rapport.leads (converted_account_id) WHERE converted_account_id IS NOT NULL;
CREATE INDEX leads_converted_contact ON rapport.leads (converted_contact_id) WHERE converted_contact_id IS NOT NULL;
CREATE INDEX leads_converted_deal ON rapport.leads (converted_deal_id) WHERE converted_deal_id IS NOT NULL;

-- Runs before leads_status_rules (names sort), so that converting an
-- already converted lead says so rather than anything about its status.
CREATE FUNCTION rapport.leads_conversion_rules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.converted_at IS NOT NULL THEN
      NEW.status := 'converted';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.converted_at IS NOT DISTINCT FROM OLD.converted_at THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'converted' THEN
    IF OLD.converted_at IS NOT NULL THEN
      RAISE EXCEPTION 'this lead was already converted on % by %: it is converted only once',
        to_char(OLD.converted_at, 'YYYY-MM-DD HH24:MI'), coalesce(OLD.converted_by, '?')
        USING ERRCODE = 'check_violation', SCHEMA = 'rapport', TABLE = 'leads', COLUMN = 'converted_at',
              CONSTRAINT = 'leads_converted_once_check';
    END IF;
    RAISE EXCEPTION 'this lead is converted already: it is converted only once'
      USING ERRCODE = 'check_violation', SCHEMA = 'rapport', TABLE = 'leads', COLUMN = 'converted_at',
            CONSTRAINT = 'leads_converted_once_check';
  END IF;
  IF NEW.converted_at IS NULL THEN
    RAISE EXCEPTION 'a conversion cannot be undone'
      USING ERRCODE = 'check_violation', SCHEMA = 'rapport', TABLE = 'leads', COLUMN = 'converted_at',
            CONSTRAINT = 'leads_converted_once_check';
  END IF;
  NEW.status := 'converted';
  NEW.converted_at := now();
  NEW.converted_by := rapport.current_actor();
  RETURN NEW;
END $$;
CREATE TRIGGER leads_conversion_rules BEFORE INSERT OR UPDATE ON rapport.leads
  FOR EACH ROW EXECUTE FUNCTION rapport.leads_conversion_rules();

-- The new columns under the record rules (column grants start over).
SELECT rapport.secure_table('rapport.leads');
