-- 0015-contract-statuses: the statuses of contracts become the company's
-- own list (S2: «Подготовка к отправке, Подписан, Действует, Завершён,
-- Расторгнут — configurable»)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- A status is a record of its own (name, order, a code for the programs
-- that need one, and whether its contracts get renewal reminders), read by
-- everyone and changed by administrators and heads like the pipelines.
-- A contract names its status by status_id; contracts.status keeps the
-- status's code (the trigger writes it), so that what reads codes — the
-- renewal reminders, reports, scripts — goes on working, and a script may
-- still write a code (the trigger finds its status).

CREATE TABLE rapport.contract_statuses (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer     NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  owner_id    bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom      jsonb       NOT NULL DEFAULT '{}',
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  code        text        NOT NULL,
  position    integer     NOT NULL DEFAULT 0,
  reminds     boolean     NOT NULL DEFAULT false,
  search_name text        NOT NULL DEFAULT '',
  search_text text        NOT NULL DEFAULT '',
  CONSTRAINT contract_statuses_code_check CHECK (code ~ '^[a-z][a-z0-9_]*$')
);

CREATE UNIQUE INDEX contract_statuses_code_key ON rapport.contract_statuses (code);
CREATE UNIQUE INDEX contract_statuses_name_key ON rapport.contract_statuses (lower(btrim(name)));
CREATE INDEX contract_statuses_search_name ON rapport.contract_statuses (search_name text_pattern_ops, id);

CREATE FUNCTION rapport.contract_statuses_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, NEW.code));
  RETURN NEW;
END $$;
CREATE TRIGGER contract_statuses_search BEFORE INSERT OR UPDATE ON rapport.contract_statuses
  FOR EACH ROW EXECUTE FUNCTION rapport.contract_statuses_search();

SELECT rapport.attach_record_triggers('rapport.contract_statuses');

INSERT INTO rapport.contract_statuses (code, name, position, reminds)
VALUES ('preparing', 'Подготовка к отправке', 0, false),
       ('signed', 'Подписан', 1, true),
       ('in_effect', 'Действует', 2, true),
       ('completed', 'Завершён', 3, false),
       ('terminated', 'Расторгнут', 4, false);

-- ---- Contracts name their status ------------------------------------------

ALTER TABLE rapport.contracts DROP CONSTRAINT contracts_status_check;
-- The trigger below chooses a new contract's status.
ALTER TABLE rapport.contracts ALTER COLUMN status DROP DEFAULT;
ALTER TABLE rapport.contracts ADD COLUMN status_id bigint;
UPDATE rapport.contracts c SET status_id = s.id FROM rapport.contract_statuses s WHERE s.code = c.status;
ALTER TABLE rapport.contracts ALTER COLUMN status_id SET NOT NULL,
  ADD CONSTRAINT contracts_status_id_fkey FOREIGN KEY (status_id)
    REFERENCES rapport.contract_statuses (id) ON DELETE RESTRICT;
CREATE INDEX contracts_status ON rapport.contracts (status_id);

-- status_id wins; without one (a new contract, or a script writing only a
-- code) the code finds its status; status is always the status's code.
CREATE FUNCTION rapport.contracts_status() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  st rapport.contract_statuses;
BEGIN
  IF NEW.status_id IS NULL
     OR TG_OP = 'UPDATE' AND NEW.status_id IS NOT DISTINCT FROM OLD.status_id
        AND NEW.status IS DISTINCT FROM OLD.status THEN
    IF NEW.status IS NULL THEN
      -- A new contract: «preparing» while it exists, else the first status.
      SELECT s.* INTO st FROM rapport.contract_statuses s ORDER BY (s.code = 'preparing') DESC, s.position, s.id LIMIT 1;
    ELSE
      SELECT s.* INTO st FROM rapport.contract_statuses s WHERE s.code = NEW.status;
    END IF;
  ELSE
    SELECT s.* INTO st FROM rapport.contract_statuses s WHERE s.id = NEW.status_id;
  END IF;
  IF st.id IS NULL THEN
    RAISE EXCEPTION 'no such contract status: %', coalesce(NEW.status_id::text, NEW.status)
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'contracts_status_id_fkey';
  END IF;
  NEW.status_id := st.id;
  NEW.status := st.code;
  RETURN NEW;
END $$;
CREATE TRIGGER contracts_status BEFORE INSERT OR UPDATE ON rapport.contracts
  FOR EACH ROW EXECUTE FUNCTION rapport.contracts_status();

-- A renamed code follows into the contracts that have it.
CREATE FUNCTION rapport.contract_statuses_code() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  UPDATE rapport.contracts c SET status = NEW.code WHERE c.status_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER contract_statuses_code AFTER UPDATE OF code ON rapport.contract_statuses
  FOR EACH ROW WHEN (NEW.code IS DISTINCT FROM OLD.code)
  EXECUTE FUNCTION rapport.contract_statuses_code();

-- ---- Rights ----------------------------------------------------------------

CREATE OR REPLACE FUNCTION rapport.settings_tables() RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('pipelines'), ('pipeline_stages'), ('contract_statuses')
$$;

SELECT rapport.secure_table('rapport.contract_statuses');
SELECT rapport.secure_table('rapport.contracts');

DROP POLICY records_select ON rapport.contract_statuses;
CREATE POLICY records_select ON rapport.contract_statuses FOR SELECT USING (true);

-- ---- Renewal reminders: for the statuses marked so ---------------------------

CREATE OR REPLACE FUNCTION rapport.create_renewal_reminders(days integer DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  caller text := rapport.role_of(session_user);
  ahead  integer;
  made   integer;
BEGIN
  IF caller IS NULL THEN
    RAISE EXCEPTION 'only Rapport''s employees make renewal reminders' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF days IS NOT NULL AND caller NOT IN ('admin', 'head') THEN
    RAISE EXCEPTION 'only administrators and heads choose another number of days for renewal reminders'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  ahead := coalesce(days, rapport.renewal_reminder_days());
  IF ahead NOT BETWEEN 1 AND 365 THEN
    RAISE EXCEPTION 'renewal reminders are made 1 to 365 days before a contract ends, not %', ahead
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  WITH due AS (
    SELECT c.id, c.end_date FROM rapport.contracts c
     WHERE c.status_id IN (SELECT s.id FROM rapport.contract_statuses s WHERE s.reminds)
       AND c.end_date BETWEEN current_date AND current_date + ahead
  ), fresh AS (
    INSERT INTO rapport.renewal_reminders (contract_id, end_date)
    SELECT due.id, due.end_date FROM due ORDER BY due.id
    ON CONFLICT DO NOTHING
    RETURNING contract_id, end_date
  ), made_tasks AS (
    INSERT INTO rapport.tasks (subject, kind, status, priority, due_at, owner_id, account_id, contract_id,
                               contract_end_date, description)
    SELECT c.number || ' Contract Renewal Reminder', 'renewal', 'planned', 'high',
           greatest(f.end_date - ahead, current_date) + time '09:00', c.owner_id, c.account_id, c.id, f.end_date,
           format('Договор %s с «%s» заканчивается %s. Свяжитесь с клиентом и договоритесь о продлении.',
                  c.number, a.name, to_char(f.end_date, 'DD.MM.YYYY'))
      FROM fresh f
      JOIN rapport.contracts c ON c.id = f.contract_id
      JOIN rapport.accounts a ON a.id = c.account_id
     ORDER BY c.id
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*) INTO made FROM made_tasks;
  RETURN made;
END $$;
