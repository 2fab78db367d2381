-- 0006-security: the database is the security boundary (issue 4; U1, U2, B5)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- Every workstation connects to PostgreSQL directly, so what a person may
-- see and change is decided here, for psql as much as for Rapport:
--
--   * Each employee is a PostgreSQL login role (rapport.employees.login),
--     member of one group role:
--       rapport_admin     everything, and administration (rapport.employee_*)
--       rapport_head      sees every record; changes the team's, its own and
--                         those shared with it for editing; sees money
--       rapport_manager   sees and changes its own records, its team's,
--                         those shared with it and records nobody owns;
--                         money columns are withheld
--       rapport_readonly  sees every record, changes nothing, no money
--     The owner of the schema (who ran the migrations) and superusers count
--     as admins: the embedded single-user database signs in as its owner.
--   * Row-level security (ENABLE + FORCE) on every business table through
--     rapport.secure_table(); the policies call STABLE helper functions
--     once per statement (scalar sub-selects become init plans).
--   * Money columns (rapport.money_columns()) are withheld from managers
--     and read-only users by column privileges; their old and new values in
--     the audit trail go to audit_log.money_fields, withheld the same way.
--   * A module (table) can be restricted to named editors
--     (rapport.module_editors), e.g. only the catalogue keeper edits
--     products.
--   * Records can be shared with a person or a team (rapport.record_shares).
--
-- Policies check current_user, so a SECURITY DEFINER function owned by the
-- schema owner acts as an admin; stamps and the audit trail record
-- session_user, the employee who signed in (rapport.current_actor()).
-- The schema owner needs CREATEROLE for rapport.employee_add().

-- ---- Group roles (cluster-wide: created once, shared by databases) -------

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['rapport_admin', 'rapport_head', 'rapport_manager', 'rapport_readonly'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database's migration made it first
      END;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA rapport TO %I', r);
  END LOOP;
END $$;

REVOKE ALL ON SCHEMA rapport FROM PUBLIC;
GRANT SELECT ON rapport.schema_migrations TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
REVOKE ALL ON ALL TABLES IN SCHEMA rapport FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA rapport FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA rapport
  TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;

-- ---- Teams ---------------------------------------------------------------

CREATE TABLE rapport.teams (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version    integer     NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  owner_id   bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom     jsonb       NOT NULL DEFAULT '{}',
  name       text        NOT NULL UNIQUE CHECK (btrim(name) <> ''),
  head_id    bigint REFERENCES rapport.employees (id) ON DELETE SET NULL
);
SELECT rapport.attach_record_triggers('rapport.teams');

ALTER TABLE rapport.employees
  ADD COLUMN team_id bigint REFERENCES rapport.teams (id) ON DELETE SET NULL;
CREATE INDEX employees_team ON rapport.employees (team_id);
CREATE INDEX employees_login ON rapport.employees (login) INCLUDE (id, team_id, active);

-- ---- Field rights: money -------------------------------------------------

-- Annual revenue of a client, whole roubles («Выручка за год»): the figure
-- management does not want every employee to see (seed 004).
ALTER TABLE rapport.accounts
  ADD COLUMN annual_revenue bigint CHECK (annual_revenue >= 0 AND annual_revenue < 10000000000000);

-- The money columns of every table. A later migration that adds money
-- columns replaces this function and calls rapport.secure_table() again.
CREATE FUNCTION rapport.money_columns() RETURNS TABLE (table_name text, column_name text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('accounts', 'annual_revenue')
$$;

CREATE FUNCTION rapport.money_keys() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(DISTINCT m.column_name) FROM rapport.money_columns() m
$$;

-- ---- Sharing and modules with named editors ------------------------------

CREATE TABLE rapport.record_shares (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name  text        NOT NULL,
  record_id   bigint      NOT NULL,
  employee_id bigint REFERENCES rapport.employees (id) ON DELETE CASCADE,
  team_id     bigint REFERENCES rapport.teams (id) ON DELETE CASCADE,
  can_edit    boolean     NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text        NOT NULL DEFAULT rapport.current_actor(),
  CHECK ((employee_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX record_shares_target
  ON rapport.record_shares (table_name, record_id, coalesce(employee_id, 0), coalesce(team_id, 0));
CREATE INDEX record_shares_employee ON rapport.record_shares (employee_id, table_name) WHERE employee_id IS NOT NULL;
CREATE INDEX record_shares_team ON rapport.record_shares (team_id, table_name) WHERE team_id IS NOT NULL;

CREATE TABLE rapport.module_editors (
  table_name  text   NOT NULL,
  employee_id bigint NOT NULL REFERENCES rapport.employees (id) ON DELETE CASCADE,
  PRIMARY KEY (table_name, employee_id)
);

-- ---- Who is asking -------------------------------------------------------
--
-- SECURITY DEFINER so that they read employees, teams and shares whatever
-- the caller may read; search_path pinned so that a caller's objects can
-- never stand in for ours.

CREATE FUNCTION rapport.employee_of(who name) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT e.id FROM rapport.employees e WHERE e.login = who::text AND e.active
$$;

-- The employee signed in on this session (NULL for a role that is none).
CREATE FUNCTION rapport.current_employee() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT rapport.employee_of(session_user)
$$;

CREATE FUNCTION rapport.is_admin(who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT pg_has_role(who, 'rapport_admin', 'MEMBER')
      OR EXISTS (SELECT FROM pg_namespace n
                  WHERE n.nspname = 'rapport' AND pg_has_role(who, n.nspowner, 'MEMBER'))
$$;

-- 'admin', 'head', 'manager', 'readonly' or NULL (no rights at all).
CREATE FUNCTION rapport.role_of(who name) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE
           WHEN rapport.is_admin(who) THEN 'admin'
           WHEN pg_has_role(who, 'rapport_head', 'MEMBER') THEN 'head'
           WHEN pg_has_role(who, 'rapport_manager', 'MEMBER') THEN 'manager'
           WHEN pg_has_role(who, 'rapport_readonly', 'MEMBER') THEN 'readonly'
         END
$$;

CREATE FUNCTION rapport.sees_all(who name) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(rapport.role_of(who) IN ('admin', 'head', 'readonly'), false)
$$;

-- The employee's own id and the ids of the people of the teams it is in
-- or heads: whose records it may change (and a manager may see).
CREATE FUNCTION rapport.my_owners(who name) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH me AS (SELECT e.id, e.team_id FROM rapport.employees e WHERE e.login = who::text AND e.active)
  SELECT coalesce(array_agg(DISTINCT x.id), '{}')
    FROM (SELECT me.id FROM me
          UNION ALL
          SELECT e.id FROM rapport.employees e, me
           WHERE e.team_id = me.team_id
              OR e.team_id IN (SELECT t.id FROM rapport.teams t WHERE t.head_id = me.id)) x
$$;

-- Records of @tbl shared with the employee or its team (for editing only
-- when @for_edit).
CREATE FUNCTION rapport.shared_ids(who name, tbl text, for_edit boolean) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH me AS (SELECT e.id, e.team_id FROM rapport.employees e WHERE e.login = who::text AND e.active)
  SELECT coalesce(array_agg(DISTINCT s.record_id), '{}')
    FROM rapport.record_shares s, me
   WHERE s.table_name = tbl AND (s.can_edit OR NOT for_edit)
     AND (s.employee_id = me.id OR s.team_id = me.team_id)
$$;

-- May the role change records of @tbl at all: not read-only, and the
-- module is open to everyone or the employee is one of its editors.
CREATE FUNCTION rapport.may_edit(who name, tbl text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT rapport.is_admin(who)
      OR (coalesce(rapport.role_of(who) IN ('head', 'manager'), false)
          AND (NOT EXISTS (SELECT FROM rapport.module_editors m WHERE m.table_name = tbl)
               OR EXISTS (SELECT FROM rapport.module_editors m
                           WHERE m.table_name = tbl AND m.employee_id = rapport.employee_of(who))))
$$;

-- What the role may do with one record: 'edit', 'see' or NULL. Used where
-- a single record is checked (sharing, merging, the record page); the
-- policies below say the same for whole tables.
CREATE FUNCTION rapport.record_access(who name, tbl text, rid bigint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  rel   regclass := to_regclass(format('rapport.%I', tbl));
  owner bigint;
  found boolean;
BEGIN
  IF rel IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT true, t.owner_id FROM %s t WHERE t.id = $1', rel) INTO found, owner USING rid;
  IF found IS NULL THEN
    RETURN NULL;
  END IF;
  IF rapport.may_edit(who, tbl)
     AND (rapport.is_admin(who) OR owner IS NULL OR owner = ANY (rapport.my_owners(who))
          OR rid = ANY (rapport.shared_ids(who, tbl, true))) THEN
    RETURN 'edit';
  END IF;
  IF rapport.sees_all(who) OR owner IS NULL OR owner = ANY (rapport.my_owners(who))
     OR rid = ANY (rapport.shared_ids(who, tbl, false)) THEN
    RETURN 'see';
  END IF;
  RETURN NULL;
END $$;

-- ---- Securing a business table -------------------------------------------
--
-- Policies, privileges and money columns for a table with owner_id. Call
-- again after adding columns (it starts over).

CREATE FUNCTION rapport.secure_table(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t          text;
  -- Kept by the triggers. (search_name and search_text may be written:
  -- the import sends them computed; the search triggers keep them true.)
  stamps     text[] := ARRAY['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by'];
  money      text[];
  cols_all   text;
  cols_open  text;
  write_all  text;
  write_open text;
  see        text;
  edit       text;
  assign     text;
  p          text;
BEGIN
  SELECT c.relname INTO t FROM pg_class c WHERE c.oid = tbl;
  SELECT coalesce(array_agg(m.column_name), '{}') INTO money
    FROM rapport.money_columns() m WHERE m.table_name = t;

  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
         string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
           FILTER (WHERE a.attname <> ALL (money)),
         string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
           FILTER (WHERE a.attname <> ALL (stamps)),
         string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
           FILTER (WHERE a.attname <> ALL (stamps) AND a.attname <> ALL (money))
    INTO cols_all, cols_open, write_all, write_open
    FROM pg_attribute a
   WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped;

  EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, rapport_admin, rapport_head, rapport_manager, rapport_readonly', tbl);
  EXECUTE format('GRANT SELECT ON %s TO rapport_admin, rapport_head', tbl);
  EXECUTE format('GRANT SELECT (%s) ON %s TO rapport_manager, rapport_readonly', cols_open, tbl);
  EXECUTE format('GRANT INSERT (%1$s), UPDATE (%1$s) ON %2$s TO rapport_admin, rapport_head', write_all, tbl);
  EXECUTE format('GRANT INSERT (%1$s), UPDATE (%1$s) ON %2$s TO rapport_manager', write_open, tbl);
  EXECUTE format('GRANT DELETE ON %s TO rapport_admin, rapport_head, rapport_manager', tbl);

  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  FOREACH p IN ARRAY ARRAY['records_select', 'records_insert', 'records_update', 'records_delete'] LOOP
    EXECUTE format('DROP POLICY IF EXISTS %I ON %s', p, tbl);
  END LOOP;

  see := format('(SELECT rapport.sees_all(current_user)) OR owner_id IS NULL'
                ' OR owner_id = ANY ((SELECT rapport.my_owners(current_user))::bigint[])'
                ' OR id = ANY ((SELECT rapport.shared_ids(current_user, %L, false))::bigint[])', t);
  edit := format('(SELECT rapport.may_edit(current_user, %1$L))'
                 ' AND ((SELECT rapport.is_admin(current_user)) OR owner_id IS NULL'
                 '      OR owner_id = ANY ((SELECT rapport.my_owners(current_user))::bigint[])'
                 '      OR id = ANY ((SELECT rapport.shared_ids(current_user, %1$L, true))::bigint[]))', t);
  -- What a new or changed row may look like: heads may give records to
  -- anyone, managers to themselves, their team or nobody.
  assign := format('(SELECT rapport.may_edit(current_user, %1$L))'
                   ' AND ((SELECT rapport.role_of(current_user)) IN (''admin'', ''head'') OR owner_id IS NULL'
                   '      OR owner_id = ANY ((SELECT rapport.my_owners(current_user))::bigint[])'
                   '      OR id = ANY ((SELECT rapport.shared_ids(current_user, %1$L, true))::bigint[]))', t);

  EXECUTE format('CREATE POLICY records_select ON %s FOR SELECT USING (%s)', tbl, see);
  EXECUTE format('CREATE POLICY records_insert ON %s FOR INSERT WITH CHECK (%s)', tbl, assign);
  EXECUTE format('CREATE POLICY records_update ON %s FOR UPDATE USING (%s) WITH CHECK (%s)', tbl, edit, assign);
  EXECUTE format('CREATE POLICY records_delete ON %s FOR DELETE USING (%s)', tbl, edit);
END $$;

SELECT rapport.secure_table('rapport.accounts');
SELECT rapport.secure_table('rapport.contacts');

-- The tables secured so: what rapport.employee_deactivate() reassigns.
CREATE VIEW rapport.secured_tables AS
  SELECT DISTINCT c.relname::text AS table_name
    FROM pg_policy p
    JOIN pg_class c ON c.oid = p.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'rapport' AND p.polname = 'records_select';

-- ---- Directories everyone reads and admins change ------------------------

DO $$
DECLARE
  tbl regclass;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['rapport.employees', 'rapport.teams', 'rapport.module_editors']::regclass[] LOOP
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', tbl);
    EXECUTE format('GRANT SELECT ON %s TO rapport_admin, rapport_head, rapport_manager, rapport_readonly', tbl);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO rapport_admin', tbl);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY directory_select ON %s FOR SELECT USING (true)', tbl);
    EXECUTE format('CREATE POLICY directory_change ON %s FOR ALL'
                   ' USING ((SELECT rapport.is_admin(current_user)))'
                   ' WITH CHECK ((SELECT rapport.is_admin(current_user)))', tbl);
  END LOOP;
END $$;

-- ---- Shares: by whoever may change the record ----------------------------

REVOKE ALL ON rapport.record_shares FROM PUBLIC;
GRANT SELECT ON rapport.record_shares TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
GRANT INSERT (table_name, record_id, employee_id, team_id, can_edit), UPDATE (can_edit), DELETE
  ON rapport.record_shares TO rapport_admin, rapport_head, rapport_manager;
ALTER TABLE rapport.record_shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport.record_shares FORCE ROW LEVEL SECURITY;
CREATE POLICY shares_select ON rapport.record_shares FOR SELECT
  USING ((SELECT rapport.is_admin(current_user))
         OR employee_id = (SELECT rapport.employee_of(current_user))
         OR rapport.record_access(current_user, table_name, record_id) IS NOT NULL);
CREATE POLICY shares_insert ON rapport.record_shares FOR INSERT
  WITH CHECK (rapport.record_access(current_user, table_name, record_id) = 'edit');
CREATE POLICY shares_update ON rapport.record_shares FOR UPDATE
  USING (rapport.record_access(current_user, table_name, record_id) = 'edit');
CREATE POLICY shares_delete ON rapport.record_shares FOR DELETE
  USING (rapport.record_access(current_user, table_name, record_id) = 'edit');

-- ---- The change feed and the audit trail ---------------------------------
--
-- Written only by the triggers, which run as the schema owner; read by
-- everyone. The change feed carries no values (table, id, version, who);
-- the audit trail shows a person the history of the records it can see,
-- and admins everything. Money values are kept apart in money_fields.

ALTER TABLE rapport.audit_log ADD COLUMN money_fields jsonb;

CREATE FUNCTION rapport.audit_split_money() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  keys text[];
BEGIN
  SELECT array_agg(m.column_name) INTO keys FROM rapport.money_columns() m WHERE m.table_name = NEW.table_name;
  IF keys IS NOT NULL AND NEW.fields ?| keys THEN
    NEW.money_fields := (SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(NEW.fields) e
                          WHERE e.key = ANY (keys));
    NEW.fields := NEW.fields - keys;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_split_money BEFORE INSERT ON rapport.audit_log
  FOR EACH ROW WHEN (NEW.fields ?| rapport.money_keys())
  EXECUTE FUNCTION rapport.audit_split_money();

-- A later migration that replaces one of these must say SECURITY DEFINER
-- and the search_path again (CREATE OR REPLACE resets them).
ALTER FUNCTION rapport.record_log_insert() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION rapport.record_log_update() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION rapport.record_log_delete() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION rapport.record_notify() SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

REVOKE ALL ON rapport.changes, rapport.audit_log FROM PUBLIC;
GRANT SELECT ON rapport.changes TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
GRANT SELECT ON rapport.audit_log TO rapport_admin, rapport_head;
GRANT SELECT (id, at, actor, table_name, record_id, op, version, fields)
  ON rapport.audit_log TO rapport_manager, rapport_readonly;
ALTER TABLE rapport.audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_select ON rapport.audit_log FOR SELECT
  USING ((SELECT rapport.is_admin(current_user))
         OR rapport.record_access(current_user, table_name, record_id) IS NOT NULL);

-- Merges: read by everyone, made only through rapport.merge_record(),
-- which now runs as the owner after checking that the caller may change
-- both records.
REVOKE ALL ON rapport.merges FROM PUBLIC;
GRANT SELECT ON rapport.merges TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;

ALTER FUNCTION rapport.merge_record(text, bigint, bigint) RENAME TO merge_record_unchecked;
REVOKE ALL ON FUNCTION rapport.merge_record_unchecked(text, bigint, bigint)
  FROM PUBLIC, rapport_admin, rapport_head, rapport_manager, rapport_readonly;

CREATE FUNCTION rapport.merge_record(tbl text, kept bigint, merged bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF rapport.record_access(session_user, tbl, kept) IS DISTINCT FROM 'edit'
     OR rapport.record_access(session_user, tbl, merged) IS DISTINCT FROM 'edit' THEN
    RAISE EXCEPTION 'you may not change this record' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN rapport.merge_record_unchecked(tbl, kept, merged);
END $$;
GRANT EXECUTE ON FUNCTION rapport.merge_record(text, bigint, bigint)
  TO rapport_admin, rapport_head, rapport_manager;

-- ---- Import batches: each person's own, admins all -----------------------

REVOKE ALL ON rapport.import_batches, rapport.import_rows FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON rapport.import_batches TO rapport_admin, rapport_head, rapport_manager;
GRANT SELECT, INSERT ON rapport.import_rows TO rapport_admin, rapport_head, rapport_manager;
ALTER TABLE rapport.import_batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport.import_batches FORCE ROW LEVEL SECURITY;
ALTER TABLE rapport.import_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE rapport.import_rows FORCE ROW LEVEL SECURITY;
CREATE POLICY batches_own ON rapport.import_batches FOR ALL
  USING ((SELECT rapport.is_admin(current_user)) OR actor = session_user::text)
  WITH CHECK ((SELECT rapport.is_admin(current_user)) OR actor = session_user::text);
CREATE POLICY rows_own ON rapport.import_rows FOR ALL
  USING (EXISTS (SELECT FROM rapport.import_batches b WHERE b.id = batch_id))
  WITH CHECK (EXISTS (SELECT FROM rapport.import_batches b WHERE b.id = batch_id));

-- ---- Administration (admins only; run as the owner) ----------------------

CREATE FUNCTION rapport.check_admin() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF NOT rapport.is_admin(session_user) THEN
    RAISE EXCEPTION 'only an administrator may manage employees' USING ERRCODE = 'insufficient_privilege';
  END IF;
END $$;

CREATE FUNCTION rapport.check_role_name(role text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF role IS NULL OR role NOT IN ('admin', 'head', 'manager', 'readonly') THEN
    RAISE EXCEPTION 'unknown role “%”: use admin, head, manager or readonly', role
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN 'rapport_' || role;
END $$;

-- Make @login a member of exactly the group role @role.
CREATE FUNCTION rapport.set_group_role(login text, role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  target text := rapport.check_role_name(role);
  g      text;
BEGIN
  FOREACH g IN ARRAY ARRAY['rapport_admin', 'rapport_head', 'rapport_manager', 'rapport_readonly'] LOOP
    IF g <> target AND pg_has_role(login, g, 'MEMBER')
       AND EXISTS (SELECT FROM pg_auth_members m
                    WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = g)
                      AND m.member = (SELECT oid FROM pg_roles WHERE rolname = login)) THEN
      EXECUTE format('REVOKE %I FROM %I', g, login);
    END IF;
  END LOOP;
  IF NOT EXISTS (SELECT FROM pg_auth_members m
                  WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = target)
                    AND m.member = (SELECT oid FROM pg_roles WHERE rolname = login)) THEN
    EXECUTE format('GRANT %I TO %I', target, login);
  END IF;
END $$;

-- A new employee with its own login role. @password is what libpq's
-- PQencryptPasswordConn() made of it (a SCRAM verifier), so the plain
-- password never reaches the server; NULL for a role that already exists
-- (it is adopted) or one that signs in otherwise (certificates, peer).
CREATE FUNCTION rapport.employee_add(login text, password text, full_name text, role text,
                                     team_id bigint DEFAULT NULL, "position" text DEFAULT NULL,
                                     email text DEFAULT NULL, phone text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  new_id bigint;
BEGIN
  PERFORM rapport.check_admin();
  PERFORM rapport.check_role_name(role);
  IF login IS NULL OR login !~ '^[a-z_][a-z0-9_.-]{0,62}$' THEN
    RAISE EXCEPTION 'the login “%” is not valid: use lower-case Latin letters, digits, “.”, “-” and “_”, starting with a letter', login
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF login LIKE 'rapport\_%' OR login LIKE 'pg\_%' THEN
    RAISE EXCEPTION 'the login “%” is reserved', login USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT FROM rapport.employees e WHERE e.login = employee_add.login) THEN
    RAISE EXCEPTION 'an employee with the login “%” already exists', login USING ERRCODE = 'unique_violation';
  END IF;
  IF EXISTS (SELECT FROM pg_roles r WHERE r.rolname = login) THEN
    IF password IS NOT NULL THEN
      RAISE EXCEPTION 'a database role named “%” already exists', login USING ERRCODE = 'duplicate_object';
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN', login);
  ELSIF password IS NULL THEN
    EXECUTE format('CREATE ROLE %I LOGIN', login);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, password);
  END IF;
  PERFORM rapport.set_group_role(login, role);

  INSERT INTO rapport.employees (login, full_name, team_id, position, email, phone)
  VALUES (login, full_name, team_id, "position", email, phone)
  RETURNING id INTO new_id;
  RETURN new_id;
END $$;

CREATE FUNCTION rapport.employee_login(employee bigint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  l text;
BEGIN
  SELECT e.login INTO l FROM rapport.employees e WHERE e.id = employee;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no employee %', employee USING ERRCODE = 'no_data_found';
  END IF;
  IF l IS NULL THEN
    RAISE EXCEPTION 'the employee % has no login', employee USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN l;
END $$;

CREATE FUNCTION rapport.employee_set_role(employee bigint, role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM rapport.check_admin();
  PERFORM rapport.set_group_role(rapport.employee_login(employee), role);
END $$;

CREATE FUNCTION rapport.employee_set_password(employee bigint, password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM rapport.check_admin();
  EXECUTE format('ALTER ROLE %I PASSWORD %L', rapport.employee_login(employee), password);
END $$;

-- Give every record @from owns, in every secured table, to @to (NULL:
-- nobody). Returns how many records moved.
CREATE FUNCTION rapport.employee_reassign(from_employee bigint, to_employee bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  t     text;
  n     bigint;
  total bigint := 0;
BEGIN
  PERFORM rapport.check_admin();
  IF to_employee IS NOT NULL AND NOT EXISTS (SELECT FROM rapport.employees e
                                              WHERE e.id = to_employee AND e.active) THEN
    RAISE EXCEPTION 'records can only go to an active employee' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  FOR t IN SELECT s.table_name FROM rapport.secured_tables s ORDER BY 1 LOOP
    EXECUTE format('UPDATE rapport.%I SET owner_id = $1 WHERE owner_id = $2', t)
      USING to_employee, from_employee;
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
  END LOOP;
  RETURN total;
END $$;

-- Deactivate: no more sign-in, the history stays; the records go to
-- @reassign_to when given.
CREATE FUNCTION rapport.employee_deactivate(employee bigint, reassign_to bigint DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  l     text;
  moved bigint := 0;
BEGIN
  PERFORM rapport.check_admin();
  SELECT e.login INTO l FROM rapport.employees e WHERE e.id = employee;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no employee %', employee USING ERRCODE = 'no_data_found';
  END IF;
  IF l = session_user::text THEN
    RAISE EXCEPTION 'you cannot deactivate yourself' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF reassign_to IS NOT NULL THEN
    moved := rapport.employee_reassign(employee, reassign_to);
  END IF;
  UPDATE rapport.employees SET active = false WHERE id = employee;
  IF l IS NOT NULL AND EXISTS (SELECT FROM pg_roles r WHERE r.rolname = l) THEN
    EXECUTE format('ALTER ROLE %I NOLOGIN', l);
  END IF;
  RETURN moved;
END $$;

CREATE FUNCTION rapport.employee_reactivate(employee bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  l text;
BEGIN
  PERFORM rapport.check_admin();
  l := rapport.employee_login(employee);
  UPDATE rapport.employees SET active = true WHERE id = employee;
  EXECUTE format('ALTER ROLE %I LOGIN', l);
END $$;

-- Employees with their group role, for the Users & Roles page.
CREATE VIEW rapport.employee_roles AS
  SELECT e.id, e.login, e.full_name, e.team_id, e.active,
         CASE WHEN e.login IS NULL OR NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname = e.login) THEN NULL
              ELSE rapport.role_of(e.login::name) END AS role
    FROM rapport.employees e;
GRANT SELECT ON rapport.employee_roles TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;

-- Functions made above: callable by the group roles; the administrative
-- ones check rapport.is_admin() themselves.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA rapport FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA rapport
  TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;
REVOKE ALL ON FUNCTION rapport.merge_record_unchecked(text, bigint, bigint)
  FROM rapport_admin, rapport_head, rapport_manager, rapport_readonly;
REVOKE ALL ON FUNCTION rapport.set_group_role(text, text)
  FROM rapport_admin, rapport_head, rapport_manager, rapport_readonly;
