-- 0013-tasks: tasks (T1, first part) and contract renewal reminders (S2)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- A task is something an employee has to do: a subject, a kind (task,
-- call, meeting, letter, contract renewal reminder), a status (planned,
-- in progress, done, cancelled), a priority, when it is due and how far it
-- got, linked to an account, a contact, a deal and a contract. The
-- responsible employee is owner_id, so tasks follow the record rules: a
-- manager sees their own, their team's and nobody's.
--
-- Renewal reminders (issue 5, item 4; FEATURES S2): N days before a signed
-- or in-effect contract ends, rapport.create_renewal_reminders() gives its
-- support manager (the contract's owner_id) a task «№ 100 / S Contract
-- Renewal Reminder» (as seed 000's CRM named it), linked to the contract and
-- its account. It runs as the definer so that any workstation makes them
-- for every contract; each contract and end date gets one reminder, ever:
-- rapport.renewal_reminders remembers the ones made (a deleted reminder is
-- not made again), and a unique index keeps two from the same contract and
-- end date. A contract whose end date moves gets one for its new date.
--
-- N is the company's setting renewal_reminder_days in rapport.settings
-- (default 30, 1 to 365): everyone reads the settings, administrators and
-- heads change them.

-- ---- Company settings ------------------------------------------------------

CREATE TABLE rapport.settings (
  key         text        PRIMARY KEY,
  value       text        NOT NULL,
  description text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text        NOT NULL DEFAULT session_user,
  -- CASE: the cast runs only on digits.
  CONSTRAINT settings_renewal_reminder_days_check CHECK (
    key <> 'renewal_reminder_days'
    OR CASE WHEN value ~ '^[0-9]{1,3}$' THEN value::integer BETWEEN 1 AND 365 ELSE false END)
);

COMMENT ON CONSTRAINT settings_renewal_reminder_days_check ON rapport.settings IS
  'Renewal reminders are made 1 to 365 days before a contract ends';

CREATE FUNCTION rapport.settings_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  NEW.updated_by := session_user;
  RETURN NEW;
END $$;
CREATE TRIGGER settings_stamp BEFORE UPDATE ON rapport.settings
  FOR EACH ROW EXECUTE FUNCTION rapport.settings_stamp();

INSERT INTO rapport.settings (key, value, description)
VALUES ('renewal_reminder_days', '30',
        'За сколько дней до окончания договора его менеджер поддержки получает задачу о продлении');

-- Everyone reads the settings; administrators and heads change their
-- values; only migrations add or remove keys.
REVOKE ALL ON rapport.settings FROM PUBLIC;
GRANT SELECT ON rapport.settings TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
GRANT UPDATE (value) ON rapport.settings TO rapport_admin, rapport_head;

CREATE FUNCTION rapport.renewal_reminder_days() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce((SELECT s.value::integer FROM rapport.settings s WHERE s.key = 'renewal_reminder_days'), 30)
$$;

-- ---- Tasks -----------------------------------------------------------------

CREATE TABLE rapport.tasks (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version           integer     NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        text,
  owner_id          bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom            jsonb       NOT NULL DEFAULT '{}',
  subject           text        NOT NULL,
  kind              text        NOT NULL DEFAULT 'task',
  status            text        NOT NULL DEFAULT 'planned',
  priority          text        NOT NULL DEFAULT 'normal',
  due_at            timestamptz,
  completed_at      timestamptz,
  percent_done      integer,
  account_id        bigint,
  contact_id        bigint,
  deal_id           bigint,
  contract_id       bigint,
  -- A renewal reminder: the contract's end date it reminds of.
  contract_end_date date,
  description       text,
  search_name       text        NOT NULL DEFAULT '',
  search_text       text        NOT NULL DEFAULT '',
  CONSTRAINT tasks_subject_check CHECK (btrim(subject) <> ''),
  CONSTRAINT tasks_kind_check CHECK (kind IN ('task', 'call', 'meeting', 'email', 'renewal')),
  CONSTRAINT tasks_status_check CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  CONSTRAINT tasks_priority_check CHECK (priority IN ('low', 'normal', 'high')),
  CONSTRAINT tasks_percent_done_check CHECK (percent_done BETWEEN 0 AND 100),
  CONSTRAINT tasks_account_id_fkey FOREIGN KEY (account_id) REFERENCES rapport.accounts (id) ON DELETE SET NULL,
  CONSTRAINT tasks_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES rapport.contacts (id) ON DELETE SET NULL,
  CONSTRAINT tasks_deal_id_fkey FOREIGN KEY (deal_id) REFERENCES rapport.deals (id) ON DELETE SET NULL,
  CONSTRAINT tasks_contract_id_fkey FOREIGN KEY (contract_id) REFERENCES rapport.contracts (id) ON DELETE SET NULL
);

-- One renewal reminder per contract and end date.
CREATE UNIQUE INDEX tasks_renewal_key ON rapport.tasks (contract_id, contract_end_date)
  WHERE kind = 'renewal' AND contract_end_date IS NOT NULL;

-- Done sets when it was completed (and 100 %), anything else clears it.
CREATE FUNCTION rapport.tasks_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'done' THEN
    IF TG_OP = 'INSERT' THEN
      NEW.completed_at := coalesce(NEW.completed_at, now());
    ELSIF OLD.status IS DISTINCT FROM 'done' THEN
      NEW.completed_at := now();
    ELSE
      NEW.completed_at := coalesce(NEW.completed_at, OLD.completed_at, now());
    END IF;
    NEW.percent_done := 100;
  ELSE
    NEW.completed_at := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_status BEFORE INSERT OR UPDATE ON rapport.tasks
  FOR EACH ROW EXECUTE FUNCTION rapport.tasks_status();

-- A task is found by its subject, what it is linked to and its description.
CREATE FUNCTION rapport.tasks_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  account  text;
  contact  text;
  contract text;
BEGIN
  SELECT a.name INTO account FROM rapport.accounts a WHERE a.id = NEW.account_id;
  SELECT concat_ws(' ', c.last_name, c.first_name, c.middle_name) INTO contact
    FROM rapport.contacts c WHERE c.id = NEW.contact_id;
  SELECT c.number INTO contract FROM rapport.contracts c WHERE c.id = NEW.contract_id;
  NEW.search_name := rapport.search_norm(NEW.subject);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.subject, account, contact, contract, NEW.description));
  RETURN NEW;
END $$;
CREATE TRIGGER tasks_search BEFORE INSERT OR UPDATE ON rapport.tasks
  FOR EACH ROW EXECUTE FUNCTION rapport.tasks_search();

SELECT rapport.attach_record_triggers('rapport.tasks');

CREATE INDEX tasks_owner_due ON rapport.tasks (owner_id, due_at);
CREATE INDEX tasks_due ON rapport.tasks (due_at, id);
CREATE INDEX tasks_open_due ON rapport.tasks (due_at, id) WHERE status IN ('planned', 'in_progress');
CREATE INDEX tasks_account ON rapport.tasks (account_id);
CREATE INDEX tasks_contact ON rapport.tasks (contact_id);
CREATE INDEX tasks_deal ON rapport.tasks (deal_id);
CREATE INDEX tasks_contract ON rapport.tasks (contract_id);
CREATE INDEX tasks_search_text ON rapport.tasks USING gin (search_text gin_trgm_ops);
CREATE INDEX tasks_search_name ON rapport.tasks (search_name text_pattern_ops, id);

SELECT rapport.secure_table('rapport.tasks');

-- ---- Renewal reminders -------------------------------------------------------

-- The reminders made: a contract and the end date one was made for.
CREATE TABLE rapport.renewal_reminders (
  contract_id bigint      NOT NULL REFERENCES rapport.contracts (id) ON DELETE CASCADE,
  end_date    date        NOT NULL,
  made_at     timestamptz NOT NULL DEFAULT now(),
  made_by     text        NOT NULL DEFAULT session_user,
  PRIMARY KEY (contract_id, end_date)
);
REVOKE ALL ON rapport.renewal_reminders FROM PUBLIC;
GRANT SELECT ON rapport.renewal_reminders TO rapport_admin, rapport_head;

-- Give the support manager of every signed or in-effect contract that
-- ends within @days days (today included; NULL: the setting
-- renewal_reminder_days) a renewal reminder, due @days days before the end
-- date at 09:00 (today when that day has passed). Returns how many were
-- made; running it again makes none. Every employee may run it with the
-- company's setting (each workstation does, hourly); another number of
-- days is for administrators and heads.
CREATE FUNCTION rapport.create_renewal_reminders(days integer DEFAULT NULL) RETURNS integer
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
     WHERE c.status IN ('signed', 'in_effect')
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
REVOKE ALL ON FUNCTION rapport.create_renewal_reminders(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport.create_renewal_reminders(integer)
  TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
