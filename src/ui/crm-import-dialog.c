/* crm-import-dialog.c — the import wizard: a CSV or vCard file, its
 * encoding, delimiter and columns with a preview, what to do with
 * duplicates, progress with Cancel, the result with the rejected rows and
 * Undo
 *
 * The dialog only gathers choices and shows what happens: opening,
 * detecting, suggesting, checking and loading the rows are CrmImporter's
 * (the file is opened and the rows loaded on worker threads).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-import-dialog.h"
#include "crm-import-mapping.h"
#include "rapport-ui-resources.h"

/* The done page lists this many rejected rows; the file has them all. */
#define MAX_SHOWN_REJECTS 50
/* A preview cell shows this many characters. */
#define PREVIEW_CHARS 24

struct _CrmImportDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *import_button;
  GtkButton           *close_button;
  GtkWidget           *banner_bar;
  GtkLabel            *banner_label;
  GtkStack            *stack;
  AdwStatusPage       *file_page;
  GtkButton           *choose_button;
  GtkSpinner          *opening_spinner;
  AdwPreferencesPage  *columns_page;
  AdwPreferencesGroup *format_group;
  AdwActionRow        *file_row;
  AdwComboRow         *encoding_row;
  AdwComboRow         *delimiter_row;
  GtkGrid             *preview_grid;
  AdwPreferencesGroup *columns_group;
  GtkWidget           *missing_bar;
  GtkLabel            *missing_label;
  AdwComboRow         *duplicates_row;
  AdwStatusPage       *progress_page;
  GtkProgressBar      *progress_bar;
  AdwStatusPage       *done_page;
  GtkButton           *undo_button;
  GtkButton           *again_button;
  GtkButton           *rejects_button;
  AdwPreferencesGroup *rejects_group;
  GtkListBox          *rejects_list;

  CrmContext          *context;
  const CrmRecordType *type;
  GPtrArray           *targets;       /* static strings: every target of the type */
  GtkStringList       *target_labels; /* "Do not import", then the targets' labels */
  GPtrArray           *column_rows;   /* AdwComboRow, one per column */
  CrmImporter         *importer;
  CrmImporter         *previous;         /* Try Again: whose choices to keep */
  GCancellable        *cancellable;      /* undo, saving the rejects */
  GCancellable        *open_cancellable; /* the file being opened */
  GCancellable        *run_cancellable;  /* the run: Cancel */
  char                *missing;
  guint                pulse_id;
  gint64               batch_id;
  gboolean             updating;
  gboolean             running;
  gboolean             undoing;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (CrmImportDialog, crm_import_dialog, ADW_TYPE_WINDOW)

enum
{
  FINISHED,
  N_SIGNALS
};

static guint                signals[N_SIGNALS];

/* In the order of the template's combo rows. */
static const CrmCsvEncoding encodings[] = {
  CRM_CSV_ENCODING_UTF8,
  CRM_CSV_ENCODING_UTF8_BOM,
  CRM_CSV_ENCODING_CP1251,
};
static const char                delimiters[] = { ';', ',', '\t' };
static const CrmImportDuplicates duplicate_modes[] = {
  CRM_IMPORT_DUPLICATES_SKIP,
  CRM_IMPORT_DUPLICATES_UPDATE,
  CRM_IMPORT_DUPLICATES_CREATE,
};

static void fill_columns (CrmImportDialog *self);

static void
show_banner (CrmImportDialog *self,
             const char      *message)
{
  gtk_label_set_label (self->banner_label, message);
  gtk_widget_set_visible (self->banner_bar, TRUE);
}

static void
hide_banner (CrmImportDialog *self)
{
  gtk_widget_set_visible (self->banner_bar, FALSE);
}

/* @timeout in seconds. */
static void
show_toast (CrmImportDialog *self,
            const char      *message,
            guint            timeout)
{
  AdwToast *toast = adw_toast_new (message);

  /* Not dismissed when the page changes: libadwaita 1.2 crashes when a
   * toast is dismissed during its show animation (seen in test-ui). */
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
dup_file_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_filename_display_name (name ? name : "");
}

/* The header bar's buttons and the actions for the page shown. */
static void
update_actions (CrmImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean    columns = g_strcmp0 (page, "columns") == 0;
  gboolean    done = g_strcmp0 (page, "done") == 0;
  gboolean    mapped = FALSE;

  for (guint i = 0; self->importer != NULL && i < crm_importer_get_n_columns (self->importer); i++)
    mapped |= crm_importer_get_target (self->importer, i) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 columns && !self->running && mapped && self->missing == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.undo", done && self->batch_id > 0 && !self->undoing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose-file", !self->running);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), columns);
  gtk_widget_set_visible (self->missing_bar, columns && self->missing != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !done);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !self->running || !g_cancellable_is_cancelled (self->run_cancellable));
  if (columns)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
}

static void
set_page (CrmImportDialog *self,
          const char      *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  if (g_str_equal (name, "opening"))
    gtk_spinner_start (self->opening_spinner);
  else
    gtk_spinner_stop (self->opening_spinner);
  update_actions (self);
}

/* Columns ---------------------------------------------------------------- */

static guint
target_index (CrmImportDialog *self,
              const char      *target)
{
  for (guint i = 0; target != NULL && i < self->targets->len; i++)
    if (g_str_equal (g_ptr_array_index (self->targets, i), target))
      return i + 1;
  return 0;
}

static void
update_missing (CrmImportDialog *self)
{
  g_clear_pointer (&self->missing, g_free);
  self->missing = crm_importer_check_targets (self->importer);

  /* Under the columns, whichever of them is scrolled into view. */
  if (self->missing != NULL)
    gtk_label_set_label (self->missing_label, self->missing);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_button), self->missing);
  update_actions (self);
}

/* The rows show the importer's targets (one may have been taken away
 * from another column). */
static void
sync_column_rows (CrmImportDialog *self,
                  guint            changed)
{
  self->updating = TRUE;
  for (guint c = 0; c < self->column_rows->len; c++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, c);
      const char  *target = crm_importer_get_target (self->importer, c);
      guint        index = target_index (self, target);

      if (adw_combo_row_get_selected (row) == index)
        continue;
      if (c != changed && index == 0)
        {
          const char      *taken = g_ptr_array_index (self->targets, adw_combo_row_get_selected (row) - 1);
          /* Translators: a field can take only one column; "“City” now comes from the column “Town”, not “Address”" */
          g_autofree char *message = g_strdup_printf (_ ("“%s” now comes from the column “%s”, not “%s”"),
                                                      crm_import_mapping_get_target_label (self->type, taken),
                                                      crm_importer_get_header (self->importer, changed),
                                                      crm_importer_get_header (self->importer, c));

          /* Short: it only confirms what the rows show, and moving
           * several columns in a row queues one toast per move. */
          show_toast (self, message, 3);
        }
      adw_combo_row_set_selected (row, index);
    }
  self->updating = FALSE;
}

static void
on_target_selected_cb (AdwComboRow     *row,
                       GParamSpec      *pspec,
                       CrmImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint selected = adw_combo_row_get_selected (row);

  /* Rows going away (a new file, the dialog closing) choose nothing. */
  if (self->updating || self->disposed || self->importer == NULL || self->running || self->column_rows == NULL || column >= self->column_rows->len || g_ptr_array_index (self->column_rows, column) != row || selected == GTK_INVALID_LIST_POSITION)
    return;

  crm_importer_set_target (self->importer, column,
                           selected == 0 || selected > self->targets->len ? NULL : g_ptr_array_index (self->targets, selected - 1));
  sync_column_rows (self, column);
  update_missing (self);
}

/* Cut by hand, not ellipsized: GTK 4.8 squeezes a label that may shrink
 * to nothing in a grid (and warns about one-letter ellipsized ones). */
static char *
dup_shortened (const char *text,
               guint       n_chars)
{
  g_autofree char *start = NULL;

  if (g_utf8_strlen (text, -1) <= n_chars)
    return g_strdup (text);
  start = g_utf8_substring (text, 0, n_chars - 1);
  return g_strconcat (start, "…", NULL);
}

static GtkWidget *
preview_label (const char *text,
               gboolean    heading)
{
  g_autofree char *shown = dup_shortened (text, PREVIEW_CHARS);
  GtkWidget       *label = gtk_label_new (shown);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  if (!g_str_equal (shown, text))
    gtk_widget_set_tooltip_text (label, text);
  return label;
}

/* The first value of a column in the preview, to recognise it by. */
static const char *
sample_value (GPtrArray *preview,
              guint      column)
{
  for (guint r = 0; r < preview->len; r++)
    {
      GStrv row = g_ptr_array_index (preview, r);

      if (g_strv_length (row) > column && row[column][0] != '\0')
        return row[column];
    }
  return NULL;
}

static void
clear_columns (CrmImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_grid))) != NULL)
    gtk_grid_remove (self->preview_grid, child);
  for (guint i = 0; self->column_rows != NULL && i < self->column_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->column_rows, i);

      g_signal_handlers_disconnect_by_data (row, self);
      adw_preferences_group_remove (self->columns_group, row);
    }
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
}

/* The page of columns from what the importer read. */
static void
fill_columns (CrmImportDialog *self)
{
  GPtrArray *preview = crm_importer_get_preview (self->importer);
  guint      n_columns = crm_importer_get_n_columns (self->importer);
  gboolean   csv = crm_importer_get_format (self->importer) == CRM_IMPORT_FORMAT_CSV;

  clear_columns (self);

  {
    g_autofree char *name = dup_file_name (crm_importer_get_file (self->importer));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
    adw_action_row_set_subtitle (self->file_row, csv ? _ ("CSV file") : _ ("vCard file"));
  }

  self->updating = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_row), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_row), csv);
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (encodings[i] == crm_importer_get_encoding (self->importer))
      adw_combo_row_set_selected (self->encoding_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (delimiters[i] == crm_importer_get_delimiter (self->importer))
      adw_combo_row_set_selected (self->delimiter_row, i);
  self->updating = FALSE;

  for (guint c = 0; c < n_columns; c++)
    gtk_grid_attach (self->preview_grid, preview_label (crm_importer_get_header (self->importer, c), TRUE), c, 0, 1, 1);
  for (guint r = 0; r < preview->len; r++)
    {
      GStrv row = g_ptr_array_index (preview, r);

      for (guint c = 0; row[c] != NULL && c < n_columns; c++)
        gtk_grid_attach (self->preview_grid, preview_label (row[c], FALSE), c, r + 1, 1, 1);
    }

  self->column_rows = g_ptr_array_new ();
  self->updating = TRUE;
  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget  *row = adw_combo_row_new ();
      const char *sample = sample_value (preview, c);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_importer_get_header (self->importer, c));
      if (sample != NULL)
        {
          g_autofree char *shown = dup_shortened (sample, 2 * PREVIEW_CHARS);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (self->target_labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), target_index (self, crm_importer_get_target (self->importer, c)));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_target_selected_cb), self);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
  self->updating = FALSE;

  update_missing (self);
}

static void
on_format_changed_cb (CrmImportDialog *self)
{
  g_autoptr (GError) error = NULL;
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  guint delimiter = adw_combo_row_get_selected (self->delimiter_row);

  if (self->updating || self->disposed || self->importer == NULL || self->running)
    return;
  if (encoding >= G_N_ELEMENTS (encodings) || delimiter >= G_N_ELEMENTS (delimiters))
    return;

  /* The person knows better than the guess: read the file again their way. */
  if (!crm_importer_set_encoding (self->importer, encodings[encoding], &error) || !crm_importer_set_delimiter (self->importer, delimiters[delimiter], &error))
    {
      /* Translators: %s says why, e.g. "bytes on line 3 are not UTF-8" */
      g_autofree char *message = g_strdup_printf (_ ("The file cannot be read this way: %s"), error->message);

      show_banner (self, message);
    }
  else
    hide_banner (self);

  /* Either way the page shows what the importer has now. */
  fill_columns (self);
}

/* Opening a file ---------------------------------------------------------- */

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  CrmImportDialog *self = source;
  GError          *error = NULL;
  CrmImporter     *importer = crm_importer_new (crm_context_get_store (self->context), self->type, data, cancellable,
                                                &error);

  if (importer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, importer, g_object_unref);
}

/* "<why>.\nNothing was imported." */
static char *
dup_nothing_imported (const GError *error)
{
  const char      *message = error->message;
  gboolean         stop = g_str_has_suffix (message, ".") || g_str_has_suffix (message, "!") || g_str_has_suffix (message, "?") || g_str_has_suffix (message, "…");
  g_autofree char *reason = g_strconcat (message, stop ? "" : ".", NULL);

  /* Translators: the reason a file cannot be imported, then that nothing changed */
  return g_strdup_printf (_ ("%s\nNothing was imported."), reason);
}

static void
show_file_error (CrmImportDialog *self,
                 const GError    *error)
{
  g_autofree char *description = dup_nothing_imported (error);

  adw_status_page_set_icon_name (self->file_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->file_page, _ ("The File Cannot Be Imported"));
  adw_status_page_set_description (self->file_page, description);
  gtk_button_set_label (self->choose_button, _ ("_Choose Another File…"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  set_page (self, "file");
}

/* Try Again: the new importer of the same file takes the choices made
 * in the old one. */
static void
copy_choices (CrmImporter *to,
              CrmImporter *from)
{
  if (crm_importer_get_format (to) == CRM_IMPORT_FORMAT_CSV && (!crm_importer_set_encoding (to, crm_importer_get_encoding (from), NULL) || !crm_importer_set_delimiter (to, crm_importer_get_delimiter (from), NULL)))
    return;
  if (crm_importer_get_n_columns (to) != crm_importer_get_n_columns (from))
    return;
  for (guint c = 0; c < crm_importer_get_n_columns (to); c++)
    crm_importer_set_target (to, c, NULL);
  for (guint c = 0; c < crm_importer_get_n_columns (to); c++)
    crm_importer_set_target (to, c, crm_importer_get_target (from, c));
}

static void
on_opened_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (object);
  g_autoptr (CrmImporter) importer = NULL;
  g_autoptr (GError) error = NULL;

  importer = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (importer == NULL)
    {
      show_file_error (self, error);
      return;
    }

  if (self->previous != NULL && g_file_equal (crm_importer_get_file (self->previous), crm_importer_get_file (importer)))
    copy_choices (importer, self->previous);
  g_clear_object (&self->previous);
  g_set_object (&self->importer, importer);
  fill_columns (self);
  set_page (self, "columns");
}

void
crm_import_dialog_open_file (CrmImportDialog *self,
                             GFile           *file)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->running);

  g_clear_object (&self->importer);
  g_clear_object (&self->previous);
  self->batch_id = 0;
  clear_columns (self);
  hide_banner (self);
  name = dup_file_name (file);
  adw_window_title_set_subtitle (self->window_title, name);
  set_page (self, "opening");

  /* A file chosen while another opens replaces it. */
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_set_object (&self->open_cancellable, g_cancellable_new ());
  task = g_task_new (self, self->open_cancellable, on_opened_cb, NULL);
  g_task_set_source_tag (task, crm_import_dialog_open_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

static void
on_file_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   CrmImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !self->disposed)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        crm_import_dialog_open_file (self, file);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser    *chooser,
            const char        *name,
            const char *const *suffixes,
            const char        *mime_type)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  if (suffixes == NULL)
    gtk_file_filter_add_pattern (filter, "*"); /* every file, with or without a suffix */
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  static const char *const csv[] = { "csv", "txt", NULL };
  static const char *const vcard[] = { "vcf", "vcard", NULL };
  CrmImportDialog         *self = CRM_IMPORT_DIALOG (widget);
  GtkFileChooserNative    *chooser;

  chooser = gtk_file_chooser_native_new (_ ("Choose a File to Import"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (chooser), _ ("CSV files"), csv, "text/csv");
  if (g_str_equal (self->type->name, "contact"))
    add_filter (GTK_FILE_CHOOSER (chooser), _ ("vCard files"), vcard, "text/vcard");
  add_filter (GTK_FILE_CHOOSER (chooser), _ ("All files"), NULL, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The run ----------------------------------------------------------------- */

static gboolean
pulse_cb (gpointer data)
{
  CrmImportDialog *self = data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
on_progress_cb (CrmImporter     *importer,
                GParamSpec      *pspec,
                CrmImportDialog *self)
{
  if (!crm_importer_get_saving (importer))
    gtk_progress_bar_set_fraction (self->progress_bar, crm_importer_get_progress (importer));
}

static void
on_saving_cb (CrmImporter     *importer,
              GParamSpec      *pspec,
              CrmImportDialog *self)
{
  if (crm_importer_get_saving (importer) && self->pulse_id == 0)
    {
      /* No fraction is known while the database applies the rows. */
      gtk_progress_bar_set_text (self->progress_bar, _ ("Saving…"));
      adw_status_page_set_description (self->progress_page, _ ("The rows are being saved to the database"));
      gtk_progress_bar_set_pulse_step (self->progress_bar, 0.1);
      self->pulse_id = g_timeout_add (100, pulse_cb, self);
    }
  else if (!crm_importer_get_saving (importer))
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

/* "1234 contacts" → "1 234 contacts" as the locale groups digits. */
static char *
group_digits (char *text,
              guint n)
{
  g_autofree char *plain = g_strdup_printf ("%u", n);
  g_autofree char *grouped = g_strdup_printf ("%'u", n);
  const char      *at = strstr (text, plain);
  char            *result;

  if (at == NULL || g_str_equal (plain, grouped))
    return text;
  result = g_strdup_printf ("%.*s%s%s", (int) (at - text), text, grouped, at + strlen (plain));
  g_free (text);
  return result;
}

/* "12 contacts added", "3 updated" → "12 contacts added, 3 updated" */
static char *
join_counts (GPtrArray *parts)
{
  g_autofree char *sentence = NULL;
  g_autofree char *first = NULL;
  const char      *rest;

  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between the counts of an import */
  sentence = g_strjoinv (_ (", "), (char **) parts->pdata);
  g_ptr_array_set_size (parts, parts->len - 1);
  if (sentence[0] == '\0')
    return g_steal_pointer (&sentence);

  /* A sentence begins with a capital letter whichever count comes first. */
  rest = g_utf8_next_char (sentence);
  first = g_utf8_strup (sentence, rest - sentence);
  return g_strconcat (first, rest, NULL);
}

/* "12 contacts added, 3 updated, 5 skipped as duplicates, 2 rows rejected" */
static char *
format_counts (CrmImportDialog *self)
{
  const CrmImportCounts *counts = crm_importer_get_counts (self->importer);
  guint                  n_rejected = crm_importer_get_n_rejected (self->importer);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (counts->n_inserted > 0 || (counts->n_updated + counts->n_skipped + counts->n_unchanged + n_rejected == 0))
    {
      g_autofree char *count = group_digits (crm_record_type_format_count (self->type, counts->n_inserted),
                                             counts->n_inserted);

      /* Translators: %s is "12 contacts" or "1 account" */
      g_ptr_array_add (parts, g_strdup_printf (_ ("%s added"), count));
    }
  if (counts->n_updated > 0)
    /* Translators: records of the file that updated stored ones */
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated",
                                                                        counts->n_updated),
                                                           counts->n_updated),
                                          counts->n_updated));
  if (counts->n_unchanged > 0)
    /* Translators: rows that matched a stored record holding the same values */
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u already up to date",
                                                                        "%u already up to date", counts->n_unchanged),
                                                           counts->n_unchanged),
                                          counts->n_unchanged));
  if (counts->n_skipped > 0)
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u skipped as a duplicate",
                                                                        "%u skipped as duplicates", counts->n_skipped),
                                                           counts->n_skipped),
                                          counts->n_skipped));
  if (counts->n_accounts_created > 0)
    /* Translators: contacts were linked to accounts that did not exist yet */
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new account created for them",
                                                                        "%u new accounts created for them",
                                                                        counts->n_accounts_created),
                                                           counts->n_accounts_created),
                                          counts->n_accounts_created));
  if (n_rejected > 0)
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row rejected", "%u rows rejected",
                                                                        n_rejected),
                                                           n_rejected),
                                          n_rejected));
  return join_counts (parts);
}

static GtkWidget *
reject_row (const CrmImportReject *reject)
{
  GtkWidget       *row = adw_action_row_new ();
  g_autofree char *where = NULL;

  if (reject->column != NULL)
    /* Translators: where a rejected row is: "Line 12, column “E-mail”" */
    where = g_strdup_printf (_ ("Line %u, column “%s”"), reject->line, reject->column);
  else
    where = g_strdup_printf (_ ("Line %u"), reject->line);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reject->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
  return row;
}

static void
fill_rejects (CrmImportDialog *self)
{
  GPtrArray *rejects = crm_importer_get_rejects (self->importer);
  guint      n_rejected = crm_importer_get_n_rejected (self->importer);
  guint      shown = MIN (rejects->len, MAX_SHOWN_REJECTS);
  GFile     *file = crm_importer_get_rejects_file (self->importer);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejects_list))) != NULL)
    gtk_list_box_remove (self->rejects_list, child);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->rejects_list, reject_row (g_ptr_array_index (rejects, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rejects_button), n_rejected > 0 && g_file_query_exists (file, NULL));
  if (n_rejected > shown)
    {
      /* Translators: "The first 50 of 1 234. Save them all…" */
      g_autofree char *description = g_strdup_printf (_ ("The first %u of %u. Save them all to a file, fix them there and import that file again."),
                                                      shown, n_rejected);

      adw_preferences_group_set_description (self->rejects_group, description);
    }
  else
    adw_preferences_group_set_description (self->rejects_group,
                                           _ ("Save them to a file, fix them there and import that file again."));
}

static void
show_result (CrmImportDialog *self,
             gboolean         ok,
             const GError    *error)
{
  const CrmImportCounts *counts = crm_importer_get_counts (self->importer);
  gboolean               changed = ok && counts->n_inserted + counts->n_updated + counts->n_accounts_created > 0;
  g_autofree char       *description = NULL;

  self->batch_id = changed ? counts->batch_id : 0;
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_status_page_set_icon_name (self->done_page, "process-stop-symbolic");
      adw_status_page_set_title (self->done_page, _ ("Import Cancelled"));
      description = g_strdup (_ ("Nothing was imported: the rows read so far were rolled back."));
    }
  else if (!ok)
    {
      adw_status_page_set_icon_name (self->done_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->done_page, _ ("Import Failed"));
      description = dup_nothing_imported (error);
    }
  else
    {
      /* Rows that all matched what is stored are no failure; rows that
       * were all rejected are. */
      gboolean matched = counts->n_skipped + counts->n_unchanged > 0;

      adw_status_page_set_icon_name (self->done_page, changed || matched ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
      adw_status_page_set_title (self->done_page, changed   ? _ ("Import Finished")
                                                  : matched ? _ ("Nothing New to Import")
                                                            : _ ("Nothing Was Imported"));
      description = format_counts (self);
    }
  adw_status_page_set_description (self->done_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->undo_button), self->batch_id > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), !ok);
  fill_rejects (self);
  set_page (self, "done");

  if (changed)
    g_signal_emit (self, signals[FINISHED], 0);
}

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CrmImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  CrmImporter *importer = CRM_IMPORTER (object);
  gboolean     ok = crm_importer_run_finish (importer, result, &error);

  self->running = FALSE;
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (importer, self);

  if (self->disposed)
    {
      /* Closed while running: the lists must still learn of a batch that
       * got in before the Cancel reached it. */
      const CrmImportCounts *counts = crm_importer_get_counts (importer);

      if (ok && counts->n_inserted + counts->n_updated + counts->n_accounts_created > 0)
        g_signal_emit (self, signals[FINISHED], 0);
      return;
    }
  if (!ok)
    g_debug ("Import failed: %s", error->message);
  show_result (self, ok, error);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);
  guint            mode = adw_combo_row_get_selected (self->duplicates_row);
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;

  if (self->importer == NULL || self->running || self->missing != NULL)
    return;

  crm_importer_set_duplicates (self->importer, duplicate_modes[MIN (mode, G_N_ELEMENTS (duplicate_modes) - 1)]);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  self->running = TRUE;

  name = dup_file_name (crm_importer_get_file (self->importer));
  /* Translators: %s is a file name */
  description = g_strdup_printf (_ ("Reading “%s”…"), name);
  adw_status_page_set_description (self->progress_page, description);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  hide_banner (self);
  set_page (self, "progress");

  g_signal_connect (self->importer, "notify::progress", G_CALLBACK (on_progress_cb), self);
  g_signal_connect (self->importer, "notify::saving", G_CALLBACK (on_saving_cb), self);
  crm_importer_run_async (self->importer, self->run_cancellable, on_run_done_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);

  if (!self->running)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  g_cancellable_cancel (self->run_cancellable);
  adw_status_page_set_description (self->progress_page, _ ("Cancelling…"));
  update_actions (self);
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);
  g_autoptr (CrmImporter) previous = NULL;

  if (self->importer == NULL || self->running)
    return;

  /* An importer runs once: read the file again with the same choices. */
  previous = g_object_ref (self->importer);
  crm_import_dialog_open_file (self, crm_importer_get_file (previous));
  g_set_object (&self->previous, previous);
}

/* Undo ---------------------------------------------------------------------- */

static void
on_undone_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char    *joined = NULL;
  g_autofree char    *description = NULL;
  CrmImportUndoCounts counts = { 0 };

  self->undoing = FALSE;
  if (!crm_importer_undo_finish (result, &counts, &error))
    {
      g_autofree char *message = NULL;

      if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      message = g_strdup_printf (_ ("Could not undo the import: %s"), error->message);
      show_banner (self, message);
      update_actions (self);
      return;
    }

  /* Translators: records the undo deleted again */
  g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record deleted", "%u records deleted",
                                                                      counts.n_deleted),
                                                         counts.n_deleted),
                                        counts.n_deleted));
  if (counts.n_restored > 0)
    /* Translators: records the undo put back as they were before the import */
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record restored", "%u records restored",
                                                                        counts.n_restored),
                                                           counts.n_restored),
                                          counts.n_restored));
  if (counts.n_kept > 0)
    g_ptr_array_add (parts, group_digits (g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                        "%u record kept because it was changed after the import",
                                                                        "%u records kept because they were changed after the import",
                                                                        counts.n_kept),
                                                           counts.n_kept),
                                          counts.n_kept));
  description = join_counts (parts);

  self->batch_id = 0;
  if (!self->disposed)
    {
      adw_status_page_set_icon_name (self->done_page, "edit-undo-symbolic");
      adw_status_page_set_title (self->done_page, _ ("Import Undone"));
      adw_status_page_set_description (self->done_page, description);
      gtk_widget_set_visible (GTK_WIDGET (self->undo_button), FALSE);
      hide_banner (self);
      update_actions (self);
    }
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);

  if (self->batch_id <= 0 || self->undoing)
    return;

  self->undoing = TRUE;
  update_actions (self);
  crm_importer_undo_async (crm_context_get_store (self->context), self->batch_id, self->cancellable, on_undone_cb,
                           g_object_ref (self));
}

/* The rejected rows --------------------------------------------------------- */

static void
on_rejects_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CrmImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  GFile *target = g_object_get_data (G_OBJECT (self), "rejects-target");

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why */
      message = g_strdup_printf (_ ("Could not save the rejected rows: %s"), error->message);
      show_banner (self, message);
      return;
    }
  if (!self->disposed && target != NULL)
    {
      g_autofree char *name = dup_file_name (target);
      /* Translators: %s is a file name */
      g_autofree char *message = g_strdup_printf (_ ("Rejected rows saved to “%s”"), name);

      show_toast (self, message, 6);
    }
}

void
crm_import_dialog_save_rejects (CrmImportDialog *self,
                                GFile           *file)
{
  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->importer != NULL);

  g_object_set_data_full (G_OBJECT (self), "rejects-target", g_object_ref (file), g_object_unref);
  g_file_copy_async (crm_importer_get_rejects_file (self->importer), file, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     self->cancellable, NULL, NULL, on_rejects_saved_cb, g_object_ref (self));
}

static void
on_rejects_chosen_cb (GtkNativeDialog *chooser,
                      int              response,
                      CrmImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && !self->disposed)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        crm_import_dialog_save_rejects (self, file);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
save_rejects_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  static const char *const csv[] = { "csv", NULL };
  CrmImportDialog         *self = CRM_IMPORT_DIALOG (widget);
  g_autofree char         *name = NULL;
  GtkFileChooserNative    *chooser;

  if (self->importer == NULL)
    return;

  name = dup_file_name (crm_importer_get_rejects_file (self->importer));
  chooser = gtk_file_chooser_native_new (_ ("Save Rejected Rows"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _ ("_Save"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  add_filter (GTK_FILE_CHOOSER (chooser), _ ("CSV files"), csv, "text/csv");
  g_signal_connect (chooser, "response", G_CALLBACK (on_rejects_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  hide_banner (CRM_IMPORT_DIALOG (widget));
}

/* The window ---------------------------------------------------------------- */

static gboolean
crm_import_dialog_close_request (GtkWindow *window)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (window);

  /* Closing while the rows go in is a Cancel: the batch is rolled back. */
  if (self->running)
    g_cancellable_cancel (self->run_cancellable);

  return GTK_WINDOW_CLASS (crm_import_dialog_parent_class)->close_request (window);
}

static void
crm_import_dialog_dispose (GObject *object)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->importer != NULL)
    g_signal_handlers_disconnect_by_data (self->importer, self);
  for (guint i = 0; self->column_rows != NULL && i < self->column_rows->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->column_rows, i), self);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->importer);
  g_clear_object (&self->previous);
  g_clear_object (&self->target_labels);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_import_dialog_parent_class)->dispose (object);
}

static void
crm_import_dialog_finalize (GObject *object)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->run_cancellable);

  G_OBJECT_CLASS (crm_import_dialog_parent_class)->finalize (object);
}

static void
crm_import_dialog_class_init (CrmImportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crm_import_dialog_dispose;
  object_class->finalize = crm_import_dialog_finalize;
  window_class->close_request = crm_import_dialog_close_request;

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  (void) rapport_ui_get_resource (); /* links the static library's resources in */
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, banner_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, file_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, opening_spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, columns_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, format_group);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, missing_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, missing_label);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, undo_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, again_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, rejects_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, rejects_group);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, rejects_list);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "import.try-again", NULL, try_again_action);
  gtk_widget_class_install_action (widget_class, "import.save-rejects", NULL, save_rejects_action);
  gtk_widget_class_install_action (widget_class, "import.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
crm_import_dialog_init (CrmImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  set_page (self, "file");
}

GtkWidget *
crm_import_dialog_new (CrmContext          *context,
                       const CrmRecordType *type)
{
  CrmImportDialog *self;
  gboolean         contacts;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (CRM_TYPE_IMPORT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->type = type;
  contacts = g_str_equal (type->name, "contact");

  self->targets = crm_import_mapping_list_targets (type);
  self->target_labels = gtk_string_list_new (NULL);
  gtk_string_list_append (self->target_labels, _ ("Do not import"));
  for (guint i = 0; i < self->targets->len; i++)
    gtk_string_list_append (self->target_labels,
                            crm_import_mapping_get_target_label (type, g_ptr_array_index (self->targets, i)));

  adw_window_title_set_title (self->window_title,
                              contacts                              ? _ ("Import Contacts")
                              : g_str_equal (type->name, "account") ? _ ("Import Accounts")
                                                                    : _ ("Import"));
  adw_status_page_set_title (self->file_page, _ ("Choose a File to Import"));
  adw_status_page_set_description (self->file_page,
                                   contacts ? _ ("A CSV file from Excel, 1C or another CRM, or a vCard file from an address book or a phone. You will see its columns before anything is imported.")
                                            : _ ("A CSV file from Excel, 1C or another CRM. You will see its columns before anything is imported."));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->duplicates_row),
                               contacts ? _ ("A contact is the same when its e-mail matches, else its mobile or work phone, else its full name at the same account")
                                        : _ ("An account is the same when its INN and KPP match (its INN, when the file has no KPP)"));
  return GTK_WIDGET (self);
}

const char *
crm_import_dialog_get_page (CrmImportDialog *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

CrmImporter *
crm_import_dialog_get_importer (CrmImportDialog *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), NULL);

  return self->importer;
}

CrmCsvEncoding
crm_import_dialog_get_encoding (CrmImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), CRM_CSV_ENCODING_AUTO);

  selected = adw_combo_row_get_selected (self->encoding_row);
  return selected < G_N_ELEMENTS (encodings) ? encodings[selected] : CRM_CSV_ENCODING_AUTO;
}

char
crm_import_dialog_get_delimiter (CrmImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), '\0');

  selected = adw_combo_row_get_selected (self->delimiter_row);
  return selected < G_N_ELEMENTS (delimiters) ? delimiters[selected] : '\0';
}

void
crm_import_dialog_set_encoding (CrmImportDialog *self,
                                CrmCsvEncoding   encoding)
{
  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (encodings[i] == encoding)
      adw_combo_row_set_selected (self->encoding_row, i);
}

const char *
crm_import_dialog_get_target (CrmImportDialog *self,
                              guint            column)
{
  guint selected;

  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), NULL);

  if (self->column_rows == NULL || column >= self->column_rows->len)
    return NULL;
  selected = adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, column));
  return selected == 0 || selected > self->targets->len ? NULL : g_ptr_array_index (self->targets, selected - 1);
}

void
crm_import_dialog_set_target (CrmImportDialog *self,
                              guint            column,
                              const char      *target)
{
  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (self->column_rows != NULL && column < self->column_rows->len);

  adw_combo_row_set_selected (g_ptr_array_index (self->column_rows, column), target_index (self, target));
}

void
crm_import_dialog_set_duplicates (CrmImportDialog    *self,
                                  CrmImportDuplicates mode)
{
  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (duplicate_modes); i++)
    if (duplicate_modes[i] == mode)
      adw_combo_row_set_selected (self->duplicates_row, i);
}

const char *
crm_import_dialog_get_missing (CrmImportDialog *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), NULL);

  return self->missing;
}

const char *
crm_import_dialog_get_result_title (CrmImportDialog *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), NULL);

  return adw_status_page_get_title (self->done_page);
}

const char *
crm_import_dialog_get_result_description (CrmImportDialog *self)
{
  g_return_val_if_fail (CRM_IS_IMPORT_DIALOG (self), NULL);

  return adw_status_page_get_description (self->done_page);
}
