-- 0011-contracts: tariff plans, their commercial conditions (S3) and
-- contracts with accounts (S2)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- Tariff plans («Стандартный», «Профи», «Новичок»): a name, an ID, the
-- general agent, validity dates, a status and its date, a remark, notes
-- and a description (seed 000). Commercial conditions: a fee or
-- commission under a plan, agreed by the general agent with a service
-- supplier. Contracts («№ 125 / S»): our organisation's agreement with an
-- account on a tariff plan, from a start to an end date, with a status;
-- the responsible employee (owner_id) is its support manager. The planned
-- and actual sums are kopecks (CRM_FIELD_MONEY), money withheld from
-- managers and read-only users like a sale's amount.

CREATE TABLE rapport.tariff_plans (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version       integer     NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text,
  owner_id      bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom        jsonb       NOT NULL DEFAULT '{}',
  name          text        NOT NULL CHECK (btrim(name) <> ''),
  code          text,
  general_agent text,
  valid_from    date,
  valid_to      date,
  status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  status_date   date,
  remark        text,
  notes         text,
  description   text,
  search_name   text        NOT NULL DEFAULT '',
  search_text   text        NOT NULL DEFAULT '',
  CONSTRAINT tariff_plans_valid_to_check CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

CREATE FUNCTION rapport.tariff_plans_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, NEW.code, NEW.remark, NEW.notes, NEW.description));
  RETURN NEW;
END $$;
CREATE TRIGGER tariff_plans_search BEFORE UPDATE ON rapport.tariff_plans
  FOR EACH ROW EXECUTE FUNCTION rapport.tariff_plans_search();
CREATE TRIGGER tariff_plans_search_new BEFORE INSERT ON rapport.tariff_plans
  FOR EACH ROW WHEN (NEW.search_name = '' OR NEW.search_text = '')
  EXECUTE FUNCTION rapport.tariff_plans_search();

SELECT rapport.attach_record_triggers('rapport.tariff_plans');

CREATE UNIQUE INDEX tariff_plans_code_key ON rapport.tariff_plans (lower(code)) WHERE code IS NOT NULL;
CREATE INDEX tariff_plans_search_text ON rapport.tariff_plans USING gin (search_text gin_trgm_ops);
CREATE INDEX tariff_plans_search_name ON rapport.tariff_plans (search_name text_pattern_ops, id);

CREATE TABLE rapport.commercial_conditions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version        integer     NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  owner_id       bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom         jsonb       NOT NULL DEFAULT '{}',
  name           text        NOT NULL CHECK (btrim(name) <> ''),
  tariff_plan_id bigint REFERENCES rapport.tariff_plans (id) ON DELETE CASCADE,
  general_agent  text,
  supplier       text,
  condition_text text,
  status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  search_name    text        NOT NULL DEFAULT '',
  search_text    text        NOT NULL DEFAULT ''
);

CREATE FUNCTION rapport.commercial_conditions_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, NEW.supplier, NEW.condition_text));
  RETURN NEW;
END $$;
CREATE TRIGGER commercial_conditions_search BEFORE UPDATE ON rapport.commercial_conditions
  FOR EACH ROW EXECUTE FUNCTION rapport.commercial_conditions_search();
CREATE TRIGGER commercial_conditions_search_new BEFORE INSERT ON rapport.commercial_conditions
  FOR EACH ROW WHEN (NEW.search_name = '' OR NEW.search_text = '')
  EXECUTE FUNCTION rapport.commercial_conditions_search();

SELECT rapport.attach_record_triggers('rapport.commercial_conditions');

CREATE INDEX commercial_conditions_plan ON rapport.commercial_conditions (tariff_plan_id);
CREATE INDEX commercial_conditions_search_text ON rapport.commercial_conditions USING gin (search_text gin_trgm_ops);
CREATE INDEX commercial_conditions_search_name ON rapport.commercial_conditions (search_name text_pattern_ops, id);

CREATE TABLE rapport.contracts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version        integer     NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  owner_id       bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom         jsonb       NOT NULL DEFAULT '{}',
  number         text        NOT NULL CHECK (btrim(number) <> ''),
  title          text,
  organization   text,
  account_id     bigint      NOT NULL REFERENCES rapport.accounts (id) ON DELETE CASCADE,
  tariff_plan_id bigint REFERENCES rapport.tariff_plans (id) ON DELETE SET NULL,
  start_date     date,
  end_date       date,
  status         text        NOT NULL DEFAULT 'preparing'
                 CHECK (status IN ('preparing', 'signed', 'in_effect', 'completed', 'terminated')),
  planned_sum    bigint CHECK (planned_sum >= 0),
  actual_sum     bigint CHECK (actual_sum >= 0),
  description    text,
  search_name    text        NOT NULL DEFAULT '',
  search_text    text        NOT NULL DEFAULT '',
  -- Named after the column so that the app marks the End date field.
  CONSTRAINT contracts_end_date_check CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);

COMMENT ON CONSTRAINT contracts_end_date_check ON rapport.contracts IS
  'A contract cannot end before it starts: the end date must be on or after the start date';

-- «№ 125 / S» and «№125/S» are the same number.
CREATE UNIQUE INDEX contracts_number_key ON rapport.contracts (lower(regexp_replace(number, '\s+', '', 'g')));

-- A contract is found by its number, title, account and description.
CREATE FUNCTION rapport.contracts_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  account text;
BEGIN
  SELECT a.name INTO account FROM rapport.accounts a WHERE a.id = NEW.account_id;
  NEW.search_name := rapport.search_norm(NEW.number);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.number, NEW.title, account, NEW.description));
  RETURN NEW;
END $$;
CREATE TRIGGER contracts_search BEFORE INSERT OR UPDATE ON rapport.contracts
  FOR EACH ROW EXECUTE FUNCTION rapport.contracts_search();

SELECT rapport.attach_record_triggers('rapport.contracts');

CREATE INDEX contracts_account ON rapport.contracts (account_id, start_date);
CREATE INDEX contracts_plan ON rapport.contracts (tariff_plan_id);
CREATE INDEX contracts_owner ON rapport.contracts (owner_id);
CREATE INDEX contracts_start ON rapport.contracts (start_date, id);
CREATE INDEX contracts_search_text ON rapport.contracts USING gin (search_text gin_trgm_ops);
CREATE INDEX contracts_search_name ON rapport.contracts (search_name text_pattern_ops, id);

-- ---- Money: a contract's sums join the annual revenue and sale amounts --

CREATE OR REPLACE FUNCTION rapport.money_columns() RETURNS TABLE (table_name text, column_name text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('accounts', 'annual_revenue'), ('sales', 'amount'),
         ('contracts', 'planned_sum'), ('contracts', 'actual_sum')
$$;

SELECT rapport.secure_table('rapport.accounts');
SELECT rapport.secure_table('rapport.sales');
SELECT rapport.secure_table('rapport.tariff_plans');
SELECT rapport.secure_table('rapport.commercial_conditions');
SELECT rapport.secure_table('rapport.contracts');

-- Tariff plans and their conditions are the terms everyone works on:
-- everyone reads them, whoever added them; changing them stays under the
-- record rules.
DROP POLICY records_select ON rapport.tariff_plans;
CREATE POLICY records_select ON rapport.tariff_plans FOR SELECT USING (true);
DROP POLICY records_select ON rapport.commercial_conditions;
CREATE POLICY records_select ON rapport.commercial_conditions FOR SELECT USING (true);
