-- 0012-deals: pipelines, their stages and deals (S1)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- A pipeline («Продажи») is an ordered list of stages (Бассейн → Назначен
-- в работу → Предварительный контакт → Договор подписан → Первая продажа)
-- plus a won and a lost stage. Several pipelines may exist; one is the
-- default for new deals. A deal is in one stage of one pipeline: the
-- pipeline follows from the stage. Moving a deal to a lost stage needs a
-- loss reason; every move is written to deal_stage_moves (who, when, from,
-- to) besides the record's own audit trail. The funnel counts a deal at
-- every open stage up to the furthest it reached (reached_position), so
-- that a deal lost at «Договор подписан» still counts as having passed
-- «Бассейн».
--
-- Pipelines and stages are the company's settings: everyone reads them,
-- only administrators and heads change them (may_edit below). A stage
-- that holds deals is not deleted until its deals are moved elsewhere:
-- rapport.delete_stage(stage, move_to) does both in one statement.

CREATE TABLE rapport.pipelines (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer     NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  owner_id    bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom      jsonb       NOT NULL DEFAULT '{}',
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  position    integer     NOT NULL DEFAULT 0,
  is_default  boolean     NOT NULL DEFAULT false,
  description text,
  search_name text        NOT NULL DEFAULT '',
  search_text text        NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX pipelines_name_key ON rapport.pipelines (lower(btrim(name)));
CREATE UNIQUE INDEX pipelines_one_default ON rapport.pipelines ((true)) WHERE is_default;

CREATE TABLE rapport.pipeline_stages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     integer     NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  owner_id    bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom      jsonb       NOT NULL DEFAULT '{}',
  pipeline_id bigint      NOT NULL REFERENCES rapport.pipelines (id) ON DELETE CASCADE,
  name        text        NOT NULL CHECK (btrim(name) <> ''),
  position    integer     NOT NULL DEFAULT 0,
  probability integer     NOT NULL DEFAULT 0,
  kind        text        NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  search_name text        NOT NULL DEFAULT '',
  search_text text        NOT NULL DEFAULT '',
  CONSTRAINT pipeline_stages_probability_check CHECK (probability BETWEEN 0 AND 100),
  UNIQUE (pipeline_id, id)
);

CREATE UNIQUE INDEX pipeline_stages_name_key ON rapport.pipeline_stages (pipeline_id, lower(btrim(name)));
CREATE INDEX pipeline_stages_order ON rapport.pipeline_stages (pipeline_id, position, id);

CREATE FUNCTION rapport.pipelines_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, NEW.description));
  RETURN NEW;
END $$;
CREATE TRIGGER pipelines_search BEFORE INSERT OR UPDATE ON rapport.pipelines
  FOR EACH ROW EXECUTE FUNCTION rapport.pipelines_search();

CREATE FUNCTION rapport.pipeline_stages_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  pipeline text;
BEGIN
  SELECT p.name INTO pipeline FROM rapport.pipelines p WHERE p.id = NEW.pipeline_id;
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, pipeline));
  RETURN NEW;
END $$;
CREATE TRIGGER pipeline_stages_search BEFORE INSERT OR UPDATE ON rapport.pipeline_stages
  FOR EACH ROW EXECUTE FUNCTION rapport.pipeline_stages_search();

SELECT rapport.attach_record_triggers('rapport.pipelines');
SELECT rapport.attach_record_triggers('rapport.pipeline_stages');

CREATE INDEX pipelines_search_name ON rapport.pipelines (search_name text_pattern_ops, id);
CREATE INDEX pipeline_stages_search_name ON rapport.pipeline_stages (search_name text_pattern_ops, id);
CREATE INDEX pipeline_stages_search_text ON rapport.pipeline_stages USING gin (search_text gin_trgm_ops);

-- The pipeline new deals go to: the default one, else the first.
CREATE FUNCTION rapport.default_pipeline() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT p.id FROM rapport.pipelines p ORDER BY p.is_default DESC, p.position, p.id LIMIT 1
$$;

-- ---- Deals -----------------------------------------------------------------

CREATE TABLE rapport.deals (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version          integer     NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  created_by       text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  updated_by       text,
  owner_id         bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom           jsonb       NOT NULL DEFAULT '{}',
  name             text        NOT NULL CHECK (btrim(name) <> ''),
  account_id       bigint      NOT NULL REFERENCES rapport.accounts (id) ON DELETE CASCADE,
  contact_id       bigint REFERENCES rapport.contacts (id) ON DELETE SET NULL,
  lead_id          bigint REFERENCES rapport.leads (id) ON DELETE SET NULL,
  pipeline_id      bigint      NOT NULL,
  stage_id         bigint      NOT NULL,
  amount           bigint,
  currency         text        NOT NULL DEFAULT 'RUB',
  probability      integer,
  expected_close   date,
  closed_on        date,
  loss_reason      text,
  description      text,
  -- The furthest open stage position the deal reached (for the funnel).
  reached_position integer     NOT NULL DEFAULT 0,
  stage_changed_at timestamptz NOT NULL DEFAULT now(),
  search_name      text        NOT NULL DEFAULT '',
  search_text      text        NOT NULL DEFAULT '',
  -- A stage is deleted only after its deals moved: delete_stage().
  CONSTRAINT deals_stage_id_fkey FOREIGN KEY (pipeline_id, stage_id)
    REFERENCES rapport.pipeline_stages (pipeline_id, id) ON DELETE RESTRICT,
  -- Up to a trillion roubles (10^14 kopecks): more is a typing slip.
  CONSTRAINT deals_amount_check CHECK (amount BETWEEN 0 AND 100000000000000),
  CONSTRAINT deals_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT deals_probability_check CHECK (probability BETWEEN 0 AND 100)
);

COMMENT ON CONSTRAINT deals_amount_check ON rapport.deals IS
  'A deal''s amount is between 0 and 1 000 000 000 000 roubles';

-- Every stage move: who moved the deal, when, from where to where.
CREATE TABLE rapport.deal_stage_moves (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id       bigint      NOT NULL REFERENCES rapport.deals (id) ON DELETE CASCADE,
  from_stage_id bigint REFERENCES rapport.pipeline_stages (id) ON DELETE SET NULL,
  to_stage_id   bigint REFERENCES rapport.pipeline_stages (id) ON DELETE SET NULL,
  moved_at      timestamptz NOT NULL DEFAULT now(),
  moved_by      text        NOT NULL DEFAULT session_user,
  employee_id   bigint REFERENCES rapport.employees (id) ON DELETE SET NULL
);
CREATE INDEX deal_stage_moves_deal ON rapport.deal_stage_moves (deal_id, moved_at);

-- A deal's pipeline follows from its stage; entering a stage sets the
-- stage's probability (unless the same save sets its own), closes the deal
-- on a won or lost stage (a lost one needs its reason) and reopens it on
-- an open one; the furthest open stage reached is kept for the funnel.
CREATE FUNCTION rapport.deals_stage() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  st rapport.pipeline_stages;
  top integer;
BEGIN
  IF NEW.stage_id IS NULL THEN
    SELECT s.* INTO st FROM rapport.pipeline_stages s
     WHERE s.pipeline_id = coalesce(NEW.pipeline_id, rapport.default_pipeline())
     ORDER BY (s.kind = 'open') DESC, s.position, s.id LIMIT 1;
  ELSE
    SELECT s.* INTO st FROM rapport.pipeline_stages s WHERE s.id = NEW.stage_id;
  END IF;
  IF st.id IS NULL THEN
    RAISE EXCEPTION 'no such stage: %', NEW.stage_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'deals_stage_id_fkey';
  END IF;
  NEW.stage_id := st.id;
  NEW.pipeline_id := st.pipeline_id;

  IF TG_OP = 'INSERT' OR NEW.stage_id IS DISTINCT FROM OLD.stage_id THEN
    NEW.stage_changed_at := now();
    IF TG_OP = 'INSERT' AND NEW.probability IS NULL
       OR TG_OP = 'UPDATE' AND NEW.probability IS NOT DISTINCT FROM OLD.probability THEN
      NEW.probability := st.probability;
    END IF;
    IF st.kind = 'open' THEN
      NEW.closed_on := NULL;
    ELSIF TG_OP = 'INSERT' THEN
      NEW.closed_on := coalesce(NEW.closed_on, current_date);
    ELSIF NEW.closed_on IS NOT DISTINCT FROM OLD.closed_on THEN
      NEW.closed_on := current_date;
    END IF;
  END IF;

  IF st.kind = 'open' THEN
    NEW.reached_position := greatest(CASE WHEN TG_OP = 'UPDATE' THEN OLD.reached_position ELSE 0 END,
                                     NEW.reached_position, st.position);
  ELSIF st.kind = 'won' THEN
    SELECT max(s.position) INTO top FROM rapport.pipeline_stages s
     WHERE s.pipeline_id = st.pipeline_id AND s.kind = 'open';
    NEW.reached_position := coalesce(top, 0);
  END IF;

  IF st.kind = 'lost' AND btrim(coalesce(NEW.loss_reason, '')) = '' THEN
    RAISE EXCEPTION 'say why the deal was lost'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'deals_loss_reason_check';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER deals_stage BEFORE INSERT OR UPDATE OF stage_id, pipeline_id, probability, loss_reason, reached_position
  ON rapport.deals FOR EACH ROW EXECUTE FUNCTION rapport.deals_stage();

CREATE FUNCTION rapport.deals_stage_moved() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO rapport.deal_stage_moves (deal_id, from_stage_id, to_stage_id, moved_by, employee_id)
    VALUES (NEW.id, NULL, NEW.stage_id, session_user, rapport.employee_of(session_user));
  ELSIF NEW.stage_id IS DISTINCT FROM OLD.stage_id THEN
    INSERT INTO rapport.deal_stage_moves (deal_id, from_stage_id, to_stage_id, moved_by, employee_id)
    VALUES (NEW.id, OLD.stage_id, NEW.stage_id, session_user, rapport.employee_of(session_user));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER deals_stage_moved AFTER INSERT OR UPDATE OF stage_id ON rapport.deals
  FOR EACH ROW EXECUTE FUNCTION rapport.deals_stage_moved();

-- A deal is found by its name, its account and its description.
CREATE FUNCTION rapport.deals_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  account text;
BEGIN
  SELECT a.name INTO account FROM rapport.accounts a WHERE a.id = NEW.account_id;
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ', NEW.name, account, NEW.description));
  RETURN NEW;
END $$;
CREATE TRIGGER deals_search BEFORE INSERT OR UPDATE ON rapport.deals
  FOR EACH ROW EXECUTE FUNCTION rapport.deals_search();

SELECT rapport.attach_record_triggers('rapport.deals');

CREATE INDEX deals_account ON rapport.deals (account_id);
CREATE INDEX deals_contact ON rapport.deals (contact_id);
CREATE INDEX deals_lead ON rapport.deals (lead_id);
CREATE INDEX deals_owner ON rapport.deals (owner_id);
CREATE INDEX deals_stage ON rapport.deals (stage_id, stage_changed_at, id);
CREATE INDEX deals_pipeline_created ON rapport.deals (pipeline_id, created_at);
CREATE INDEX deals_expected_close ON rapport.deals (expected_close, id);
CREATE INDEX deals_search_text ON rapport.deals USING gin (search_text gin_trgm_ops);
CREATE INDEX deals_search_name ON rapport.deals (search_name text_pattern_ops, id);

-- ---- Rights ----------------------------------------------------------------

-- Settings tables: read by everyone, changed by administrators and heads.
CREATE FUNCTION rapport.settings_tables() RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('pipelines'), ('pipeline_stages')
$$;

CREATE OR REPLACE FUNCTION rapport.may_edit(who name, tbl text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT rapport.is_admin(who)
      OR (tbl IN (SELECT rapport.settings_tables()) AND rapport.role_of(who) IS NOT DISTINCT FROM 'head')
      OR (tbl NOT IN (SELECT rapport.settings_tables())
          AND coalesce(rapport.role_of(who) IN ('head', 'manager'), false)
          AND (NOT EXISTS (SELECT FROM rapport.module_editors m WHERE m.table_name = tbl)
               OR EXISTS (SELECT FROM rapport.module_editors m
                           WHERE m.table_name = tbl AND m.employee_id = rapport.employee_of(who))))
$$;

SELECT rapport.secure_table('rapport.pipelines');
SELECT rapport.secure_table('rapport.pipeline_stages');
SELECT rapport.secure_table('rapport.deals');

DROP POLICY records_select ON rapport.pipelines;
CREATE POLICY records_select ON rapport.pipelines FOR SELECT USING (true);
DROP POLICY records_select ON rapport.pipeline_stages;
CREATE POLICY records_select ON rapport.pipeline_stages FOR SELECT USING (true);

-- Stage moves are seen with their deal; only the trigger writes them.
ALTER TABLE rapport.deal_stage_moves ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport.deal_stage_moves FORCE ROW LEVEL SECURITY;
REVOKE ALL ON rapport.deal_stage_moves FROM PUBLIC;
GRANT SELECT ON rapport.deal_stage_moves TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
CREATE POLICY deal_stage_moves_select ON rapport.deal_stage_moves FOR SELECT
  USING (EXISTS (SELECT FROM rapport.deals d WHERE d.id = deal_id));

-- Delete a stage, first moving its deals (those of every owner, which is
-- why this runs as the definer after checking the caller's right) to
-- another stage of the same pipeline. Without @move_to a stage holding
-- deals is refused with how many it holds.
CREATE FUNCTION rapport.delete_stage(stage bigint, move_to bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  st     rapport.pipeline_stages;
  target rapport.pipeline_stages;
  held   integer;
BEGIN
  IF NOT rapport.may_edit(session_user, 'pipeline_stages') THEN
    RAISE EXCEPTION 'only administrators and heads change the pipelines' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT s.* INTO st FROM rapport.pipeline_stages s WHERE s.id = stage FOR UPDATE;
  IF st.id IS NULL THEN
    RAISE EXCEPTION 'no such stage: %', stage USING ERRCODE = 'no_data_found';
  END IF;
  SELECT count(*) INTO held FROM rapport.deals d WHERE d.stage_id = stage;
  IF held > 0 THEN
    IF move_to IS NULL THEN
      RAISE EXCEPTION 'the stage «%» holds % deals: say where to move them', st.name, held
        USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'deals_stage_id_fkey';
    END IF;
    SELECT s.* INTO target FROM rapport.pipeline_stages s WHERE s.id = move_to;
    IF target.id IS NULL OR target.pipeline_id <> st.pipeline_id OR target.id = st.id THEN
      RAISE EXCEPTION 'the deals can only move to another stage of the same pipeline'
        USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.kind = 'lost' THEN
      UPDATE rapport.deals d SET stage_id = move_to,
             loss_reason = coalesce(nullif(btrim(d.loss_reason), ''), format('Этап «%s» удалён', st.name))
       WHERE d.stage_id = stage;
    ELSE
      UPDATE rapport.deals d SET stage_id = move_to WHERE d.stage_id = stage;
    END IF;
  END IF;
  DELETE FROM rapport.pipeline_stages s WHERE s.id = stage;
  RETURN held;
END $$;
REVOKE ALL ON FUNCTION rapport.delete_stage(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport.delete_stage(bigint, bigint) TO rapport_admin, rapport_head;

-- ---- The default pipeline --------------------------------------------------

WITH p AS (
  INSERT INTO rapport.pipelines (name, position, is_default, description)
  VALUES ('Продажи', 0, true, 'Воронка продаж: от первого интереса до первой продажи')
  RETURNING id
)
INSERT INTO rapport.pipeline_stages (pipeline_id, name, position, probability, kind)
SELECT p.id, s.name, s.position, s.probability, s.kind
  FROM p, (VALUES ('Бассейн', 0, 5, 'open'),
                  ('Назначен в работу', 1, 10, 'open'),
                  ('Предварительный контакт', 2, 25, 'open'),
                  ('Договор подписан', 3, 70, 'open'),
                  ('Первая продажа', 4, 90, 'open'),
                  ('Выиграна', 5, 100, 'won'),
                  ('Проиграна', 6, 0, 'lost')) AS s (name, position, probability, kind);
