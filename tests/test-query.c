/* test-query.c — the SQL a query becomes: identifiers from descriptors,
 * every value a parameter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-query.h"
#include "crm-store-private.h"

typedef struct
{
  char      *sql;
  GPtrArray *params;
} Built;

static void
built_free (Built *built)
{
  g_free (built->sql);
  g_ptr_array_unref (built->params);
  g_free (built);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Built, built_free)

/* Build, and check what must hold for any query: every parameter is used
 * as $n, no $n beyond them, and no parameter's text is in the SQL. */
static Built *
build (const CrmQuery *query)
{
  Built *built = g_new0 (Built, 1);

  built->params = g_ptr_array_new_with_free_func (g_free);
  built->sql = crm_query_build_ids_sql (query, built->params);
  g_assert_nonnull (built->sql);

  for (guint i = 1; i <= built->params->len + 1; i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("$%u", i);
      const char      *p = strstr (built->sql, placeholder);
      gboolean         used = FALSE;

      /* "$1" must not only be found as the start of "$10". */
      while (p != NULL && !used)
        {
          used = !g_ascii_isdigit (p[strlen (placeholder)]);
          p = strstr (p + 1, placeholder);
        }
      g_assert_true (used == (i <= built->params->len));
    }

  for (guint i = 0; i < built->params->len; i++)
    {
      const char      *value = g_ptr_array_index (built->params, i);
      g_autofree char *bare = NULL;

      if (value == NULL)
        continue;
      /* The value without LIKE wildcards must not appear in the SQL. */
      bare = g_strdup (value);
      g_strdelimit (bare, "%", ' ');
      g_strstrip (bare);
      if (strlen (bare) >= 2)
        g_assert_null (strstr (built->sql, bare));
    }

  return built;
}

static const char *
param (Built *built,
       guint  i)
{
  g_assert_cmpuint (i, <, built->params->len);
  return g_ptr_array_index (built->params, i);
}

static void
test_defaults (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (Built) built = NULL;
  gboolean descending = TRUE;

  g_assert_true (crm_query_get_record_type (query) == &crm_account_type);
  g_assert_null (crm_query_get_search (query));
  g_assert_cmpstr (crm_query_get_sort (query, &descending), ==, "name");
  g_assert_false (descending);

  built = build (query);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"accounts\" t ORDER BY t.search_name USING ~<~, t.id");
  g_assert_cmpuint (built->params->len, ==, 0);
}

static void
test_search_text (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (Built) built = NULL;

  crm_query_set_search (query, "  Громыхайло   ИГОРЬ ");
  g_assert_cmpstr (crm_query_get_search (query), ==, "  Громыхайло   ИГОРЬ ");
  built = build (query);
  /* In name order the names that start with what was typed come first. */
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_text LIKE $1 AND t.search_text LIKE $2 "
                   "ORDER BY (t.search_name LIKE $3) DESC, t.search_name USING ~<~, t.id");
  g_assert_cmpuint (built->params->len, ==, 3);
  g_assert_cmpstr (param (built, 0), ==, "%громыхайло%");
  g_assert_cmpstr (param (built, 1), ==, "%игорь%");
  g_assert_cmpstr (param (built, 2), ==, "громыхайло игорь%");
  g_clear_pointer (&built, built_free);

  /* Sorted by another field: no ranking. */
  crm_query_set_sort (query, "city", FALSE);
  built = build (query);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_text LIKE $1 AND t.search_text LIKE $2 "
                   "ORDER BY lower(t.\"city\") NULLS LAST, t.id");
  g_clear_pointer (&built, built_free);

  /* Names descending: still the names that start with it first. */
  crm_query_set_sort (query, "full_name", TRUE);
  built = build (query);
  g_assert_nonnull (strstr (built->sql, "ORDER BY (t.search_name LIKE $3) DESC, t.search_name USING ~>~, t.id DESC"));
  g_clear_pointer (&built, built_free);
  crm_query_set_sort (query, NULL, FALSE);

  /* ё is folded as in the stored search text. */
  crm_query_set_search (query, "Ёлкин");
  built = build (query);
  g_assert_cmpstr (param (built, 0), ==, "%елкин%");
  g_clear_pointer (&built, built_free);

  /* Empty and blank searches add no condition. */
  crm_query_set_search (query, "");
  g_assert_null (crm_query_get_search (query));
  built = build (query);
  g_assert_null (strstr (built->sql, "WHERE"));
  g_clear_pointer (&built, built_free);
  crm_query_set_search (query, "   ");
  built = build (query);
  g_assert_null (strstr (built->sql, "WHERE"));
}

static void
test_search_prefix (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (Built) built = NULL;

  crm_query_set_search (query, "Гр");
  built = build (query);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_name LIKE $1 "
                   "ORDER BY t.search_name USING ~<~, t.id");
  g_assert_cmpstr (param (built, 0), ==, "гр%");
  g_clear_pointer (&built, built_free);

  crm_query_set_search (query, "_");
  built = build (query);
  g_assert_cmpstr (param (built, 0), ==, "\\_%");
}

static void
test_search_digits (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (Built) built = NULL;

  crm_query_set_search (query, "+7 (916) 325-87-98");
  built = build (query);
  g_assert_nonnull (strstr (built->sql, "WHERE t.search_text LIKE $1 ORDER BY"));
  g_assert_cmpuint (built->params->len, ==, 1);
  g_assert_cmpstr (param (built, 0), ==, "%79163258798%");
  g_clear_pointer (&built, built_free);

  /* A Russian number typed with 8: the normalised 7… or the digits as typed. */
  crm_query_set_search (query, "89163258798");
  built = build (query);
  g_assert_nonnull (strstr (built->sql, "WHERE (t.search_text LIKE $1 OR t.search_text LIKE $2) ORDER BY"));
  g_assert_cmpstr (param (built, 0), ==, "%79163258798%");
  g_assert_cmpstr (param (built, 1), ==, "%89163258798%");
  g_clear_pointer (&built, built_free);

  crm_query_set_search (query, "7707083893");
  built = build (query);
  g_assert_cmpuint (built->params->len, ==, 1);
  g_assert_cmpstr (param (built, 0), ==, "%7707083893%");
}

static void
test_like_escaping (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  g_autoptr (Built) built = NULL;

  crm_query_set_search (query, "100%_x\\y");
  built = build (query);
  g_assert_cmpuint (built->params->len, ==, 2);
  g_assert_cmpstr (param (built, 0), ==, "%100\\%\\_x\\\\y%");
  g_assert_cmpstr (param (built, 1), ==, "100\\%\\_x\\\\y%");
  g_clear_pointer (&built, built_free);

  crm_query_set_search (query, "%%% ___");
  built = build (query);
  g_assert_cmpuint (built->params->len, ==, 3);
  g_assert_cmpstr (param (built, 0), ==, "%\\%\\%\\%%");
  g_assert_cmpstr (param (built, 1), ==, "%\\_\\_\\_%");
  g_assert_cmpstr (param (built, 2), ==, "\\%\\%\\% \\_\\_\\_%");
}

static void
test_filters (void)
{
  const char *evil = "Москва'; DROP TABLE rapport.accounts; --";
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (Built) built = NULL;

  crm_query_set_filter (query, "status", "active");
  crm_query_set_filter (query, "city", evil);
  crm_query_set_filter (query, "account_id", "42");
  crm_query_set_filter (query, "owner_id", CRM_QUERY_FILTER_EMPTY);
  g_assert_cmpstr (crm_query_get_filter (query, "city"), ==, evil);
  g_assert_cmpstr (crm_query_get_filter (query, "owner_id"), ==, "");
  g_assert_null (crm_query_get_filter (query, "position"));

  built = build (query);
  /* In field-name order, whatever order they were set in. */
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t "
                   "WHERE t.\"account_id\" = $1::bigint AND t.\"city\" = $2 AND t.\"owner_id\" IS NULL "
                   "AND t.\"status\" = $3 ORDER BY t.search_name USING ~<~, t.id");
  g_assert_cmpstr (param (built, 0), ==, "42");
  g_assert_cmpstr (param (built, 1), ==, evil);
  g_assert_cmpstr (param (built, 2), ==, "active");
  g_clear_pointer (&built, built_free);

  /* Replacing and removing. */
  crm_query_set_filter (query, "status", CRM_QUERY_FILTER_EMPTY);
  crm_query_set_filter (query, "city", NULL);
  crm_query_set_filter (query, "account_id", NULL);
  crm_query_set_filter (query, "owner_id", NULL);
  built = build (query);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE (t.\"status\" IS NULL OR t.\"status\" = '') "
                   "ORDER BY t.search_name USING ~<~, t.id");
  g_assert_cmpuint (built->params->len, ==, 0);
  g_clear_pointer (&built, built_free);

  /* Search and filters together: parameters numbered in order. */
  crm_query_set_search (query, "иван петр");
  crm_query_set_filter (query, "city", "Тверь");
  built = build (query);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_text LIKE $1 AND t.search_text LIKE $2 "
                   "AND t.\"city\" = $3 AND (t.\"status\" IS NULL OR t.\"status\" = '') "
                   "ORDER BY (t.search_name LIKE $4) DESC, t.search_name USING ~<~, t.id");
  g_assert_cmpstr (param (built, 2), ==, "Тверь");
  g_assert_cmpstr (param (built, 3), ==, "иван петр%");
}

static void
test_bool_filter (void)
{
  static const CrmField fields[] = {
    { "name", "Name", CRM_FIELD_TEXT, CRM_FIELD_SORTABLE, NULL },
    { "active", "Active", CRM_FIELD_BOOL, CRM_FIELD_FILTERABLE, NULL },
    { "since", "Since", CRM_FIELD_DATE, CRM_FIELD_FILTERABLE | CRM_FIELD_SORTABLE, NULL },
  };
  static const CrmRecordType type = {
    .name = "thing",
    .table = "things",
    .title_field = "name",
    .default_sort = "since",
    .fields = fields,
    .n_fields = G_N_ELEMENTS (fields),
  };
  g_autoptr (CrmQuery) query = crm_query_new (&type);
  g_autoptr (Built) built = NULL;

  crm_query_set_filter (query, "active", "t");
  crm_query_set_filter (query, "since", "2024-01-31");
  built = build (query);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"things\" t WHERE t.\"active\" = $1::boolean "
                   "AND t.\"since\" = $2::date ORDER BY t.\"since\" NULLS LAST, t.id");
}

static void
test_sort (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  gboolean descending = FALSE;
  struct
  {
    const char *field;
    gboolean    descending;
    const char *order;
  } cases[] = {
    { "full_name", FALSE, "ORDER BY t.search_name USING ~<~, t.id" },
    { "full_name", TRUE, "ORDER BY t.search_name USING ~>~, t.id DESC" },
    { "city", TRUE, "ORDER BY lower(t.\"city\") DESC NULLS LAST, t.id DESC" },
    { "last_contact_at", FALSE, "ORDER BY t.\"last_contact_at\" NULLS LAST, t.id" },
    { "account_name", FALSE,
      "ORDER BY lower(((SELECT a.name FROM rapport.accounts a WHERE a.id = t.account_id))) NULLS LAST, t.id" },
    { "owner_name", TRUE,
      "ORDER BY lower(((SELECT e.full_name FROM rapport.employees e WHERE e.id = t.owner_id))) DESC NULLS LAST, "
      "t.id DESC" },
    { "id", TRUE, "ORDER BY t.id DESC" },
    { NULL, FALSE, "ORDER BY t.search_name USING ~<~, t.id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (Built) built = NULL;

      crm_query_set_sort (query, cases[i].field, cases[i].descending);
      g_assert_cmpstr (crm_query_get_sort (query, &descending), ==, cases[i].field ? cases[i].field : "full_name");
      g_assert_true (descending == cases[i].descending);
      built = build (query);
      if (!g_str_has_suffix (built->sql, cases[i].order))
        g_test_message ("%s", built->sql);
      g_assert_true (g_str_has_suffix (built->sql, cases[i].order));
    }
}

/* Asking for a field the descriptor does not allow is a programming
 * error: a critical naming it, and the query stays as it was. */
static void
test_unknown_field (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
      g_autoptr (CrmQuery) before = NULL;
      g_autoptr (Built) built = NULL;

      /* Go on after the criticals to see what they left behind. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);

      crm_query_set_filter (query, "city", "Тверь");
      crm_query_set_sort (query, "city", TRUE);
      before = crm_query_copy (query);

      crm_query_set_filter (query, "no_such_field", "x");
      crm_query_set_filter (query, "comments", "x"); /* exists, not filterable */
      crm_query_set_sort (query, "comments", FALSE); /* exists, not sortable */
      crm_query_set_sort (query, "name; DROP TABLE x", FALSE);

      g_assert_true (crm_query_equal (query, before));
      built = build (query);
      g_assert_null (strstr (built->sql, "comments"));
      g_assert_null (strstr (built->sql, "DROP"));
      g_print ("unchanged\n");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("unchanged*");
  /* (The quotes around the names depend on the locale's charset.) */
  g_test_trap_assert_stderr ("*cannot filter account by *no_such_field*"
                             "*cannot filter account by *comments*"
                             "*cannot sort account by *comments*"
                             "*cannot sort account by *name; DROP TABLE x*");
}

static void
test_copy_equal_ref (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmQuery) copy = NULL;
  g_autoptr (CrmQuery) other = crm_query_new (&crm_account_type);
  g_auto (GValue) value = G_VALUE_INIT;
  CrmQuery *ref;

  crm_query_set_search (query, "иван");
  crm_query_set_filter (query, "city", "Тверь");
  crm_query_set_sort (query, "city", TRUE);

  copy = crm_query_copy (query);
  g_assert_true (copy != query);
  g_assert_true (crm_query_equal (query, copy));
  g_assert_false (crm_query_equal (query, other));
  g_assert_true (crm_query_equal (NULL, NULL));
  g_assert_false (crm_query_equal (query, NULL));

  crm_query_set_filter (copy, "city", "Москва");
  g_assert_false (crm_query_equal (query, copy));
  g_assert_cmpstr (crm_query_get_filter (query, "city"), ==, "Тверь");
  crm_query_set_filter (copy, "city", "Тверь");
  g_assert_true (crm_query_equal (query, copy));
  crm_query_set_sort (copy, "city", FALSE);
  g_assert_false (crm_query_equal (query, copy));
  crm_query_set_sort (copy, "city", TRUE);
  crm_query_set_search (copy, "ивана");
  g_assert_false (crm_query_equal (query, copy));

  /* The default sort and the same field named explicitly are the same. */
  {
    g_autoptr (CrmQuery) a = crm_query_new (&crm_contact_type);
    g_autoptr (CrmQuery) b = crm_query_new (&crm_contact_type);

    crm_query_set_sort (b, "full_name", FALSE);
    g_assert_true (crm_query_equal (a, b));
  }

  ref = crm_query_ref (query);
  g_assert_true (ref == query);
  crm_query_unref (ref);

  g_value_init (&value, CRM_TYPE_QUERY);
  g_value_set_boxed (&value, query);
  g_assert_true (crm_query_equal (g_value_get_boxed (&value), query));
}

static void
test_params_numbering (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;

  g_ptr_array_add (params, g_strdup ("earlier"));
  crm_query_set_search (query, "иван");
  sql = crm_query_build_ids_sql (query, params);
  g_assert_nonnull (strstr (sql, "t.search_text LIKE $2"));
  g_assert_nonnull (strstr (sql, "(t.search_name LIKE $3) DESC"));
  g_assert_null (strstr (sql, "$1"));
  g_assert_cmpuint (params->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (params, 1), ==, "%иван%");
  g_clear_pointer (&sql, g_free);

  /* The head's parts too, the limit among the parameters. */
  sql = crm_query_build_head_sql (query, CRM_QUERY_HEAD_MATCHES, 0, 150, params);
  g_assert_nonnull (strstr (sql, "t.search_text LIKE $4 AND NOT (t.search_name LIKE $5)"));
  g_assert_nonnull (strstr (sql, " LIMIT $6"));
  g_assert_null (strstr (sql, "$3"));
  g_assert_cmpuint (params->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (params, 5), ==, "150");
}

/* A part of the head built and checked like the ids SQL; NULL when the
 * part does not apply. */
static Built *
build_head (const CrmQuery  *query,
            CrmQueryHeadPart part,
            guint            walk,
            guint            limit)
{
  Built *built = g_new0 (Built, 1);

  built->params = g_ptr_array_new_with_free_func (g_free);
  built->sql = crm_query_build_head_sql (query, part, walk, limit, built->params);
  if (built->sql == NULL)
    {
      g_assert_cmpuint (built->params->len, ==, 0);
      built_free (built);
      return NULL;
    }
  for (guint i = 0; i < built->params->len; i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("$%u", i + 1);

      g_assert_nonnull (strstr (built->sql, placeholder));
    }
  return built;
}

static void
test_head (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (Built) built = NULL;

  /* A plain list: the list's SQL with a LIMIT, nothing else applies. */
  built = build_head (query, CRM_QUERY_HEAD_LIST, 0, 200);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t ORDER BY t.search_name USING ~<~, t.id LIMIT $1");
  g_assert_cmpstr (param (built, 0), ==, "200");
  g_clear_pointer (&built, built_free);
  g_assert_null (build_head (query, CRM_QUERY_HEAD_PREFIX, 0, 200));
  g_assert_null (build_head (query, CRM_QUERY_HEAD_WALK, 2000, 200));
  g_assert_null (build_head (query, CRM_QUERY_HEAD_MATCHES, 0, 200));

  /* A ranked search: names that start with the term off the name index,
   * then the other matches, each in name order. */
  crm_query_set_search (query, "Пётр  Ильич");
  built = build_head (query, CRM_QUERY_HEAD_PREFIX, 0, 200);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_name LIKE $1 "
                   "ORDER BY t.search_name USING ~<~, t.id LIMIT $2");
  g_assert_cmpstr (param (built, 0), ==, "петр ильич%");
  g_clear_pointer (&built, built_free);
  /* Walking the first names: the LIMIT inside keeps the conditions out. */
  built = build_head (query, CRM_QUERY_HEAD_WALK, 2000, 120);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM (SELECT t.id, t.search_name, t.search_text FROM rapport.\"contacts\" t "
                   "ORDER BY t.search_name USING ~<~, t.id LIMIT $1) t "
                   "WHERE t.search_text LIKE $2 AND t.search_text LIKE $3 AND NOT (t.search_name LIKE $4) "
                   "ORDER BY t.search_name USING ~<~, t.id LIMIT $5");
  g_assert_cmpstr (param (built, 0), ==, "2000");
  g_assert_cmpstr (param (built, 3), ==, "петр ильич%");
  g_assert_cmpstr (param (built, 4), ==, "120");
  g_clear_pointer (&built, built_free);
  built = build_head (query, CRM_QUERY_HEAD_MATCHES, 0, 120);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_text LIKE $1 AND t.search_text LIKE $2 "
                   "AND NOT (t.search_name LIKE $3) ORDER BY t.search_name USING ~<~, t.id LIMIT $4");
  g_clear_pointer (&built, built_free);

  /* With a filter: no walk (it never reads the rows); the filter goes
   * with the other parts. */
  crm_query_set_filter (query, "city", "Тверь");
  g_assert_null (build_head (query, CRM_QUERY_HEAD_WALK, 2000, 200));
  built = build_head (query, CRM_QUERY_HEAD_PREFIX, 0, 200);
  g_assert_nonnull (strstr (built->sql, "WHERE t.search_name LIKE $1 AND t.\"city\" = $2 ORDER BY"));
  g_clear_pointer (&built, built_free);
  built = build_head (query, CRM_QUERY_HEAD_MATCHES, 0, 200);
  g_assert_nonnull (strstr (built->sql, "AND NOT (t.search_name LIKE $3) AND t.\"city\" = $4 ORDER BY"));
  g_clear_pointer (&built, built_free);

  /* Digits: no prefix part, the walk and the matches. */
  crm_query_set_filter (query, "city", NULL);
  crm_query_set_search (query, "8 916 325");
  g_assert_null (build_head (query, CRM_QUERY_HEAD_PREFIX, 0, 200));
  built = build_head (query, CRM_QUERY_HEAD_MATCHES, 0, 200);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE (t.search_text LIKE $1 OR t.search_text LIKE $2) "
                   "ORDER BY t.search_name USING ~<~, t.id LIMIT $3");
  g_clear_pointer (&built, built_free);
  built = build_head (query, CRM_QUERY_HEAD_WALK, 500, 200);
  g_assert_nonnull (built);
  g_clear_pointer (&built, built_free);

  /* One or two letters, or another order: the list's SQL only. */
  crm_query_set_search (query, "Гр");
  g_assert_null (build_head (query, CRM_QUERY_HEAD_PREFIX, 0, 200));
  g_assert_null (build_head (query, CRM_QUERY_HEAD_WALK, 2000, 200));
  g_assert_null (build_head (query, CRM_QUERY_HEAD_MATCHES, 0, 200));
  crm_query_set_search (query, "петр");
  crm_query_set_sort (query, "city", TRUE);
  g_assert_null (build_head (query, CRM_QUERY_HEAD_PREFIX, 0, 200));
  g_assert_null (build_head (query, CRM_QUERY_HEAD_MATCHES, 0, 200));
  built = build_head (query, CRM_QUERY_HEAD_LIST, 0, 200);
  g_assert_cmpstr (built->sql, ==,
                   "SELECT t.id FROM rapport.\"contacts\" t WHERE t.search_text LIKE $1 "
                   "ORDER BY lower(t.\"city\") DESC NULLS LAST, t.id DESC LIMIT $2");
}

static void
test_select_list (void)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  guint n_common;

  _crm_sql_append_select_list (sql, &crm_contact_type, NULL);
  g_assert_true (g_str_has_prefix (sql->str, "t.\"id\", t.\"version\", t.\"created_at\""));
  g_assert_nonnull (strstr (sql->str, "(concat_ws(' ', t.last_name, t.first_name, t.middle_name)) AS \"full_name\""));
  g_assert_nonnull (strstr (sql->str, "AS \"owner_name\""));
  g_assert_nonnull (strstr (sql->str, "t.\"last_contact_at\""));
  g_assert_null (strstr (sql->str, "search_text"));

  /* One column per field. */
  crm_record_type_common_fields (&n_common);
  {
    g_auto (GStrv) columns = g_strsplit (sql->str, "\", ", -1);

    g_assert_cmpuint (g_strv_length (columns), ==, n_common + crm_contact_type.n_fields);
  }

  g_string_truncate (sql, 0);
  _crm_sql_append_table (sql, &crm_account_type);
  g_assert_cmpstr (sql->str, ==, "rapport.\"accounts\"");
}

static void
test_bad_identifier (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GString) sql = g_string_new (NULL);

      _crm_sql_append_ident (sql, "name\"; DROP TABLE x; --");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*Refusing to use*as an SQL identifier*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query/defaults", test_defaults);
  g_test_add_func ("/query/search-text", test_search_text);
  g_test_add_func ("/query/search-prefix", test_search_prefix);
  g_test_add_func ("/query/search-digits", test_search_digits);
  g_test_add_func ("/query/like-escaping", test_like_escaping);
  g_test_add_func ("/query/filters", test_filters);
  g_test_add_func ("/query/bool-date-filter", test_bool_filter);
  g_test_add_func ("/query/sort", test_sort);
  g_test_add_func ("/query/unknown-field", test_unknown_field);
  g_test_add_func ("/query/copy-equal-ref", test_copy_equal_ref);
  g_test_add_func ("/query/params-numbering", test_params_numbering);
  g_test_add_func ("/query/head", test_head);
  g_test_add_func ("/query/select-list", test_select_list);
  g_test_add_func ("/query/bad-identifier", test_bad_identifier);

  return g_test_run ();
}
