/* test-ui-two-users.c — two Rapport windows signed in as two employees of
 * different departments on one server (issue 4, "done when"): each shows
 * only what its employee may see, and a change made in one reaches the
 * other within a second when the other may see it — and only then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "crm-account.h"
#include "crm-context.h"
#include "crm-list-page.h"
#include "crm-record-list.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"
#include "crm-window.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

/* Login roles are cluster-wide: this program's own names. */
#define SALES   "tu_smirnova"
#define SUPPORT "tu_lebedeva"

static char *conninfo;

typedef struct
{
  CrmRecordList *list;
  gint64         id;
  const char    *name; /* NULL: only that the id is there */
} Shows;

static gboolean
list_shows (gpointer data)
{
  Shows *s = data;
  gint   pos = crm_record_list_find_id (s->list, s->id);
  g_autoptr (CrmRecord) record = NULL;

  if (pos < 0)
    return FALSE;
  if (s->name == NULL)
    return TRUE;
  record = g_list_model_get_item (G_LIST_MODEL (s->list), pos);
  return crm_record_get_loaded (record) && g_strcmp0 (crm_record_get_string (record, "name"), s->name) == 0;
}

static void
drop_logins (PGconn *conn)
{
  crm_test_db_exec (conn, "DROP ROLE IF EXISTS " SALES "; DROP ROLE IF EXISTS " SUPPORT);
}

/* A window on the accounts of the employee signed in as @login. */
static CrmWindow *
open_window_as (const char  *login,
                CrmContext **context_out)
{
  g_autofree char *as = g_strdup_printf ("%s user=%s", conninfo, login);
  g_autoptr (CrmStore) store = crm_test_db_open_store (as);
  CrmWindow *window = crm_window_new (NULL);

  *context_out = crm_context_new (store, NULL);
  crm_window_set_section (window, "accounts");
  crm_window_set_context (window, *context_out);
  gtk_window_present (GTK_WINDOW (window));
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, "accounts"), "the list shows its data");
  return window;
}

static CrmRecordList *
accounts_of (CrmWindow *window)
{
  return crm_list_page_get_model (CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts")));
}

/* The ids the database shows @login, through @admin's eyes: owned by the
 * login's team, or by nobody. */
static GArray *
visible_ids (PGconn     *admin,
             const char *login)
{
  const char *params[1] = { login };
  GArray     *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  PGresult   *res = PQexecParams (admin,
                                  "SELECT a.id FROM rapport.accounts a"
                                    " WHERE a.owner_id IS NULL OR a.owner_id IN"
                                    "  (SELECT e.id FROM rapport.employees e WHERE e.team_id ="
                                    "   (SELECT m.team_id FROM rapport.employees m WHERE m.login = $1))"
                                    " ORDER BY a.id",
                                  1, NULL, params, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (ids, id);
    }
  PQclear (res);
  return ids;
}

static void
assert_list_is (CrmRecordList *list,
                GArray        *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (crm_record_list_find_id (list, g_array_index (expected, gint64, i)), >=, 0);
}

static gint64
save_name (CrmStore   *store,
           gint64      id,
           const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) record = id ? crm_store_get_sync (store, &crm_account_type, id, NULL, &error)
                                    : crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved = NULL;

  g_assert_no_error (error);
  crm_record_set_string (record, "name", name);
  saved = crm_store_save_sync (store, record, NULL, &error);
  g_assert_no_error (error);
  return crm_record_get_id (saved);
}

static void
test_two_users (void)
{
  g_autoptr (PGconn) admin = crm_test_db_connect (conninfo);
  g_autoptr (CrmContext) sales_context = NULL;
  g_autoptr (CrmContext) support_context = NULL;
  g_autoptr (GArray) sales_ids = NULL;
  g_autoptr (GArray) support_ids = NULL;
  g_autofree char *unowned = NULL;
  g_autofree char *theirs = NULL;
  CrmWindow       *sales;
  CrmWindow       *support;
  CrmStore        *sales_store;
  gint64           shared_id;
  gint64           own_id;
  gint64           new_id;
  Shows            shows;

  /* The demo's Smirnova (sales) and Lebedeva (support) get logins. */
  drop_logins (admin);
  crm_test_db_exec (admin, "SELECT rapport.employee_grant_login(id, '" SALES "', NULL, 'manager')"
                           " FROM rapport.employees WHERE full_name = 'Ольга Викторовна Смирнова'");
  crm_test_db_exec (admin, "SELECT rapport.employee_grant_login(id, '" SUPPORT "', NULL, 'manager')"
                           " FROM rapport.employees WHERE full_name = 'Марина Олеговна Лебедева'");
  /* One account nobody owns: both see it. */
  unowned = crm_test_db_query_value (admin,
                                     "UPDATE rapport.accounts SET owner_id = NULL WHERE id ="
                                     " (SELECT min(id) FROM rapport.accounts) RETURNING id",
                                     NULL);
  shared_id = g_ascii_strtoll (unowned, NULL, 10);

  sales = open_window_as (SALES, &sales_context);
  support = open_window_as (SUPPORT, &support_context);
  sales_store = crm_context_get_store (sales_context);

  /* Each window lists exactly its department's accounts and nobody's. */
  sales_ids = visible_ids (admin, SALES);
  support_ids = visible_ids (admin, SUPPORT);
  g_assert_cmpuint (sales_ids->len, >, 1);
  g_assert_cmpuint (support_ids->len, >, 1);
  g_assert_cmpuint (sales_ids->len + support_ids->len, <, 36 + 2);
  assert_list_is (accounts_of (sales), sales_ids);
  assert_list_is (accounts_of (support), support_ids);
  crm_test_keep_screenshot (sales, "two-users-sales");
  crm_test_keep_screenshot (support, "two-users-support");

  /* A sales account renamed in the sales window's store: never shown in
   * support's window. Then the account both see renamed: it changes in
   * support's window too, live — after the first change, so the first
   * has been dealt with by then. */
  own_id = g_array_index (sales_ids, gint64, sales_ids->len - 1) == shared_id ? g_array_index (sales_ids, gint64, 0)
                                                                              : g_array_index (sales_ids, gint64, sales_ids->len - 1);
  save_name (sales_store, own_id, "ООО «Только для продаж»");
  new_id = save_name (sales_store, 0, "ООО «Новый клиент продаж»");
  save_name (sales_store, shared_id, "ООО «Общий клиент»");

  shows = (Shows){ accounts_of (support), shared_id, "ООО «Общий клиент»" };
  crm_test_wait_until (list_shows, &shows, "support's window shows the renamed common account");
  shows = (Shows){ accounts_of (sales), new_id, NULL };
  crm_test_wait_until (list_shows, &shows, "sales' window shows its new account");
  g_assert_cmpint (crm_record_list_find_id (accounts_of (support), own_id), <, 0);
  g_assert_cmpint (crm_record_list_find_id (accounts_of (support), new_id), <, 0);
  assert_list_is (accounts_of (support), support_ids);

  /* And the other way round. */
  theirs = g_strdup ("ООО «Общий клиент поддержки»");
  save_name (crm_context_get_store (support_context), shared_id, theirs);
  shows = (Shows){ accounts_of (sales), shared_id, theirs };
  crm_test_wait_until (list_shows, &shows, "sales' window shows support's rename");
  crm_test_keep_screenshot (support, "two-users-support-after");

  gtk_window_destroy (GTK_WINDOW (sales));
  gtk_window_destroy (GTK_WINDOW (support));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CrmStore) store = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();
  gtk_init ();
  adw_init ();

  conninfo = crm_test_db_create ("two_users");
  store = crm_test_db_open_store (conninfo);
  crm_test_db_load_demo (store);

  g_test_add_func ("/ui/two-users/live-and-private", test_two_users);
  status = g_test_run ();

  crm_test_assert_finalized (g_steal_pointer (&store));
  crm_test_db_drop (conninfo);
  {
    g_autoptr (PGconn) admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());

    drop_logins (admin);
  }
  g_free (conninfo);
  return status;
}
