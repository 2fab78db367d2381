/* crm-list-page-export.c — a list page's data menu: Import (the
 * wizard), the list (its search, filters and sort) or the selected rows
 * to CSV, contacts to vCard, and Find Duplicates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-duplicates-dialog.h"
#include "crm-duplicates.h"
#include "crm-exporter.h"
#include "crm-import-dialog.h"
#include "crm-list-page-private.h"
#include "crm-vcard.h"
#include "crm-window.h"

typedef struct
{
  CrmListPage  *page; /* a reference */
  CrmExporter  *exporter;
  GFile        *file;
  AdwToast     *toast; /* progress, with Cancel */
  GCancellable *cancellable;
} ExportRun;

static void
export_run_free (ExportRun *run)
{
  g_clear_object (&run->page);
  g_clear_object (&run->exporter);
  g_clear_object (&run->file);
  g_clear_object (&run->toast);
  g_clear_object (&run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRun, export_run_free)

static CrmWindow *
get_window (CrmListPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  return window ? CRM_WINDOW (window) : NULL;
}

static void
on_open_file_cb (AdwToast *toast,
                 GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (NULL, uri, GDK_CURRENT_TIME);
}

/* A toast saying it is done, with a button that opens the file. */
static void
show_done (CrmListPage *self,
           const char  *message,
           GFile       *file)
{
  CrmWindow *window = get_window (self);
  AdwToast  *toast;

  if (window == NULL)
    return;

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _ ("_Open"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_open_file_cb), g_object_ref (file),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  crm_window_add_toast (window, toast);
}

static void
on_export_progress_cb (CrmExporter *exporter,
                       GParamSpec  *pspec,
                       ExportRun   *run)
{
  /* Translators: a progress toast, %d is a percentage */
  g_autofree char *title = g_strdup_printf (_ ("Exporting… %d%%"),
                                            (int) (crm_exporter_get_progress (exporter) * 100));

  adw_toast_set_title (run->toast, title);
}

static void
on_export_cancel_cb (AdwToast  *toast,
                     ExportRun *run)
{
  g_cancellable_cancel (run->cancellable);
}

static void
on_export_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (ExportRun) run = user_data;
  g_autoptr (GError) error = NULL;
  gint64     n = crm_exporter_run_finish (CRM_EXPORTER (object), result, &error);
  CrmWindow *window = get_window (run->page);

  g_signal_handlers_disconnect_by_data (run->toast, run);
  g_signal_handlers_disconnect_by_data (run->exporter, run);
  adw_toast_dismiss (run->toast);

  if (window == NULL)
    return;

  if (n < 0)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_ ("Export cancelled; no file was written"));
      else
        message = g_strdup_printf (_ ("Could not export: %s"), error->message);
      crm_window_show_message (window, message);
      return;
    }

  {
    const CrmRecordType *type = crm_list_page_get_record_type (run->page);
    g_autofree char     *count = crm_record_type_format_count (type, (guint) n);
    g_autofree char     *name = g_file_get_basename (run->file);
    g_autofree char     *message = NULL;

    if (crm_exporter_get_n_lossy (run->exporter) > 0)
      /* Translators: "36 accounts exported to list.csv; 3 characters Windows-1251 cannot hold became “?”" */
      message = g_strdup_printf (_ ("%s exported to %s; %u characters Windows-1251 cannot hold became “?”"),
                                 count, name, crm_exporter_get_n_lossy (run->exporter));
    else
      /* Translators: "36 accounts exported to list.csv" */
      message = g_strdup_printf (_ ("%s exported to %s"), count, name);
    show_done (run->page, message, run->file);
  }
}

static void
start_export (CrmListPage *self,
              GFile       *file,
              const char  *encoding,
              const char  *delimiter,
              gboolean     selected_only)
{
  CrmStore            *store = crm_context_get_store (_crm_list_page_get_context (self));
  const CrmRecordType *type = crm_list_page_get_record_type (self);
  CrmWindow           *window = get_window (self);
  ExportRun           *run;

  run = g_new0 (ExportRun, 1);
  run->page = g_object_ref (self);
  run->file = g_object_ref (file);
  run->cancellable = g_cancellable_new ();

  if (selected_only)
    {
      g_autoptr (GArray) ids = crm_list_page_dup_selected_ids (self);

      run->exporter = crm_exporter_new_for_ids (store, type, (const gint64 *) ids->data, ids->len);
    }
  else
    run->exporter = crm_exporter_new (store, crm_record_list_get_query (crm_list_page_get_model (self)));

  if (g_strcmp0 (encoding, "cp1251") == 0)
    crm_exporter_set_encoding (run->exporter, CRM_CSV_ENCODING_CP1251);
  else if (g_strcmp0 (encoding, "utf-8") == 0)
    crm_exporter_set_encoding (run->exporter, CRM_CSV_ENCODING_UTF8);
  else
    crm_exporter_set_encoding (run->exporter, CRM_CSV_ENCODING_UTF8_BOM);
  crm_exporter_set_delimiter (run->exporter,
                              g_strcmp0 (delimiter, "comma") == 0 ? ','
                              : g_strcmp0 (delimiter, "tab") == 0 ? '\t'
                                                                  : ';');

  run->toast = adw_toast_new (_ ("Exporting…"));
  adw_toast_set_timeout (run->toast, 0);
  adw_toast_set_button_label (run->toast, _ ("_Cancel"));
  g_signal_connect (run->toast, "button-clicked", G_CALLBACK (on_export_cancel_cb), run);
  g_signal_connect (run->exporter, "notify::progress", G_CALLBACK (on_export_progress_cb), run);
  if (window != NULL)
    crm_window_add_toast (window, g_object_ref (run->toast));

  crm_exporter_run_async (run->exporter, file, run->cancellable, on_export_done_cb, run);
}

static void
on_export_chooser_response_cb (GtkNativeDialog *chooser,
                               int              response,
                               CrmListPage     *self)
{
  g_autoptr (GFile) file = NULL;
  gboolean selected_only = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "selected-only"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      start_export (self, file,
                    gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "encoding"),
                    gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "delimiter"),
                    selected_only);
    }

  g_object_unref (chooser);
  g_object_unref (self);
}

static void
choose_export_file (CrmListPage *self,
                    gboolean     selected_only)
{
  static const char    *encodings[] = { "utf-8-bom", "utf-8", "cp1251", NULL };
  static const char    *delimiters[] = { "semicolon", "comma", "tab", NULL };
  const char           *encoding_labels[4];
  const char           *delimiter_labels[4];
  const CrmRecordType  *type = crm_list_page_get_record_type (self);
  g_autofree char      *name = g_strdup_printf ("%s.csv", g_dgettext (GETTEXT_PACKAGE, type->plural));
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  encoding_labels[0] = _ ("UTF-8 for Excel (with BOM)");
  encoding_labels[1] = _ ("UTF-8");
  encoding_labels[2] = _ ("Windows-1251");
  encoding_labels[3] = NULL;
  delimiter_labels[0] = _ ("Semicolon (;)");
  delimiter_labels[1] = _ ("Comma (,)");
  delimiter_labels[2] = _ ("Tab");
  delimiter_labels[3] = NULL;

  chooser = gtk_file_chooser_native_new (selected_only ? _ ("Export the Selected Rows") : _ ("Export the List"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, _ ("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "encoding", _ ("Encoding"), encodings, encoding_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "encoding", "utf-8-bom");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "delimiter", _ ("Delimiter"), delimiters,
                               delimiter_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "delimiter", "semicolon");
  g_object_set_data (G_OBJECT (chooser), "selected-only", GINT_TO_POINTER (selected_only));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  choose_export_file (CRM_LIST_PAGE (widget), g_str_equal (action_name, "list.export-selected"));
}

/* vCard ----------------------------------------------------------------- */

static void
save_vcard_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  CrmListPage *self = source;
  GFile       *file = data;
  GError      *error = NULL;

  if (crm_vcard_save_contacts (crm_context_get_store (_crm_list_page_get_context (self)),
                               crm_record_list_get_query (crm_list_page_get_model (self)),
                               file, CRM_VCARD_VERSION_3_0, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_vcard_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CrmListPage *self = CRM_LIST_PAGE (object);
  g_autoptr (GFile) file = user_data;
  g_autoptr (GError) error = NULL;
  CrmWindow *window = get_window (self);

  if (window == NULL)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_ ("Could not export: %s"), error->message);

      crm_window_show_message (window, message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_ ("Contacts exported to %s"), name);

      show_done (self, message, file);
    }
}

static void
on_vcard_chooser_response_cb (GtkNativeDialog *chooser,
                              int              response,
                              CrmListPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr (GTask) task = g_task_new (self, NULL, on_vcard_saved_cb, file);

      g_task_set_source_tag (task, on_vcard_chooser_response_cb);
      g_task_set_task_data (task, g_object_ref (file), g_object_unref);
      g_task_run_in_thread (task, save_vcard_thread);
    }

  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_vcard_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmListPage          *self = CRM_LIST_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_ ("Export as vCard"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  /* Translators: the default name of an exported address book */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _ ("contacts.vcf"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_vcard_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Import ---------------------------------------------------------------- */

static void
on_imported_cb (CrmImportDialog *dialog,
                CrmListPage     *self)
{
  CrmWindow *window = get_window (self);

  /* Contacts may have brought new accounts with them (and an undo taken
   * them away): both lists show what the database holds now. */
  if (window != NULL)
    {
      crm_window_refresh_list (window, &crm_account_type);
      crm_window_refresh_list (window, &crm_contact_type);
    }
  else
    crm_list_page_reload (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmListPage *self = CRM_LIST_PAGE (widget);
  GtkWidget   *dialog;

  dialog = crm_import_dialog_new (_crm_list_page_get_context (self), crm_list_page_get_record_type (self));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Duplicates ------------------------------------------------------------ */

static void
on_merged_cb (CrmDuplicatesDialog *dialog,
              CrmListPage         *self)
{
  crm_list_page_reload (self);
}

static void
duplicates_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrmListPage *self = CRM_LIST_PAGE (widget);
  GtkWidget   *dialog;

  dialog = crm_duplicates_dialog_new (_crm_list_page_get_context (self), crm_list_page_get_record_type (self));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (dialog, "merged", G_CALLBACK (on_merged_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_crm_list_page_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "list.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "list.export-selected", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "list.export-vcard", NULL, export_vcard_action);
  gtk_widget_class_install_action (widget_class, "list.duplicates", NULL, duplicates_action);
}

void
_crm_list_page_update_export_actions (CrmListPage *self)
{
  g_autoptr (GArray) selected = crm_list_page_dup_selected_ids (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.export-selected", selected->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.duplicates",
                                 crm_duplicates_supported (crm_list_page_get_record_type (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.export-vcard",
                                 crm_list_page_get_record_type (self) == &crm_contact_type);
  /* The import (its matching, search columns and undo) knows accounts
   * and contacts only so far. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.import",
                                 crm_list_page_get_record_type (self) == &crm_account_type ||
                                     crm_list_page_get_record_type (self) == &crm_contact_type);
}
