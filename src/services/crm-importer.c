/* crm-importer.c — a CSV or vCard file into accounts or contacts
 *
 * The setup half (open, detect, preview, targets) runs on the caller's
 * thread and reads only the file's beginning. A run reads the file again
 * from the start on a worker: inside crm_store_run_sync() it opens a
 * CrmImportLoad, checks each row and streams the good ones into the
 * load's COPY, writes the bad ones to the rejects file, and commits — or
 * leaves the load to roll back on any error or Cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "crm-import-mapping.h"
#include "crm-importer.h"
#include "crm-requisites.h"
#include "crm-vcard.h"

#define PREVIEW_ROWS 5
/* Progress is reported every this many rows. */
#define PROGRESS_EVERY 2000

/* The fixed columns of a vCard file (what crm_vcard_parse fills). */
static const char *const vcard_targets[] = {
  "last_name",
  "first_name",
  "middle_name",
  CRM_IMPORT_TARGET_ACCOUNT_NAME,
  "position",
  "phone_mobile",
  "phone_work",
  "phone_home",
  "email",
  "email2",
  "city",
  "birthday",
  "skype",
  "comments",
};

struct _CrmImporter
{
  GObject              parent_instance;

  CrmStore            *store;
  const CrmRecordType *type;
  GFile               *file;
  CrmImportFormat      format;

  CrmCsvEncoding       encoding;
  char                 delimiter;
  GPtrArray           *headers; /* char * */
  GPtrArray           *preview; /* GStrv */
  GPtrArray           *targets; /* static char * or NULL, one per column */

  GPtrArray           *contacts; /* vCard: CrmContact, read at open */
  GPtrArray           *vcard_warnings;

  CrmImportDuplicates  mode;
  GFile               *rejects_file;
  gboolean             dry_run;
  gboolean             running;

  /* Results of a run. */
  CrmImportCounts      counts;
  guint                n_rows;
  guint                n_rejected;
  GPtrArray           *rejects; /* CrmImportReject */

  /* Progress: written by the worker, read on the caller's thread. */
  double               progress;
  gboolean             saving;
  gint                 worker_permille;
  gint                 worker_saving;
  gint                 progress_pending;
  GMainContext        *context;
};

G_DEFINE_FINAL_TYPE (CrmImporter, crm_importer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PROGRESS,
  PROP_SAVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
reject_free (CrmImportReject *reject)
{
  g_free (reject->column);
  g_free (reject->message);
  g_free (reject);
}

static void
crm_importer_finalize (GObject *object)
{
  CrmImporter *self = CRM_IMPORTER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->preview, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->vcard_warnings, g_ptr_array_unref);
  g_clear_object (&self->rejects_file);
  g_clear_pointer (&self->rejects, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (crm_importer_parent_class)->finalize (object);
}

static void
crm_importer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmImporter *self = CRM_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_importer_class_init (CrmImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_importer_finalize;
  object_class->get_property = crm_importer_get_property;

  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAVING] = g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_importer_init (CrmImporter *self)
{
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->targets = g_ptr_array_new ();
  self->rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) reject_free);
  self->delimiter = ';';
}

/* ---- Opening and the setup ---- */

static gboolean
looks_like_vcard (GFile        *file,
                  GCancellable *cancellable)
{
  g_autoptr (GFileInputStream) in = g_file_read (file, cancellable, NULL);
  char        buf[512];
  gssize      n;
  const char *p;

  if (in == NULL)
    return FALSE;
  n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf - 1, cancellable, NULL);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  p = buf;
  if (n >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return g_ascii_strncasecmp (p, "BEGIN:VCARD", 11) == 0;
}

static void
suggest_targets (CrmImporter *self)
{
  g_autoptr (GPtrArray) headers = g_ptr_array_new ();
  g_autoptr (GPtrArray) suggested = NULL;

  for (guint i = 0; i < self->headers->len; i++)
    g_ptr_array_add (headers, self->headers->pdata[i]);
  g_ptr_array_add (headers, NULL);
  suggested = crm_import_mapping_suggest_all (self->type, (const char *const *) headers->pdata);

  g_ptr_array_set_size (self->targets, 0);
  for (guint i = 0; i < self->headers->len; i++)
    g_ptr_array_add (self->targets, i < suggested->len ? suggested->pdata[i] : NULL);
}

static CrmCsvReader *
open_reader (CrmImporter  *self,
             gboolean      detect,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (CrmCsvReader) reader = crm_csv_reader_new (self->file, cancellable, error);

  if (reader == NULL)
    return NULL;
  if (detect)
    {
      self->encoding = crm_csv_reader_get_encoding (reader);
      self->delimiter = crm_csv_reader_get_delimiter (reader);
      return g_steal_pointer (&reader);
    }
  if (crm_csv_reader_get_encoding (reader) != self->encoding && !crm_csv_reader_set_encoding (reader, self->encoding, error))
    return NULL;
  if (crm_csv_reader_get_delimiter (reader) != self->delimiter && !crm_csv_reader_set_delimiter (reader, self->delimiter, error))
    return NULL;
  return g_steal_pointer (&reader);
}

static char *
dup_display_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return g_filename_display_name (name ? name : "");
}

/* Read the header and the preview with the current encoding and
 * delimiter (@detect: take the reader's guesses first). */
static gboolean
read_setup (CrmImporter  *self,
            gboolean      detect,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr (CrmCsvReader) reader = open_reader (self, detect, cancellable, error);
  g_auto (GStrv) header = NULL;
  GError *local_error = NULL;

  if (reader == NULL)
    return FALSE;

  header = crm_csv_reader_next (reader, NULL, &local_error);
  if (header == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        {
          g_autofree char *name = dup_display_name (self->file);

          g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY, _ ("“%s” is empty"), name);
        }
      return FALSE;
    }

  g_ptr_array_set_size (self->headers, 0);
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *stripped = crm_text_strip (crm_csv_unneutralize (header[i]));

      g_ptr_array_add (self->headers,
                       stripped[0] != '\0' ? g_steal_pointer (&stripped) : g_strdup_printf (_ ("Column %u"), i + 1));
    }

  g_ptr_array_set_size (self->preview, 0);
  while (self->preview->len < PREVIEW_ROWS)
    {
      GStrv row = crm_csv_reader_next (reader, NULL, &local_error);

      if (row == NULL)
        break;
      g_ptr_array_add (self->preview, row);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (self->preview->len == 0)
    {
      g_autofree char *name = dup_display_name (self->file);

      g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY, _ ("“%s” has column names but no rows to import"),
                   name);
      return FALSE;
    }

  suggest_targets (self);
  return TRUE;
}

static gboolean
open_vcard (CrmImporter *self,
            GError     **error)
{
  self->contacts = crm_vcard_load_file (self->file, &self->vcard_warnings, error);
  if (self->contacts == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (vcard_targets); i++)
    {
      g_ptr_array_add (self->headers, g_strdup (crm_import_mapping_get_target_label (self->type, vcard_targets[i])));
      g_ptr_array_add (self->targets, (gpointer) vcard_targets[i]);
    }
  for (guint r = 0; r < MIN (self->contacts->len, PREVIEW_ROWS); r++)
    {
      GStrv row = g_new0 (char *, G_N_ELEMENTS (vcard_targets) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (vcard_targets); i++)
        {
          char *text = crm_record_dup_text (self->contacts->pdata[r], vcard_targets[i]);

          row[i] = text ? text : g_strdup ("");
        }
      g_ptr_array_add (self->preview, row);
    }
  return TRUE;
}

CrmImporter *
crm_importer_new (CrmStore            *store,
                  const CrmRecordType *type,
                  GFile               *file,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr (CrmImporter) self = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (CRM_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  self->type = type;
  self->file = g_object_ref (file);

  name = g_file_get_basename (file);
  {
    g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "rapport", NULL);
    g_autofree char *stem = g_strdup (name ? name : "import");
    g_autofree char *rejects = NULL;
    char            *dot = strrchr (stem, '.');

    if (dot != NULL && dot != stem)
      *dot = '\0';
    rejects = g_strdup_printf ("%s-rejects.csv", stem);
    self->rejects_file = g_file_new_build_filename (cache, rejects, NULL);
  }

  if (looks_like_vcard (file, cancellable))
    {
      if (!g_str_equal (type->name, "contact"))
        {
          g_autofree char *display = dup_display_name (file);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _ ("“%s” is a vCard file: it holds people, which can be imported as contacts only"), display);
          return NULL;
        }
      self->format = CRM_IMPORT_FORMAT_VCARD;
      self->encoding = CRM_CSV_ENCODING_UTF8;
      if (!open_vcard (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  self->format = CRM_IMPORT_FORMAT_CSV;
  if (!read_setup (self, TRUE, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

const CrmRecordType *
crm_importer_get_record_type (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  return self->type;
}

GFile *
crm_importer_get_file (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  return self->file;
}

CrmImportFormat
crm_importer_get_format (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), CRM_IMPORT_FORMAT_CSV);
  return self->format;
}

CrmCsvEncoding
crm_importer_get_encoding (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), CRM_CSV_ENCODING_UTF8);
  return self->encoding;
}

/* Re-read with new settings; on failure the old ones stay. */
static gboolean
reread (CrmImporter   *self,
        CrmCsvEncoding encoding,
        char           delimiter,
        GError       **error)
{
  CrmCsvEncoding old_encoding = self->encoding;
  char           old_delimiter = self->delimiter;

  g_return_val_if_fail (!self->running, FALSE);

  if (self->format != CRM_IMPORT_FORMAT_CSV)
    return TRUE;
  self->encoding = encoding;
  self->delimiter = delimiter;
  if (read_setup (self, FALSE, NULL, error))
    return TRUE;
  self->encoding = old_encoding;
  self->delimiter = old_delimiter;
  return FALSE;
}

gboolean
crm_importer_set_encoding (CrmImporter   *self,
                           CrmCsvEncoding encoding,
                           GError       **error)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  return encoding == self->encoding || reread (self, encoding, self->delimiter, error);
}

char
crm_importer_get_delimiter (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), ';');
  return self->delimiter;
}

gboolean
crm_importer_set_delimiter (CrmImporter *self,
                            char         delimiter,
                            GError     **error)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  return delimiter == self->delimiter || reread (self, self->encoding, delimiter, error);
}

guint
crm_importer_get_n_columns (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), 0);
  return self->headers->len;
}

const char *
crm_importer_get_header (CrmImporter *self,
                         guint        column)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (column < self->headers->len, NULL);
  return self->headers->pdata[column];
}

GPtrArray *
crm_importer_get_preview (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  return self->preview;
}

const char *
crm_importer_get_target (CrmImporter *self,
                         guint        column)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (column < self->targets->len, NULL);
  return self->targets->pdata[column];
}

gboolean
crm_importer_set_target (CrmImporter *self,
                         guint        column,
                         const char  *target)
{
  GPtrArray *all;

  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (column < self->targets->len, FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (target == NULL || target[0] == '\0')
    {
      self->targets->pdata[column] = NULL;
      return TRUE;
    }

  /* Keep the static string of the list, not the caller's. */
  all = crm_import_mapping_list_targets (self->type);
  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (all->pdata[i], target))
      {
        for (guint c = 0; c < self->targets->len; c++)
          if (self->targets->pdata[c] != NULL && g_str_equal (self->targets->pdata[c], target))
            self->targets->pdata[c] = NULL;
        self->targets->pdata[column] = all->pdata[i];
        g_ptr_array_unref (all);
        return TRUE;
      }
  g_ptr_array_unref (all);
  return FALSE;
}

static gboolean
find_column (CrmImporter *self,
             const char  *name,
             guint       *column)
{
  g_autofree char *folded = crm_import_mapping_fold (name);
  guint64          number;

  if (g_ascii_string_to_unsigned (name, 10, 1, self->headers->len, &number, NULL))
    {
      *column = (guint) number - 1;
      return TRUE;
    }
  for (guint i = 0; i < self->headers->len; i++)
    if (g_strcmp0 (self->headers->pdata[i], name) == 0)
      {
        *column = i;
        return TRUE;
      }
  for (guint i = 0; i < self->headers->len; i++)
    {
      g_autofree char *other = crm_import_mapping_fold (self->headers->pdata[i]);

      if (folded[0] != '\0' && g_str_equal (folded, other))
        {
          *column = i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
crm_importer_apply_map (CrmImporter *self,
                        const char  *map,
                        GError     **error)
{
  g_auto (GStrv) pairs = NULL;

  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (map != NULL, FALSE);

  pairs = g_strsplit (map, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_autofree char *pair = g_strstrip (g_strdup (pairs[i]));
      g_autofree char *column_name = NULL;
      const char      *target;
      char            *eq;
      guint            column;

      if (pair[0] == '\0')
        continue;
      eq = strrchr (pair, '=');
      if (eq == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("“%s” in the column map is not “column=field”"), pair);
          return FALSE;
        }
      *eq = '\0';
      column_name = g_strstrip (g_strdup (pair));
      target = g_strstrip (eq + 1);
      if (!find_column (self, column_name, &column))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("The file has no column “%s”"),
                       column_name);
          return FALSE;
        }
      if (g_str_equal (target, "-") || target[0] == '\0')
        crm_importer_set_target (self, column, NULL);
      else if (!crm_importer_set_target (self, column, target))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("“%s” is not a field that can be imported into %s"), target,
                       g_dgettext (GETTEXT_PACKAGE, self->type->plural));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
has_target (CrmImporter *self,
            const char  *target)
{
  for (guint i = 0; i < self->targets->len; i++)
    if (self->targets->pdata[i] != NULL && g_str_equal (self->targets->pdata[i], target))
      return TRUE;
  return FALSE;
}

char *
crm_importer_check_targets (CrmImporter *self)
{
  g_autoptr (GString) missing = g_string_new (NULL);
  guint n_missing = 0;

  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);

  for (guint i = 0; i < self->type->n_fields; i++)
    {
      const CrmField *field = &self->type->fields[i];

      if (!(field->flags & CRM_FIELD_REQUIRED) || (field->flags & CRM_FIELD_COMPUTED))
        continue;
      if (has_target (self, field->name))
        continue;
      if (g_str_equal (field->name, "last_name") && has_target (self, CRM_IMPORT_TARGET_FULL_NAME))
        continue;
      if (missing->len > 0)
        g_string_append (missing, ", ");
      /* Translators: a field's name in a list of fields, quoted */
      g_string_append_printf (missing, C_ ("quoted field name", "“%s”"), crm_field_get_label (field));
      n_missing++;
    }
  if (n_missing == 0)
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Choose a column for the required field %s",
                                       "Choose columns for the required fields %s", n_missing),
                          missing->str);
}

void
crm_importer_set_duplicates (CrmImporter        *self,
                             CrmImportDuplicates mode)
{
  g_return_if_fail (CRM_IS_IMPORTER (self));
  self->mode = mode;
}

CrmImportDuplicates
crm_importer_get_duplicates (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), CRM_IMPORT_DUPLICATES_SKIP);
  return self->mode;
}

void
crm_importer_set_rejects_file (CrmImporter *self,
                               GFile       *file)
{
  g_return_if_fail (CRM_IS_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_set_object (&self->rejects_file, file);
}

GFile *
crm_importer_get_rejects_file (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  return self->rejects_file;
}

void
crm_importer_set_dry_run (CrmImporter *self,
                          gboolean     dry_run)
{
  g_return_if_fail (CRM_IS_IMPORTER (self));
  self->dry_run = dry_run;
}

/* ---- Progress ---- */

static void
sync_progress (CrmImporter *self)
{
  double   progress = g_atomic_int_get (&self->worker_permille) / 1000.0;
  gboolean saving = g_atomic_int_get (&self->worker_saving);

  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (saving != self->saving)
    {
      self->saving = saving;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
    }
}

static gboolean
progress_idle_cb (gpointer data)
{
  CrmImporter *self = data;

  g_atomic_int_set (&self->progress_pending, FALSE);
  sync_progress (self);
  return G_SOURCE_REMOVE;
}

static void
report_progress (CrmImporter *self,
                 double       fraction,
                 gboolean     saving)
{
  g_atomic_int_set (&self->worker_permille, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000));
  g_atomic_int_set (&self->worker_saving, saving);

  if (self->context == NULL)
    sync_progress (self);
  else if (g_atomic_int_compare_and_exchange (&self->progress_pending, FALSE, TRUE))
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, progress_idle_cb, g_object_ref (self),
                                g_object_unref);
}

double
crm_importer_get_progress (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), 0.0);
  return self->progress;
}

gboolean
crm_importer_get_saving (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  return self->saving;
}

/* ---- Checking cells ---- */

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint64  a, b, c;
  char   **parts = NULL;
  guint    n;
  gboolean ok = FALSE;
  char     sep;

  /* "2024-03-01", "2024-03-01 00:00:00" (Excel), "01.03.2024", "1/3/2024" */
  if (strlen (text) >= 10 && text[4] == '-' && text[7] == '-')
    sep = '-';
  else if (strchr (text, '.') != NULL)
    sep = '.';
  else if (strchr (text, '/') != NULL)
    sep = '/';
  else
    return FALSE;

  {
    g_autofree char *head = g_strndup (text, strcspn (text, " T"));
    char             seps[2] = { sep, '\0' };

    if (sep == '-' && text[10] != '\0' && text[10] != ' ' && text[10] != 'T')
      return FALSE;
    parts = g_strsplit (head, seps, -1);
  }
  n = g_strv_length (parts);
  if (n == 3 && g_ascii_string_to_unsigned (parts[0], 10, 0, 9999, &a, NULL) && g_ascii_string_to_unsigned (parts[1], 10, 0, 9999, &b, NULL) && g_ascii_string_to_unsigned (parts[2], 10, 0, 9999, &c, NULL))
    {
      guint day = sep == '-' ? (guint) c : (guint) a;
      guint month = (guint) b;
      guint year = sep == '-' ? (guint) a : (guint) c;

      if (sep != '-' && strlen (parts[2]) == 2)
        year += year < 50 ? 2000 : 1900;
      if (year >= 1000 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
        {
          g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
          ok = TRUE;
        }
    }
  g_strfreev (parts);
  return ok;
}

static char *
normalize_date (const char *text)
{
  GDate date;

  g_date_clear (&date, 1);
  if (!parse_date (text, &date))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static char *
normalize_timestamp (const char *text)
{
  g_autofree char *iso = g_strdup (text);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) dt = NULL;
  GDate       date;
  guint       hour = 0, minute = 0, second = 0;
  const char *time_part;

  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';
  dt = g_date_time_new_from_iso8601 (iso, local);
  if (dt != NULL)
    return g_date_time_format_iso8601 (dt);

  /* "01.03.2024 14:30[:15]" or a date alone, local time. */
  g_date_clear (&date, 1);
  if (!parse_date (text, &date))
    return NULL;
  time_part = strchr (text, ' ');
  if (time_part != NULL && sscanf (time_part, " %u:%u:%u", &hour, &minute, &second) < 2)
    return NULL;
  if (hour > 23 || minute > 59 || second > 59)
    return NULL;
  dt = g_date_time_new (local, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), (gint) hour,
                        (gint) minute, second);
  return dt ? g_date_time_format_iso8601 (dt) : NULL;
}

static const char *
normalize_bool (const char *text)
{
  static const char *const yes[] = { "t", "true", "yes", "y", "1", "да", "д", "истина", "+", NULL };
  static const char *const no[] = { "f", "false", "no", "n", "0", "нет", "н", "ложь", "-", NULL };
  g_autofree char         *lower = g_utf8_strdown (text, -1);

  if (g_strv_contains (yes, lower))
    return "t";
  if (g_strv_contains (no, lower))
    return "f";
  return NULL;
}

/* Other systems' words for our choices (SuiteCRM's and vTiger's account
 * types), compared case-insensitively. */
static const struct
{
  const char *field;
  const char *word;
  const char *value;
} choice_synonyms[] = {
  { "account_type", "customer", "client" },
  { "account_type", "reseller", "subagent" },
  { "account_type", "integrator", "partner" },
  { "account_type", "vendor", "supplier" },
  { "account_type", "клиент", "client" },
  { "account_type", "покупатель", "client" },
  { "account_type", "субагент", "subagent" },
  { "account_type", "партнер", "partner" },
  { "account_type", "поставщик", "supplier" },
  { "account_type", "конкурент", "competitor" },
  { "size_group", "крупный", "large" },
  { "size_group", "средний", "medium" },
  { "size_group", "малый", "small" },
  { "gender", "м", "male" },
  { "gender", "ж", "female" },
  { "gender", "мужской", "male" },
  { "gender", "женский", "female" },
  { "gender", "mr.", "male" },
  { "gender", "ms.", "female" },
  { "gender", "mrs.", "female" },
};

/* A choice cell as a stored value: the value itself, its label (English
 * or translated) or a known synonym, in any case; NULL when none fits. */
static const char *
match_choice (const CrmField *field,
              const char     *cell)
{
  g_autofree char *folded = NULL;
  g_autofree char *stripped = crm_text_strip (cell);

  folded = g_utf8_casefold (stripped, -1);
  for (const CrmChoice *c = field->choices; c != NULL && c->value != NULL; c++)
    {
      g_autofree char *value = g_utf8_casefold (c->value, -1);
      g_autofree char *label = g_utf8_casefold (c->label, -1);
      g_autofree char *translated = g_utf8_casefold (g_dgettext (GETTEXT_PACKAGE, c->label), -1);

      if (g_str_equal (folded, value) || g_str_equal (folded, label) || g_str_equal (folded, translated))
        return c->value;
    }
  for (guint i = 0; i < G_N_ELEMENTS (choice_synonyms); i++)
    if (g_str_equal (field->name, choice_synonyms[i].field))
      {
        g_autofree char *word = g_utf8_casefold (choice_synonyms[i].word, -1);

        if (g_str_equal (folded, word))
          return choice_synonyms[i].value;
      }
  return NULL;
}

/* The stored form of @cell for @field, or NULL for empty; FALSE with
 * @error naming the field when it does not fit. */
static gboolean
check_cell (const CrmField *field,
            const char     *cell,
            char          **value,
            GError        **error)
{
  g_autofree char *checked = NULL;

  if (field->kind == CRM_FIELD_CHOICE && field->choices != NULL && cell != NULL && match_choice (field, cell) != NULL)
    cell = match_choice (field, cell);
  if (!crm_field_check_text (field, cell, &checked, error))
    return FALSE;
  if (checked == NULL)
    {
      *value = NULL;
      return TRUE;
    }

  switch (field->kind)
    {
    case CRM_FIELD_DATE:
      *value = normalize_date (checked);
      if (*value == NULL)
        {
          g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                       _ ("%s: “%s” is not a date (write it as 31.12.2024 or 2024-12-31)"), crm_field_get_label (field),
                       checked);
          return FALSE;
        }
      return TRUE;

    case CRM_FIELD_TIMESTAMP:
      *value = normalize_timestamp (checked);
      if (*value == NULL)
        {
          g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                       _ ("%s: “%s” is not a date and time (write it as 31.12.2024 14:30)"),
                       crm_field_get_label (field), checked);
          return FALSE;
        }
      return TRUE;

    case CRM_FIELD_BOOL:
      {
        const char *b = normalize_bool (checked);

        if (b == NULL)
          {
            g_set_error (error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                         _ ("%s: “%s” is neither yes nor no"), crm_field_get_label (field), checked);
            return FALSE;
          }
        *value = g_strdup (b);
        return TRUE;
      }

    default:
      *value = g_steal_pointer (&checked);
      return TRUE;
    }
}

/* A check's message with the field named once: "INN: The INN checksum
 * does not match" (crm_field_check_text names the field first) becomes
 * "The INN checksum does not match"; a message that does not name the
 * field keeps it ("Mobile phone: The phone number has too few digits"). */
static char *
reject_message (const CrmField *field,
                const char     *message)
{
  const char      *label = crm_field_get_label (field);
  g_autofree char *prefix = g_strconcat (label, ": ", NULL);
  g_autofree char *rest = NULL;
  g_autofree char *folded_label = NULL;

  if (!g_str_has_prefix (message, prefix))
    return g_strdup (message);
  rest = g_utf8_casefold (message + strlen (prefix), -1);
  folded_label = g_utf8_casefold (label, -1);
  if (strstr (rest, folded_label) == NULL)
    return g_strdup (message);
  return g_strdup (message + strlen (prefix));
}

/* ---- The run (worker thread) ---- */

typedef struct
{
  CrmImporter   *self;
  GCancellable  *cancellable;
  /* What is staged: field names and CRM_IMPORT_TARGET_* (never full_name). */
  GPtrArray     *staged; /* char *, static */
  GArray        *source; /* per staged target: the column it comes from, or G_MAXUINT */
  guint          full_name_column;
  CrmImportLoad *load; /* while run_in_store() reads the file */
  CrmCsvWriter  *rejects_writer;
  GError        *rejects_error;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->staged, g_ptr_array_unref);
  g_clear_pointer (&run->source, g_array_unref);
  g_clear_pointer (&run->rejects_writer, crm_csv_writer_free);
  g_clear_error (&run->rejects_error);
}

static void
stage_target (Run        *run,
              const char *target,
              guint       column)
{
  for (guint i = 0; i < run->staged->len; i++)
    if (g_str_equal (run->staged->pdata[i], target))
      {
        /* An explicit column beats one split from the full name. */
        if (column != G_MAXUINT)
          g_array_index (run->source, guint, i) = column;
        return;
      }
  g_ptr_array_add (run->staged, (gpointer) target);
  g_array_append_val (run->source, column);
}

static void
plan_targets (Run *run)
{
  CrmImporter *self = run->self;

  run->staged = g_ptr_array_new ();
  run->source = g_array_new (FALSE, FALSE, sizeof (guint));
  run->full_name_column = G_MAXUINT;

  for (guint c = 0; c < self->targets->len; c++)
    {
      const char     *target = self->targets->pdata[c];
      const CrmField *field;

      if (target == NULL)
        continue;
      field = crm_record_type_get_field (self->type, target);
      if (g_str_equal (target, CRM_IMPORT_TARGET_FULL_NAME) && (field == NULL || (field->flags & CRM_FIELD_COMPUTED)))
        {
          run->full_name_column = c;
          stage_target (run, "last_name", G_MAXUINT);
          stage_target (run, "first_name", G_MAXUINT);
          stage_target (run, "middle_name", G_MAXUINT);
        }
      else
        stage_target (run, target, c);
    }
}

static void
add_reject (Run        *run,
            guint       line,
            const char *column,
            const char *message,
            GStrv       cells)
{
  CrmImporter *self = run->self;

  self->n_rejected++;
  if (self->rejects->len < CRM_IMPORTER_MAX_REJECTS)
    {
      CrmImportReject *reject = g_new0 (CrmImportReject, 1);

      reject->line = line;
      reject->column = g_strdup (column);
      reject->message = g_strdup (message);
      g_ptr_array_add (self->rejects, reject);
    }

  /* The rejects file: the row as it was, then "Line" and "Error". */
  if (run->rejects_error != NULL)
    return;
  if (run->rejects_writer == NULL)
    {
      g_autoptr (GFile) parent = g_file_get_parent (self->rejects_file);
      g_autoptr (GFileOutputStream) out = NULL;
      g_autoptr (GPtrArray) header = g_ptr_array_new ();

      if (parent != NULL)
        g_file_make_directory_with_parents (parent, NULL, NULL);
      out = g_file_replace (self->rejects_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &run->rejects_error);
      if (out == NULL)
        return;
      run->rejects_writer = crm_csv_writer_new (G_OUTPUT_STREAM (out),
                                                self->format == CRM_IMPORT_FORMAT_CSV ? self->encoding
                                                                                      : CRM_CSV_ENCODING_UTF8_BOM,
                                                self->format == CRM_IMPORT_FORMAT_CSV ? self->delimiter : ';',
                                                CRM_CSV_WRITE_DEFAULT);
      for (guint i = 0; i < self->headers->len; i++)
        g_ptr_array_add (header, self->headers->pdata[i]);
      g_ptr_array_add (header, (gpointer) C_ ("rejects file column", "Line"));
      g_ptr_array_add (header, (gpointer) C_ ("rejects file column", "Error"));
      if (!crm_csv_writer_write_row (run->rejects_writer, (const char *const *) header->pdata, header->len,
                                     &run->rejects_error))
        return;
    }

  {
    g_autoptr (GPtrArray) row = g_ptr_array_new ();
    g_autofree char *number = g_strdup_printf ("%u", line);
    guint            n_cells = cells ? g_strv_length (cells) : 0;

    for (guint i = 0; i < MAX (n_cells, self->headers->len); i++)
      g_ptr_array_add (row, i < n_cells ? cells[i] : (char *) "");
    if (n_cells > self->headers->len)
      g_ptr_array_set_size (row, self->headers->len);
    g_ptr_array_add (row, number);
    g_ptr_array_add (row, (gpointer) message);
    crm_csv_writer_write_row (run->rejects_writer, (const char *const *) row->pdata, row->len, &run->rejects_error);
  }
}

/* «Иванов Иван Иванович» → three parts; "Ivan Ivanov" stays in the
 * Russian order too: the first word is the last name. */
static void
split_full_name (const char *full,
                 char      **last,
                 char      **first,
                 char      **middle)
{
  g_autofree char *stripped = crm_text_strip (full);
  g_auto (GStrv) words = g_strsplit_set (stripped, " \t", -1);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, words[i]);

  *last = kept->len > 0 ? g_strdup (kept->pdata[0]) : NULL;
  *first = kept->len > 1 ? g_strdup (kept->pdata[1]) : NULL;
  if (kept->len > 2)
    {
      g_ptr_array_add (kept, NULL);
      *middle = g_strjoinv (" ", (char **) kept->pdata + 2);
    }
  else
    *middle = NULL;
}

/* Check one row and hand it to the load; a bad row is rejected whole
 * (FALSE only for a database error). */
static gboolean
take_row (Run     *run,
          guint    line,
          GStrv    cells,
          GError **error)
{
  CrmImporter *self = run->self;
  guint        n_cells = g_strv_length (cells);
  guint        n = run->source->len;
  g_autoptr (GPtrArray) values = g_ptr_array_new_full (n, g_free);
  g_autofree char *split_last = NULL;
  g_autofree char *split_first = NULL;
  g_autofree char *split_middle = NULL;

  /* More cells than columns: usually a delimiter inside a value that was
   * not quoted; the columns would be shifted. Empty extra cells are fine. */
  for (guint i = self->headers->len; i < n_cells; i++)
    if (cells[i][0] != '\0')
      {
        g_autofree char *message = g_strdup_printf (_ ("The row has %u cells, the header %u: a value holding the "
                                                       "delimiter may have lost its quotes"),
                                                    n_cells, self->headers->len);

        add_reject (run, line, NULL, message, cells);
        return TRUE;
      }

  if (run->full_name_column != G_MAXUINT && run->full_name_column < n_cells)
    split_full_name (crm_csv_unneutralize (cells[run->full_name_column]), &split_last, &split_first, &split_middle);

  for (guint i = 0; i < n; i++)
    {
      const char *target = run->staged->pdata[i];
      guint       column = g_array_index (run->source, guint, i);
      const char *header = column != G_MAXUINT ? self->headers->pdata[column]
                                               : self->headers->pdata[run->full_name_column];
      const char *cell;
      char       *value = NULL;
      GError     *local_error = NULL;

      if (column == G_MAXUINT)
        cell = g_str_equal (target, "last_name")     ? split_last
               : g_str_equal (target, "first_name")  ? split_first
               : g_str_equal (target, "middle_name") ? split_middle
                                                     : NULL;
      else
        cell = column < n_cells ? crm_csv_unneutralize (cells[column]) : NULL;

      if (g_str_equal (target, CRM_IMPORT_TARGET_OWNER_NAME))
        {
          g_autofree char *name = crm_text_strip (cell ? cell : "");

          if (name[0] != '\0' && !crm_import_load_has_employee (run->load, name))
            {
              g_autofree char *message = g_strdup_printf (_ ("Responsible: there is no employee “%s”"), name);

              add_reject (run, line, header, message, cells);
              return TRUE;
            }
          value = name[0] != '\0' ? g_steal_pointer (&name) : NULL;
        }
      else if (g_str_equal (target, CRM_IMPORT_TARGET_ACCOUNT_INN))
        {
          g_autofree char *inn = crm_text_strip (cell ? cell : "");

          if (inn[0] != '\0' && !crm_inn_check (inn, &local_error))
            {
              /* Translators: %s says what is wrong with the account's INN ("The INN checksum does not match") */
              g_autofree char *message = g_strdup_printf (_ ("Account: %s"), local_error->message);

              g_error_free (local_error);
              add_reject (run, line, header, message, cells);
              return TRUE;
            }
          value = inn[0] != '\0' ? g_steal_pointer (&inn) : NULL;
        }
      else if (g_str_equal (target, CRM_IMPORT_TARGET_ACCOUNT_NAME))
        {
          const CrmField *name_field = crm_record_type_get_field (crm_record_type_lookup ("account"), "name");
          CrmField        optional = *name_field;

          optional.flags &= ~CRM_FIELD_REQUIRED;
          if (!check_cell (&optional, cell, &value, &local_error))
            {
              g_autofree char *message = reject_message (name_field, local_error->message);

              add_reject (run, line, header, message, cells);
              g_error_free (local_error);
              return TRUE;
            }
        }
      else if (!check_cell (crm_record_type_get_field (self->type, target), cell, &value, &local_error))
        {
          g_autofree char *message = reject_message (crm_record_type_get_field (self->type, target),
                                                     local_error->message);

          add_reject (run, line, header, message, cells);
          g_error_free (local_error);
          return TRUE;
        }
      g_ptr_array_add (values, value);
    }

  return crm_import_load_add_row (run->load, line, (const char *const *) values->pdata, error);
}

static gboolean
read_csv (Run     *run,
          GError **error)
{
  CrmImporter *self = run->self;
  g_autoptr (CrmCsvReader) reader = open_reader (self, FALSE, run->cancellable, error);
  g_auto (GStrv) header = NULL;
  GError *local_error = NULL;
  goffset size;

  if (reader == NULL)
    return FALSE;
  size = crm_csv_reader_get_size (reader);

  header = crm_csv_reader_next (reader, NULL, error);
  if (header == NULL)
    return FALSE;

  for (;;)
    {
      g_auto (GStrv) cells = NULL;
      guint line = 0;

      cells = crm_csv_reader_next (reader, &line, &local_error);
      if (cells == NULL)
        break;
      self->n_rows++;
      if (!take_row (run, line, cells, error))
        return FALSE;
      if (self->n_rows % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return FALSE;
          report_progress (self, size > 0 ? 0.95 * crm_csv_reader_get_position (reader) / (double) size : 0.0, FALSE);
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_vcard (Run     *run,
            GError **error)
{
  CrmImporter *self = run->self;

  for (guint w = 0; self->vcard_warnings != NULL && w < self->vcard_warnings->len; w++)
    add_reject (run, 0, NULL, self->vcard_warnings->pdata[w], NULL);

  for (guint r = 0; r < self->contacts->len; r++)
    {
      g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < G_N_ELEMENTS (vcard_targets); i++)
        {
          char *text = crm_record_dup_text (self->contacts->pdata[r], vcard_targets[i]);

          /* The card's own values are in stored form already; dates
           * come as ISO text. */
          g_ptr_array_add (cells, text ? text : g_strdup (""));
        }
      g_ptr_array_add (cells, NULL);
      self->n_rows++;
      if (!take_row (run, r + 1, (GStrv) cells->pdata, error))
        return FALSE;
      if (self->n_rows % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return FALSE;
          report_progress (self, 0.95 * r / self->contacts->len, FALSE);
        }
    }
  return TRUE;
}

/* The load lives only here: its connection is ours only until this
 * returns (an error or Cancel frees it, which rolls back). */
static gpointer
run_in_store (CrmStore     *store,
              gpointer      conn,
              gpointer      data,
              GCancellable *cancellable,
              GError      **error)
{
  Run             *run = data;
  CrmImporter     *self = run->self;
  g_autofree char *source = dup_display_name (self->file);
  g_autoptr (CrmImportLoad) load = NULL;
  gboolean ok;

  load = crm_import_load_begin (conn, self->type, (const char *const *) run->staged->pdata, self->mode, source, error);
  if (load == NULL)
    return NULL;

  run->load = load;
  ok = self->format == CRM_IMPORT_FORMAT_CSV ? read_csv (run, error) : read_vcard (run, error);
  run->load = NULL;
  if (!ok)
    return NULL;

  /* Nothing good: no batch. */
  if (crm_import_load_get_n_rows (load) == 0)
    return GINT_TO_POINTER (TRUE);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  report_progress (self, 0.95, TRUE);
  if (!crm_import_load_commit (load, self->dry_run, &self->counts, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gboolean
run (CrmImporter  *self,
     GCancellable *cancellable,
     GError      **error)
{
  Run      run = { self, cancellable };
  gboolean ok;
  GError  *close_error = NULL;

  memset (&self->counts, 0, sizeof self->counts);
  self->n_rows = 0;
  self->n_rejected = 0;
  g_ptr_array_set_size (self->rejects, 0);

  plan_targets (&run);
  g_ptr_array_add (run.staged, NULL);
  ok = crm_store_run_sync (self->store, run_in_store, &run, cancellable, error) != NULL;
  g_ptr_array_set_size (run.staged, run.staged->len - 1);

  /* The rejects file is written whatever became of the batch. */
  if (run.rejects_writer != NULL && run.rejects_error == NULL)
    crm_csv_writer_close (run.rejects_writer, &close_error);
  if (ok && (run.rejects_error != NULL || close_error != NULL))
    {
      g_autofree char *path = g_file_get_parse_name (self->rejects_file);

      g_warning ("The rejected rows could not be written to %s: %s", path,
                 (run.rejects_error ? run.rejects_error : close_error)->message);
    }
  g_clear_error (&close_error);
  if (self->n_rejected == 0)
    g_file_delete (self->rejects_file, NULL, NULL);

  run_clear (&run);
  report_progress (self, 1.0, FALSE);
  return ok;
}

gboolean
crm_importer_run_sync (CrmImporter  *self,
                       GCancellable *cancellable,
                       GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  self->running = TRUE;
  ok = run (self, cancellable, error);
  self->running = FALSE;
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CrmImporter *self = source;
  GError      *error = NULL;

  if (run (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
crm_importer_run_async (CrmImporter        *self,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CRM_IS_IMPORTER (self));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_importer_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
crm_importer_run_finish (CrmImporter  *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->running = FALSE;
  g_clear_pointer (&self->context, g_main_context_unref);
  sync_progress (self);
  return g_task_propagate_boolean (G_TASK (result), error);
}

const CrmImportCounts *
crm_importer_get_counts (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  return &self->counts;
}

guint
crm_importer_get_n_rows (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), 0);
  return self->n_rows;
}

guint
crm_importer_get_n_rejected (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), 0);
  return self->n_rejected;
}

GPtrArray *
crm_importer_get_rejects (CrmImporter *self)
{
  g_return_val_if_fail (CRM_IS_IMPORTER (self), NULL);
  return self->rejects;
}

/* ---- Undo and the list of batches ---- */

typedef struct
{
  gint64              batch_id;
  CrmImportUndoCounts counts;
} Undo;

static gpointer
undo_in_store (CrmStore     *store,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  Undo *undo = data;

  return crm_import_undo (conn, undo->batch_id, &undo->counts, error) ? undo : NULL;
}

gboolean
crm_importer_undo_sync (CrmStore            *store,
                        gint64               batch_id,
                        CrmImportUndoCounts *counts,
                        GCancellable        *cancellable,
                        GError             **error)
{
  Undo undo = { batch_id };

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);

  if (crm_store_run_sync (store, undo_in_store, &undo, cancellable, error) == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = undo.counts;
  return TRUE;
}

static void
undo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  Undo   *undo = crm_store_run_finish (CRM_STORE (source), result, &error);

  if (undo == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (undo, sizeof *undo), g_free);
}

void
crm_importer_undo_async (CrmStore           *store,
                         gint64              batch_id,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  GTask *task;
  Undo  *undo;

  g_return_if_fail (CRM_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_importer_undo_async);
  undo = g_new0 (Undo, 1);
  undo->batch_id = batch_id;
  /* The store frees @undo (data_free); the result is the same pointer,
   * so it is copied in undo_done_cb before that happens. */
  crm_store_run_async (store, undo_in_store, undo, g_free, NULL, cancellable, undo_done_cb, task);
}

gboolean
crm_importer_undo_finish (GAsyncResult        *result,
                          CrmImportUndoCounts *counts,
                          GError             **error)
{
  g_autofree Undo *undo = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  undo = g_task_propagate_pointer (G_TASK (result), error);
  if (undo == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = undo->counts;
  return TRUE;
}

typedef struct
{
  guint limit;
} ListBatches;

static gpointer
list_in_store (CrmStore     *store,
               gpointer      conn,
               gpointer      data,
               GCancellable *cancellable,
               GError      **error)
{
  ListBatches *list = data;

  return crm_import_list_batches (conn, list->limit, error);
}

GPtrArray *
crm_importer_list_batches_sync (CrmStore     *store,
                                guint         limit,
                                GCancellable *cancellable,
                                GError      **error)
{
  ListBatches list = { limit };

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  return crm_store_run_sync (store, list_in_store, &list, cancellable, error);
}
