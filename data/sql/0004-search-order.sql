-- 0004-search-order: the first matches of a search in name order, fast
--
-- Applied by crm-migrations.c inside one transaction under
-- pg_advisory_xact_lock. A landed migration is never edited: add a new one.
-- Uses only objects of 0001.
--
-- A list shows the first page of a search before all of its matches are
-- known (crm_query_build_head_sql): names that start with the term from
-- the (search_name, id) btree of 0001, then the other matches in name
-- order. For a common fragment ("пет": 16% of the contacts) the quickest
-- way to those is to walk the names in order and test each search_text
-- until a page is full; with search_text in the index that walk is an
-- index-only scan and never touches the table (walking the table's rows
-- in name order costs a random heap read per row, 15 µs at 1M contacts,
-- against under 1 µs). Rare fragments keep using the trigram index.
CREATE INDEX contacts_search_walk ON rapport.contacts (search_name text_pattern_ops, id)
  INCLUDE (search_text);
CREATE INDEX accounts_search_walk ON rapport.accounts (search_name text_pattern_ops, id)
  INCLUDE (search_text);
