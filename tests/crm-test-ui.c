/* crm-test-ui.c — what the UI test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "crm-list-page.h"
#include "crm-screenshot.h"
#include "crm-test-db.h"
#include "crm-test-ui.h"

void
crm_test_wait_until (CrmTestCondition condition,
                     gpointer         data,
                     const char      *what)
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

gboolean
crm_test_list_page_ready (gpointer page)
{
  return crm_list_page_get_ready (CRM_LIST_PAGE (page));
}

gboolean
crm_test_record_page_ready (gpointer page)
{
  return crm_record_page_get_ready (CRM_RECORD_PAGE (page));
}

gboolean
crm_test_record_loaded (gpointer record)
{
  return crm_record_get_loaded (CRM_RECORD (record));
}

gboolean
crm_test_flag_set (gpointer flag)
{
  return *(int *) flag != 0;
}

static void
on_saved_cb (CrmRecordPage *page,
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

int
crm_test_save_page (CrmRecordPage *page)
{
  int    result = 0;
  gulong ok = g_signal_connect (page, "saved", G_CALLBACK (on_saved_cb), &result);
  gulong failed = g_signal_connect (page, "save-failed", G_CALLBACK (on_save_failed_cb), &result);

  gtk_widget_activate_action (GTK_WIDGET (page), "record.save", NULL);
  crm_test_wait_until (crm_test_flag_set, &result, "the save finishes");
  g_signal_handler_disconnect (page, ok);
  g_signal_handler_disconnect (page, failed);
  return result;
}

static void
on_screenshot_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr (GError) error = NULL;

  if (!crm_window_screenshot_finish (CRM_WINDOW (object), result, &error))
    g_error ("Screenshot failed: %s", error->message);
  *(int *) data = 1;
}

void
crm_test_keep_screenshot (CrmWindow  *window,
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
  crm_window_screenshot_async (window, file, NULL, on_screenshot_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

GtkWidget *
crm_test_find_widget_named (GtkWidget  *root,
                            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = crm_test_find_widget_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
crm_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

void
crm_test_keep_widget_screenshot (GtkWidget  *widget,
                                 const char *name)
{
  const char      *dir = g_getenv ("RAPPORT_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (dir == NULL || dir[0] == '\0')
    return;

  /* Let it finish drawing. */
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  file = g_file_new_for_path (path);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!crm_screenshot_widget (widget, file, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) || g_get_monotonic_time () > deadline)
        g_error ("Screenshot failed: %s", error->message);
      g_clear_error (&error);
      g_main_context_iteration (NULL, TRUE);
    }
}

void
crm_test_ui_init (int    *argc,
                  char ***argv)
{
  g_autoptr (GtkCssProvider) css = NULL;

  g_test_init (argc, argv, NULL);
  crm_test_db_init ();
  gtk_init ();
  if (g_getenv ("RAPPORT_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/rapportcrm/Rapport/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

GtkWidget *
crm_test_find_widget (GtkWidget  *root,
                      GType       type,
                      const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = crm_test_find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
crm_test_count_reached (gpointer count)
{
  CrmTestCount *c = count;

  return g_list_model_get_n_items (c->model) == c->n;
}

CrmWindow *
crm_test_open_window (CrmContext *context,
                      const char *section)
{
  CrmWindow *window = crm_window_new (NULL);

  crm_window_set_section (window, section);
  crm_window_set_context (window, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  crm_test_wait_until (crm_test_list_page_ready, crm_window_get_list_page (window, section), "the list shows its data");
  return window;
}

CrmContext *
crm_test_ui_open_demo (const char *name,
                       char      **conninfo)
{
  g_autoptr (CrmStore) store = NULL;

  *conninfo = crm_test_db_create (name);
  store = crm_test_db_open_store (*conninfo);
  crm_test_db_load_demo (store);
  return crm_context_new (store, NULL);
}

void
crm_test_ui_close_demo (CrmContext *context,
                        char       *conninfo)
{
  g_autoptr (CrmStore) store = g_object_ref (crm_context_get_store (context));

  g_object_unref (context);
  crm_test_assert_finalized (g_steal_pointer (&store));
  crm_test_db_drop (conninfo);
  g_free (conninfo);
}
