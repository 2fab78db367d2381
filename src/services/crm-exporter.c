/* crm-exporter.c — records to a CSV file (Q3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-exporter.h"
#include "crm-money.h"

struct _CrmExporter
{
  GObject              parent_instance;

  CrmStore            *store;
  const CrmRecordType *type;
  CrmQuery            *query; /* or ids */
  GArray              *ids;
  GStrv                fields; /* NULL: the defaults */
  CrmCsvEncoding       encoding;
  char                 delimiter;
  gboolean             raw;
  gboolean             running;

  /* Written by the worker, read on the caller's thread. */
  gint                 worker_done;
  gint                 worker_total;
  gint                 progress_pending;
  guint                worker_lossy;

  /* The caller's thread. */
  guint                n_done;
  guint                n_total;
  guint                n_lossy;
  double               progress;
};

G_DEFINE_FINAL_TYPE (CrmExporter, crm_exporter, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_ENCODING,
  PROP_DELIMITER,
  PROP_RAW,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What one run needs, copied so the worker shares nothing mutable. */
typedef struct
{
  CrmExporter         *self;
  GFile               *file;
  const CrmRecordType *type;
  CrmQuery            *query;
  GArray              *ids;
  GStrv                fields;
  CrmCsvEncoding       encoding;
  char                 delimiter;
  gboolean             raw;
  GMainContext        *context; /* where progress goes; NULL: right away */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->file);
  g_clear_pointer (&job->query, crm_query_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->fields, g_strfreev);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* ---- Progress ---- */

/* On the caller's thread: take the worker's counts. */
static void
sync_progress (CrmExporter *self)
{
  guint  done = g_atomic_int_get (&self->worker_done);
  guint  total = g_atomic_int_get (&self->worker_total);
  double progress = total > 0 ? MIN (1.0, done / (double) total) : 0.0;

  self->n_done = done;
  self->n_total = total;
  if (progress != self->progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

static gboolean
progress_idle_cb (gpointer data)
{
  CrmExporter *self = data;

  g_atomic_int_set (&self->progress_pending, FALSE);
  sync_progress (self);
  return G_SOURCE_REMOVE;
}

static void
report_progress (Job  *job,
                 guint done,
                 guint total)
{
  CrmExporter *self = job->self;

  g_atomic_int_set (&self->worker_done, done);
  g_atomic_int_set (&self->worker_total, total);

  if (job->context == NULL)
    sync_progress (self);
  else if (g_atomic_int_compare_and_exchange (&self->progress_pending, FALSE, TRUE))
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, progress_idle_cb, g_object_ref (self),
                                g_object_unref);
}

/* ---- The run (any thread) ---- */

/* A new file beside @file that nobody else has: ".name.csv.1a2b3c4d.part" */
static GFileOutputStream *
create_temp (GFile        *file,
             GFile       **tmp,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autofree char *base = g_file_get_basename (file);

  if (parent == NULL || base == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _ ("Cannot write a file at “%s”"),
                   g_file_peek_path (file) ? g_file_peek_path (file) : "/");
      return NULL;
    }

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());
      g_autoptr (GFile) candidate = g_file_get_child (parent, name);
      GFileOutputStream *stream;

      stream = g_file_create (candidate, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (stream != NULL)
        {
          *tmp = g_steal_pointer (&candidate);
          return stream;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt == 100)
        {
          g_autofree char *where = g_file_get_parse_name (parent);

          g_set_error (error, local_error->domain, local_error->code, _ ("Cannot write to “%s”: %s"), where,
                       local_error->message);
          return NULL;
        }
    }
}

static gboolean
write_header (Job          *job,
              CrmCsvWriter *writer,
              GError      **error)
{
  guint        n = g_strv_length (job->fields);
  const char **cells = g_newa (const char *, n);

  for (guint i = 0; i < n; i++)
    {
      const CrmField *field = crm_record_type_get_field (job->type, job->fields[i]);

      cells[i] = job->raw ? field->name : crm_field_get_label (field);
    }
  return crm_csv_writer_write_row (writer, cells, n, error);
}

static gboolean
write_records (Job          *job,
               CrmCsvWriter *writer,
               GPtrArray    *records,
               GError      **error)
{
  guint  n = g_strv_length (job->fields);
  char **cells = g_newa (char *, n);

  for (guint r = 0; r < records->len; r++)
    {
      gboolean ok;

      for (guint i = 0; i < n; i++)
        {
          const CrmField *field = crm_record_type_get_field (job->type, job->fields[i]);
          CrmRecord      *record = records->pdata[r];

          /* Sums as spreadsheets read them back: "1234.56". */
          if (field != NULL && field->kind == CRM_FIELD_MONEY && !crm_record_is_withheld (record, field->name) &&
              crm_record_get_int (record, field->name) != 0)
            cells[i] = crm_money_format_plain (crm_record_get_int (record, field->name));
          else
            cells[i] = crm_record_dup_text (record, job->fields[i]);
        }
      ok = crm_csv_writer_write_row (writer, (const char *const *) cells, n, error);
      for (guint i = 0; i < n; i++)
        g_free (cells[i]);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gint64
job_run (Job          *job,
         GCancellable *cancellable,
         GError      **error)
{
  CrmExporter *self = job->self;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GFile) tmp = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (CrmCsvWriter) writer = NULL;
  gint64   written = 0;
  gboolean ok = TRUE;

  g_atomic_int_set (&self->worker_done, 0);
  g_atomic_int_set (&self->worker_total, 0);
  self->worker_lossy = 0;

  if (job->ids != NULL)
    ids = g_array_ref (job->ids);
  else
    {
      ids = crm_store_list_ids_sync (self->store, job->query, cancellable, error);
      if (ids == NULL)
        return -1;
    }
  report_progress (job, 0, ids->len);

  stream = create_temp (job->file, &tmp, cancellable, error);
  if (stream == NULL)
    return -1;
  writer = crm_csv_writer_new (G_OUTPUT_STREAM (stream), job->encoding, job->delimiter,
                               job->raw ? CRM_CSV_WRITE_RAW : CRM_CSV_WRITE_DEFAULT);

  ok = write_header (job, writer, error);
  for (guint offset = 0; ok && offset < ids->len; offset += CRM_EXPORTER_PAGE_SIZE)
    {
      guint n = MIN (CRM_EXPORTER_PAGE_SIZE, ids->len - offset);
      g_autoptr (GPtrArray) records = NULL;

      records = crm_store_fetch_sync (self->store, job->type, &g_array_index (ids, gint64, offset), n, cancellable,
                                      error);
      ok = records != NULL && write_records (job, writer, records, error) &&
           !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (ok)
        {
          written += records->len;
          report_progress (job, offset + n, ids->len);
        }
    }

  ok = ok && crm_csv_writer_close (writer, error) && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       g_file_move (tmp, job->file, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error);

  self->worker_lossy = crm_csv_writer_get_n_lossy (writer);
  if (!ok)
    {
      g_autoptr (GError) local_error = NULL;

      /* Close before deleting (some file systems want that). */
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      if (!g_file_delete (tmp, NULL, &local_error) && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not delete %s: %s", g_file_peek_path (tmp), local_error->message);
      return -1;
    }

  g_debug ("Exported %" G_GINT64_FORMAT " %s to %s", written, job->type->table, g_file_peek_path (job->file));
  return written;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  gint64  n = job_run (task_data, cancellable, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static Job *
job_new (CrmExporter *self,
         GFile       *file)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  job->type = self->type;
  job->query = self->query ? crm_query_copy (self->query) : NULL;
  job->ids = self->ids ? g_array_ref (self->ids) : NULL;
  job->fields = self->fields ? g_strdupv (self->fields) : crm_exporter_dup_default_fields (self->type);
  job->encoding = self->encoding;
  job->delimiter = self->delimiter;
  job->raw = self->raw;
  return job;
}

static void
finish_run (CrmExporter *self)
{
  self->running = FALSE;
  self->n_lossy = self->worker_lossy;
  sync_progress (self);
}

/* ---- GObject ---- */

static void
crm_exporter_finalize (GObject *object)
{
  CrmExporter *self = CRM_EXPORTER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->query, crm_query_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->fields, g_strfreev);

  G_OBJECT_CLASS (crm_exporter_parent_class)->finalize (object);
}

static void
crm_exporter_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmExporter *self = CRM_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ENCODING:
      g_value_set_uint (value, self->encoding);
      break;

    case PROP_DELIMITER:
      g_value_set_uint (value, (guchar) self->delimiter);
      break;

    case PROP_RAW:
      g_value_set_boolean (value, self->raw);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_exporter_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmExporter *self = CRM_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ENCODING:
      crm_exporter_set_encoding (self, g_value_get_uint (value));
      break;

    case PROP_DELIMITER:
      crm_exporter_set_delimiter (self, (char) g_value_get_uint (value));
      break;

    case PROP_RAW:
      crm_exporter_set_raw (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_exporter_class_init (CrmExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = crm_exporter_finalize;
  object_class->get_property = crm_exporter_get_property;
  object_class->set_property = crm_exporter_set_property;

  properties[PROP_STORE] =
      g_param_spec_object ("store", NULL, NULL, CRM_TYPE_STORE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENCODING] =
      g_param_spec_uint ("encoding", NULL, NULL, CRM_CSV_ENCODING_UTF8, CRM_CSV_ENCODING_CP1251,
                         CRM_CSV_ENCODING_UTF8_BOM, flags);
  properties[PROP_DELIMITER] = g_param_spec_uint ("delimiter", NULL, NULL, 1, 127, ';', flags);
  properties[PROP_RAW] = g_param_spec_boolean ("raw", NULL, NULL, FALSE, flags);
  properties[PROP_PROGRESS] =
      g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_exporter_init (CrmExporter *self)
{
  self->encoding = CRM_CSV_ENCODING_UTF8_BOM;
  self->delimiter = ';';
}

/* ---- Public API ---- */

CrmExporter *
crm_exporter_new (CrmStore       *store,
                  const CrmQuery *query)
{
  CrmExporter *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (CRM_TYPE_EXPORTER, "store", store, NULL);
  self->query = crm_query_copy (query);
  self->type = crm_query_get_record_type (query);
  return self;
}

CrmExporter *
crm_exporter_new_for_ids (CrmStore            *store,
                          const CrmRecordType *type,
                          const gint64        *ids,
                          guint                n_ids)
{
  CrmExporter *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  self = g_object_new (CRM_TYPE_EXPORTER, "store", store, NULL);
  self->type = type;
  self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (self->ids, ids, n_ids);
  return self;
}

const CrmRecordType *
crm_exporter_get_record_type (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), NULL);

  return self->type;
}

GStrv
crm_exporter_dup_default_fields (const CrmRecordType *type)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (type != NULL, NULL);

  g_strv_builder_add (builder, "id");
  for (guint i = 0; i < type->n_fields; i++)
    {
      const CrmField *field = &type->fields[i];

      if (field->kind == CRM_FIELD_REF)
        {
          /* account_id → account_name, when the type computes it */
          g_autofree char *stem = g_strndup (field->name, strlen (field->name) - (g_str_has_suffix (field->name, "_id") ? 3 : 0));
          g_autofree char *name = g_strconcat (stem, "_name", NULL);
          const CrmField  *display = crm_record_type_get_field (type, name);

          if (display != NULL)
            g_strv_builder_add (builder, display->name);
          continue;
        }
      if (field->flags & CRM_FIELD_COMPUTED)
        continue;
      g_strv_builder_add (builder, field->name);
    }
  g_strv_builder_add_many (builder, "owner_name", "created_at", "updated_at", NULL);
  return g_strv_builder_end (builder);
}

void
crm_exporter_set_fields (CrmExporter       *self,
                         const char *const *fields)
{
  g_return_if_fail (CRM_IS_EXPORTER (self));
  g_return_if_fail (!self->running);

  if (fields != NULL)
    {
      g_return_if_fail (fields[0] != NULL);
      for (guint i = 0; fields[i]; i++)
        g_return_if_fail (crm_record_type_get_field (self->type, fields[i]) != NULL);
    }

  g_strfreev (self->fields);
  self->fields = g_strdupv ((char **) fields);
}

GStrv
crm_exporter_dup_fields (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), NULL);

  return self->fields ? g_strdupv (self->fields) : crm_exporter_dup_default_fields (self->type);
}

void
crm_exporter_set_encoding (CrmExporter   *self,
                           CrmCsvEncoding encoding)
{
  g_return_if_fail (CRM_IS_EXPORTER (self));
  g_return_if_fail (encoding > CRM_CSV_ENCODING_AUTO && encoding <= CRM_CSV_ENCODING_CP1251);
  g_return_if_fail (!self->running);

  if (self->encoding == encoding)
    return;
  self->encoding = encoding;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

CrmCsvEncoding
crm_exporter_get_encoding (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), CRM_CSV_ENCODING_UTF8);

  return self->encoding;
}

void
crm_exporter_set_delimiter (CrmExporter *self,
                            char         delimiter)
{
  g_return_if_fail (CRM_IS_EXPORTER (self));
  g_return_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n' && delimiter > 0);
  g_return_if_fail (!self->running);

  if (self->delimiter == delimiter)
    return;
  self->delimiter = delimiter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
}

char
crm_exporter_get_delimiter (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), ';');

  return self->delimiter;
}

void
crm_exporter_set_raw (CrmExporter *self,
                      gboolean     raw)
{
  g_return_if_fail (CRM_IS_EXPORTER (self));
  g_return_if_fail (!self->running);

  raw = !!raw;
  if (self->raw == raw)
    return;
  self->raw = raw;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAW]);
}

gboolean
crm_exporter_get_raw (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), FALSE);

  return self->raw;
}

double
crm_exporter_get_progress (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), 0.0);

  return self->progress;
}

guint
crm_exporter_get_n_done (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), 0);

  return self->n_done;
}

guint
crm_exporter_get_n_total (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), 0);

  return self->n_total;
}

guint
crm_exporter_get_n_lossy (CrmExporter *self)
{
  g_return_val_if_fail (CRM_IS_EXPORTER (self), 0);

  return self->n_lossy;
}

gint64
crm_exporter_run_sync (CrmExporter  *self,
                       GFile        *file,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_autoptr (Job) job = NULL;
  gint64 n;

  g_return_val_if_fail (CRM_IS_EXPORTER (self), -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);
  g_return_val_if_fail (!self->running, -1);

  self->running = TRUE;
  job = job_new (self, file);
  n = job_run (job, cancellable, error);
  finish_run (self);
  return n;
}

void
crm_exporter_run_async (CrmExporter        *self,
                        GFile              *file,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (CRM_IS_EXPORTER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  job = job_new (self, file);
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_exporter_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_thread);
}

gint64
crm_exporter_run_finish (CrmExporter  *self,
                         GAsyncResult *result,
                         GError      **error)
{
  GError *local_error = NULL;
  gint64  n;

  g_return_val_if_fail (CRM_IS_EXPORTER (self), -1);
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_exporter_run_async, -1);

  n = g_task_propagate_int (G_TASK (result), &local_error);
  finish_run (self);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return -1;
    }
  return n;
}
