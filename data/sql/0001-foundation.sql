-- 0001-foundation: schema, change feed, audit, employees, accounts, contacts
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA IF NOT EXISTS rapport;

-- The text search works on: lower case, ё folded to е, one space between
-- words. Written out with translate() so it does not depend on the
-- database's locale; crm_search_normalize() in C does the same.
CREATE FUNCTION rapport.search_norm(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(
           translate(lower(coalesce(t, '')),
                     'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё',
                     'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'),
           '\s+', ' ', 'g'))
$$;

-- Phone digits as a search wants them: "+7 (916) 325-87-98;ext=5" → "79163258798".
CREATE FUNCTION rapport.phone_digits(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(split_part(coalesce(p, ''), ';', 1), '\D', '', 'g')
$$;

-- Who is acting: the employee's own login role.
CREATE FUNCTION rapport.current_actor() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT session_user::text $$;

CREATE TABLE rapport.changes (
  seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text        NOT NULL,
  record_id  bigint      NOT NULL,
  op         char(1)     NOT NULL CHECK (op IN ('I', 'U', 'D')),
  version    integer     NOT NULL,
  actor      text        NOT NULL DEFAULT rapport.current_actor(),
  at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX changes_table_record ON rapport.changes (table_name, record_id);

CREATE TABLE rapport.audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text        NOT NULL DEFAULT rapport.current_actor(),
  table_name text        NOT NULL,
  record_id  bigint      NOT NULL,
  op         char(1)     NOT NULL CHECK (op IN ('I', 'U', 'D')),
  version    integer     NOT NULL,
  -- { "field": { "old": …, "new": … }, … }; on insert only "new", on delete only "old"
  fields     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_record ON rapport.audit_log (table_name, record_id, at);
CREATE INDEX audit_log_at ON rapport.audit_log (at);

-- BEFORE INSERT/UPDATE on every business table: stamps and version.
CREATE FUNCTION rapport.record_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
    NEW.created_at := now();
    NEW.created_by := rapport.current_actor();
  ELSE
    NEW.id := OLD.id;
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
    NEW.version := OLD.version + 1;
  END IF;
  NEW.updated_at := now();
  NEW.updated_by := rapport.current_actor();
  RETURN NEW;
END $$;

-- AFTER each row: the change feed and the field-level audit trail.
CREATE FUNCTION rapport.record_log() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_j jsonb;
  new_j jsonb;
  diff  jsonb := '{}';
  k     text;
  skip  text[] := ARRAY['version', 'created_at', 'created_by', 'updated_at',
                        'updated_by', 'search_text', 'search_name'];
  rid   bigint;
  ver   integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    new_j := to_jsonb(NEW);
    FOR k IN SELECT jsonb_object_keys(new_j) LOOP
      IF k <> ALL (skip) AND new_j -> k <> 'null'::jsonb THEN
        diff := diff || jsonb_build_object(k, jsonb_build_object('new', new_j -> k));
      END IF;
    END LOOP;
    rid := NEW.id; ver := NEW.version;
  ELSIF TG_OP = 'UPDATE' THEN
    old_j := to_jsonb(OLD);
    new_j := to_jsonb(NEW);
    FOR k IN SELECT jsonb_object_keys(new_j) LOOP
      IF k <> ALL (skip) AND (old_j -> k) IS DISTINCT FROM (new_j -> k) THEN
        diff := diff || jsonb_build_object(k, jsonb_build_object('old', old_j -> k, 'new', new_j -> k));
      END IF;
    END LOOP;
    rid := NEW.id; ver := NEW.version;
  ELSE
    old_j := to_jsonb(OLD);
    FOR k IN SELECT jsonb_object_keys(old_j) LOOP
      IF k <> ALL (skip) AND old_j -> k <> 'null'::jsonb THEN
        diff := diff || jsonb_build_object(k, jsonb_build_object('old', old_j -> k));
      END IF;
    END LOOP;
    rid := OLD.id; ver := OLD.version;
  END IF;

  INSERT INTO rapport.changes (table_name, record_id, op, version)
  VALUES (TG_TABLE_NAME, rid, left(TG_OP, 1), ver);
  INSERT INTO rapport.audit_log (table_name, record_id, op, version, fields)
  VALUES (TG_TABLE_NAME, rid, left(TG_OP, 1), ver, diff);
  RETURN NULL;
END $$;

-- AFTER each statement: one notification carrying only the latest seq.
CREATE FUNCTION rapport.record_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('rapport_changes',
                    (SELECT coalesce(max(seq), 0)::text FROM rapport.changes));
  RETURN NULL;
END $$;

-- Attach the common triggers to a business table.
CREATE FUNCTION rapport.attach_record_triggers(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER record_stamp BEFORE INSERT OR UPDATE ON %s
                  FOR EACH ROW EXECUTE FUNCTION rapport.record_stamp()', tbl);
  EXECUTE format('CREATE TRIGGER record_log AFTER INSERT OR UPDATE OR DELETE ON %s
                  FOR EACH ROW EXECUTE FUNCTION rapport.record_log()', tbl);
  EXECUTE format('CREATE TRIGGER record_notify AFTER INSERT OR UPDATE OR DELETE ON %s
                  FOR EACH STATEMENT EXECUTE FUNCTION rapport.record_notify()', tbl);
END $$;

CREATE TABLE rapport.employees (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version    integer     NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text,
  owner_id   bigint,
  custom     jsonb       NOT NULL DEFAULT '{}',
  login      text UNIQUE,            -- the PostgreSQL login role
  full_name  text        NOT NULL CHECK (btrim(full_name) <> ''),
  position   text,
  phone      text,
  email      text,
  active     boolean     NOT NULL DEFAULT true
);
SELECT rapport.attach_record_triggers('rapport.employees');

CREATE TABLE rapport.accounts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version         integer     NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text,
  owner_id        bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom          jsonb       NOT NULL DEFAULT '{}',
  name            text        NOT NULL CHECK (btrim(name) <> ''),
  full_name       text,
  code            text,
  inn             text CHECK (inn ~ '^(\d{10}|\d{12})$'),
  kpp             text CHECK (kpp ~ '^\d{4}[\dA-Z]{2}\d{3}$'),
  ogrn            text CHECK (ogrn ~ '^(\d{13}|\d{15})$'),
  size_group      text CHECK (size_group IN ('large', 'medium', 'small')),
  account_type    text CHECK (account_type IN ('client', 'subagent', 'partner', 'supplier', 'competitor')),
  status          text,
  region          text,
  industry        text,
  city            text,
  director        text,
  accountant      text,
  legal_address   text,
  actual_address  text,
  phone           text,
  phone2          text,
  email           text,
  email2          text,
  website         text,
  bank_name       text,
  bank_bik        text CHECK (bank_bik ~ '^\d{9}$'),
  bank_account    text CHECK (bank_account ~ '^\d{20}$'),
  bank_corr_account text CHECK (bank_corr_account ~ '^\d{20}$'),
  competitors     text,
  comments        text,
  confirmed       boolean     NOT NULL DEFAULT false,
  search_name     text        NOT NULL DEFAULT '',
  search_text     text        NOT NULL DEFAULT ''
);

CREATE FUNCTION rapport.accounts_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(NEW.name);
  NEW.search_text := rapport.search_norm(concat_ws(' ',
      NEW.name, NEW.full_name, NEW.code, NEW.inn, NEW.ogrn, NEW.city,
      NEW.email, NEW.email2, NEW.website,
      rapport.phone_digits(NEW.phone), rapport.phone_digits(NEW.phone2)));
  RETURN NEW;
END $$;
CREATE TRIGGER accounts_search BEFORE INSERT OR UPDATE ON rapport.accounts
  FOR EACH ROW EXECUTE FUNCTION rapport.accounts_search();
SELECT rapport.attach_record_triggers('rapport.accounts');

CREATE INDEX accounts_search_text ON rapport.accounts USING gin (search_text gin_trgm_ops);
CREATE INDEX accounts_search_name ON rapport.accounts (search_name text_pattern_ops, id);
CREATE INDEX accounts_inn ON rapport.accounts (inn);
CREATE INDEX accounts_owner ON rapport.accounts (owner_id);

CREATE TABLE rapport.contacts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version         integer     NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text,
  owner_id        bigint REFERENCES rapport.employees (id) ON DELETE SET NULL,
  custom          jsonb       NOT NULL DEFAULT '{}',
  code            text,
  last_name       text        NOT NULL CHECK (btrim(last_name) <> ''),
  first_name      text,
  middle_name     text,
  account_id      bigint REFERENCES rapport.accounts (id) ON DELETE SET NULL,
  position        text,
  gender          text CHECK (gender IN ('male', 'female')),
  phone_mobile    text,
  phone_work      text,
  phone_home      text,
  phone_internal  text,
  skype           text,
  messengers      text,
  email           text,
  email2          text,
  status          text,
  city            text,
  birthday        date,
  last_contact_at timestamptz,
  comments        text,
  search_name     text        NOT NULL DEFAULT '',
  search_text     text        NOT NULL DEFAULT ''
);

CREATE FUNCTION rapport.contacts_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_name := rapport.search_norm(concat_ws(' ', NEW.last_name, NEW.first_name, NEW.middle_name));
  NEW.search_text := rapport.search_norm(concat_ws(' ',
      NEW.last_name, NEW.first_name, NEW.middle_name, NEW.code, NEW.city,
      NEW.email, NEW.email2, NEW.skype,
      rapport.phone_digits(NEW.phone_mobile), rapport.phone_digits(NEW.phone_work),
      rapport.phone_digits(NEW.phone_home), rapport.phone_digits(NEW.phone_internal),
      (SELECT a.name FROM rapport.accounts a WHERE a.id = NEW.account_id)));
  RETURN NEW;
END $$;
CREATE TRIGGER contacts_search BEFORE INSERT OR UPDATE ON rapport.contacts
  FOR EACH ROW EXECUTE FUNCTION rapport.contacts_search();
SELECT rapport.attach_record_triggers('rapport.contacts');

CREATE INDEX contacts_search_text ON rapport.contacts USING gin (search_text gin_trgm_ops);
CREATE INDEX contacts_search_name ON rapport.contacts (search_name text_pattern_ops, id);
CREATE INDEX contacts_account ON rapport.contacts (account_id);
CREATE INDEX contacts_owner ON rapport.contacts (owner_id);
