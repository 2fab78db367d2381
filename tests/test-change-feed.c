/* test-change-feed.c — live updates between connections: the change feed,
 * the lists it keeps current, catching up after a lost connection, and
 * two sessions saving one record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "crm-account.h"
#include "crm-change-feed.h"
#include "crm-record-list.h"
#include "crm-test-db.h"

typedef CrmTestFixture Fixture;

typedef gboolean (*Condition) (gpointer data);

/* Run the main loop until @condition holds; fail after 30 s. */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
list_loaded (gpointer data)
{
  return !crm_record_list_get_loading (data);
}

static gboolean
feed_connected (gpointer data)
{
  return crm_change_feed_get_connected (data) && crm_change_feed_get_idle (data);
}

static gboolean
feed_unreachable (gpointer data)
{
  return crm_change_feed_get_unreachable (data);
}

typedef struct
{
  CrmRecordList *list;
  gint64         id;
  const char    *field;
  const char    *value; /* NULL: the record is not in the list */
} Expect;

/* The list holds record @id (loaded, @field = @value), or not at all. */
static gboolean
list_shows (gpointer data)
{
  Expect *e = data;
  gint    pos = crm_record_list_find_id (e->list, e->id);
  g_autoptr (CrmRecord) record = NULL;

  if (e->value == NULL)
    return pos < 0 && !crm_record_list_get_loading (e->list);
  if (pos < 0)
    return FALSE;
  record = g_list_model_get_item (G_LIST_MODEL (e->list), (guint) pos);
  return crm_record_get_loaded (record) && g_strcmp0 (crm_record_get_string (record, e->field), e->value) == 0;
}

static void
wait_list_shows (CrmRecordList *list,
                 gint64         id,
                 const char    *field,
                 const char    *value)
{
  Expect e = { list, id, field, value };

  wait_until (list_shows, &e, value ? value : "the record leaves the list");
}

static gint64
insert_account (PGconn     *conn,
                const char *name,
                const char *city)
{
  g_autofree char *id = NULL;
  PGresult        *res;
  const char      *params[2] = { name, city };

  res = PQexecParams (conn, "INSERT INTO rapport.accounts (name, city) VALUES ($1, $2) RETURNING id", 2, NULL,
                      params, NULL, NULL, 0);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  id = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return g_ascii_strtoll (id, NULL, 10);
}

static void
exec_params (PGconn     *conn,
             const char *sql,
             const char *p1,
             const char *p2)
{
  const char *params[2] = { p1, p2 };
  PGresult   *res = PQexecParams (conn, sql, p2 ? 2 : 1, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (res);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static CrmRecordList *
accounts_list (CrmStore   *store,
               const char *search)
{
  g_autoptr (CrmQuery) query = crm_query_new (&crm_account_type);
  CrmRecordList *list;

  crm_query_set_search (query, search);
  list = crm_record_list_new (store, query);
  wait_until (list_loaded, list, "the list is loaded");
  /* Rows are fetched when a view asks for them: ask for all. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  wait_until (feed_connected, crm_store_get_change_feed (store), "the feed listens");
  return list;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    data)
{
  (*(guint *) data)++;
}

/* ---- A change on one connection reaches a list of another ---- */

static void
test_notification_reaches_list (Fixture      *fixture,
                                gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) other = crm_test_db_open_store (fixture->conninfo);
  g_autoptr (CrmRecord) account = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) edited = NULL;
  g_autofree char *raw_id_text = NULL;
  CrmRecordList   *list, *searched;
  CrmChangeFeed   *feed = crm_store_get_change_feed (fixture->store);
  guint            changed = 0;
  gint64           raw_id, watermark;

  insert_account (fixture->conn, "Вега", "Омск");
  list = accounts_list (fixture->store, NULL);
  searched = accounts_list (fixture->store, "Тверь");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (searched)), ==, 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changed);
  watermark = crm_change_feed_get_watermark (feed);

  /* Another store inserts: the list grows, in name order. */
  crm_record_set_string (account, "name", "Альфа");
  crm_record_set_string (account, "city", "Тверь");
  saved = crm_store_save_sync (other, account, NULL, &error);
  g_assert_no_error (error);
  wait_list_shows (list, crm_record_get_id (saved), "name", "Альфа");
  g_assert_cmpint (crm_record_list_find_id (list, crm_record_get_id (saved)), ==, 0);
  g_assert_cmpuint (changed, >, 0);
  /* A list whose query it matches gets it too. */
  wait_list_shows (searched, crm_record_get_id (saved), "city", "Тверь");
  g_assert_cmpint (crm_change_feed_get_watermark (feed), >, watermark);

  /* A raw connection inserts one the search does not match. */
  raw_id = insert_account (fixture->conn, "Бета", "Псков");
  wait_list_shows (list, raw_id, "name", "Бета");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (searched)), ==, 1);

  /* Updated elsewhere: the row shown is refreshed in place. */
  edited = crm_store_get_sync (other, &crm_account_type, crm_record_get_id (saved), NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (edited, "phone", "+74951234567");
  g_clear_object (&saved);
  saved = crm_store_save_sync (other, edited, NULL, &error);
  g_assert_no_error (error);
  wait_list_shows (list, crm_record_get_id (saved), "phone", "+74951234567");
  wait_list_shows (searched, crm_record_get_id (saved), "phone", "+74951234567");

  /* An update that takes it out of the search leaves that list only. */
  raw_id_text = id_text (crm_record_get_id (saved));
  exec_params (fixture->conn, "UPDATE rapport.accounts SET city = 'Тула' WHERE id = $1", raw_id_text, NULL);
  wait_list_shows (searched, crm_record_get_id (saved), NULL, NULL);
  wait_list_shows (list, crm_record_get_id (saved), "city", "Тула");

  /* Deleted elsewhere: gone. */
  g_free (raw_id_text);
  raw_id_text = id_text (raw_id);
  exec_params (fixture->conn, "DELETE FROM rapport.accounts WHERE id = $1", raw_id_text, NULL);
  wait_list_shows (list, raw_id, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  g_object_unref (searched);
  g_object_unref (list);
  crm_test_assert_finalized (g_steal_pointer (&other));
}

/* ---- Changed records checked, not the whole list listed again ---- */

static void
on_loading_cb (CrmRecordList *list,
               GParamSpec    *pspec,
               gpointer       data)
{
  if (crm_record_list_get_loading (list))
    (*(guint *) data)++;
}

static gboolean
list_settled (gpointer data)
{
  return !crm_record_list_get_loading (data) && !crm_record_list_get_checking_changes (data);
}

static void
test_changes_checked (Fixture      *fixture,
                      gconstpointer user_data)
{
  CrmRecordList *list, *searched;
  guint          relists = 0, searched_relists = 0;
  gint64         a, b, c, other;

  a = insert_account (fixture->conn, "Берёза", "Тверь");
  b = insert_account (fixture->conn, "Вяз", "Тверь");
  c = insert_account (fixture->conn, "Дуб", "Тверь");
  list = accounts_list (fixture->store, NULL);
  searched = accounts_list (fixture->store, "Тверь");
  g_signal_connect (list, "notify::loading", G_CALLBACK (on_loading_cb), &relists);
  g_signal_connect (searched, "notify::loading", G_CALLBACK (on_loading_cb), &searched_relists);

  /* A change that moves nothing: the row is refreshed, the ids stay. */
  {
    g_autofree char *id = id_text (b);

    exec_params (fixture->conn, "UPDATE rapport.accounts SET phone = '+74822000000' WHERE id = $1", id, NULL);
    wait_list_shows (list, b, "phone", "+74822000000");
    wait_list_shows (searched, b, "phone", "+74822000000");
    wait_until (list_settled, list, "the change is checked");
    wait_until (list_settled, searched, "the change is checked");
    g_assert_cmpuint (relists, ==, 0);
    g_assert_cmpuint (searched_relists, ==, 0);
  }

  /* An account elsewhere: not for the search, which lists nothing again. */
  other = insert_account (fixture->conn, "Ясень", "Псков");
  wait_list_shows (list, other, "name", "Ясень");
  wait_until (list_settled, searched, "the insert is checked");
  g_assert_cmpuint (searched_relists, ==, 0);
  g_assert_cmpint (crm_record_list_find_id (searched, other), <, 0);
  g_assert_cmpuint (relists, ==, 1);

  /* Renamed to the other end: it moves, in both lists. */
  {
    g_autofree char *id = id_text (a);

    exec_params (fixture->conn, "UPDATE rapport.accounts SET name = 'Ель' WHERE id = $1", id, NULL);
    wait_until (list_settled, list, "the rename is checked");
    wait_list_shows (list, a, "name", "Ель");
    wait_until (list_settled, list, "the rename is applied");
    wait_until (list_settled, searched, "the rename is applied");
    g_assert_cmpint (crm_record_list_find_id (list, b), ==, 0);
    g_assert_cmpint (crm_record_list_find_id (list, c), ==, 1);
    g_assert_cmpint (crm_record_list_find_id (list, a), ==, 2);
    g_assert_cmpint (crm_record_list_find_id (searched, a), ==, 2);
  }

  /* Out of the search by an update: it leaves without a new list. */
  {
    g_autofree char *id = id_text (c);
    guint            before = searched_relists;

    exec_params (fixture->conn, "UPDATE rapport.accounts SET city = 'Ржев' WHERE id = $1", id, NULL);
    wait_list_shows (searched, c, NULL, NULL);
    wait_until (list_settled, searched, "the update is checked");
    g_assert_cmpuint (searched_relists, ==, before);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (searched)), ==, 2);
  }

  g_object_unref (searched);
  g_object_unref (list);
}

/* ---- Seqs committed out of order ---- */

static void
test_out_of_order_commits (Fixture      *fixture,
                           gconstpointer user_data)
{
  PGconn        *slow = crm_test_db_connect (fixture->conninfo);
  CrmRecordList *list = accounts_list (fixture->store, NULL);
  gint64         slow_id, quick_id;

  /* The slow transaction takes the lower seq but commits last. */
  crm_test_db_exec (slow, "BEGIN");
  slow_id = insert_account (slow, "Медленная", "Курск");
  quick_id = insert_account (fixture->conn, "Быстрая", "Орёл");
  wait_list_shows (list, quick_id, "name", "Быстрая");
  g_assert_cmpint (crm_record_list_find_id (list, slow_id), <, 0);

  crm_test_db_exec (slow, "COMMIT");
  wait_list_shows (list, slow_id, "name", "Медленная");

  /* And changes to it still arrive after that. */
  {
    g_autofree char *id = id_text (slow_id);

    exec_params (fixture->conn, "UPDATE rapport.accounts SET name = 'Медленная, но верная' WHERE id = $1", id, NULL);
    wait_list_shows (list, slow_id, "name", "Медленная, но верная");
  }

  PQfinish (slow);
  g_object_unref (list);
}

/* ---- Too much at once: read everything again ---- */

static void
on_resync_cb (CrmChangeFeed *feed,
              gpointer       data)
{
  (*(guint *) data)++;
}

static gboolean
list_has_n (gpointer data)
{
  CrmRecordList *list = ((gpointer *) data)[0];

  return !crm_record_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) == GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
test_resync (Fixture      *fixture,
             gconstpointer user_data)
{
  CrmRecordList *list = accounts_list (fixture->store, NULL);
  guint          resyncs = 0;
  gpointer       args[2] = { list, GUINT_TO_POINTER (CRM_CHANGE_FEED_MAX_CHANGES + 10) };

  g_signal_connect (crm_store_get_change_feed (fixture->store), "resync", G_CALLBACK (on_resync_cb), &resyncs);
  crm_test_db_exec (fixture->conn, "INSERT INTO rapport.accounts (name) "
                                   "SELECT 'Фирма ' || i FROM generate_series (1, 5010) i");
  wait_until (list_has_n, args, "the list has every new account");
  g_assert_cmpuint (resyncs, ==, 1);
  g_signal_handlers_disconnect_by_data (crm_store_get_change_feed (fixture->store), &resyncs);
  g_object_unref (list);
}

/* ---- A lost connection: retried, and what changed meanwhile comes in ---- */

static void
on_connected_notify_cb (CrmChangeFeed *feed,
                        GParamSpec    *pspec,
                        gpointer       data)
{
  GString *log = data;

  g_string_append_c (log, crm_change_feed_get_connected (feed) ? '+' : '-');
}

static void
terminate_others (PGconn *conn)
{
  crm_test_db_exec (conn, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE datname = current_database () AND pid <> pg_backend_pid ()");
}

static void
test_reconnect_catches_up (Fixture      *fixture,
                           gconstpointer user_data)
{
  g_autoptr (GString) log = g_string_new (NULL);
  g_autofree char *kept_text = NULL;
  g_autofree char *gone_text = NULL;
  CrmChangeFeed   *feed = crm_store_get_change_feed (fixture->store);
  CrmRecordList   *list;
  gint64           kept, gone, added;

  kept = insert_account (fixture->conn, "Остаётся", "Самара");
  gone = insert_account (fixture->conn, "Уходит", "Казань");
  list = accounts_list (fixture->store, NULL);
  g_signal_connect (feed, "notify::connected", G_CALLBACK (on_connected_notify_cb), log);

  /* The store's sessions are ended by an administrator, and before it
   * notices, rows change: no notification reaches it for these. */
  terminate_others (fixture->conn);
  kept_text = id_text (kept);
  gone_text = id_text (gone);
  added = insert_account (fixture->conn, "Новая", "Пермь");
  exec_params (fixture->conn, "UPDATE rapport.accounts SET city = 'Сызрань' WHERE id = $1", kept_text, NULL);
  exec_params (fixture->conn, "DELETE FROM rapport.accounts WHERE id = $1", gone_text, NULL);

  wait_list_shows (list, added, "name", "Новая");
  wait_list_shows (list, kept, "city", "Сызрань");
  wait_list_shows (list, gone, NULL, NULL);
  g_assert_cmpstr (log->str, ==, "-+");
  g_assert_false (crm_change_feed_get_unreachable (feed));

  /* The store works again too. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CrmRecord) record = crm_store_get_sync (fixture->store, &crm_account_type, kept, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (crm_record_get_string (record, "city"), ==, "Сызрань");
  }

  g_signal_handlers_disconnect_by_data (feed, log);
  g_object_unref (list);
}

static void
test_unreachable_then_back (Fixture      *fixture,
                            gconstpointer user_data)
{
  g_autofree char *dbname = crm_test_db_query_value (fixture->conn, "SELECT current_database ()", NULL);
  g_autofree char *allow = NULL;
  g_autofree char *disallow = NULL;
  PGconn          *admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  char            *ident;
  CrmChangeFeed   *feed = crm_store_get_change_feed (fixture->store);
  CrmRecordList   *list = accounts_list (fixture->store, NULL);
  gint64           added;

  /* Nobody may connect (as if the server were gone), and the sessions end. */
  ident = PQescapeIdentifier (fixture->conn, dbname, strlen (dbname));
  disallow = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS false", ident);
  allow = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS true", ident);
  PQfreemem (ident);
  crm_test_db_exec (admin, disallow);
  terminate_others (fixture->conn);

  wait_until (feed_unreachable, feed, "the feed says the server is unreachable");
  g_assert_false (crm_change_feed_get_connected (feed));
  g_assert_cmpuint (crm_change_feed_get_retry_delay (feed), >=, 1);
  g_assert_cmpuint (crm_change_feed_get_retry_delay (feed), <=, 30);

  /* Meanwhile a colleague still connected adds an account. */
  added = insert_account (fixture->conn, "Пока вас не было", "Томск");

  /* The server takes connections again: the feed comes back by itself. */
  crm_test_db_exec (admin, allow);
  wait_list_shows (list, added, "name", "Пока вас не было");
  g_assert_true (crm_change_feed_get_connected (feed));
  g_assert_false (crm_change_feed_get_unreachable (feed));

  PQfinish (admin);
  g_object_unref (list);
}

/* A server that stops answering without closing the connection (a host
 * that froze): the ping notices, and the feed reconnects. */
static void
test_silent_server (Fixture      *fixture,
                    gconstpointer user_data)
{
  g_autoptr (GString) log = g_string_new (NULL);
  g_autofree char *pid_text = NULL;
  CrmChangeFeed   *feed = crm_store_get_change_feed (fixture->store);
  CrmRecordList   *list;
  gint64           added;
  pid_t            pid;

  crm_change_feed_set_ping (feed, 100, 500);
  list = accounts_list (fixture->store, NULL);
  g_signal_connect (feed, "notify::connected", G_CALLBACK (on_connected_notify_cb), log);

  /* The feed's own session: it last ran LISTEN or a ping. */
  pid_text = crm_test_db_query_value (fixture->conn,
                                      "SELECT pid::text FROM pg_stat_activity WHERE datname = current_database () "
                                      "AND pid <> pg_backend_pid () AND query IN ('LISTEN rapport_changes', '')",
                                      NULL);
  g_assert_nonnull (pid_text);
  pid = (pid_t) g_ascii_strtoll (pid_text, NULL, 10);
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);

  added = insert_account (fixture->conn, "Пока сервер молчал", "Тюмень");
  wait_list_shows (list, added, "name", "Пока сервер молчал");
  g_assert_cmpstr (log->str, ==, "-+");

  kill (pid, SIGCONT);
  g_signal_handlers_disconnect_by_data (feed, log);
  g_object_unref (list);
}

/* ---- Signed in with a password ---- */

/* The feed's own connection signs in with the password the store was
 * given (pg-harness asks members of rapport_test_password for one). */
static void
test_password (Fixture      *fixture,
               gconstpointer user_data)
{
  g_autofree char *role = g_strdup_printf ("rapport_test_feed_%d", (int) getpid ());
  g_autofree char *conninfo = g_strdup_printf ("%s user=%s", fixture->conninfo, role);
  g_autofree char *create = NULL;
  g_autofree char *drop = NULL;
  g_autoptr (GError) error = NULL;
  PGconn        *admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  CrmStore      *store;
  CrmRecordList *list;
  gint64         added;

  crm_test_db_exec (admin, "DO $$ BEGIN CREATE ROLE rapport_test_password NOLOGIN; "
                           "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
  /* sql-identifier: a name made above from the process id */
  create = g_strdup_printf ("CREATE ROLE %s LOGIN SUPERUSER PASSWORD 'Пароль для ленты' IN ROLE rapport_test_password",
                            role);
  /* sql-identifier: the same */
  drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", role);
  crm_test_db_exec (admin, drop);
  crm_test_db_exec (admin, create);

  store = crm_store_new (conninfo);
  crm_store_set_password (store, "Пароль для ленты");
  g_assert_true (crm_store_open_sync (store, NULL, &error));
  g_assert_no_error (error);
  list = accounts_list (store, NULL);
  g_assert_true (crm_change_feed_get_connected (crm_store_get_change_feed (store)));

  added = insert_account (fixture->conn, "С паролем", "Калуга");
  wait_list_shows (list, added, "name", "С паролем");

  g_object_unref (list);
  crm_test_assert_finalized (store);
  crm_test_db_exec (fixture->conn, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database () AND pid <> pg_backend_pid ()");
  crm_test_db_exec (admin, drop);
  PQfinish (admin);
}

/* ---- Two sessions save one record ---- */

static void
test_conflict_and_audit (Fixture      *fixture,
                         gconstpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmStore) other = crm_test_db_open_store (fixture->conninfo);
  g_autoptr (CrmRecord) mine = NULL;
  g_autoptr (CrmRecord) theirs = NULL;
  g_autoptr (CrmRecord) theirs_saved = NULL;
  g_autoptr (CrmRecord) latest = NULL;
  g_autoptr (CrmRecord) merged = NULL;
  g_autoptr (CrmRecord) merged_saved = NULL;
  g_autofree char *id = NULL;
  g_autofree char *audit = NULL;
  gint64           account = insert_account (fixture->conn, "Общий клиент", "Самара");

  mine = crm_store_get_sync (fixture->store, &crm_account_type, account, NULL, &error);
  g_assert_no_error (error);
  theirs = crm_store_get_sync (other, &crm_account_type, account, NULL, &error);
  g_assert_no_error (error);

  /* They save first. */
  crm_record_set_string (theirs, "city", "Тверь");
  theirs_saved = crm_store_save_sync (other, theirs, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_version (theirs_saved), ==, 2);

  /* Ours, from version 1: refused, theirs stays. */
  crm_record_set_string (mine, "phone", "+78462000000");
  g_assert_null (crm_store_save_sync (fixture->store, mine, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  latest = crm_store_get_sync (fixture->store, &crm_account_type, account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (latest, "city"), ==, "Тверь");
  g_assert_null (crm_record_get_string (latest, "phone"));

  /* Merged onto theirs (what the conflict view does): both kept. */
  merged = crm_record_copy (latest);
  crm_record_set_string (merged, "phone", crm_record_get_string (mine, "phone"));
  merged_saved = crm_store_save_sync (fixture->store, merged, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_record_get_version (merged_saved), ==, 3);
  g_assert_cmpstr (crm_record_get_string (merged_saved, "city"), ==, "Тверь");
  g_assert_cmpstr (crm_record_get_string (merged_saved, "phone"), ==, "+78462000000");

  /* The audit trail: the insert, their city, our phone — each save its own
   * fields, old → new, and no trace of the refused one. */
  id = id_text (account);
  audit = crm_test_db_query_value (fixture->conn,
                                   "SELECT string_agg (op || version || ':' || "
                                   "  (SELECT string_agg (k || '=' || coalesce (fields -> k ->> 'old', '∅') || '→' || "
                                   "                      coalesce (fields -> k ->> 'new', '∅'), ',' ORDER BY k) "
                                   "   FROM jsonb_object_keys (fields) k WHERE op = 'U'), "
                                   "  ' ' ORDER BY id) "
                                   "FROM rapport.audit_log WHERE table_name = 'accounts' AND record_id = $1",
                                   id);
  g_assert_cmpstr (audit, ==, "U2:city=Самара→Тверь U3:phone=∅→+78462000000");

  crm_test_assert_finalized (g_steal_pointer (&other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, "feed", crm_test_fixture_set_up, func, crm_test_fixture_tear_down)
  ADD ("/change-feed/notification-reaches-list", test_notification_reaches_list);
  ADD ("/change-feed/changes-checked", test_changes_checked);
  ADD ("/change-feed/out-of-order-commits", test_out_of_order_commits);
  ADD ("/change-feed/resync", test_resync);
  ADD ("/change-feed/reconnect-catches-up", test_reconnect_catches_up);
  ADD ("/change-feed/unreachable-then-back", test_unreachable_then_back);
  ADD ("/change-feed/silent-server", test_silent_server);
  ADD ("/change-feed/password", test_password);
  ADD ("/change-feed/conflict-and-audit", test_conflict_and_audit);
#undef ADD

  return g_test_run ();
}
