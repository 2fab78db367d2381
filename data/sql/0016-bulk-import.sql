-- 0016-bulk-import: a large import builds the table's indexes after its
-- rows instead of row by row
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
--
-- A million contacts into a table with its twelve indexes (the trigram
-- GIN index on search_text and eleven btrees) spent about 140 of its
-- 250-300 s in the indexes: the rows arrive in file order, which is random
-- for every index, and the indexes outgrow the server's buffers. Building
-- an index from the finished table sorts once and writes it in order,
-- many times faster. So an import that brings many rows compared with
-- what the table holds (src/store/crm-import.c asks before each big
-- INSERT):
--
--   1. rapport.set_indexes_aside(table, rows) takes the table for itself
--      (ACCESS EXCLUSIVE: others wait until the import commits or rolls
--      back; a table busy for more than 5 s is left alone and the import
--      goes row by row), notes the definition of every index that enforces
--      nothing (not the primary key, no unique index, no constraint's
--      index) in rapport.indexes_aside and drops it;
--   2. the import INSERTs its rows, with the triggers, the audit trail and
--      the row-level security as always (it runs as the person importing);
--   3. rapport.restore_indexes() creates the indexes again from their
--      definitions and ANALYZEs the table, before COMMIT.
--
-- All of it is one transaction: DDL in PostgreSQL is transactional, so an
-- import that fails or is cancelled rolls back with the indexes as they
-- were, and nobody ever sees the table without them. A transaction that
-- set indexes aside cannot commit without them either: a deferred
-- constraint trigger on rapport.indexes_aside builds whatever is still
-- there at COMMIT (a client that never calls step 3 only makes its COMMIT
-- slower).
--
-- When: at least import_bulk_min_rows new rows (rapport.settings, default
-- 20,000; 0 never) and at least a quarter of the rows the table holds
-- (pg_class.reltuples): below that, rebuilding the whole table's indexes
-- costs more than the rows' own index entries. Only the tables the import
-- writes (accounts, contacts), and only for someone who may change them.

INSERT INTO rapport.settings (key, value, description)
VALUES ('import_bulk_min_rows', '20000',
        'Импорт от стольких новых записей строит индексы таблицы после загрузки строк (на это время таблица '
        'закрыта для других пользователей); 0 — никогда');

ALTER TABLE rapport.settings ADD CONSTRAINT settings_import_bulk_min_rows_check CHECK (
  key <> 'import_bulk_min_rows' OR value ~ '^[0-9]{1,9}$');
COMMENT ON CONSTRAINT settings_import_bulk_min_rows_check ON rapport.settings IS
  'The number of rows from which an import builds indexes after loading is a whole number from 0 to 999999999';

CREATE TABLE rapport.indexes_aside (
  table_name text NOT NULL,
  index_name text NOT NULL,
  definition text NOT NULL,
  PRIMARY KEY (table_name, index_name)
);
-- Only the functions below (run as the owner) read and write it.
REVOKE ALL ON rapport.indexes_aside FROM PUBLIC;

-- Creates again the indexes set aside for @tbl (every table when NULL) in
-- this transaction, then ANALYZEs the table: the planner's figures for a
-- table that has just grown many times over. Returns how many indexes.
CREATE FUNCTION rapport.restore_indexes_unchecked(tbl text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  memory text := current_setting('maintenance_work_mem');
  ix     record;
  done   text[] := '{}';
  n      integer := 0;
BEGIN
  -- Building a trigram index of a million rows in the default 64 MB
  -- spills to disk many times over.
  PERFORM set_config('maintenance_work_mem', '256MB', true);
  FOR ix IN DELETE FROM rapport.indexes_aside a WHERE tbl IS NULL OR a.table_name = tbl
            RETURNING a.table_name, a.definition LOOP
    EXECUTE ix.definition;
    n := n + 1;
    IF NOT ix.table_name = ANY (done) THEN
      done := done || ix.table_name;
    END IF;
  END LOOP;
  PERFORM set_config('maintenance_work_mem', memory, true);
  FOR i IN 1 .. coalesce(array_length(done, 1), 0) LOOP
    EXECUTE format('ANALYZE rapport.%I', done[i]);
  END LOOP;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION rapport.restore_indexes_unchecked(text)
  FROM PUBLIC, rapport_admin, rapport_head, rapport_manager, rapport_readonly;

-- Anyone may ask for what their own transaction set aside.
CREATE FUNCTION rapport.restore_indexes() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT rapport.restore_indexes_unchecked(NULL)
$$;

CREATE FUNCTION rapport.indexes_aside_at_commit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM rapport.restore_indexes_unchecked(NEW.table_name);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION rapport.indexes_aside_at_commit()
  FROM PUBLIC, rapport_admin, rapport_head, rapport_manager, rapport_readonly;

CREATE CONSTRAINT TRIGGER indexes_aside_at_commit AFTER INSERT ON rapport.indexes_aside
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION rapport.indexes_aside_at_commit();

-- Sets the indexes of rapport.@tbl aside for an INSERT of about @n_rows
-- rows when that is worth it (see above); TRUE when it did.
CREATE FUNCTION rapport.set_indexes_aside(tbl text, n_rows bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  rel      regclass;
  min_rows bigint := coalesce((SELECT s.value::bigint FROM rapport.settings s
                                WHERE s.key = 'import_bulk_min_rows'), 20000);
  stored   double precision;
  timeout  text := current_setting('lock_timeout');
  ix       record;
BEGIN
  IF tbl IS NULL OR tbl NOT IN ('accounts', 'contacts') THEN
    RAISE EXCEPTION 'only an import into accounts or contacts builds indexes after its rows, not into %', tbl
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  rel := format('rapport.%I', tbl)::regclass;
  IF NOT rapport.may_edit(session_user, tbl) OR NOT has_any_column_privilege(session_user, rel, 'INSERT') THEN
    RAISE EXCEPTION 'you may not add records to %', tbl USING ERRCODE = 'insufficient_privilege';
  END IF;

  SELECT CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE c.relpages * 50.0 END INTO stored
    FROM pg_class c WHERE c.oid = rel;
  IF min_rows = 0 OR n_rows < min_rows OR n_rows < stored / 4 THEN
    RETURN false;
  END IF;

  BEGIN
    PERFORM set_config('lock_timeout', '5s', true);
    EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', rel);
    PERFORM set_config('lock_timeout', timeout, true);
  EXCEPTION WHEN lock_not_available THEN
    PERFORM set_config('lock_timeout', timeout, true);
    RAISE NOTICE 'rapport.%: busy, the import adds its rows with the indexes in place', tbl;
    RETURN false;
  END;

  FOR ix IN SELECT i.indexrelid::regclass AS name, c.relname, pg_get_indexdef(i.indexrelid) AS definition
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = rel AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
               AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
             ORDER BY c.relname LOOP
    INSERT INTO rapport.indexes_aside (table_name, index_name, definition)
    VALUES (tbl, ix.relname, ix.definition);
    EXECUTE format('DROP INDEX %s', ix.name);
  END LOOP;
  RETURN true;
END $$;

-- ---- The audit trail of a large INSERT or DELETE ---------------------------
--
-- record_log_insert() and record_log_delete() (0005, 0008) build each
-- row's document by expanding the whole row into jsonb and aggregating it
-- back, key by key: 25 µs a row, 21 of the 80 s a million contacts took
-- to INSERT once their indexes were out of the way. The same document
-- built column by column with jsonb_build_object() costs a third of that
-- (7 s for 858,468 contacts, every document byte for byte the same). That
-- SQL names the table's columns, so it is made from the catalogue for each
-- statement and run with EXECUTE, which costs about a millisecond of
-- planning: statements of up to 100 rows (what a person saves) keep the
-- old form, larger ones (imports, undo, bulk changes) take the new one.
-- test-audit checks that both give the same documents.

-- The document of a row "r" of @tbl as SQL: {"column": {"<side>": value}}
-- for every column with a value, less rapport.audit_skip(). Columns of
-- type jsonb are added apart, so that nulls inside their values are kept
-- (jsonb_strip_nulls() would take them out); a jsonb 'null' counts as
-- no value, as in the old form. 40 columns to a jsonb_build_object()
-- call (at most 100 arguments).
CREATE FUNCTION rapport.audit_document_sql(tbl oid, side text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  WITH cols AS (
    SELECT a.attname, a.attnum, t.typname = 'jsonb' AS is_jsonb,
           (row_number() OVER (ORDER BY a.attnum) - 1) / 40 AS chunk
      FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname <> ALL (rapport.audit_skip())),
  plain AS (
    SELECT chunk, 'jsonb_strip_nulls(jsonb_build_object('
           || string_agg(format('%L, CASE WHEN r.%I IS NOT NULL THEN jsonb_build_object(%L, r.%I) END',
                                attname, attname, side, attname), ', ' ORDER BY attnum)
           || '))' AS part
      FROM cols WHERE NOT is_jsonb GROUP BY chunk)
  SELECT concat_ws(' || ',
                   '''{}''::jsonb',
                   (SELECT string_agg(part, ' || ' ORDER BY chunk) FROM plain),
                   (SELECT string_agg(format('CASE WHEN r.%1$I IS NULL OR r.%1$I = ''null'' THEN ''{}''::jsonb'
                                             ' ELSE jsonb_build_object(%1$L, jsonb_build_object(%2$L, r.%1$I)) END',
                                             attname, side), ' || ' ORDER BY attnum)
                      FROM cols WHERE is_jsonb))
$$;

CREATE OR REPLACE FUNCTION rapport.record_log_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO rapport.changes (table_name, record_id, op, version, owner_id, old_owner_id)
  SELECT TG_TABLE_NAME, r.id, 'I', r.version, r.owner_id, r.owner_id FROM new_rows r ORDER BY r.id;
  IF (SELECT count(*) FROM new_rows) > 100 THEN
    EXECUTE format('INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)'
                   ' SELECT $1, r.id, ''I'', r.version, %s FROM new_rows r ORDER BY r.id',
                   rapport.audit_document_sql(TG_RELID, 'new'))
      USING TG_TABLE_NAME;
  ELSE
    INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
    SELECT TG_TABLE_NAME, r.id, 'I', r.version,
           coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('new', e.value))
                       FROM jsonb_each(to_jsonb(r) - rapport.audit_skip()) e
                      WHERE e.value <> 'null'::jsonb),
                    '{}')
      FROM new_rows r ORDER BY r.id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rapport.record_log_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO rapport.changes (table_name, record_id, op, version, owner_id, old_owner_id)
  SELECT TG_TABLE_NAME, r.id, 'D', r.version, r.owner_id, r.owner_id FROM old_rows r ORDER BY r.id;
  IF (SELECT count(*) FROM old_rows) > 100 THEN
    EXECUTE format('INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)'
                   ' SELECT $1, r.id, ''D'', r.version, %s FROM old_rows r ORDER BY r.id',
                   rapport.audit_document_sql(TG_RELID, 'old'))
      USING TG_TABLE_NAME;
  ELSE
    INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
    SELECT TG_TABLE_NAME, r.id, 'D', r.version,
           coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('old', e.value))
                       FROM jsonb_each(to_jsonb(r) - rapport.audit_skip()) e
                      WHERE e.value <> 'null'::jsonb),
                    '{}')
      FROM old_rows r ORDER BY r.id;
  END IF;
  RETURN NULL;
END $$;
