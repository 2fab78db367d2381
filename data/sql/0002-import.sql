-- 0002-import: import batches that can be undone; the change feed and the
-- audit trail written once per statement instead of once per row
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.

-- ---- The change feed and the audit trail, per statement ----
--
-- 0001 wrote rapport.changes and rapport.audit_log from a plpgsql trigger
-- FOR EACH ROW, looping over the row's keys: about 4,600 rows/s on a bulk
-- load. The same rows and the same "fields" documents now come from three
-- statement triggers over the statement's transition tables, in set-based
-- SQL. (PostgreSQL allows transition tables only on single-event
-- triggers, hence three.) The names sort before "record_notify", so the
-- NOTIFY still carries the newest seq.

CREATE FUNCTION rapport.audit_skip() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY['version', 'created_at', 'created_by', 'updated_at',
               'updated_by', 'search_text', 'search_name']
$$;

CREATE FUNCTION rapport.record_log_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH n AS MATERIALIZED (
    SELECT (j ->> 'id')::bigint AS id, (j ->> 'version')::integer AS version, j
      FROM (SELECT to_jsonb(r) AS j FROM new_rows r) s),
  c AS (
    INSERT INTO rapport.changes (table_name, record_id, op, version)
    SELECT TG_TABLE_NAME, id, 'I', version FROM n ORDER BY id)
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  SELECT TG_TABLE_NAME, n.id, 'I', n.version,
         coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('new', e.value))
                     FROM jsonb_each(n.j) e
                    WHERE e.key <> ALL (rapport.audit_skip()) AND e.value <> 'null'::jsonb),
                  '{}')
    FROM n ORDER BY n.id;
  RETURN NULL;
END $$;

CREATE FUNCTION rapport.record_log_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH n AS MATERIALIZED (
    SELECT (nj ->> 'id')::bigint AS id, (nj ->> 'version')::integer AS version, nj, oj
      FROM (SELECT to_jsonb(r) AS nj FROM new_rows r) s
      JOIN (SELECT to_jsonb(r) AS oj FROM old_rows r) o ON (o.oj -> 'id') = (s.nj -> 'id')),
  c AS (
    INSERT INTO rapport.changes (table_name, record_id, op, version)
    SELECT TG_TABLE_NAME, id, 'U', version FROM n ORDER BY id)
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

CREATE FUNCTION rapport.record_log_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH o AS MATERIALIZED (
    SELECT (j ->> 'id')::bigint AS id, (j ->> 'version')::integer AS version, j
      FROM (SELECT to_jsonb(r) AS j FROM old_rows r) s),
  c AS (
    INSERT INTO rapport.changes (table_name, record_id, op, version)
    SELECT TG_TABLE_NAME, id, 'D', version FROM o ORDER BY id)
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  SELECT TG_TABLE_NAME, o.id, 'D', o.version,
         coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('old', e.value))
                     FROM jsonb_each(o.j) e
                    WHERE e.key <> ALL (rapport.audit_skip()) AND e.value <> 'null'::jsonb),
                  '{}')
    FROM o ORDER BY o.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rapport.attach_record_triggers(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER record_stamp BEFORE INSERT OR UPDATE ON %s
                  FOR EACH ROW EXECUTE FUNCTION rapport.record_stamp()', tbl);
  EXECUTE format('CREATE TRIGGER record_log_d AFTER DELETE ON %s
                  REFERENCING OLD TABLE AS old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION rapport.record_log_delete()', tbl);
  EXECUTE format('CREATE TRIGGER record_log_i AFTER INSERT ON %s
                  REFERENCING NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION rapport.record_log_insert()', tbl);
  EXECUTE format('CREATE TRIGGER record_log_u AFTER UPDATE ON %s
                  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION rapport.record_log_update()', tbl);
  EXECUTE format('CREATE TRIGGER record_notify AFTER INSERT OR UPDATE OR DELETE ON %s
                  FOR EACH STATEMENT EXECUTE FUNCTION rapport.record_notify()', tbl);
END $$;

-- The tables 0001 made: swap the row trigger for the statement ones.
DO $$
DECLARE
  tbl regclass;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['rapport.employees', 'rapport.accounts', 'rapport.contacts']::regclass[] LOOP
    EXECUTE format('DROP TRIGGER record_log ON %s', tbl);
    EXECUTE format('DROP TRIGGER record_stamp ON %s', tbl);
    EXECUTE format('DROP TRIGGER record_notify ON %s', tbl);
    PERFORM rapport.attach_record_triggers(tbl);
  END LOOP;
END $$;
DROP FUNCTION rapport.record_log();

-- ---- Import batches (I4, B3) ----

CREATE TABLE rapport.import_batches (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name         text        NOT NULL,
  source             text        NOT NULL DEFAULT '',
  actor              text        NOT NULL DEFAULT rapport.current_actor(),
  at                 timestamptz NOT NULL DEFAULT now(),
  n_inserted         integer     NOT NULL DEFAULT 0,
  n_updated          integer     NOT NULL DEFAULT 0,
  n_skipped          integer     NOT NULL DEFAULT 0,
  n_accounts_created integer     NOT NULL DEFAULT 0,
  undone_at          timestamptz,
  undone_by          text
);

-- What a batch did, row by row: 'I' a record it created (contacts'
-- batches may create accounts too), 'U' one it changed, with the row as
-- it was. "version" is the version the import left: undo touches only
-- records still at it.
CREATE TABLE rapport.import_rows (
  batch_id   bigint  NOT NULL REFERENCES rapport.import_batches (id) ON DELETE CASCADE,
  table_name text    NOT NULL,
  record_id  bigint  NOT NULL,
  op         char(1) NOT NULL CHECK (op IN ('I', 'U')),
  version    integer NOT NULL,
  old        jsonb,
  CHECK ((op = 'U') = (old IS NOT NULL))
);
CREATE INDEX import_rows_batch ON rapport.import_rows (batch_id, table_name, op);
