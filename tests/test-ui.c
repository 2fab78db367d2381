/* test-ui.c — the main window on a real database with the demo data,
 * under Xvfb: lists, search, the record page's validation, saving,
 * conflicts, deleting, the import wizard, the History tab, the Audit Log
 * and the screenshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "crm-account.h"
#include "crm-change-feed.h"
#include "crm-conflict-dialog.h"
#include "crm-connection-banner.h"
#include "crm-audit-dialog.h"
#include "crm-audit-row.h"
#include "crm-contact.h"
#include "crm-demo.h"
#include "crm-duplicates-dialog.h"
#include "crm-history-view.h"
#include "crm-import-dialog.h"
#include "crm-list-page.h"
#include "crm-record-page.h"
#include "crm-screenshot.h"
#include "crm-test-db.h"
#include "crm-window.h"

static CrmContext *context;
/* This process's own folder for files the tests write: other builds may
 * run the same tests on the same machine at the same time. */
static char       *scratch_dir;

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
record_loaded (gpointer data)
{
  return crm_record_get_loaded (CRM_RECORD (data));
}

static gboolean
city_filter_set (gpointer data)
{
  return crm_list_page_set_filter (CRM_LIST_PAGE (data), "city", "Москва");
}

static gboolean
list_page_ready (gpointer data)
{
  return crm_list_page_get_ready (CRM_LIST_PAGE (data));
}

static GtkWidget *
find_widget_named (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
menu_has_values (gpointer data)
{
  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (data))) > 1;
}

static gboolean
record_page_ready (gpointer data)
{
  return crm_record_page_get_ready (CRM_RECORD_PAGE (data));
}

static guint
count_rows (const CrmRecordType *type,
            const char          *search)
{
  g_autoptr (CrmQuery) query = crm_query_new (type);
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  crm_query_set_search (query, search);
  ids = crm_store_list_ids_sync (crm_context_get_store (context), query, NULL, &error);
  g_assert_no_error (error);
  return ids->len;
}

static void
on_keep_screenshot_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      data)
{
  g_autoptr (GError) error = NULL;

  if (!crm_window_screenshot_finish (CRM_WINDOW (object), result, &error))
    g_error ("Screenshot failed: %s", error->message);
  *(int *) data = 1;
}

static gboolean flag_set (gpointer data);

/* With $RAPPORT_TEST_SCREENSHOTS set, keep a picture of what the test saw,
 * so a person can look at the record pages too. */
static void
keep_screenshot (CrmWindow  *window,
                 const char *name)
{
  const char      *dir = g_getenv ("RAPPORT_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  int done = 0;

  if (dir == NULL || dir[0] == '\0')
    return;

  path = g_strdup_printf ("%s/%s.png", dir, name);
  file = g_file_new_for_path (path);
  crm_window_screenshot_async (window, file, NULL, on_keep_screenshot_cb, &done);
  while (!flag_set (&done))
    g_main_context_iteration (NULL, TRUE);
}

/* The same for any window (a dialog), drawn as it is now. */
static void
keep_screenshot_of (GtkWidget  *widget,
                    const char *name)
{
  const char      *dir = g_getenv ("RAPPORT_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (dir == NULL || dir[0] == '\0')
    return;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  file = g_file_new_for_path (path);
  /* Between frames it draws nothing: try again on a later one. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!crm_screenshot_widget (widget, file, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) || g_get_monotonic_time () > deadline)
        g_error ("Screenshot failed: %s", error->message);
      g_clear_error (&error);
      g_main_context_iteration (NULL, TRUE);
    }
}

static CrmWindow *
open_window (const char *section)
{
  CrmWindow *window = crm_window_new (NULL);

  crm_window_set_section (window, section);
  crm_window_set_context (window, context);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (list_page_ready, crm_window_get_list_page (window, section), "the list shows its data");
  return window;
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0 && gtk_widget_get_mapped (widget))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
label_shown (gpointer data)
{
  GtkWidget **args = data;

  return find_label (args[0], (const char *) args[1]);
}

static void
test_window_shows_demo_accounts (void)
{
  CrmWindow   *window = open_window ("accounts");
  CrmListPage *page = CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts"));
  GListModel  *model = G_LIST_MODEL (crm_list_page_get_model (page));
  g_autoptr (CrmRecord) first = NULL;
  g_autofree char *first_name = NULL;
  gpointer         args[2];
  GtkStack        *stack;
  GtkWidget       *deals;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count_rows (&crm_account_type, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 30);

  /* Sorted by name: the first row is the alphabetically first account,
   * and its name is drawn in the column view. */
  first = g_list_model_get_item (model, 0);
  g_assert_true (crm_record_get_loaded (first));
  first_name = crm_record_dup_title (first);
  g_assert_cmpstr (first_name, !=, "");
  args[0] = crm_list_page_get_column_view (page);
  args[1] = first_name;
  wait_until (label_shown, args, "the first account's name is drawn");

  /* Only the section shown was built (and asked the database for its
   * rows); another is made when it is opened. */
  stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (page)));
  g_assert_null (gtk_stack_get_child_by_name (stack, "deals"));
  g_assert_null (gtk_stack_get_child_by_name (stack, "funnel"));
  g_assert_null (gtk_stack_get_child_by_name (stack, "pipeline"));
  deals = crm_window_get_list_page (window, "deals");
  g_assert_true (CRM_IS_LIST_PAGE (deals));
  g_assert_true (gtk_stack_get_child_by_name (stack, "deals") == deals);
  g_assert_true (crm_window_get_list_page (window, "deals") == deals);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Cells whose text is longer than 30 characters (and only those) offer
 * it as a tooltip; @n_long and @n_short count them. */
static void
check_cell_tooltips (GtkWidget *widget,
                     guint     *n_long,
                     guint     *n_short)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && gtk_widget_get_has_tooltip (widget))
    {
      const char *text = gtk_label_get_label (GTK_LABEL (widget));
      g_autoptr (GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
      gboolean handled = FALSE;

      g_signal_emit_by_name (widget, "query-tooltip", 0, 0, FALSE, tooltip, &handled);
      if (g_utf8_strlen (text, -1) > 30)
        {
          g_assert_true (handled);
          (*n_long)++;
        }
      else if (text[0] != '\0')
        {
          g_assert_false (handled);
          (*n_short)++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_cell_tooltips (child, n_long, n_short);
}

static void
test_cell_tooltips (void)
{
  CrmWindow   *window = open_window ("contacts");
  CrmListPage *page = CRM_LIST_PAGE (crm_window_get_list_page (window, "contacts"));
  guint        n_long = 0, n_short = 0;

  /* A frame for the rows to be drawn. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  check_cell_tooltips (GTK_WIDGET (crm_list_page_get_column_view (page)), &n_long, &n_short);
  g_assert_cmpuint (n_long, >, 0); /* positions such as «Менеджер по корпоративному обслуживанию» */
  g_assert_cmpuint (n_short, >, 50);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search_contacts (void)
{
  CrmWindow   *window = open_window ("contacts");
  CrmListPage *page = CRM_LIST_PAGE (crm_window_get_list_page (window, "contacts"));
  GListModel  *model = G_LIST_MODEL (crm_list_page_get_model (page));
  const char  *queries[] = { "громых", "ГРОМЫХАЙЛО", "+7 (916) 325-87-98", "79163258798", "89163258798" };
  GtkWidget   *city_menu = find_widget_named (GTK_WIDGET (page), "city");

  /* The city menu asks the database for its values when it is first opened
   * or reached with the keyboard, not when the list is shown. */
  wait_until (list_page_ready, page, "the list is shown");
  for (guint i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
  g_assert_true (GTK_IS_DROP_DOWN (city_menu));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (city_menu))), ==, 1);
  g_assert_true (gtk_widget_grab_focus (city_menu));
  wait_until (menu_has_values, city_menu, "the city menu fills in once focused");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr (CrmRecord) item = NULL;
      g_autofree char *title = NULL;

      crm_list_page_set_search_text (page, queries[i]);
      wait_until (list_page_ready, page, "the search result is shown");
      g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
      item = g_list_model_get_item (model, 0);
      title = crm_record_dup_title (item);
      g_test_message ("%s → %s", queries[i], title);
      g_assert_nonnull (strstr (title, "Громыхайло"));
    }

  /* Nothing matches: the "no results" state, not a crash. */
  crm_list_page_set_search_text (page, "zzzqqqxxx");
  wait_until (list_page_ready, page, "the empty search result is shown");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  crm_list_page_set_search_text (page, "");
  wait_until (list_page_ready, page, "the whole list is back");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count_rows (&crm_contact_type, NULL));

  /* Filtering by the city keeps only Москва. */
  wait_until (city_filter_set, page, "the city filter offers Москва");
  wait_until (list_page_ready, page, "the filtered list is shown");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, count_rows (&crm_contact_type, NULL));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (CrmRecord) item = g_list_model_get_item (model, i);

      wait_until (record_loaded, item, "a filtered row is loaded");
      g_assert_cmpstr (crm_record_get_string (item, "city"), ==, "Москва");
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The account page lists its contacts; the contact page links back. */
static void
test_account_and_contact_pages (void)
{
  CrmWindow   *window = open_window ("accounts");
  CrmListPage *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts"));
  GListModel  *model = G_LIST_MODEL (crm_list_page_get_model (list));
  g_autoptr (CrmRecord) account = NULL;
  CrmRecordPage *page;
  gpointer       args[2];

  crm_list_page_set_search_text (list, "Реал сервис");
  wait_until (list_page_ready, list, "the account is found");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  account = g_list_model_get_item (model, 0);

  crm_window_open_record (window, &crm_account_type, crm_record_get_id (account));
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the account page is shown");
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_stored (page), "name"), ==, "Реал сервис");

  keep_screenshot (window, "account-page");

  /* The Contacts tab lists the account's people. */
  crm_record_page_set_view (page, "related");
  args[0] = page;
  args[1] = (gpointer) "Громыхайло Игорь Викторович";
  wait_until (label_shown, args, "the account's contacts are listed");
  keep_screenshot (window, "account-contacts");

  /* Esc with nothing changed goes back to the list. */
  gtk_widget_activate_action (GTK_WIDGET (page), "record.cancel", NULL);
  g_assert_null (crm_window_get_record_page (window));

  crm_window_set_section (window, "contacts");
  list = CRM_LIST_PAGE (crm_window_get_list_page (window, "contacts"));
  crm_list_page_set_search_text (list, "громыхайло");
  wait_until (list_page_ready, list, "the contact is found");
  {
    g_autoptr (CrmRecord) contact = g_list_model_get_item (G_LIST_MODEL (crm_list_page_get_model (list)), 0);

    crm_window_open_record (window, &crm_contact_type, crm_record_get_id (contact));
  }
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the contact page is shown");
  g_assert_cmpint (crm_record_get_int (crm_record_page_get_stored (page), "account_id"), ==,
                   crm_record_get_id (account));
  args[0] = page;
  args[1] = (gpointer) "Реал сервис";
  wait_until (label_shown, args, "the contact's account is shown");
  keep_screenshot (window, "contact-page");

  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Leaving a page with unsaved edits asks first; nothing is dropped silently. */
static void
test_leave_with_unsaved_edits (void)
{
  CrmWindow   *window = open_window ("contacts");
  CrmListPage *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "contacts"));
  g_autoptr (CrmRecord) item = g_list_model_get_item (G_LIST_MODEL (crm_list_page_get_model (list)), 0);
  g_autoptr (CrmRecord) stored = NULL;
  g_autoptr (GError) error = NULL;
  CrmRecordPage    *page;
  AdwMessageDialog *dialog;

  crm_window_open_record (window, &crm_contact_type, crm_record_get_id (item));
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the contact page is shown");

  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "position")), "Коммерческий директор");
  g_assert_true (crm_record_page_get_dirty (page));

  /* Back: the question comes and the page stays. */
  crm_window_go_back (window);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (crm_window_get_record_page (window) == GTK_WIDGET (page));

  /* Keep editing: still there, still dirty. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog)); /* what a click would close */
  g_assert_true (crm_window_get_record_page (window) == GTK_WIDGET (page));
  g_assert_true (crm_record_page_get_dirty (page));

  /* Switching section asks too; Save stores the edit, then switches. */
  crm_window_set_section (window, "accounts");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog)); /* what a click would close */
  while (crm_window_get_record_page (window) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (crm_window_get_section (window), ==, "accounts");

  stored = crm_store_get_sync (crm_context_get_store (context), &crm_contact_type,
                               crm_record_get_id (item), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (stored, "position"), ==, "Коммерческий директор");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
duplicates_ready (gpointer data)
{
  return crm_duplicates_dialog_get_ready (CRM_DUPLICATES_DIALOG (data));
}

static void
on_merged_flag_cb (CrmDuplicatesDialog *dialog,
                   gpointer             data)
{
  *(int *) data = 1;
}

/* Find Duplicates shows a copy of a contact and merges it away. */
static void
test_find_and_merge_duplicates (void)
{
  CrmWindow *window = open_window ("contacts");
  g_autoptr (CrmRecord) copy = CRM_RECORD (crm_contact_new ());
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;
  guint      before;
  int        merged = 0;

  /* The same person typed in again, with the seed's e-mail. */
  crm_record_set_string (copy, "last_name", "Громыхайло");
  crm_record_set_string (copy, "first_name", "Игорь");
  crm_record_set_string (copy, "email", "I.Groh@RealService.ru");
  crm_record_set_string (copy, "position", "Директор по развитию");
  saved = crm_store_save_sync (crm_context_get_store (context), copy, NULL, &error);
  g_assert_no_error (error);
  before = count_rows (&crm_contact_type, NULL);

  dialog = crm_duplicates_dialog_new (context, &crm_contact_type);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  wait_until (duplicates_ready, dialog, "the duplicates are found");
  g_assert_cmpuint (crm_duplicates_dialog_get_n_groups (CRM_DUPLICATES_DIALOG (dialog)), >=, 1);
  keep_screenshot_of (dialog, "duplicates");

  /* Keep the newer position from the copy, then merge. */
  crm_duplicates_dialog_choose (CRM_DUPLICATES_DIALOG (dialog), "position", "b");
  g_signal_connect (dialog, "merged", G_CALLBACK (on_merged_flag_cb), &merged);
  gtk_widget_activate_action (dialog, "duplicates.merge", NULL);
  wait_until (flag_set, &merged, "the merge finishes");
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before - 1);
  {
    /* One Громыхайло left, the seed's, with the position taken from the copy. */
    g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
    g_autoptr (GArray) ids = NULL;
    g_autoptr (CrmRecord) kept = NULL;

    crm_query_set_search (query, "громыхайло");
    ids = crm_store_list_ids_sync (crm_context_get_store (context), query, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpint (g_array_index (ids, gint64, 0), !=, crm_record_get_id (saved));
    kept = crm_store_get_sync (crm_context_get_store (context), &crm_contact_type, g_array_index (ids, gint64, 0),
                               NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (crm_record_get_string (kept, "position"), ==, "Директор по развитию");
    g_assert_cmpstr (crm_record_get_string (kept, "phone_mobile"), ==, "+79163258798");
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_save_result_cb (CrmRecordPage *page,
                   gpointer       data)
{
  *(int *) data = 1;
}

static void
on_save_failed_cb (CrmRecordPage *page,
                   GError        *error,
                   gpointer       data)
{
  *(int *) data = -1;
}

static gboolean
flag_set (gpointer data)
{
  return *(int *) data != 0;
}

static int
save_page (CrmRecordPage *page)
{
  int    result = 0;
  gulong ok = g_signal_connect (page, "saved", G_CALLBACK (on_save_result_cb), &result);
  gulong failed = g_signal_connect (page, "save-failed", G_CALLBACK (on_save_failed_cb), &result);

  gtk_widget_activate_action (GTK_WIDGET (page), "record.save", NULL);
  wait_until (flag_set, &result, "the save finishes");
  g_signal_handler_disconnect (page, ok);
  g_signal_handler_disconnect (page, failed);
  return result;
}

static void
test_new_account_validation (void)
{
  CrmWindow     *window = open_window ("accounts");
  CrmRecordPage *page;
  GtkWidget     *inn, *name, *phone;
  guint          before = count_rows (&crm_account_type, NULL);

  crm_window_new_record (window, &crm_account_type, NULL);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  g_assert_nonnull (page);
  wait_until (record_page_ready, page, "the new record page is shown");

  inn = crm_record_page_get_field_widget (page, "inn");
  name = crm_record_page_get_field_widget (page, "name");
  phone = crm_record_page_get_field_widget (page, "phone");
  g_assert_true (ADW_IS_ENTRY_ROW (inn));

  /* A wrong checksum is refused next to the field, naming it. */
  gtk_editable_set_text (GTK_EDITABLE (inn), "7707083894");
  g_assert_nonnull (crm_record_page_get_field_error (page, "inn"));
  g_assert_nonnull (strstr (crm_record_page_get_field_error (page, "inn"), "INN"));

  /* A required name left empty and a bad INN: saving refuses, nothing written. */
  g_assert_cmpint (save_page (page), ==, -1);
  g_assert_nonnull (crm_record_page_get_field_error (page, "name"));
  keep_screenshot (window, "account-invalid");
  g_assert_cmpuint (count_rows (&crm_account_type, NULL), ==, before);

  /* Fixed: it saves, and the phone is stored in E.164. */
  gtk_editable_set_text (GTK_EDITABLE (inn), "7707083893");
  g_assert_null (crm_record_page_get_field_error (page, "inn"));
  gtk_editable_set_text (GTK_EDITABLE (name), "Тестовая организация «Рассвет»");
  gtk_editable_set_text (GTK_EDITABLE (phone), "8 (495) 123-45-67 доб. 12");
  g_assert_null (crm_record_page_get_field_error (page, "phone"));
  g_assert_cmpint (save_page (page), ==, 1);
  g_assert_cmpuint (count_rows (&crm_account_type, NULL), ==, before + 1);
  g_assert_cmpint (crm_record_page_get_record_id (page), >, 0);
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_stored (page), "phone"), ==, "+74951234567;ext=12");
  g_assert_false (crm_record_page_get_dirty (page));
  keep_screenshot (window, "account-saved");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_conflict_keeps_both (void)
{
  CrmWindow *window = open_window ("accounts");
  g_autoptr (CrmStore) other = crm_store_new (crm_store_get_conninfo (crm_context_get_store (context)));
  CrmListPage *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts"));
  g_autoptr (CrmRecord) item = g_list_model_get_item (G_LIST_MODEL (crm_list_page_get_model (list)), 0);
  g_autoptr (CrmRecord) theirs = NULL;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (CrmRecord) now = NULL;
  g_autoptr (GError) error = NULL;
  CrmRecordPage *page;
  gint64         id = crm_record_get_id (item);

  crm_window_open_record (window, &crm_account_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the account page is shown");

  /* Someone else saves the same account from another connection. */
  g_assert_true (crm_store_open_sync (other, NULL, &error));
  theirs = crm_store_get_sync (other, &crm_account_type, id, NULL, &error);
  g_assert_no_error (error);
  crm_record_set_string (theirs, "comments", "Изменено коллегой");
  saved = crm_store_save_sync (other, theirs, NULL, &error);
  g_assert_no_error (error);

  /* Our edit meets a conflict; nothing of theirs is overwritten. */
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "city")), "Тверь");
  g_assert_cmpint (save_page (page), ==, -1);
  now = crm_store_get_sync (other, &crm_account_type, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_record_get_string (now, "comments"), ==, "Изменено коллегой");
  g_assert_cmpstr (crm_record_get_string (now, "city"), !=, "Тверь");

  /* Our edit is still on screen. */
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_draft (page), "city"), ==, "Тверь");
  g_assert_true (crm_record_page_get_dirty (page));
  keep_screenshot (window, "account-conflict");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- Someone else's changes: live, and the conflict view ---- */

static gboolean
conflict_dialog_open (gpointer data)
{
  return crm_record_page_get_conflict_dialog (CRM_RECORD_PAGE (data)) != NULL;
}

static gboolean
banner_shown (gpointer data)
{
  return crm_record_page_get_banner (CRM_RECORD_PAGE (data)) != NULL && record_page_ready (data);
}

typedef struct
{
  CrmRecordPage *page;
  const char    *field;
  const char    *value;
} StoredIs;

static gboolean
stored_is (gpointer data)
{
  StoredIs  *e = data;
  CrmRecord *stored = crm_record_page_get_stored (e->page);

  return stored != NULL && g_strcmp0 (crm_record_get_string (stored, e->field), e->value) == 0;
}

/* Someone else saves @field = @value in account @id. */
static void
their_save (CrmStore   *other,
            gint64      id,
            const char *field,
            const char *value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) theirs = crm_store_get_sync (other, &crm_account_type, id, NULL, &error);
  g_autoptr (CrmRecord) saved = NULL;

  g_assert_no_error (error);
  crm_record_set_string (theirs, field, value);
  saved = crm_store_save_sync (other, theirs, NULL, &error);
  g_assert_no_error (error);
}

static CrmRecord *
stored_account (gint64 id)
{
  g_autoptr (GError) error = NULL;
  CrmRecord *record = crm_store_get_sync (crm_context_get_store (context), &crm_account_type, id, NULL, &error);

  g_assert_no_error (error);
  return record;
}

static void
set_field (CrmRecordPage *page,
           const char    *field,
           const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, field)), text);
}

/* The save is refused and the conflict view opens. */
static CrmConflictDialog *
save_into_conflict (CrmRecordPage *page)
{
  g_assert_cmpint (save_page (page), ==, -1);
  wait_until (conflict_dialog_open, page, "the conflict view opens");
  return CRM_CONFLICT_DIALOG (crm_record_page_get_conflict_dialog (page));
}

static void
resolve_and_wait (CrmRecordPage     *page,
                  CrmConflictDialog *dialog,
                  const char        *action,
                  gboolean           saves)
{
  int    result = 0;
  gulong ok = g_signal_connect (page, "saved", G_CALLBACK (on_save_result_cb), &result);
  gulong failed = g_signal_connect (page, "save-failed", G_CALLBACK (on_save_failed_cb), &result);

  gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL);
  g_assert_null (crm_record_page_get_conflict_dialog (page));
  if (saves)
    {
      wait_until (flag_set, &result, "the chosen version is saved");
      g_assert_cmpint (result, ==, 1);
    }
  g_signal_handler_disconnect (page, ok);
  g_signal_handler_disconnect (page, failed);
  g_assert_false (crm_record_page_get_dirty (page));
}

static void
test_conflict_view (void)
{
  CrmWindow *window = open_window ("accounts");
  g_autoptr (CrmStore) other = crm_store_new (crm_store_get_conninfo (crm_context_get_store (context)));
  CrmListPage *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts"));
  g_autoptr (CrmRecord) item = g_list_model_get_item (G_LIST_MODEL (crm_list_page_get_model (list)), 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) now = NULL;
  g_auto (GStrv) fields = NULL;
  gint64             id = crm_record_get_id (item);
  CrmConflictDialog *dialog;
  CrmRecordPage     *page;

  g_assert_true (crm_store_open_sync (other, NULL, &error));
  crm_window_open_record (window, &crm_account_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the account page is shown");

  /* I edit the city and the phone while they save the city and the comments. */
  set_field (page, "city", "Вологда");
  set_field (page, "phone", "+7 (8172) 72-00-00");
  their_save (other, id, "city", "Череповец");
  their_save (other, id, "comments", "Договор продлён до 2027 года");

  /* Saving opens the conflict view: what differs, mine where I changed it. */
  dialog = save_into_conflict (page);
  fields = crm_conflict_dialog_dup_fields (dialog);
  g_assert_true (g_strv_contains ((const char *const *) fields, "city"));
  g_assert_true (g_strv_contains ((const char *const *) fields, "phone"));
  g_assert_true (g_strv_contains ((const char *const *) fields, "comments"));
  g_assert_false (g_strv_contains ((const char *const *) fields, "name"));
  g_assert_true (crm_conflict_dialog_get_mine (dialog, "city"));
  g_assert_true (crm_conflict_dialog_get_mine (dialog, "phone"));
  g_assert_false (crm_conflict_dialog_get_mine (dialog, "comments"));
  keep_screenshot_of (GTK_WIDGET (dialog), "conflict-view");
  now = stored_account (id);
  g_assert_cmpstr (crm_record_get_string (now, "city"), ==, "Череповец");

  /* Merge: their city and comments, my phone. */
  crm_conflict_dialog_choose (dialog, "city", FALSE);
  resolve_and_wait (page, dialog, "conflict.merge", TRUE);
  g_clear_object (&now);
  now = stored_account (id);
  g_assert_cmpstr (crm_record_get_string (now, "city"), ==, "Череповец");
  g_assert_cmpstr (crm_record_get_string (now, "comments"), ==, "Договор продлён до 2027 года");
  g_assert_cmpstr (crm_record_get_string (now, "phone"), ==, "+78172720000");

  /* Keep mine: my city over theirs, knowingly. */
  set_field (page, "city", "Вологда");
  their_save (other, id, "city", "Сокол");
  dialog = save_into_conflict (page);
  resolve_and_wait (page, dialog, "conflict.keep-mine", TRUE);
  g_clear_object (&now);
  now = stored_account (id);
  g_assert_cmpstr (crm_record_get_string (now, "city"), ==, "Вологда");

  /* Take theirs: my edit goes, theirs is shown, nothing is saved. */
  set_field (page, "city", "Тотьма");
  their_save (other, id, "city", "Кириллов");
  dialog = save_into_conflict (page);
  resolve_and_wait (page, dialog, "conflict.take-theirs", FALSE);
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_draft (page), "city"), ==, "Кириллов");
  g_clear_object (&now);
  now = stored_account (id);
  g_assert_cmpstr (crm_record_get_string (now, "city"), ==, "Кириллов");
  g_assert_cmpint (crm_record_get_version (now), ==, crm_record_get_version (crm_record_page_get_stored (page)));

  /* Closing the view decides nothing: my edit stays on screen. */
  set_field (page, "city", "Устюг");
  their_save (other, id, "city", "Белозерск");
  dialog = save_into_conflict (page);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_until (record_page_ready, page, "the page is back");
  g_assert_null (crm_record_page_get_conflict_dialog (page));
  g_assert_true (crm_record_page_get_dirty (page));
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_draft (page), "city"), ==, "Устюг");
  g_clear_object (&now);
  now = stored_account (id);
  g_assert_cmpstr (crm_record_get_string (now, "city"), ==, "Белозерск");
  crm_record_page_revert (page);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_button_labelled (GtkWidget  *root,
                      const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
list_finds (gpointer data)
{
  gpointer *args = data;

  return crm_record_list_find_id (args[0], *(gint64 *) args[1]) >= 0;
}

static void
test_live_record_and_list (void)
{
  CrmWindow *window = open_window ("accounts");
  g_autoptr (CrmStore) other = crm_store_new (crm_store_get_conninfo (crm_context_get_store (context)));
  CrmListPage *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts"));
  g_autoptr (CrmRecord) item = g_list_model_get_item (G_LIST_MODEL (crm_list_page_get_model (list)), 2);
  g_autoptr (CrmRecord) added = crm_record_new (&crm_account_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  gint64         id = crm_record_get_id (item);
  gint64         added_id;
  CrmRecordPage *page;
  StoredIs       expect;
  gpointer       args[2];

  g_assert_true (crm_store_open_sync (other, NULL, &error));

  /* A colleague adds an account: the open list shows it. */
  crm_record_set_string (added, "name", "ООО «Живая лента»");
  saved = crm_store_save_sync (other, added, NULL, &error);
  g_assert_no_error (error);
  added_id = crm_record_get_id (saved);
  args[0] = crm_list_page_get_model (list);
  args[1] = &added_id;
  wait_until (list_finds, args, "the list shows the new account");

  crm_window_open_record (window, &crm_account_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the account page is shown");

  /* No edits of mine: their change is shown at once. */
  their_save (other, id, "phone", "+74950001122");
  expect = (StoredIs){ page, "phone", "+74950001122" };
  wait_until (stored_is, &expect, "the page shows their phone");
  g_assert_false (crm_record_page_get_dirty (page));
  g_assert_null (crm_record_page_get_banner (page));

  /* With edits: a banner says so and my edit stays. */
  set_field (page, "city", "Кострома");
  their_save (other, id, "comments", "Звонили из бухгалтерии");
  wait_until (banner_shown, page, "the banner says someone changed it");
  g_assert_true (crm_record_page_get_dirty (page));
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_draft (page), "city"), ==, "Кострома");
  keep_screenshot (window, "record-changed-by-someone");

  /* Compare shows both: my city, their comment. */
  {
    GtkWidget *compare = find_button_labelled (GTK_WIDGET (page), _ ("_Compare…"));
    g_auto (GStrv) fields = NULL;
    CrmConflictDialog *dialog;

    g_assert_nonnull (compare);
    g_signal_emit_by_name (compare, "clicked");
    wait_until (conflict_dialog_open, page, "the comparison opens");
    dialog = CRM_CONFLICT_DIALOG (crm_record_page_get_conflict_dialog (page));
    fields = crm_conflict_dialog_dup_fields (dialog);
    g_assert_true (g_strv_contains ((const char *const *) fields, "city"));
    g_assert_true (g_strv_contains ((const char *const *) fields, "comments"));
    g_assert_true (crm_conflict_dialog_get_mine (dialog, "city"));
    g_assert_false (crm_conflict_dialog_get_mine (dialog, "comments"));
    gtk_window_close (GTK_WINDOW (dialog));
    g_assert_true (crm_record_page_get_dirty (page));
  }

  /* Dropping my edit shows theirs. */
  crm_record_page_revert (page);
  expect = (StoredIs){ page, "comments", "Звонили из бухгалтерии" };
  wait_until (stored_is, &expect, "the page shows their comment");
  g_assert_false (crm_record_page_get_dirty (page));

  /* The account they added, deleted by them while it is open here. */
  crm_window_open_record (window, &crm_account_type, added_id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the new account's page is shown");
  g_assert_true (crm_store_delete_sync (other, saved, NULL, &error));
  g_assert_no_error (error);
  wait_until (banner_shown, page, "the banner says it was deleted");
  g_assert_cmpstr (crm_record_page_get_banner (page), ==, _ ("Someone else deleted this record."));
  g_assert_null (crm_record_page_get_conflict_dialog (page));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- The server goes away and comes back ---- */

static gboolean
connection_banner_is (gpointer data)
{
  gpointer  *args = data;
  GtkWidget *revealer = gtk_widget_get_first_child (args[0]);
  gboolean   shown = GPOINTER_TO_INT (args[1]);

  /* Shown or hidden, and done sliding. */
  return crm_connection_banner_get_shown (args[0]) == shown &&
         gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) == shown;
}

/* As if the server were gone: no new connections to the test database,
 * and every session of it ended (from the administrator's connection). */
static void
set_allow_connections (gboolean allow)
{
  static char     *dbname;
  PGconn          *admin = crm_test_db_connect (crm_test_db_get_admin_conninfo ());
  g_autofree char *sql = NULL;
  char            *ident;

  if (dbname == NULL)
    {
      PGconn *conn = crm_test_db_connect (crm_store_get_conninfo (crm_context_get_store (context)));

      dbname = crm_test_db_query_value (conn, "SELECT current_database ()", NULL);
      PQfinish (conn);
    }
  ident = PQescapeIdentifier (admin, dbname, strlen (dbname));
  sql = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS %s", ident, allow ? "true" : "false");
  PQfreemem (ident);
  crm_test_db_exec (admin, sql);
  if (!allow)
    g_free (crm_test_db_query_value (admin, "SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity "
                                            "WHERE datname = $1",
                                     dbname));
  PQfinish (admin);
}

static gboolean
list_loaded_or_failed (gpointer data)
{
  return !crm_record_list_get_loading (data);
}

static gboolean
list_loaded_without_error (gpointer data)
{
  return !crm_record_list_get_loading (data) && crm_record_list_get_error (data) == NULL;
}

static void
test_server_unreachable (void)
{
  CrmWindow   *window = open_window ("accounts");
  CrmListPage *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "accounts"));
  g_autoptr (CrmRecord) item = g_list_model_get_item (G_LIST_MODEL (crm_list_page_get_model (list)), 3);
  GtkWidget     *banner = find_widget_named (GTK_WIDGET (window), "connection-banner");
  gint64         id = crm_record_get_id (item);
  gpointer       shown[2] = { banner, GINT_TO_POINTER (TRUE) };
  gpointer       hidden[2] = { banner, GINT_TO_POINTER (FALSE) };
  CrmRecordPage *page;
  g_autoptr (CrmRecord) now = NULL;

  g_assert_true (CRM_IS_CONNECTION_BANNER (banner));
  g_assert_false (crm_connection_banner_get_shown (CRM_CONNECTION_BANNER (banner)));

  /* The list keeps its rows while the server is away, even when it fails
   * to load again, and loads once it is back. */
  {
    CrmRecordList   *model = crm_list_page_get_model (list);
    g_autofree char *name = g_strdup (crm_record_get_string (item, "name"));
    gpointer         name_args[2] = { window, name };

    set_allow_connections (FALSE);
    wait_until (connection_banner_is, shown, "the window says the server is unreachable");
    crm_record_list_reload (model);
    wait_until (list_loaded_or_failed, model, "the list fails to load");
    g_assert_nonnull (crm_record_list_get_error (model));
    g_assert_true (label_shown (name_args));
    keep_screenshot (window, "server-unreachable-list");
    set_allow_connections (TRUE);
    wait_until (connection_banner_is, hidden, "the window is back online");
    wait_until (list_loaded_without_error, model, "the list loads again");
  }

  crm_window_open_record (window, &crm_account_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the account page is shown");
  set_field (page, "city", "Углич");

  /* The server stops taking connections and ends every session. */
  set_allow_connections (FALSE);
  wait_until (connection_banner_is, shown, "the window says the server is unreachable");
  keep_screenshot (window, "server-unreachable");

  /* Saving fails and says why; the edit stays on screen. */
  g_assert_cmpint (save_page (page), ==, -1);
  g_assert_nonnull (crm_record_page_get_banner (page));
  g_assert_true (crm_record_page_get_dirty (page));
  g_assert_cmpstr (crm_record_get_string (crm_record_page_get_draft (page), "city"), ==, "Углич");
  keep_screenshot (window, "server-unreachable-save");

  /* Back: the banner goes by itself and the save goes through. */
  set_allow_connections (TRUE);
  gtk_widget_activate_action (banner, "connection.reconnect", NULL);
  wait_until (connection_banner_is, hidden, "the window is back online");
  g_assert_cmpint (save_page (page), ==, 1);
  now = stored_account (id);
  g_assert_cmpstr (crm_record_get_string (now, "city"), ==, "Углич");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_delete_happens_after_undo_window (void)
{
  CrmWindow         *window = open_window ("contacts");
  CrmListPage       *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "contacts"));
  GListModel        *model = G_LIST_MODEL (crm_list_page_get_model (list));
  guint              before = g_list_model_get_n_items (model);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (gtk_column_view_get_model (crm_list_page_get_column_view (list)));
  g_autoptr (GArray) ids = NULL;

  /* The last three rows, selected and deleted with the Delete action. */
  gtk_selection_model_select_range (selection, before - 3, 3, TRUE);
  ids = crm_list_page_dup_selected_ids (list);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, crm_record_list_get_id (crm_list_page_get_model (list), before - 3));
  gtk_widget_activate_action (GTK_WIDGET (list), "list.delete", NULL);

  /* Hidden at once, still in the database until the toast goes. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, before - 3);
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (crm_record_list_find_id (crm_list_page_get_model (list), g_array_index (ids, gint64, i)), ==, -1);

  /* Closing the window carries the deletes out. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before - 3);
}

/* The import wizard ------------------------------------------------------- */

static char *
fixture_path (const char *name)
{
  return g_build_filename (CRM_TEST_FIXTURES, name, NULL);
}

static GtkWidget *
find_import_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (CRM_IS_IMPORT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
import_page_shown (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (crm_import_dialog_get_page (CRM_IMPORT_DIALOG (args[0])), args[1]) == 0;
}

static void
wait_for_import_page (GtkWidget  *dialog,
                      const char *page)
{
  gpointer         args[2] = { dialog, (gpointer) page };
  g_autofree char *what = g_strdup_printf ("the import dialog shows its %s page", page);

  wait_until (import_page_shown, args, what);
}

static void
on_import_finished_cb (CrmImportDialog *dialog,
                       gpointer         data)
{
  (*(int *) data)++;
}

static gboolean
list_has_n_items (gpointer data)
{
  gpointer *args = data;

  return crm_list_page_get_ready (CRM_LIST_PAGE (args[0])) && g_list_model_get_n_items (G_LIST_MODEL (crm_list_page_get_model (CRM_LIST_PAGE (args[0])))) == GPOINTER_TO_UINT (args[1]);
}

static gboolean
file_holds (gpointer data)
{
  gpointer        *args = data;
  g_autofree char *contents = NULL;
  g_autofree char *utf8 = NULL;
  gsize            length;

  if (!g_file_get_contents (args[0], &contents, &length, NULL))
    return FALSE;
  utf8 = g_convert (contents, length, "UTF-8", "CP1251", NULL, NULL, NULL);
  return utf8 != NULL && strstr (utf8, args[1]) != NULL;
}

/* A 1C-style contacts file in Windows-1251 with ';': detected, mapped,
 * imported from the list's data menu (a bad row rejected, an account
 * created), the list reloaded, the rejects saved, then undone. */
static void
test_import_wizard (void)
{
  CrmWindow       *window = open_window ("contacts");
  CrmListPage     *list = CRM_LIST_PAGE (crm_window_get_list_page (window, "contacts"));
  guint            before = count_rows (&crm_contact_type, NULL);
  guint            accounts_before = count_rows (&crm_account_type, NULL);
  g_autofree char *path = fixture_path ("wizard-contacts-cp1251.csv");
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *rejects_path = g_build_filename (scratch_dir, "rapport-test-rejects.csv", NULL);
  g_autoptr (GFile) rejects_file = g_file_new_for_path (rejects_path);
  static const char *const expected[] = {
    "last_name",
    "first_name",
    "middle_name",
    "account_name",
    "position",
    "phone_mobile",
    "email",
    "city",
    NULL,
  };
  const CrmImportCounts *counts;
  const CrmImportReject *reject;
  CrmImporter           *importer;
  GtkWidget             *dialog;
  gpointer               args[2];
  int                    finished = 0;

  /* The data menu's Import… opens the wizard on its first page. */
  gtk_widget_activate_action (GTK_WIDGET (list), "list.import", NULL);
  dialog = find_import_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (crm_import_dialog_get_page (CRM_IMPORT_DIALOG (dialog)), ==, "file");
  g_signal_connect (dialog, "finished", G_CALLBACK (on_import_finished_cb), &finished);
  keep_screenshot_of (dialog, "import-1-file");

  /* The file as "Choose File…" opens it: Windows-1251 and ';' detected,
   * a field suggested for each column but the last. */
  crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), file);
  wait_for_import_page (dialog, "columns");
  importer = crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog));
  g_assert_cmpint (crm_import_dialog_get_encoding (CRM_IMPORT_DIALOG (dialog)), ==, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpint (crm_import_dialog_get_delimiter (CRM_IMPORT_DIALOG (dialog)), ==, ';');
  g_assert_cmpuint (crm_importer_get_n_columns (importer), ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (crm_importer_get_header (importer, 0), ==, "Фамилия");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), i), ==, expected[i]);
      g_assert_cmpstr (crm_importer_get_target (importer, i), ==, expected[i]);
    }
  g_assert_null (crm_import_dialog_get_missing (CRM_IMPORT_DIALOG (dialog)));

  /* Read as UTF-8 the file makes no sense: refused, the guess stays. */
  crm_import_dialog_set_encoding (CRM_IMPORT_DIALOG (dialog), CRM_CSV_ENCODING_UTF8);
  g_assert_cmpint (crm_import_dialog_get_encoding (CRM_IMPORT_DIALOG (dialog)), ==, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpint (crm_importer_get_encoding (importer), ==, CRM_CSV_ENCODING_CP1251);
  g_assert_cmpstr (crm_importer_get_header (importer, 0), ==, "Фамилия");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), i), ==, expected[i]);
      g_assert_cmpstr (crm_importer_get_target (importer, i), ==, expected[i]);
    }

  /* A field goes to one column: giving the city's column the last name
   * takes it from the first column, which leaves the last name missing. */
  crm_import_dialog_set_target (CRM_IMPORT_DIALOG (dialog), 7, "last_name");
  g_assert_null (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 0));
  g_assert_null (crm_importer_get_target (importer, 0));
  g_assert_null (crm_import_dialog_get_missing (CRM_IMPORT_DIALOG (dialog)));
  crm_import_dialog_set_target (CRM_IMPORT_DIALOG (dialog), 7, NULL);
  g_assert_nonnull (crm_import_dialog_get_missing (CRM_IMPORT_DIALOG (dialog)));
  g_assert_nonnull (strstr (crm_import_dialog_get_missing (CRM_IMPORT_DIALOG (dialog)),
                            crm_field_get_label (crm_record_type_get_field (&crm_contact_type, "last_name"))));
  gtk_widget_activate_action (dialog, "import.run", NULL); /* disabled: nothing happens */
  g_assert_cmpstr (crm_import_dialog_get_page (CRM_IMPORT_DIALOG (dialog)), ==, "columns");
  keep_screenshot_of (dialog, "import-2-missing");
  crm_import_dialog_set_target (CRM_IMPORT_DIALOG (dialog), 0, "last_name");
  crm_import_dialog_set_target (CRM_IMPORT_DIALOG (dialog), 7, "city");
  g_assert_null (crm_import_dialog_get_missing (CRM_IMPORT_DIALOG (dialog)));
  keep_screenshot_of (dialog, "import-2-columns");

  /* Import: three people in, one new account for them, the row with a
   * bad e-mail rejected with its line. */
  gtk_widget_activate_action (dialog, "import.run", NULL);
  wait_for_import_page (dialog, "done");
  counts = crm_importer_get_counts (importer);
  g_assert_cmpuint (counts->n_inserted, ==, 3);
  g_assert_cmpuint (counts->n_accounts_created, ==, 1);
  g_assert_cmpuint (counts->n_skipped, ==, 0);
  g_assert_cmpint (counts->batch_id, >, 0);
  g_assert_cmpuint (crm_importer_get_n_rejected (importer), ==, 1);
  reject = g_ptr_array_index (crm_importer_get_rejects (importer), 0);
  g_assert_cmpuint (reject->line, ==, 5);
  g_assert_cmpint (finished, ==, 1);
  g_assert_cmpstr (crm_import_dialog_get_result_title (CRM_IMPORT_DIALOG (dialog)), ==, _ ("Import Finished"));
  {
    g_autofree char *added = crm_record_type_format_count (&crm_contact_type, 3);
    g_autofree char *rejected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row rejected", "%u rows rejected", 1), 1);
    const char      *description = crm_import_dialog_get_result_description (CRM_IMPORT_DIALOG (dialog));

    g_test_message ("%s", description);
    g_assert_nonnull (strstr (description, rejected));
    g_assert_nonnull (g_strrstr (description, added + 1)); /* the first letter is capitalised */
  }
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before + 3);
  g_assert_cmpuint (count_rows (&crm_contact_type, "Лужицкая"), ==, 1);
  g_assert_cmpuint (count_rows (&crm_contact_type, "Бережной"), ==, 1);
  g_assert_cmpuint (count_rows (&crm_contact_type, "Кравцова"), ==, 1);
  g_assert_cmpuint (count_rows (&crm_contact_type, "Плохов"), ==, 0);
  g_assert_cmpuint (count_rows (&crm_account_type, "Полярная звезда"), ==, 1);
  g_assert_cmpuint (count_rows (&crm_account_type, NULL), ==, accounts_before + 1);

  /* The list behind the dialog shows them. */
  args[0] = list;
  args[1] = GUINT_TO_POINTER (before + 3);
  wait_until (list_has_n_items, args, "the contacts list shows the imported rows");
  keep_screenshot_of (dialog, "import-3-done");

  /* Save Rejected Rows… copies the rejects file, in the file's encoding. */
  g_unlink (rejects_path);
  crm_import_dialog_save_rejects (CRM_IMPORT_DIALOG (dialog), rejects_file);
  args[0] = rejects_path;
  args[1] = (gpointer) "Плохов";
  wait_until (file_holds, args, "the rejected rows are saved");

  /* The same file again: every good row matches what is stored now. */
  {
    static const CrmImportDuplicates modes[] = { CRM_IMPORT_DUPLICATES_SKIP, CRM_IMPORT_DUPLICATES_UPDATE };

    for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
      {
        GtkWidget             *again = crm_import_dialog_new (context, &crm_contact_type);
        const CrmImportCounts *again_counts;
        int                    again_finished = 0;

        gtk_window_set_transient_for (GTK_WINDOW (again), GTK_WINDOW (window));
        g_signal_connect (again, "finished", G_CALLBACK (on_import_finished_cb), &again_finished);
        gtk_window_present (GTK_WINDOW (again));
        crm_import_dialog_open_file (CRM_IMPORT_DIALOG (again), file);
        wait_for_import_page (again, "columns");
        crm_import_dialog_set_duplicates (CRM_IMPORT_DIALOG (again), modes[i]);
        gtk_widget_activate_action (again, "import.run", NULL);
        wait_for_import_page (again, "done");
        again_counts = crm_importer_get_counts (crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (again)));
        g_test_message ("%s", crm_import_dialog_get_result_description (CRM_IMPORT_DIALOG (again)));
        g_assert_cmpuint (again_counts->n_inserted, ==, 0);
        g_assert_cmpuint (again_counts->n_updated, ==, 0);
        g_assert_cmpuint (again_counts->n_accounts_created, ==, 0);
        if (modes[i] == CRM_IMPORT_DUPLICATES_SKIP)
          g_assert_cmpuint (again_counts->n_skipped, ==, 3);
        else
          g_assert_cmpuint (again_counts->n_unchanged, ==, 3);
        g_assert_cmpstr (crm_import_dialog_get_result_title (CRM_IMPORT_DIALOG (again)), ==, _ ("Nothing New to Import"));
        g_assert_cmpint (again_finished, ==, 0);
        g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before + 3);
        if (modes[i] == CRM_IMPORT_DUPLICATES_SKIP)
          keep_screenshot_of (again, "import-3-duplicates");
        gtk_window_destroy (GTK_WINDOW (again));
      }
  }

  /* Undo takes the batch out again, the account it created too. */
  gtk_widget_activate_action (dialog, "import.undo", NULL);
  while (finished < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (crm_import_dialog_get_result_title (CRM_IMPORT_DIALOG (dialog)), ==, _ ("Import Undone"));
  g_test_message ("%s", crm_import_dialog_get_result_description (CRM_IMPORT_DIALOG (dialog)));
  g_assert_cmpuint (count_rows (&crm_contact_type, "Лужицкая"), ==, 0);
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before);
  g_assert_cmpuint (count_rows (&crm_account_type, "Полярная звезда"), ==, 0);
  args[0] = list;
  args[1] = GUINT_TO_POINTER (before);
  wait_until (list_has_n_items, args, "the contacts list is as before");
  keep_screenshot_of (dialog, "import-4-undone");

  g_unlink (rejects_path);
  /* Closed, nothing keeps the dialog (and its importer) alive. */
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  crm_test_assert_finalized (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
import_progressed (gpointer data)
{
  CrmImporter *importer = data;

  return crm_importer_get_progress (importer) > 0.0;
}

/* A long file: the progress page, then Cancel rolls everything back. */
static void
test_import_wizard_cancel (void)
{
  CrmWindow       *window = open_window ("contacts");
  g_autofree char *path = g_build_filename (scratch_dir, "rapport-test-import-long.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GString) csv = g_string_new ("Фамилия;Имя;Эл. почта;Город\r\n");
  g_autoptr (GError) error = NULL;
  guint      before = count_rows (&crm_contact_type, NULL);
  GtkWidget *dialog;
  int        finished = 0;

  for (guint i = 0; i < 400000; i++)
    g_string_append_printf (csv, "Отменов%u;Пётр;otmenov%u@example.ru;Тверь\r\n", i, i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));
  g_assert_no_error (error);

  dialog = crm_import_dialog_new (context, &crm_contact_type);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  g_signal_connect (dialog, "finished", G_CALLBACK (on_import_finished_cb), &finished);
  gtk_window_present (GTK_WINDOW (dialog));
  crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), file);
  wait_for_import_page (dialog, "columns");
  g_assert_cmpint (crm_import_dialog_get_encoding (CRM_IMPORT_DIALOG (dialog)), ==, CRM_CSV_ENCODING_UTF8);
  g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 3), ==, "city");
  crm_import_dialog_set_target (CRM_IMPORT_DIALOG (dialog), 3, NULL);

  gtk_widget_activate_action (dialog, "import.run", NULL);
  g_assert_cmpstr (crm_import_dialog_get_page (CRM_IMPORT_DIALOG (dialog)), ==, "progress");
  wait_until (import_progressed, crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog)), "the import makes progress");
  keep_screenshot_of (dialog, "import-5-progress");
  g_assert_cmpstr (crm_import_dialog_get_page (CRM_IMPORT_DIALOG (dialog)), ==, "progress");

  gtk_widget_activate_action (dialog, "import.cancel", NULL);
  wait_for_import_page (dialog, "done");
  g_assert_cmpstr (crm_import_dialog_get_result_title (CRM_IMPORT_DIALOG (dialog)), ==, _ ("Import Cancelled"));
  g_assert_cmpint (finished, ==, 0);
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before);
  g_assert_cmpuint (count_rows (&crm_contact_type, "Отменов1"), ==, 0);
  keep_screenshot_of (dialog, "import-6-cancelled");

  /* Try Again reads the file anew and keeps what was chosen. */
  gtk_widget_activate_action (dialog, "import.try-again", NULL);
  wait_for_import_page (dialog, "columns");
  g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 0), ==, "last_name");
  g_assert_null (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 3));
  g_assert_null (crm_importer_get_target (crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog)), 3));

  g_unlink (path);
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  crm_test_assert_finalized (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The server goes away while the rows go in: the page says so, and
 * that nothing was imported. */
static void
test_import_wizard_server_lost (void)
{
  CrmWindow       *window = open_window ("contacts");
  g_autofree char *path = g_build_filename (scratch_dir, "rapport-test-import-lost.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GString) csv = g_string_new ("Фамилия;Имя;Город\r\n");
  g_autoptr (GError) error = NULL;
  CrmStore  *store = crm_context_get_store (context);
  guint      before = count_rows (&crm_contact_type, NULL);
  GtkWidget *dialog;
  PGconn    *conn;

  for (guint i = 0; i < 400000; i++)
    g_string_append_printf (csv, "Потерянный%u;Иван;Тверь\r\n", i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));

  dialog = crm_import_dialog_new (context, &crm_contact_type);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), file);
  wait_for_import_page (dialog, "columns");
  gtk_widget_activate_action (dialog, "import.run", NULL);
  wait_until (import_progressed, crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog)), "the import makes progress");

  /* Every other connection to the database is cut. */
  conn = crm_test_db_connect (crm_store_get_conninfo (store));
  crm_test_db_exec (conn, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE datname = current_database () AND pid <> pg_backend_pid ()");
  PQfinish (conn);

  wait_for_import_page (dialog, "done");
  g_test_message ("%s", crm_import_dialog_get_result_description (CRM_IMPORT_DIALOG (dialog)));
  g_assert_cmpstr (crm_import_dialog_get_result_title (CRM_IMPORT_DIALOG (dialog)), ==, _ ("Import Failed"));
  {
    const char *format = _ ("%s\nNothing was imported.");

    g_assert_true (g_str_has_suffix (crm_import_dialog_get_result_description (CRM_IMPORT_DIALOG (dialog)),
                                     strstr (format, "%s") + 2));
  }
  keep_screenshot_of (dialog, "import-6-server-lost");

  /* The store's idle connections learn they were cut on their next
   * query; then it works again, and nothing of the file is in. */
  for (guint i = 0; i < 16; i++)
    {
      g_autoptr (CrmQuery) query = crm_query_new (&crm_contact_type);
      g_autoptr (GArray) ids = crm_store_list_ids_sync (store, query, NULL, NULL);

      if (ids != NULL)
        break;
    }
  g_assert_cmpuint (count_rows (&crm_contact_type, "Потерянный1"), ==, 0);
  g_assert_cmpuint (count_rows (&crm_contact_type, NULL), ==, before);

  /* With the server back, Try Again leads to the columns again. */
  gtk_widget_activate_action (dialog, "import.try-again", NULL);
  wait_for_import_page (dialog, "columns");

  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The dialog a GtkFileChooserNative shows when no portal is there. */
static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
file_chosen (gpointer data)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return file != NULL;
}

/* A vCard file has fixed columns and no encoding to choose; a wide
 * vTiger export is UTF-8 with a BOM and commas. */
static void
test_import_wizard_formats (void)
{
  CrmWindow       *window = open_window ("contacts");
  g_autofree char *vcard = fixture_path ("google-3.0.vcf");
  g_autofree char *vtiger = fixture_path ("vtiger-contacts.csv");
  g_autoptr (GFile) vcard_file = g_file_new_for_path (vcard);
  g_autoptr (GFile) vtiger_file = g_file_new_for_path (vtiger);
  GtkWidget   *dialog = crm_import_dialog_new (context, &crm_contact_type);
  CrmImporter *importer;

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));

  /* Choose File… as a person would: CSV, vCard and all files offered. */
  gtk_widget_activate_action (dialog, "import.choose-file", NULL);
  {
    GtkWidget *chooser = find_file_chooser ();
    g_autoptr (GListModel) filters = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_nonnull (chooser);
    filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
    g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 3);
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), vcard_file, &error));
    g_assert_no_error (error);
    wait_until (file_chosen, chooser, "the chooser has the file");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  }
  wait_for_import_page (dialog, "columns");
  importer = crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog));
  g_assert_cmpint (crm_importer_get_format (importer), ==, CRM_IMPORT_FORMAT_VCARD);
  g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 0), ==, "last_name");
  g_assert_null (crm_import_dialog_get_missing (CRM_IMPORT_DIALOG (dialog)));
  keep_screenshot_of (dialog, "import-8-vcard");

  /* Another file in the same dialog, as "Choose Another File…" would. */
  crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), vtiger_file);
  wait_for_import_page (dialog, "columns");
  importer = crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog));
  g_assert_cmpint (crm_importer_get_format (importer), ==, CRM_IMPORT_FORMAT_CSV);
  g_assert_cmpint (crm_import_dialog_get_encoding (CRM_IMPORT_DIALOG (dialog)), ==, CRM_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpint (crm_import_dialog_get_delimiter (CRM_IMPORT_DIALOG (dialog)), ==, ',');
  g_assert_cmpstr (crm_importer_get_header (importer, 1), ==, "First Name");
  g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 1), ==, "first_name");
  g_assert_cmpstr (crm_import_dialog_get_target (CRM_IMPORT_DIALOG (dialog), 2), ==, "last_name");
  keep_screenshot_of (dialog, "import-9-vtiger");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Files that cannot be imported say why on the first page. */
static void
test_import_wizard_bad_files (void)
{
  CrmWindow       *window = open_window ("accounts");
  g_autofree char *vcard = fixture_path ("google-3.0.vcf");
  g_autofree char *binary = g_build_filename (scratch_dir, "rapport-test-binary.csv", NULL);
  g_autoptr (GFile) vcard_file = g_file_new_for_path (vcard);
  g_autoptr (GFile) binary_file = g_file_new_for_path (binary);
  g_autoptr (GError) error = NULL;
  GtkWidget        *dialog = crm_import_dialog_new (context, &crm_account_type);
  gpointer          args[2] = { dialog, NULL };
  static const char bytes[] = "PK\003\004\0\0\0\0\x14\0\x06\0\x08\0\0\0!\0binary\0\0\0";

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));

  /* Accounts are not offered vCard files; cancelling the choice changes
   * nothing. */
  gtk_widget_activate_action (dialog, "import.choose-file", NULL);
  {
    GtkWidget *chooser = find_file_chooser ();
    g_autoptr (GListModel) filters = NULL;

    g_assert_nonnull (chooser);
    filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
    g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  }
  g_assert_cmpstr (crm_import_dialog_get_page (CRM_IMPORT_DIALOG (dialog)), ==, "file");

  /* A vCard holds people: not for accounts. */
  crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), vcard_file);
  wait_for_import_page (dialog, "file");
  g_assert_null (crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog)));
  args[1] = (gpointer) _ ("The File Cannot Be Imported");
  g_assert_true (label_shown (args));
  keep_screenshot_of (dialog, "import-7-error");

  /* A spreadsheet's binary file. */
  g_assert_true (g_file_set_contents (binary, bytes, sizeof bytes, &error));
  crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), binary_file);
  wait_for_import_page (dialog, "file");
  g_assert_null (crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog)));
  g_assert_true (label_shown (args));

  /* Every row rejected: the page says nothing was imported, and why. */
  {
    g_autofree char *bad = g_build_filename (scratch_dir, "rapport-test-bad-inn.csv", NULL);
    g_autoptr (GFile) bad_file = g_file_new_for_path (bad);
    static const char csv[] = "Наименование;ИНН\r\nКопыто и рога;7707083894\r\nРога и копыта;12345\r\n";
    guint             before = count_rows (&crm_account_type, NULL);

    g_assert_true (g_file_set_contents (bad, csv, -1, &error));
    crm_import_dialog_open_file (CRM_IMPORT_DIALOG (dialog), bad_file);
    wait_for_import_page (dialog, "columns");
    gtk_widget_activate_action (dialog, "import.run", NULL);
    wait_for_import_page (dialog, "done");
    g_assert_cmpstr (crm_import_dialog_get_result_title (CRM_IMPORT_DIALOG (dialog)), ==, _ ("Nothing Was Imported"));
    g_assert_cmpuint (crm_importer_get_n_rejected (crm_import_dialog_get_importer (CRM_IMPORT_DIALOG (dialog))), ==, 2);
    g_assert_cmpuint (count_rows (&crm_account_type, NULL), ==, before);
    keep_screenshot_of (dialog, "import-7-all-rejected");
    g_unlink (bad);
  }

  g_unlink (binary);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_screenshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (crm_window_screenshot_finish (CRM_WINDOW (object), result, &error));
  g_assert_no_error (error);
  *(int *) data = 1;
}

static void
test_screenshot (void)
{
  CrmWindow       *window = open_window ("contacts");
  g_autofree char *path = g_build_filename (scratch_dir, "rapport-test-screenshot.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  int done = 0;

  crm_window_screenshot_async (window, file, NULL, on_screenshot_cb, &done);
  wait_until (flag_set, &done, "the screenshot is written");

  texture = gdk_texture_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (GTK_WIDGET (window)));

  g_unlink (path);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* History and the Audit Log ------------------------------------------------ */

/* The row's text with its no-break spaces (inside phones) as spaces. */
static char *
dup_row_text (GtkWidget *row)
{
  g_autofree char *text = crm_audit_row_dup_text (CRM_AUDIT_ROW (row));
  g_auto (GStrv) parts = g_strsplit (text, "\u00a0", -1);

  return g_strjoinv (" ", parts);
}

static gboolean
history_ready (gpointer data)
{
  return crm_history_view_get_ready (CRM_HISTORY_VIEW (data)) &&
         crm_history_view_get_n_entries (CRM_HISTORY_VIEW (data)) > 0;
}

static gboolean
audit_log_offered (gpointer data)
{
  return crm_window_get_audit_log_offered (CRM_WINDOW (data));
}

static CrmAuditDialog *
find_audit_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (CRM_IS_AUDIT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CRM_AUDIT_DIALOG (window);
    }
  return NULL;
}

static gboolean
audit_dialog_ready (gpointer data)
{
  return crm_audit_dialog_get_ready (CRM_AUDIT_DIALOG (data));
}

static gboolean
record_page_shows (gpointer data)
{
  CrmWindow *window = ((gpointer *) data)[0];
  gint64     id = *(gint64 *) ((gpointer *) data)[1];
  GtkWidget *page = crm_window_get_record_page (window);

  return page != NULL && crm_record_page_get_record_id (CRM_RECORD_PAGE (page)) == id &&
         crm_record_page_get_ready (CRM_RECORD_PAGE (page));
}

/* A contact's phone is changed and saved: the History tab says who changed
 * which field, by its label, from what to what; the Audit Log lists the
 * change and opens the contact. (A contact of its own: the other tests
 * count on the demo data as it is.) */
static void
test_history_and_audit_log (void)
{
  CrmWindow      *window = open_window ("contacts");
  PGconn         *conn = crm_test_db_connect (crm_store_get_conninfo (crm_context_get_store (context)));
  const CrmField *phone = crm_record_type_get_field (&crm_contact_type, "phone_mobile");
  g_autoptr (CrmRecord) contact = crm_record_new (&crm_contact_type);
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *old_phone = NULL;
  g_autofree char *employee = NULL;
  g_autofree char *text = NULL;
  CrmRecordPage   *page;
  CrmHistoryView  *history;
  CrmAuditDialog  *dialog;
  gpointer         args[2];
  gint64           id;

  /* The login the tests use is an employee's: the history names them. */
  crm_test_db_exec (conn, "UPDATE rapport.employees SET login = session_user"
                          " WHERE id = (SELECT min(id) FROM rapport.employees WHERE login IS NULL)");
  employee = crm_test_db_query_value (conn, "SELECT full_name FROM rapport.employees WHERE login = session_user", NULL);
  g_assert_nonnull (employee);

  crm_record_set_string (contact, "last_name", "Историкова");
  crm_record_set_string (contact, "first_name", "Вера");
  crm_record_set_string (contact, "position", "Главный бухгалтер");
  crm_record_set_string (contact, "phone_mobile", "+79035550011");
  crm_record_set_string (contact, "city", "Ярославль");
  saved = crm_store_save_sync (crm_context_get_store (context), contact, NULL, &error);
  g_assert_no_error (error);
  id = crm_record_get_id (saved);
  crm_window_open_record (window, &crm_contact_type, id);
  page = CRM_RECORD_PAGE (crm_window_get_record_page (window));
  wait_until (record_page_ready, page, "the contact page is shown");
  old_phone = crm_record_dup_display (crm_record_page_get_stored (page), "phone_mobile");

  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "phone_mobile")), "8 916 000-11-22");
  g_assert_cmpint (save_page (page), ==, 1);

  /* The newest entry is the save, in plain words with the field's label. */
  crm_record_page_set_view (page, "history");
  history = CRM_HISTORY_VIEW (crm_record_page_get_history_view (page));
  wait_until (history_ready, history, "the history is shown");
  text = dup_row_text (crm_history_view_get_row (history, 0));
  g_test_message ("History: %s", text);
  g_assert_true (g_str_has_prefix (text, employee));
  g_assert_nonnull (strstr (text, crm_field_get_label (phone)));
  g_assert_nonnull (strstr (text, "+7 916 000-11-22"));
  if (old_phone != NULL)
    g_assert_nonnull (strstr (text, old_phone));
  g_assert_null (strstr (text, "phone_mobile"));
  /* The oldest entry is its creation, with the values it had. */
  {
    guint            n = crm_history_view_get_n_entries (history);
    g_autofree char *first = dup_row_text (crm_history_view_get_row (history, n - 1));

    g_assert_cmpuint (n, >=, 2);
    g_assert_cmpint (crm_audit_entry_get_op (crm_audit_row_get_entry (CRM_AUDIT_ROW (crm_history_view_get_row (history, n - 1)))), ==,
                     CRM_AUDIT_OP_INSERT);
    g_assert_nonnull (strstr (first, crm_field_get_label (crm_record_type_get_field (&crm_contact_type, "last_name"))));
  }
  keep_screenshot (window, "contact-history");

  /* Saved again: the tab reads the new entry. */
  gtk_editable_set_text (GTK_EDITABLE (crm_record_page_get_field_widget (page, "city")), "Тверь");
  g_assert_cmpint (save_page (page), ==, 1);
  wait_until (history_ready, history, "the history is read again");
  g_clear_pointer (&text, g_free);
  text = dup_row_text (crm_history_view_get_row (history, 0));
  g_assert_nonnull (strstr (text, "Тверь"));
  g_assert_nonnull (strstr (text, crm_field_get_label (crm_record_type_get_field (&crm_contact_type, "city"))));

  /* The Audit Log, offered to the administrator the tests sign in as. */
  wait_until (audit_log_offered, window, "the Audit Log is offered");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.audit-log", NULL);
  dialog = find_audit_dialog ();
  g_assert_nonnull (dialog);
  wait_until (audit_dialog_ready, dialog, "the audit log is read");
  g_assert_cmpuint (crm_audit_dialog_get_n_entries (dialog), >, 0);
  g_clear_pointer (&text, g_free);
  text = dup_row_text (crm_audit_dialog_get_row (dialog, 0));
  g_assert_nonnull (strstr (text, "Историкова Вера"));
  g_assert_nonnull (strstr (text, "Тверь"));

  /* Narrowed to deletes of contacts: none yet here. */
  crm_audit_dialog_set_record_type (dialog, "contacts");
  crm_audit_dialog_set_operation (dialog, CRM_AUDIT_OP_DELETE);
  wait_until (audit_dialog_ready, dialog, "the filtered log is read");
  crm_audit_dialog_set_operation (dialog, -1);
  crm_audit_dialog_set_search_text (dialog, "9160001122");
  wait_until (audit_dialog_ready, dialog, "the log searched by value is read");
  g_assert_cmpuint (crm_audit_dialog_get_n_entries (dialog), ==, 1);
  keep_screenshot_of (GTK_WIDGET (dialog), "audit-log");
  crm_audit_dialog_set_search_text (dialog, "");
  wait_until (audit_dialog_ready, dialog, "the whole log is read again");
  keep_screenshot_of (GTK_WIDGET (dialog), "audit-log-all");
  {
    /* A demo contact's creation lists its first values, the rest on demand. */
    CrmAuditRow     *created = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    /* (Not a delete by an earlier test, which lists old values the same way.) */
    for (guint i = 0; i < crm_audit_dialog_get_n_entries (dialog) && created == NULL; i++)
      {
        CrmAuditRow *row = CRM_AUDIT_ROW (crm_audit_dialog_get_row (dialog, i));

        if (crm_audit_row_get_values_cut (row) &&
            crm_audit_entry_get_op (crm_audit_row_get_entry (row)) == CRM_AUDIT_OP_INSERT)
          created = row;
      }
    g_assert_nonnull (created);
    g_assert_cmpint (crm_audit_entry_get_op (crm_audit_row_get_entry (created)), ==, CRM_AUDIT_OP_INSERT);
    before = crm_audit_row_dup_text (created);
    crm_audit_row_show_all_values (created);
    after = crm_audit_row_dup_text (created);
    g_assert_false (crm_audit_row_get_values_cut (created));
    g_assert_true (g_str_has_prefix (after, before));
    g_assert_cmpuint (strlen (after), >, strlen (before));
  }
  crm_audit_dialog_set_search_text (dialog, "9160001122");
  wait_until (audit_dialog_ready, dialog, "the log searched by value is read");

  /* A row opens its record in the window. */
  crm_window_go_back (window);
  g_assert_null (crm_window_get_record_page (window));
  gtk_widget_activate (crm_audit_dialog_get_row (dialog, 0));
  args[0] = window;
  args[1] = &id;
  wait_until (record_page_shows, args, "the contact is opened from the log");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (find_audit_dialog ());
  crm_test_db_exec (conn, "UPDATE rapport.employees SET login = NULL WHERE login = session_user");
  PQfinish (conn);
}

static void
remove_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
    remove_tree (child);
  g_file_delete (file, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *conninfo = NULL;
  g_autoptr (CrmStore) store = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  crm_test_db_init ();
  scratch_dir = g_dir_make_tmp ("rapport-test-ui-XXXXXX", NULL);
  g_assert_nonnull (scratch_dir);
  {
    /* The importer writes its rejects to the cache folder. */
    g_autofree char *cache = g_build_filename (scratch_dir, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  gtk_init ();
  if (g_getenv ("RAPPORT_LOCALEDIR") != NULL)
    {
      /* Screenshots in another language: LANGUAGE=ru RAPPORT_LOCALEDIR=_build/po */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE); /* _ () is gettext (), as in main.c */
    }
  adw_init ();
  {
    /* What AdwApplication would load from its resource base path. */
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/rapportcrm/Rapport/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  conninfo = crm_test_db_create ("ui");
  store = crm_test_db_open_store (conninfo);
  crm_test_db_load_demo (store);
  context = crm_context_new (store, NULL);

  g_test_add_func ("/ui/window/demo-accounts", test_window_shows_demo_accounts);
  g_test_add_func ("/ui/list/search", test_search_contacts);
  g_test_add_func ("/ui/list/cell-tooltips", test_cell_tooltips);
  g_test_add_func ("/ui/record/account-and-contact", test_account_and_contact_pages);
  g_test_add_func ("/ui/record/validation-and-save", test_new_account_validation);
  g_test_add_func ("/ui/record/conflict", test_conflict_keeps_both);
  g_test_add_func ("/ui/record/conflict-view", test_conflict_view);
  g_test_add_func ("/ui/record/live", test_live_record_and_list);
  g_test_add_func ("/ui/window/server-unreachable", test_server_unreachable);
  g_test_add_func ("/ui/record/leave-unsaved", test_leave_with_unsaved_edits);
  g_test_add_func ("/ui/duplicates/find-and-merge", test_find_and_merge_duplicates);
  g_test_add_func ("/ui/import/wizard", test_import_wizard);
  g_test_add_func ("/ui/import/cancel", test_import_wizard_cancel);
  g_test_add_func ("/ui/import/formats", test_import_wizard_formats);
  g_test_add_func ("/ui/import/bad-files", test_import_wizard_bad_files);
  g_test_add_func ("/ui/import/server-lost", test_import_wizard_server_lost);
  g_test_add_func ("/ui/list/delete", test_delete_happens_after_undo_window);
  g_test_add_func ("/ui/record/history-and-audit-log", test_history_and_audit_log);
  g_test_add_func ("/ui/window/screenshot", test_screenshot);

  status = g_test_run ();
  g_clear_object (&context);
  {
    /* What the tests left behind: rejects files and caches. */
    g_autoptr (GFile) dir = g_file_new_for_path (scratch_dir);

    remove_tree (dir);
    g_free (scratch_dir);
  }
  return status;
}
