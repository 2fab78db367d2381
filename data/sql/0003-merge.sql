-- 0003-merge: finding duplicates and merging two records into one
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
-- Uses only objects of 0001 (not those of 0002).
--
-- The store (src/store/crm-duplicates.c) finds duplicates with set-based
-- queries over the indexes below and merges with rapport.merge_record().

-- ---- Indexes for finding duplicates ------------------------------------
--
-- Contacts sharing an e-mail (case-insensitive, either column) or a phone
-- (any phone column; stored in E.164). The e-mail indexes carry the column
-- itself and the id so that grouping is an index-only scan (PostgreSQL only
-- plans one for an expression index when the column is in the index too).
-- Partial: most rows have no second e-mail or home phone. The import's
-- matching by natural key can use them as well.
CREATE INDEX contacts_dup_email ON rapport.contacts (lower(email)) INCLUDE (email, id)
  WHERE email IS NOT NULL;
CREATE INDEX contacts_dup_email2 ON rapport.contacts (lower(email2)) INCLUDE (email2, id)
  WHERE email2 IS NOT NULL;
CREATE INDEX contacts_dup_phone_mobile ON rapport.contacts (phone_mobile) INCLUDE (id)
  WHERE phone_mobile IS NOT NULL;
CREATE INDEX contacts_dup_phone_work ON rapport.contacts (phone_work) INCLUDE (id)
  WHERE phone_work IS NOT NULL;
CREATE INDEX contacts_dup_phone_home ON rapport.contacts (phone_home) INCLUDE (id)
  WHERE phone_home IS NOT NULL;
-- The same normalised name at the same account (contacts) or in the same
-- city and without another INN (accounts): search_name is kept by the
-- triggers of 0001. The account's city column is in the index for an
-- index-only scan, its INN to tell companies of one name apart.
CREATE INDEX contacts_dup_name ON rapport.contacts (search_name, account_id) INCLUDE (id);
CREATE INDEX accounts_dup_name ON rapport.accounts (search_name, rapport.search_norm(city))
  INCLUDE (city, inn, id);
-- Same INN: accounts_inn (0001).

-- ---- Merges --------------------------------------------------------------
--
-- One row per merge: record merged_id of table_name was merged into
-- kept_id and deleted. merged_row is its last full state (to_jsonb of the
-- row), moved lists the rows that referred to it and now refer to kept_id
-- ({"rapport.contacts.account_id": [12, 15]}). The audit_log and changes
-- rows of the merged record stay as they were, so its history remains.
--
-- History of a record with everything merged into it:
--   SELECT l.* FROM rapport.audit_log l
--   WHERE l.table_name = $1
--     AND l.record_id IN (SELECT rapport.merged_ids($1, $2))
--   ORDER BY l.at, l.id;
-- and the merges themselves, as events of that history:
--   SELECT m.* FROM rapport.merges m
--   WHERE m.table_name = $1
--     AND m.kept_id IN (SELECT rapport.merged_ids($1, $2));
CREATE TABLE rapport.merges (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text        NOT NULL,
  kept_id    bigint      NOT NULL,
  merged_id  bigint      NOT NULL CHECK (merged_id <> kept_id),
  merged_row jsonb       NOT NULL,
  moved      jsonb       NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text        NOT NULL DEFAULT rapport.current_actor()
);
CREATE INDEX merges_kept ON rapport.merges (table_name, kept_id);
-- A record is merged away (and deleted) only once.
CREATE UNIQUE INDEX merges_merged ON rapport.merges (table_name, merged_id);

-- @id itself and every record merged into it, directly or through earlier
-- merges (B merged into A after C was merged into B).
CREATE FUNCTION rapport.merged_ids(tbl text, id bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE r (id) AS (
    SELECT $2
    UNION
    SELECT m.merged_id FROM rapport.merges m JOIN r ON m.kept_id = r.id
    WHERE m.table_name = $1
  )
  SELECT r.id FROM r
$$;

-- Merge record @merged of rapport.<tbl> into @kept: every row that refers to
-- @merged through a single-column foreign key to its id (found in
-- pg_catalog, so tables added later are covered without changes here) is
-- pointed at @kept; a row of the table itself that would then refer to
-- itself gets NULL instead. Then the merge is recorded in rapport.merges
-- and @merged is deleted. The row triggers audit every update and the
-- delete. Returns the id of the rapport.merges row.
--
-- The caller runs it in its transaction after locking both rows and
-- checking their versions (and after writing the kept record's values).
CREATE FUNCTION rapport.merge_record(tbl text, kept bigint, merged bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  rel      regclass := to_regclass(format('rapport.%I', tbl));
  snapshot jsonb;
  moved    jsonb := '{}';
  ids      jsonb;
  present  boolean;
  fk       record;
  merge_id bigint;
BEGIN
  IF rel IS NULL THEN
    RAISE EXCEPTION 'there is no table rapport.%', tbl USING ERRCODE = 'undefined_table';
  END IF;
  IF kept = merged THEN
    RAISE EXCEPTION 'a record cannot be merged with itself' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  EXECUTE format('SELECT to_jsonb(t) FROM %s t WHERE t.id = $1', rel) INTO snapshot USING merged;
  IF snapshot IS NULL THEN
    RAISE EXCEPTION 'record % of % does not exist', merged, tbl USING ERRCODE = 'no_data_found';
  END IF;
  EXECUTE format('SELECT true FROM %s t WHERE t.id = $1', rel) INTO present USING kept;
  IF present IS NULL THEN
    RAISE EXCEPTION 'record % of % does not exist', kept, tbl USING ERRCODE = 'no_data_found';
  END IF;

  FOR fk IN
    SELECT c.conrelid::regclass AS ref_table, a.attname AS ref_column,
           format('%s.%s.%s', n.nspname, cl.relname, a.attname) AS ref_name
    FROM pg_constraint c
    JOIN pg_class cl ON cl.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = cl.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.confrelid = rel
      AND cardinality(c.conkey) = 1 AND r.attname = 'id'
    ORDER BY 3
  LOOP
    IF fk.ref_table = rel THEN
      EXECUTE format('WITH m AS (UPDATE %s x SET %I = CASE WHEN x.id = $1 THEN NULL ELSE $1 END'
                     ' WHERE x.%I = $2 RETURNING x.id)'
                     ' SELECT jsonb_agg(m.id ORDER BY m.id) FROM m',
                     fk.ref_table, fk.ref_column, fk.ref_column)
        INTO ids USING kept, merged;
    ELSE
      EXECUTE format('WITH m AS (UPDATE %s x SET %I = $1 WHERE x.%I = $2'
                     ' RETURNING to_jsonb(x) -> ''id'' AS id)'
                     ' SELECT jsonb_agg(m.id ORDER BY m.id) FROM m',
                     fk.ref_table, fk.ref_column, fk.ref_column)
        INTO ids USING kept, merged;
    END IF;
    IF ids IS NOT NULL THEN
      moved := moved || jsonb_build_object(fk.ref_name, ids);
    END IF;
  END LOOP;

  INSERT INTO rapport.merges (table_name, kept_id, merged_id, merged_row, moved)
  VALUES (tbl, kept, merged, snapshot, moved)
  RETURNING id INTO merge_id;

  EXECUTE format('DELETE FROM %s WHERE id = $1', rel) USING merged;

  RETURN merge_id;
END $$;
