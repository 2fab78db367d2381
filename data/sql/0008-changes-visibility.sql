-- 0008-changes-visibility: the change feed shows each person only the
-- changes of records they may see (issue 4: U3, B5)
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- rapport.changes carries no values, but its table, id, time and actor
-- still told a manager that another department's client was being worked
-- on. Each change now records the record's owner after it (owner_id) and
-- before it (old_owner_id: an update that hands a record to another
-- department still reaches those who saw it leave), and row-level security
-- applies the rule of the business tables: all for admins, heads and
-- read-only users; for managers the changes of their own, their team's,
-- nobody's and shared records. The feed reads past its watermark as
-- before; a hidden change looks like a seq not yet committed, which the
-- client reads again for a while and then gives up (crm-change-feed.c).
-- Changes written before this migration have no owner: everyone sees them.

ALTER TABLE rapport.changes ADD COLUMN owner_id bigint, ADD COLUMN old_owner_id bigint;

-- The bodies of 0005 (insert, delete) and 0002 (update) with the owners
-- added. SECURITY DEFINER and the search_path again: CREATE OR REPLACE
-- resets them (see 0006).

CREATE OR REPLACE FUNCTION rapport.record_log_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO rapport.changes (table_name, record_id, op, version, owner_id, old_owner_id)
  SELECT TG_TABLE_NAME, r.id, 'I', r.version, r.owner_id, r.owner_id FROM new_rows r ORDER BY r.id;
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  SELECT TG_TABLE_NAME, r.id, 'I', r.version,
         coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('new', e.value))
                     FROM jsonb_each(to_jsonb(r) - rapport.audit_skip()) e
                    WHERE e.value <> 'null'::jsonb),
                  '{}')
    FROM new_rows r ORDER BY r.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rapport.record_log_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO rapport.changes (table_name, record_id, op, version, owner_id, old_owner_id)
  SELECT TG_TABLE_NAME, r.id, 'D', r.version, r.owner_id, r.owner_id FROM old_rows r ORDER BY r.id;
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  SELECT TG_TABLE_NAME, r.id, 'D', r.version,
         coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('old', e.value))
                     FROM jsonb_each(to_jsonb(r) - rapport.audit_skip()) e
                    WHERE e.value <> 'null'::jsonb),
                  '{}')
    FROM old_rows r ORDER BY r.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rapport.record_log_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  WITH n AS MATERIALIZED (
    SELECT (nj ->> 'id')::bigint AS id, (nj ->> 'version')::integer AS version, nj, oj
      FROM (SELECT to_jsonb(r) AS nj FROM new_rows r) s
      JOIN (SELECT to_jsonb(r) AS oj FROM old_rows r) o ON (o.oj -> 'id') = (s.nj -> 'id')),
  c AS (
    INSERT INTO rapport.changes (table_name, record_id, op, version, owner_id, old_owner_id)
    SELECT TG_TABLE_NAME, id, 'U', version, (nj ->> 'owner_id')::bigint, (oj ->> 'owner_id')::bigint
      FROM n ORDER BY id)
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  SELECT TG_TABLE_NAME, n.id, 'U', n.version,
         coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('old', n.oj -> e.key, 'new', e.value))
                     FROM jsonb_each(n.nj) e
                    WHERE e.key <> ALL (rapport.audit_skip())
                      AND (n.oj -> e.key) IS DISTINCT FROM e.value),
                  '{}')
    FROM n ORDER BY n.id;
  RETURN NULL;
END $$;

-- "table:id" of every record shared with the role or its team, for a
-- policy over rows of many tables.
CREATE FUNCTION rapport.shared_keys(who name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH me AS (SELECT e.id, e.team_id FROM rapport.employees e WHERE e.login = who::text AND e.active)
  SELECT coalesce(array_agg(DISTINCT s.table_name || ':' || s.record_id), '{}')
    FROM rapport.record_shares s, me
   WHERE s.employee_id = me.id OR s.team_id = me.team_id
$$;
REVOKE ALL ON FUNCTION rapport.shared_keys(name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rapport.shared_keys(name)
  TO rapport_admin, rapport_head, rapport_manager, rapport_readonly;

ALTER TABLE rapport.changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY changes_select ON rapport.changes FOR SELECT
  USING ((SELECT rapport.sees_all(current_user))
         OR owner_id IS NULL OR old_owner_id IS NULL
         OR owner_id = ANY ((SELECT rapport.my_owners(current_user))::bigint[])
         OR old_owner_id = ANY ((SELECT rapport.my_owners(current_user))::bigint[])
         OR (table_name || ':' || record_id) = ANY ((SELECT rapport.shared_keys(current_user))::text[]));
