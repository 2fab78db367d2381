/* test-record-list.c — the lazy list model over 100,000 contacts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crm-contact.h"
#include "crm-record-list.h"
#include "crm-test-db.h"

#define N_CONTACTS 100000

/* One database for the whole program: filling it is the slow part. */
static char     *conninfo;
static CrmStore *store;
static PGconn   *conn;

static void
fill_database (void)
{
  gint64 start = g_get_monotonic_time ();

  /* "Фамилия000001 Имя" … "Фамилия100000 Имя": name order = number order.
   * The row triggers (search columns, change feed, audit) would take ten
   * seconds for this; they are switched off for the bulk insert and the
   * search columns are filled with the same normalisation they use. */
  crm_test_db_exec (conn,
                    "BEGIN;"
                    "ALTER TABLE rapport.contacts DISABLE TRIGGER USER;"
                    "INSERT INTO rapport.contacts (last_name, first_name, phone_mobile, search_name, search_text) "
                    "SELECT n, 'Имя', p, rapport.search_norm(n || ' Имя'), "
                    "       rapport.search_norm(n || ' Имя ' || rapport.phone_digits(p)) "
                    "FROM (SELECT 'Фамилия' || lpad(i::text, 6, '0') AS n, '+7916' || lpad(i::text, 7, '0') AS p "
                    "      FROM generate_series(1, 100000) i) s;"
                    "ALTER TABLE rapport.contacts ENABLE TRIGGER USER;"
                    "COMMIT");
  crm_test_db_exec (conn, "VACUUM ANALYZE rapport.contacts");
  g_test_message ("%d contacts in %.1f s", N_CONTACTS,
                  (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND);
}

/* ---- Waiting for the main loop ---- */

static gboolean
on_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint    timeout = g_timeout_add_seconds (180, on_timeout_cb, &timed_out); /* valgrind is slow */

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static gboolean
list_loaded (gpointer data)
{
  return !crm_record_list_get_loading (data);
}

/* The first page is shown (or everything is there). */
static gboolean
list_shown (gpointer data)
{
  return crm_record_list_get_partial (data) || !crm_record_list_get_loading (data);
}

static gboolean
record_loaded (gpointer data)
{
  return crm_record_get_loaded (data);
}

static void
wait_loaded (CrmRecordList *list)
{
  wait_until (list_loaded, list);
}

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  ItemsChanged *changed = user_data;

  changed->n_signals++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static CrmRecordList *
new_list (CrmQuery     *query,
          ItemsChanged *changed)
{
  CrmRecordList *list = crm_record_list_new (store, query);

  if (changed != NULL)
    g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), changed);
  wait_loaded (list);
  g_assert_null (crm_record_list_get_error (list));
  return list;
}

static char *
expected_name (guint number)
{
  return g_strdup_printf ("Фамилия%06u", number);
}

/* ---- Tests ---- */

static void
test_lazy (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = crm_record_list_new (store, query);
  g_autoptr (CrmRecord) first = NULL;
  g_autoptr (CrmRecord) middle = NULL;
  g_autoptr (CrmRecord) middle_again = NULL;
  g_autoptr (CrmRecord) neighbour = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  ItemsChanged     changed = {
        0,
  };
  gint64 start = g_get_monotonic_time ();
  guint  n_items = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);
  g_assert_true (crm_record_list_get_loading (list));
  g_assert_false (crm_record_list_get_partial (list));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CRM_TYPE_CONTACT);

  /* The first page comes first, with its rows, while the ids load. */
  wait_until (list_shown, list);
  g_test_message ("first page in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (crm_record_list_get_partial (list));
  g_assert_true (crm_record_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), ==, CRM_RECORD_LIST_PAGE_SIZE);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (CRM_IS_CONTACT (first));
  g_assert_true (crm_record_get_loaded (first));
  g_assert_cmpstr (crm_record_get_string (first, "last_name"), ==, "Фамилия000001");
  neighbour = g_list_model_get_item (G_LIST_MODEL (list), CRM_RECORD_LIST_PAGE_SIZE - 1);
  g_assert_true (crm_record_get_loaded (neighbour));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), CRM_RECORD_LIST_PAGE_SIZE));
  g_clear_object (&neighbour);

  wait_loaded (list);
  g_test_message ("%u ids in %.0f ms", g_list_model_get_n_items (G_LIST_MODEL (list)),
                  (g_get_monotonic_time () - start) / 1000.0);

  /* Then every row is counted, appended after the first page in one
   * change; the first page's objects stay, nothing else is materialised. */
  g_assert_null (crm_record_list_get_error (list));
  g_assert_false (crm_record_list_get_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONTACTS);
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, N_CONTACTS);
  g_assert_cmpuint (changed.n_signals, ==, 2);
  g_assert_cmpuint (changed.position, ==, CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, N_CONTACTS - CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), ==, CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_true (crm_record_list_get_store (list) == store);
  g_assert_true (crm_query_equal (crm_record_list_get_query (list), query));

  middle_again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (middle_again == first);
  g_clear_object (&middle_again);
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), ==, CRM_RECORD_LIST_PAGE_SIZE);

  /* Far away: a placeholder with its id, filled in place later. */
  middle = g_list_model_get_item (G_LIST_MODEL (list), 50000);
  g_assert_nonnull (middle);
  g_assert_false (crm_record_get_loaded (middle));
  g_assert_cmpint (crm_record_get_id (middle), >, 0);
  g_assert_null (crm_record_get_string (middle, "last_name"));
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), <=, 2 * CRM_RECORD_LIST_PAGE_SIZE);

  wait_until (record_loaded, middle);
  name = expected_name (50001);
  g_assert_cmpstr (crm_record_get_string (middle, "last_name"), ==, name);
  g_assert_cmpstr (crm_record_get_string (middle, "phone_mobile"), ==, "+79160050001");
  title = crm_record_dup_title (middle);
  g_assert_cmpstr (title, ==, "Фамилия050001 Имя");
  g_assert_cmpint (crm_record_list_find_id (list, crm_record_get_id (middle)), ==, 50000);

  /* The same object while its page is cached; its neighbours came along. */
  middle_again = g_list_model_get_item (G_LIST_MODEL (list), 50000);
  g_assert_true (middle_again == middle);
  neighbour = g_list_model_get_item (G_LIST_MODEL (list), 50199);
  g_assert_true (crm_record_get_loaded (neighbour));
  g_clear_pointer (&name, g_free);
  name = expected_name (50200);
  g_assert_cmpstr (crm_record_get_string (neighbour, "last_name"), ==, name);
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), <=, 2 * CRM_RECORD_LIST_PAGE_SIZE);

  wait_until (record_loaded, first);
  g_assert_cmpstr (crm_record_get_string (first, "last_name"), ==, "Фамилия000001");

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_CONTACTS));
  g_assert_cmpint (crm_record_list_find_id (list, -5), ==, -1);
}

static gboolean
all_loaded (gpointer data)
{
  GPtrArray *records = data;

  for (guint i = 0; i < records->len; i++)
    if (!crm_record_get_loaded (g_ptr_array_index (records, i)))
      return FALSE;
  return TRUE;
}

static void
test_sort (void)
{
  g_autoptr (CrmQuery) asc = crm_query_new (&crm_contact_type);
  g_autoptr (CrmQuery) desc = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) ids_asc = NULL;
  g_autoptr (GArray) ids_desc = NULL;
  g_autoptr (GError) error = NULL;
  ItemsChanged changed = {
    0,
  };
  guint n = N_CONTACTS;

  crm_query_set_sort (desc, "full_name", TRUE);

  /* The orders are exact reverses of each other. */
  ids_asc = crm_store_list_ids_sync (store, asc, NULL, &error);
  g_assert_no_error (error);
  ids_desc = crm_store_list_ids_sync (store, desc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids_asc->len, ==, ids_desc->len);
  for (guint i = 0; i < ids_asc->len; i++)
    g_assert_cmpint (g_array_index (ids_asc, gint64, i), ==, g_array_index (ids_desc, gint64, ids_asc->len - 1 - i));

  /* Through the list: re-sorting replaces the items. */
  list = new_list (asc, &changed);
  g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), 0));
  g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), n - 1));
  wait_until (all_loaded, records);
  g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, 0), "last_name"), ==, "Фамилия000001");
  g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, 1), "last_name"), ==, "Фамилия100000");
  g_ptr_array_set_size (records, 0);

  /* The first page of the new order replaces the list, the rest follows. */
  changed.n_signals = 0;
  crm_record_list_set_query (list, desc);
  g_assert_true (crm_record_list_get_loading (list));
  wait_until (list_shown, list);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, n);
  g_assert_cmpuint (changed.added, ==, CRM_RECORD_LIST_PAGE_SIZE);
  wait_loaded (list);
  g_assert_cmpuint (changed.n_signals, ==, 2);
  g_assert_cmpuint (changed.position, ==, CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, n - CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  for (guint i = 0; i < ids_desc->len; i++)
    g_assert_cmpint (crm_record_list_get_id (list, i), ==, g_array_index (ids_desc, gint64, i));

  g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), 0));
  g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), 1));
  g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), n - 1));
  wait_until (all_loaded, records);
  g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, 0), "last_name"), ==, "Фамилия100000");
  g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, 1), "last_name"), ==, "Фамилия099999");
  g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, 2), "last_name"), ==, "Фамилия000001");

  /* The same query again changes nothing. */
  changed.n_signals = 0;
  crm_record_list_set_query (list, desc);
  g_assert_false (crm_record_list_get_loading (list));
  g_assert_cmpuint (changed.n_signals, ==, 0);
}

static void
test_search (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  ItemsChanged changed = {
    0,
  };
  guint n_items = 0;

  list = new_list (query, &changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONTACTS);

  /* Typing: each keystroke replaces the query; only the last one counts. */
  changed.n_signals = 0;
  crm_query_set_search (query, "Фамилия0");
  crm_record_list_set_query (list, query);
  crm_query_set_search (query, "Фамилия050");
  crm_record_list_set_query (list, query);
  crm_query_set_search (query, "Фамилия05000");
  crm_record_list_set_query (list, query);
  wait_loaded (list);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 10);
  g_assert_cmpstr (crm_query_get_search (crm_record_list_get_query (list)), ==, "Фамилия05000");

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), i));
  wait_until (all_loaded, records);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = expected_name (50000 + i);

      g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, i), "last_name"), ==, name);
    }

  /* A fragment inside the names, far from the start of the alphabet: all
   * of it comes with the first page, in name order. */
  changed.n_signals = 0;
  crm_query_set_search (query, "амилия05010");
  crm_record_list_set_query (list, query);
  wait_until (list_shown, list);
  g_assert_false (crm_record_list_get_loading (list));
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  g_ptr_array_set_size (records, 0);
  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), i));
  g_assert_true (all_loaded (records));
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = expected_name (50100 + i);

      g_assert_cmpstr (crm_record_get_string (g_ptr_array_index (records, i), "last_name"), ==, name);
    }

  /* Many matches: the first page, then all of them after it. */
  changed.n_signals = 0;
  crm_query_set_search (query, "Фамилия0");
  crm_record_list_set_query (list, query);
  wait_until (list_shown, list);
  g_assert_true (crm_record_list_get_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, CRM_RECORD_LIST_PAGE_SIZE);
  wait_loaded (list);
  g_assert_cmpuint (changed.n_signals, ==, 2);
  g_assert_cmpuint (changed.position, ==, CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 99999);
  {
    g_autoptr (CrmRecord) record = g_list_model_get_item (G_LIST_MODEL (list), 99998);

    wait_until (record_loaded, record);
    g_assert_cmpstr (crm_record_get_string (record, "last_name"), ==, "Фамилия099999");
  }

  /* By phone digits. */
  crm_query_set_search (query, "8 916 007-77-77");
  crm_record_list_set_query (list, query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Nothing. */
  crm_query_set_search (query, "Нетакого");
  crm_record_list_set_query (list, query);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
}

static void
on_last_name_notify_cb (GObject    *object,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
}

static gboolean
uint_nonzero (gpointer data)
{
  return *(guint *) data > 0;
}

static void
test_reload (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = NULL;
  g_autoptr (CrmRecord) contact = CRM_RECORD (crm_contact_new ());
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) first = NULL;
  g_autoptr (CrmRecord) first_again = NULL;
  g_autoptr (CrmRecord) inserted = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first_id = NULL;
  ItemsChanged     changed = {
        0,
  };
  guint n_before, renamed = 0;
  gint  position;

  crm_query_set_search (query, "Фамилия0000"); /* 000001 … 000099 */
  list = new_list (query, &changed);
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_before, ==, 99);

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  wait_until (record_loaded, first);

  /* A new contact that sorts right after the first one. */
  crm_record_set_string (contact, "last_name", "Фамилия000001");
  crm_record_set_string (contact, "first_name", "Янов");
  saved = crm_store_save_sync (store, contact, NULL, &error);
  g_assert_no_error (error);

  /* Someone renames the first contact behind our back. */
  first_id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (first));
  g_free (crm_test_db_query_value (conn, "UPDATE rapport.contacts SET middle_name = 'Новое' WHERE id = $1 "
                                         "RETURNING id",
                                   first_id));
  g_signal_connect (first, "notify::middle-name", G_CALLBACK (on_last_name_notify_cb), &renamed);

  changed.n_signals = 0;
  crm_record_list_reload (list);
  wait_loaded (list);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before + 1);
  position = crm_record_list_find_id (list, crm_record_get_id (saved));
  g_assert_cmpint (position, ==, 1);
  /* One items-changed for just the new row. */
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);

  inserted = g_list_model_get_item (G_LIST_MODEL (list), 1);
  wait_until (record_loaded, inserted);
  g_assert_cmpint (crm_record_get_id (inserted), ==, crm_record_get_id (saved));

  /* The first row is the same object, updated in place. */
  wait_until (uint_nonzero, &renamed);
  first_again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first_again == first);
  g_assert_cmpstr (crm_record_get_string (first, "middle_name"), ==, "Новое");

  /* Clean up for the other tests. */
  g_assert_true (crm_store_delete_sync (store, saved, NULL, &error));
  g_assert_no_error (error);
}

/* A record whose delete waits for undo is left out, also across reloads. */
static void
test_hidden (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (CrmRecord) after = NULL;
  ItemsChanged changed = {
    0,
  };
  gint64 hidden_id;

  crm_query_set_search (query, "Фамилия0000"); /* 000001 … 000099 */
  list = new_list (query, &changed);
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (list), i));
  wait_until (all_loaded, records);
  hidden_id = crm_record_get_id (g_ptr_array_index (records, 2));

  changed.n_signals = 0;
  crm_record_list_set_hidden (list, hidden_id, TRUE);
  g_assert_cmpuint (changed.n_signals, ==, 1);
  g_assert_cmpuint (changed.position, ==, 2);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 98);
  g_assert_cmpint (crm_record_list_find_id (list, hidden_id), ==, -1);
  /* The row after it moved up and is still the same object. */
  after = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (after == g_ptr_array_index (records, 3));

  crm_record_list_reload (list);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 98);

  crm_record_list_set_hidden (list, hidden_id, FALSE);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 99);
  g_assert_cmpint (crm_record_list_find_id (list, hidden_id), ==, 2);
}

/* A list not on screen yet asks for nothing until it is started. */
static void
test_deferred (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = crm_record_list_new_deferred (store, query);
  ItemsChanged changed = {
    0,
  };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5 * 1000);
    }
  g_assert_true (crm_record_list_get_loading (list));
  g_assert_false (crm_record_list_get_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (changed.n_signals, ==, 0);

  crm_record_list_start (list);
  wait_until (list_shown, list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, CRM_RECORD_LIST_PAGE_SIZE);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_CONTACTS);

  /* Started once: starting again asks nothing. */
  changed.n_signals = 0;
  crm_record_list_start (list);
  g_assert_false (crm_record_list_get_loading (list));
  g_assert_cmpuint (changed.n_signals, ==, 0);
}

static void
test_page_cache_bounded (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = new_list (query, NULL);
  g_autoptr (GPtrArray) last = g_ptr_array_new_with_free_func (g_object_unref);
  const guint n_pages = N_CONTACTS / CRM_RECORD_LIST_PAGE_SIZE;

  /* Scroll through the whole list, as a fast fling would. */
  for (guint page = 0; page < n_pages; page++)
    {
      CrmRecord *record = g_list_model_get_item (G_LIST_MODEL (list), page * CRM_RECORD_LIST_PAGE_SIZE);

      if (page + 8 >= n_pages)
        g_ptr_array_add (last, record);
      else
        g_object_unref (record);

      if (page % 32 == 31)
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }
  wait_until (all_loaded, last);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_test_message ("%u rows materialised after visiting %u pages",
                  crm_record_list_get_n_materialized (list), n_pages);
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), <=, 64 * CRM_RECORD_LIST_PAGE_SIZE);
  g_assert_cmpuint (crm_record_list_get_n_materialized (list), >=, 8 * CRM_RECORD_LIST_PAGE_SIZE);
}

static void
test_dispose_cancels (void)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  CrmRecordList *list = crm_record_list_new (store, query);
  g_autoptr (CrmRecord) orphan = NULL;

  /* Dropped while its ids are on the way: nothing may touch it after. */
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *) &list);
  g_object_unref (list);
  g_assert_null (list);

  list = new_list (query, NULL);
  g_object_add_weak_pointer (G_OBJECT (list), (gpointer *) &list);
  /* … or while a page is. */
  orphan = g_list_model_get_item (G_LIST_MODEL (list), 777);
  g_object_unref (list);
  g_assert_null (list);

  /* Let the cancelled operations finish. */
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
  g_assert_false (crm_record_get_loaded (orphan));
}

static void
on_error_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
}

static void
test_error (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-nosrv-XXXXXX", NULL);
  g_autofree char *bad = g_strdup_printf ("host=%s dbname=rapport", dir);
  g_autoptr (CrmStore) nowhere = crm_store_new (bad);
  g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
  g_autoptr (CrmRecordList) list = crm_record_list_new (nowhere, query);
  g_autoptr (GError) error = NULL;
  guint n_error = 0;

  g_signal_connect (list, "notify::error", G_CALLBACK (on_error_notify_cb), &n_error);
  wait_loaded (list);
  g_assert_cmpuint (n_error, ==, 1);
  g_assert_error (crm_record_list_get_error (list), CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
  g_object_get (list, "error", &error, NULL);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

  conninfo = crm_test_db_create ("record_list");
  store = crm_test_db_open_store (conninfo);
  conn = crm_test_db_connect (conninfo);
  fill_database ();

  g_test_add_func ("/record-list/lazy", test_lazy);
  g_test_add_func ("/record-list/sort", test_sort);
  g_test_add_func ("/record-list/search", test_search);
  g_test_add_func ("/record-list/reload", test_reload);
  g_test_add_func ("/record-list/hidden", test_hidden);
  g_test_add_func ("/record-list/deferred", test_deferred);
  g_test_add_func ("/record-list/page-cache-bounded", test_page_cache_bounded);
  g_test_add_func ("/record-list/dispose-cancels", test_dispose_cancels);
  g_test_add_func ("/record-list/error", test_error);

  status = g_test_run ();

  PQfinish (conn);
  g_clear_object (&store);
  crm_test_db_drop (conninfo);
  g_free (conninfo);

  return status;
}
