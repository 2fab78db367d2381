-- 0010-leads: leads, the requests that may become clients (R3)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- A lead is whoever asked about a tour, a visa or corporate travel and is
-- not an account yet: the person, their company, where the request came
-- from (source), how far it got (status) and how likely it is to buy
-- (qualification). Seed 003: «лид (потенциальный клиент)», generated from
-- calls, e-mail, meetings, conferences and exhibitions, web forms and
-- advertising, then qualified or not.
--
-- Status rules kept here whoever writes (the app checks the second first,
-- to say it next to the field):
--  * a converted lead stays converted: it became an account, contacts and
--    a deal, and going back would leave those behind;
--  * a refused lead says why (refusal_reason).

CREATE TABLE rapport.leads (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version         integer     NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text,
  owner_id        bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom          jsonb       NOT NULL DEFAULT '{}',
  last_name       text        NOT NULL CHECK (btrim(last_name) <> ''),
  first_name      text,
  middle_name     text,
  company_name    text,
  inn             text CHECK (inn ~ '^(\d{10}|\d{12})$'),
  position        text,
  phone           text,
  phone2          text,
  email           text,
  city            text,
  source          text CHECK (source IN ('call', 'email', 'meeting', 'conference', 'web_form', 'ad', 'other')),
  status          text        NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'assigned', 'in_progress', 'converted', 'rejected')),
  qualification   text CHECK (qualification IN ('cold', 'warm', 'hot')),
  refusal_reason  text,
  description     text,
  search_name     text        NOT NULL DEFAULT '',
  search_text     text        NOT NULL DEFAULT '',
  CONSTRAINT leads_refusal_reason_check
    CHECK (status <> 'rejected' OR btrim(coalesce(refusal_reason, '')) <> '')
);

CREATE FUNCTION rapport.leads_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(concat_ws(' ', NEW.last_name, NEW.first_name, NEW.middle_name));
  NEW.search_text := rapport.search_norm(concat_ws(' ',
      NEW.last_name, NEW.first_name, NEW.middle_name, NEW.company_name, NEW.inn,
      NEW.city, NEW.email,
      rapport.phone_digits(NEW.phone), rapport.phone_digits(NEW.phone2)));
  RETURN NEW;
END $$;
CREATE TRIGGER leads_search BEFORE UPDATE ON rapport.leads
  FOR EACH ROW EXECUTE FUNCTION rapport.leads_search();
CREATE TRIGGER leads_search_new BEFORE INSERT ON rapport.leads
  FOR EACH ROW WHEN (NEW.search_name = '' OR NEW.search_text = '')
  EXECUTE FUNCTION rapport.leads_search();

-- A converted lead keeps its status. The error names the column, so the
-- app marks the Status field.
CREATE FUNCTION rapport.leads_status_rules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'converted' AND NEW.status IS DISTINCT FROM 'converted' THEN
    RAISE EXCEPTION 'a converted lead cannot change its status (it is now an account, contacts and a deal)'
      USING ERRCODE = 'check_violation', SCHEMA = 'rapport', TABLE = 'leads', COLUMN = 'status',
            CONSTRAINT = 'leads_status_converted_check';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER leads_status_rules BEFORE UPDATE OF status ON rapport.leads
  FOR EACH ROW EXECUTE FUNCTION rapport.leads_status_rules();

SELECT rapport.attach_record_triggers('rapport.leads');

CREATE INDEX leads_search_text ON rapport.leads USING gin (search_text gin_trgm_ops);
CREATE INDEX leads_search_name ON rapport.leads (search_name text_pattern_ops, id);
CREATE INDEX leads_inn ON rapport.leads (inn);
CREATE INDEX leads_owner ON rapport.leads (owner_id);
CREATE INDEX leads_status ON rapport.leads (status);

SELECT rapport.secure_table('rapport.leads');
