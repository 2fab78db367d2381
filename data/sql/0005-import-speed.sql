-- 0005-import-speed: rows that arrive with their search columns go in
-- without the search triggers
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
-- Uses only objects of 0001 and 0002.
--
-- ---- Search columns ------------------------------------------------------
--
-- rapport.accounts_search() and rapport.contacts_search() (0001) ran
-- before every INSERT and UPDATE: a plpgsql call per row, and for
-- contacts a look-up of the account's name, about 50 µs a row on a bulk
-- load (5 of the 21 s of a 100,000-contact import). The import
-- (src/store/crm-import.c) now computes search_name and search_text
-- itself, with crm_search_normalize() in C (byte for byte what
-- rapport.search_norm() gives; test-values and test-import check it) and
-- the account's name added in the same INSERT, and sends them with the
-- rows.
--
--  * INSERT: the trigger runs only when a row comes without them (either
--    is ''), which is what every other INSERT does. Both are never '' for
--    a real row (a name is required), so "provided" is told apart
--    exactly. A client that sends its own values keeps them until the
--    row is next changed; that can only misplace the row in searches and
--    cannot reach another row or widen what anyone sees.
--  * UPDATE: the trigger runs always, as before, so that whatever a
--    client sends, a changed row's search columns are recomputed from
--    the row (and a client's own search_text is overwritten).
--
-- The trigger names sort as before (BEFORE triggers run by name): the
-- search columns are set before record_stamp.

DROP TRIGGER accounts_search ON rapport.accounts;
CREATE TRIGGER accounts_search BEFORE UPDATE ON rapport.accounts
  FOR EACH ROW EXECUTE FUNCTION rapport.accounts_search();
CREATE TRIGGER accounts_search_new BEFORE INSERT ON rapport.accounts
  FOR EACH ROW WHEN (NEW.search_name = '' OR NEW.search_text = '')
  EXECUTE FUNCTION rapport.accounts_search();

DROP TRIGGER contacts_search ON rapport.contacts;
CREATE TRIGGER contacts_search BEFORE UPDATE ON rapport.contacts
  FOR EACH ROW EXECUTE FUNCTION rapport.contacts_search();
CREATE TRIGGER contacts_search_new BEFORE INSERT ON rapport.contacts
  FOR EACH ROW WHEN (NEW.search_name = '' OR NEW.search_text = '')
  EXECUTE FUNCTION rapport.contacts_search();

-- ---- The audit trail of an INSERT or DELETE ----------------------------
--
-- The same rows in rapport.changes and rapport.audit_log as 0002 wrote,
-- for less: the transition table is read twice instead of being turned
-- into a materialised jsonb CTE, the skipped keys go in one
-- "jsonb - text[]" instead of a test per key, and id and version are read
-- from the row, not out of its jsonb: about a third less (the documents
-- of 100,000 contacts: 5.3 s → 3.5 s of CPU). 0006 makes these SECURITY
-- DEFINER (ALTER FUNCTION, after this file).

CREATE OR REPLACE FUNCTION rapport.record_log_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rapport.changes (table_name, record_id, op, version)
  SELECT TG_TABLE_NAME, r.id, 'I', r.version FROM new_rows r ORDER BY r.id;
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
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rapport.changes (table_name, record_id, op, version)
  SELECT TG_TABLE_NAME, r.id, 'D', r.version FROM old_rows r ORDER BY r.id;
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  SELECT TG_TABLE_NAME, r.id, 'D', r.version,
         coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_object('old', e.value))
                     FROM jsonb_each(to_jsonb(r) - rapport.audit_skip()) e
                    WHERE e.value <> 'null'::jsonb),
                  '{}')
    FROM old_rows r ORDER BY r.id;
  RETURN NULL;
END $$;
