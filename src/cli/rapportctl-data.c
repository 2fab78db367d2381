/* rapportctl-data.c — export and import from the command line (issue 3)
 *
 *   rapportctl export accounts|contacts FILE [--encoding E] [--delimiter D]
 *              [--raw] [--search TEXT]
 *   rapportctl import accounts|contacts FILE [--map MAP] [--encoding E]
 *              [--delimiter D] [--on-duplicate skip|update|create]
 *              [--rejects FILE] [--dry-run]
 *   rapportctl import undo BATCH
 *   rapportctl import list [--limit N]
 *
 * Export runs CrmExporter and import CrmImporter, as the list page's Data
 * menu and the import wizard do: the same files, the same checks, the
 * same batches. What a command found out (the detected encoding, the
 * column mapping, progress, rejected rows) goes to stderr; its result
 * (counts, the batch) to stdout. Ctrl+C cancels: an export leaves no file,
 * an import leaves nothing in the database.
 *
 * Exit status of an import: 0 when the batch went in, rejected rows or
 * not (the counts and stderr say how many were rejected); EXIT_DATA when
 * no row could be imported, or the file lacks columns the records need.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "crm-csv.h"
#include "crm-exporter.h"
#include "crm-import-mapping.h"
#include "crm-importer.h"
#include "crm-query.h"
#include "crm-record-type.h"
#include "rapportctl-private.h"

/* Rejected rows listed on stderr (the rejects file has them all). */
#define N_REJECTS_SHOWN 20

/* Batches `import list` shows unless --limit says otherwise. */
#define N_BATCHES_LISTED 20

/* ---- Arguments ---------------------------------------------------------- */

/* "accounts" or "contacts" (the singular too). */
static gboolean
parse_type (const char           *name,
            const CrmRecordType **type,
            ExitCode             *code)
{
  *type = crm_record_type_lookup (name);
  if (*type == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("unknown record type “%s”: use accounts or contacts"),
                                                  name);

      *code = fail_usage (message);
      return FALSE;
    }
  return TRUE;
}

/* ";", ",", "tab" (or a real tab, "\t"), and their names. */
static gboolean
parse_delimiter (const char *text,
                 char       *delimiter,
                 ExitCode   *code)
{
  static const struct
  {
    const char *name;
    char        delimiter;
  } names[] = {
    { ";", ';' },
    { "semicolon", ';' },
    { ",", ',' },
    { "comma", ',' },
    { "tab", '\t' },
    { "\t", '\t' },
    { "\\t", '\t' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *delimiter = names[i].delimiter;
        return TRUE;
      }

  {
    g_autofree char *message = g_strdup_printf (_ ("--delimiter must be “;”, “,” or “tab”, not “%s”"), text);

    *code = fail_usage (message);
  }
  return FALSE;
}

static gboolean
parse_encoding (const char     *text,
                gboolean        allow_auto,
                CrmCsvEncoding *encoding,
                ExitCode       *code)
{
  if (crm_csv_encoding_from_string (text, encoding) &&
      (allow_auto || *encoding != CRM_CSV_ENCODING_AUTO))
    return TRUE;

  {
    g_autofree char *message = NULL;

    if (allow_auto)
      message = g_strdup_printf (_ ("--encoding must be auto, utf-8, utf-8-bom or cp1251, not “%s”"), text);
    else
      message = g_strdup_printf (_ ("--encoding must be utf-8, utf-8-bom or cp1251, not “%s”"), text);
    *code = fail_usage (message);
  }
  return FALSE;
}

/* How a delimiter is written in messages. */
static const char *
delimiter_display_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return "“;”";
    case ',':
      return "“,”";
    case '\t':
      return C_ ("delimiter", "tab");
    default:
      return "?";
    }
}

/* ---- Progress on stderr ------------------------------------------------- */

/* A percentage rewritten in place while stderr is a terminal; nothing
 * otherwise (logs and tests get the result lines only). */
typedef struct
{
  const char *label; /* translated, "Exporting" */
  gboolean    show;
  guint       last_percent;
  gboolean    saving;
} Progress;

static void
progress_init (Progress   *progress,
               const char *label)
{
  progress->label = label;
  progress->show = isatty (STDERR_FILENO);
  progress->last_percent = G_MAXUINT;
  progress->saving = FALSE;
}

static void
progress_update (Progress *progress,
                 double    fraction)
{
  guint percent = (guint) (CLAMP (fraction, 0.0, 1.0) * 100);

  if (!progress->show || progress->saving || percent == progress->last_percent)
    return;

  progress->last_percent = percent;
  g_printerr ("\r");
  /* TRANSLATORS: "Exporting: 42%", rewritten in place */
  g_printerr (_ ("%s: %3u%%"), progress->label, percent);
}

/* The line is finished (or abandoned): the next message starts clean. */
static void
progress_end (Progress *progress)
{
  if (progress->show && progress->last_percent != G_MAXUINT)
    g_printerr ("\n");
  progress->last_percent = G_MAXUINT;
}

static void
on_exporter_progress_cb (CrmExporter *exporter,
                         GParamSpec  *pspec,
                         Progress    *progress)
{
  progress_update (progress, crm_exporter_get_progress (exporter));
}

static void
on_importer_progress_cb (CrmImporter *importer,
                         GParamSpec  *pspec,
                         Progress    *progress)
{
  progress_update (progress, crm_importer_get_progress (importer));
}

static void
on_importer_saving_cb (CrmImporter *importer,
                       GParamSpec  *pspec,
                       Progress    *progress)
{
  if (!crm_importer_get_saving (importer) || progress->saving)
    return;

  progress_end (progress);
  progress->saving = TRUE;
  if (progress->show)
    g_printerr (_ ("Saving…\n"));
}

/* ---- export ------------------------------------------------------------- */

static ExitCode
cmd_export (Ctl                 *ctl,
            const CrmRecordType *type,
            const char          *path,
            CrmCsvEncoding       encoding,
            char                 delimiter,
            gboolean             raw,
            const char          *search)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmQuery) query = crm_query_new (type);
  g_autoptr (CrmExporter) exporter = NULL;
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *display = g_file_get_parse_name (file);
  g_autofree char *count = NULL;
  Progress         progress;
  gint64           n;
  guint            n_lossy;

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);
  if (!ctl_open_store (ctl, &error))
    return fail (error);

  if (search != NULL && search[0] != '\0')
    crm_query_set_search (query, search);

  exporter = crm_exporter_new (ctl->store, query);
  crm_exporter_set_encoding (exporter, encoding);
  crm_exporter_set_delimiter (exporter, delimiter);
  crm_exporter_set_raw (exporter, raw);

  progress_init (&progress, _ ("Exporting"));
  g_signal_connect (exporter, "notify::progress", G_CALLBACK (on_exporter_progress_cb), &progress);
  n = crm_exporter_run_sync (exporter, file, ctl->cancellable, &error);
  progress_end (&progress);
  g_signal_handlers_disconnect_by_data (exporter, &progress);

  if (n < 0)
    return fail_file (error);

  count = crm_record_type_format_count (type, (guint) n);
  /* TRANSLATORS: "Exported 60 contacts to /tmp/contacts.csv" */
  g_print (_ ("Exported %s to %s\n"), count, display);

  n_lossy = crm_exporter_get_n_lossy (exporter);
  if (n_lossy > 0)
    g_printerr (ngettext ("rapportctl: %u character has no place in Windows-1251 and was written as “?”\n",
                          "rapportctl: %u characters have no place in Windows-1251 and were written as “?”\n",
                          n_lossy),
                n_lossy);

  return EXIT_OK;
}

ExitCode
run_export (Ctl   *ctl,
            char **args)
{
  g_autofree char *encoding_name = NULL;
  g_autofree char *delimiter_name = NULL;
  g_autofree char *search = NULL;
  g_auto (GStrv) positional = NULL;
  gboolean           raw = FALSE;
  const GOptionEntry entries[] = {
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding_name,
      N_ ("utf-8-bom (the default, what Excel opens), utf-8 or cp1251"), N_ ("ENCODING") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter_name,
      N_ ("“;” (the default), “,” or “tab”"), N_ ("DELIMITER") },
    { "raw", 0, 0, G_OPTION_ARG_NONE, &raw,
      N_ ("Column names instead of labels, and formulas not neutralised (for migrations)"), NULL },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search,
      N_ ("Only the records this search finds, as the list’s search box would"), N_ ("TEXT") },
    { NULL }
  };
  const CrmRecordType *type = NULL;
  CrmCsvEncoding       encoding = CRM_CSV_ENCODING_UTF8_BOM;
  char                 delimiter = ';';
  ExitCode             code = EXIT_OK;

  if (!parse_command (ctl, "export", _ ("accounts|contacts FILE"),
                      _ ("Write every account or contact (or those --search finds) to a CSV file, "
                         "sorted as the list is. Cells a spreadsheet would run as a formula "
                         "(“=…”, “+7…”) get an apostrophe in front unless --raw; “rapportctl "
                         "import” takes it off again. The file appears whole or not at all."),
                      entries, args, 2, 2, &positional, &code))
    return code;

  if (!parse_type (positional[0], &type, &code))
    return code;
  if (encoding_name != NULL && !parse_encoding (encoding_name, FALSE, &encoding, &code))
    return code;
  if (delimiter_name != NULL && !parse_delimiter (delimiter_name, &delimiter, &code))
    return code;

  return cmd_export (ctl, type, positional[1], encoding, delimiter, raw, search);
}

/* ---- import accounts|contacts FILE ------------------------------------- */

typedef struct
{
  const CrmRecordType *type;
  const char          *path;
  const char          *map;
  CrmCsvEncoding       encoding;  /* AUTO: as detected */
  char                 delimiter; /* 0: as detected */
  CrmImportDuplicates  duplicates;
  const char          *rejects_path; /* NULL: the importer's default */
  gboolean             dry_run;
} ImportOptions;

/* What was read from the file, before anything is imported: the format,
 * encoding and delimiter, and which column goes where. */
static void
print_setup (CrmImporter *importer)
{
  const CrmRecordType *type = crm_importer_get_record_type (importer);
  g_autofree char     *name = g_file_get_parse_name (crm_importer_get_file (importer));
  guint                n_columns = crm_importer_get_n_columns (importer);
  glong                width = 0;

  if (crm_importer_get_format (importer) == CRM_IMPORT_FORMAT_VCARD)
    /* TRANSLATORS: "Reading /tmp/people.vcf: vCard" */
    g_printerr (_ ("Reading %s: vCard\n"), name);
  else
    /* TRANSLATORS: "Reading /tmp/a.csv: CSV, Cyrillic (Windows-1251), delimiter “;”" */
    g_printerr (_ ("Reading %s: CSV, %s, delimiter %s\n"), name,
                crm_csv_encoding_get_label (crm_importer_get_encoding (importer)),
                delimiter_display_name (crm_importer_get_delimiter (importer)));

  for (guint i = 0; i < n_columns; i++)
    width = MAX (width, g_utf8_strlen (crm_importer_get_header (importer, i), -1));

  g_printerr (_ ("Columns:\n"));
  for (guint i = 0; i < n_columns; i++)
    {
      const char *header = crm_importer_get_header (importer, i);
      const char *target = crm_importer_get_target (importer, i);
      glong       pad = width - g_utf8_strlen (header, -1);

      if (target != NULL)
        g_printerr ("  %s%*s → %s (%s)\n", header, (int) pad, "",
                    crm_import_mapping_get_target_label (type, target), target);
      else
        g_printerr ("  %s%*s → %s\n", header, (int) pad, "", _ ("not imported"));
    }
}

/* The fields --map may name, for the message about missing ones. */
static char *
dup_targets_list (const CrmRecordType *type)
{
  g_autoptr (GPtrArray) targets = crm_import_mapping_list_targets (type);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < targets->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (targets, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_rejects (CrmImporter *importer)
{
  GPtrArray       *rejects = crm_importer_get_rejects (importer);
  guint            n_rejected = crm_importer_get_n_rejected (importer);
  g_autofree char *path = g_file_get_parse_name (crm_importer_get_rejects_file (importer));
  guint            n_shown = MIN (rejects->len, N_REJECTS_SHOWN);

  if (n_rejected == 0)
    return;

  g_printerr (ngettext ("%u row was rejected:\n", "%u rows were rejected:\n", n_rejected), n_rejected);
  for (guint i = 0; i < n_shown; i++)
    {
      const CrmImportReject *reject = g_ptr_array_index (rejects, i);

      if (reject->column != NULL)
        /* TRANSLATORS: "  line 12, column “E-mail”: the address has no “@”" */
        g_printerr (_ ("  line %u, column “%s”: %s\n"), reject->line, reject->column, reject->message);
      else
        g_printerr (_ ("  line %u: %s\n"), reject->line, reject->message);
    }
  if (n_rejected > n_shown)
    g_printerr (ngettext ("  … and %u more\n", "  … and %u more\n", n_rejected - n_shown),
                n_rejected - n_shown);
  g_printerr (_ ("The rejected rows, with the reason in a last column, are in %s: correct them and import "
                 "that file again.\n"),
              path);
}

static void
print_counts (CrmImporter *importer,
              gboolean     dry_run)
{
  const CrmImportCounts *counts = crm_importer_get_counts (importer);
  const CrmRecordType   *type = crm_importer_get_record_type (importer);
  gboolean               contacts = g_str_equal (type->name, "contact");
  g_autofree char       *added = g_strdup_printf ("%u", counts->n_inserted);
  g_autofree char       *updated = g_strdup_printf ("%u", counts->n_updated);
  g_autofree char       *unchanged = g_strdup_printf ("%u", counts->n_unchanged);
  g_autofree char       *skipped = g_strdup_printf ("%u", counts->n_skipped);
  g_autofree char       *rejected = g_strdup_printf ("%u", crm_importer_get_n_rejected (importer));
  g_autofree char       *accounts = g_strdup_printf ("%u", counts->n_accounts_created);
  g_autofree char       *batch = NULL;
  const char            *rows[20];
  guint                  n = 0;

  if (dry_run)
    batch = g_strdup (_ ("none (dry run: nothing was saved)"));
  else if (counts->batch_id > 0)
    batch = g_strdup_printf ("%" G_GINT64_FORMAT, counts->batch_id);
  else
    batch = g_strdup (_ ("none (nothing was imported)"));

  rows[n++] = _ ("Added");
  rows[n++] = added;
  rows[n++] = _ ("Updated");
  rows[n++] = updated;
  rows[n++] = _ ("Unchanged");
  rows[n++] = unchanged;
  rows[n++] = _ ("Skipped");
  rows[n++] = skipped;
  rows[n++] = _ ("Rejected");
  rows[n++] = rejected;
  if (contacts)
    {
      rows[n++] = _ ("Accounts created");
      rows[n++] = accounts;
    }
  rows[n++] = _ ("Batch");
  rows[n++] = batch;
  rows[n] = NULL;
  g_assert (n < G_N_ELEMENTS (rows));

  print_table (rows);
}

static ExitCode
cmd_import (Ctl                 *ctl,
            const ImportOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (options->path);
  g_autoptr (CrmImporter) importer = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *display = NULL;
  Progress         progress;
  gboolean         is_vcard;
  gboolean         ok;
  guint            n_rejected;
  gint64           batch_id;

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);

  /* The file first: its problems are found without waiting for the
   * server. The store is opened (and migrated) before the run. */
  ctl->store = crm_store_new (ctl->conninfo);
  importer = crm_importer_new (ctl->store, options->type, file, ctl->cancellable, &error);
  if (importer == NULL)
    return fail_file (error);

  is_vcard = crm_importer_get_format (importer) == CRM_IMPORT_FORMAT_VCARD;
  if (is_vcard && (options->encoding != CRM_CSV_ENCODING_AUTO || options->delimiter != 0))
    g_printerr (_ ("rapportctl: %s is a vCard file: --encoding and --delimiter are ignored\n"), options->path);

  if (!is_vcard && options->encoding != CRM_CSV_ENCODING_AUTO &&
      !crm_importer_set_encoding (importer, options->encoding, &error))
    return fail_file (error);
  if (!is_vcard && options->delimiter != 0 &&
      !crm_importer_set_delimiter (importer, options->delimiter, &error))
    return fail_file (error);
  if (options->map != NULL && !crm_importer_apply_map (importer, options->map, &error))
    {
      g_autofree char *message = g_strdup_printf ("--map: %s", error->message);

      return fail_usage (message);
    }

  print_setup (importer);

  missing = crm_importer_check_targets (importer);
  if (missing != NULL)
    {
      g_autofree char *targets = dup_targets_list (options->type);

      g_printerr ("rapportctl: %s\n", missing);
      g_printerr (_ ("Name the columns with --map 'column=field,…' (a column by its header or its "
                     "number from 1; “-” skips it). The fields: %s\n"),
                  targets);
      return EXIT_DATA;
    }

  crm_importer_set_duplicates (importer, options->duplicates);
  crm_importer_set_dry_run (importer, options->dry_run);
  if (options->rejects_path != NULL)
    {
      g_autoptr (GFile) rejects = g_file_new_for_commandline_arg (options->rejects_path);

      crm_importer_set_rejects_file (importer, rejects);
    }

  if (!crm_store_open_sync (ctl->store, ctl->cancellable, &error))
    return fail (error);

  progress_init (&progress, _ ("Reading"));
  g_signal_connect (importer, "notify::progress", G_CALLBACK (on_importer_progress_cb), &progress);
  g_signal_connect (importer, "notify::saving", G_CALLBACK (on_importer_saving_cb), &progress);
  ok = crm_importer_run_sync (importer, ctl->cancellable, &error);
  progress_end (&progress);
  g_signal_handlers_disconnect_by_data (importer, &progress);

  /* The rejects file is written whatever became of the batch. */
  print_rejects (importer);

  if (!ok)
    {
      ExitCode code = fail_file (error);

      g_printerr (_ ("rapportctl: nothing was imported\n"));
      return code;
    }

  print_counts (importer, options->dry_run);

  n_rejected = crm_importer_get_n_rejected (importer);
  batch_id = crm_importer_get_counts (importer)->batch_id;
  display = g_file_get_parse_name (file);
  if (n_rejected > 0 && crm_importer_get_n_rows (importer) == n_rejected)
    {
      g_printerr (_ ("rapportctl: nothing was imported: every row of %s was rejected\n"), display);
      return EXIT_DATA;
    }
  if (options->dry_run)
    {
      g_printerr (_ ("Dry run: the rows were checked and counted, and nothing was saved.\n"));
      return EXIT_OK;
    }
  if (n_rejected > 0)
    g_printerr (ngettext ("The batch is in without the %u rejected row.\n",
                          "The batch is in without the %u rejected rows.\n", n_rejected),
                n_rejected);
  if (batch_id > 0)
    {
      g_autofree char *batch = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);

      g_printerr (_ ("Take it back out with “rapportctl import undo %s”.\n"), batch);
    }

  return EXIT_OK;
}

/* ---- import undo BATCH -------------------------------------------------- */

static ExitCode
cmd_import_undo (Ctl   *ctl,
                 gint64 batch_id)
{
  g_autoptr (GError) error = NULL;
  CrmImportUndoCounts counts = { 0 };

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);
  if (!ctl_open_store (ctl, &error))
    return fail (error);

  if (!crm_importer_undo_sync (ctl->store, batch_id, &counts, ctl->cancellable, &error))
    {
      ExitCode code = fail (error);

      /* No such batch, or undone already: the data says no. */
      if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
        code = EXIT_DATA;
      return code;
    }

  {
    g_autofree char *batch = g_strdup_printf ("%" G_GINT64_FORMAT, batch_id);
    g_autofree char *deleted = g_strdup_printf ("%u", counts.n_deleted);
    g_autofree char *restored = g_strdup_printf ("%u", counts.n_restored);
    g_autofree char *kept = g_strdup_printf ("%u", counts.n_kept);
    const char      *rows[] = {
           _ ("Deleted"),
           deleted,
           _ ("Restored"),
           restored,
           _ ("Kept"),
           kept,
           NULL,
    };

    g_print (_ ("Undid import batch %s.\n"), batch);
    print_table (rows);
  }
  if (counts.n_kept > 0)
    g_printerr (ngettext ("%u record was changed by someone after the import and was left as it is.\n",
                          "%u records were changed by someone after the import and were left as they are.\n",
                          counts.n_kept),
                counts.n_kept);

  return EXIT_OK;
}

/* ---- import list -------------------------------------------------------- */

/* Columns padded to the widest cell in characters (Cyrillic included);
 * numbers to the right. @cells: rows of @n_columns. */
static void
print_columns (GPtrArray      *cells,
               guint           n_columns,
               const gboolean *numeric)
{
  g_autofree glong *widths = g_new0 (glong, n_columns);
  guint             n_rows = cells->len / n_columns;

  for (guint i = 0; i < cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns], g_utf8_strlen (g_ptr_array_index (cells, i), -1));

  for (guint row = 0; row < n_rows; row++)
    {
      g_autoptr (GString) line = g_string_new (NULL);

      for (guint col = 0; col < n_columns; col++)
        {
          const char *cell = g_ptr_array_index (cells, row * n_columns + col);
          glong       pad = widths[col] - g_utf8_strlen (cell, -1);

          if (col > 0)
            g_string_append (line, "  ");
          if (numeric[col])
            g_string_append_printf (line, "%*s%s", (int) pad, "", cell);
          else if (col + 1 < n_columns)
            g_string_append_printf (line, "%s%*s", cell, (int) pad, "");
          else
            g_string_append (line, cell);
        }
      g_print ("%s\n", line->str);
    }
}

static char *
dup_local_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static ExitCode
cmd_import_list (Ctl  *ctl,
                 guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) batches = NULL;
  g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  static const gboolean numeric[] = { TRUE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, FALSE };
  const char           *headers[] = {
              C_ ("import list", "Batch"),
              C_ ("import list", "When"),
              C_ ("import list", "Who"),
              C_ ("import list", "Table"),
              C_ ("import list", "File"),
              C_ ("import list", "Added"),
              C_ ("import list", "Updated"),
              C_ ("import list", "Skipped"),
              C_ ("import list", "Accounts"),
              C_ ("import list", "Undone"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (numeric) == G_N_ELEMENTS (headers));

  if (!ctl_choose_database (ctl, &error))
    return fail_connection (error);
  if (!ctl_open_store (ctl, &error))
    return fail (error);

  batches = crm_importer_list_batches_sync (ctl->store, limit, ctl->cancellable, &error);
  if (batches == NULL)
    return fail (error);

  if (batches->len == 0)
    {
      g_print (_ ("No imports yet.\n"));
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    g_ptr_array_add (cells, g_strdup (headers[i]));

  for (guint i = 0; i < batches->len; i++)
    {
      const CrmImportBatch *batch = g_ptr_array_index (batches, i);

      g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, batch->id));
      g_ptr_array_add (cells, dup_local_time (batch->at));
      g_ptr_array_add (cells, g_strdup (batch->actor ? batch->actor : ""));
      g_ptr_array_add (cells, g_strdup (batch->table ? batch->table : ""));
      g_ptr_array_add (cells, g_strdup (batch->source ? batch->source : ""));
      g_ptr_array_add (cells, g_strdup_printf ("%u", batch->n_inserted));
      g_ptr_array_add (cells, g_strdup_printf ("%u", batch->n_updated));
      g_ptr_array_add (cells, g_strdup_printf ("%u", batch->n_skipped));
      g_ptr_array_add (cells, g_strdup_printf ("%u", batch->n_accounts_created));
      g_ptr_array_add (cells, batch->undone_at != NULL ? dup_local_time (batch->undone_at) : g_strdup ("—"));
    }

  print_columns (cells, G_N_ELEMENTS (headers), numeric);
  return EXIT_OK;
}

/* ---- import ------------------------------------------------------------- */

static ExitCode
run_import_undo (Ctl   *ctl,
                 char **args)
{
  g_auto (GStrv) positional = NULL;
  ExitCode code = EXIT_OK;
  gint64   batch_id = 0;
  char    *end = NULL;

  if (!parse_command (ctl, "import undo", _ ("BATCH"),
                      _ ("Take an import back out in one transaction: delete the records it added "
                         "and put back the ones it updated as they were. Records someone changed "
                         "after the import are kept as they are. “rapportctl import list” shows "
                         "the batches."),
                      NULL, args, 1, 1, &positional, &code))
    return code;

  batch_id = g_ascii_strtoll (positional[0], &end, 10);
  if (end == positional[0] || *end != '\0' || batch_id <= 0)
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” is not a batch number"), positional[0]);

      return fail_usage (message);
    }

  return cmd_import_undo (ctl, batch_id);
}

static ExitCode
run_import_list (Ctl   *ctl,
                 char **args)
{
  gint64             limit = N_BATCHES_LISTED;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT64, &limit, N_ ("Show the newest N imports (20 unless given)"), N_ ("N") },
    { NULL }
  };
  ExitCode code = EXIT_OK;

  if (!parse_command (ctl, "import list", NULL,
                      _ ("Show the newest imports: batch number, when, who, into which table, from "
                         "which file, the counts and whether it was undone."),
                      entries, args, 0, 0, NULL, &code))
    return code;
  if (limit < 1 || limit > G_MAXINT32)
    return fail_usage (_ ("--limit must be a number from 1 to 2147483647"));

  return cmd_import_list (ctl, (guint) limit);
}

ExitCode
run_import (Ctl   *ctl,
            char **args)
{
  g_autofree char *map = NULL;
  g_autofree char *encoding_name = NULL;
  g_autofree char *delimiter_name = NULL;
  g_autofree char *duplicates_name = NULL;
  g_autofree char *rejects_path = NULL;
  g_auto (GStrv) positional = NULL;
  gboolean           dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "map", 'm', 0, G_OPTION_ARG_STRING, &map,
      N_ ("Which column goes to which field: 'column=field,…' (a column by its header or number "
          "from 1; field “-” skips it); the other columns keep what their headers suggest"),
      N_ ("MAP") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding_name,
      N_ ("auto (the default: detected), utf-8, utf-8-bom or cp1251"), N_ ("ENCODING") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter_name,
      N_ ("“;”, “,” or “tab” (detected unless given)"), N_ ("DELIMITER") },
    { "on-duplicate", 0, 0, G_OPTION_ARG_STRING, &duplicates_name,
      N_ ("What to do with a row that matches a stored record: skip it (the default), update the "
          "record from it, or create another record"),
      N_ ("skip|update|create") },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects_path,
      N_ ("Write the rejected rows to FILE (default: FILE-rejects.csv in the cache folder)"), N_ ("FILE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_ ("Check and count everything, then save nothing"), NULL },
    { NULL }
  };
  ImportOptions options = {
    .encoding = CRM_CSV_ENCODING_AUTO,
    .duplicates = CRM_IMPORT_DUPLICATES_SKIP,
  };
  ExitCode code = EXIT_OK;

  if (args[0] != NULL && g_str_equal (args[0], "undo"))
    return run_import_undo (ctl, args + 1);
  if (args[0] != NULL && g_str_equal (args[0], "list"))
    return run_import_list (ctl, args + 1);

  if (!parse_command (ctl, "import", _ ("accounts|contacts FILE"),
                      _ ("Add accounts or contacts from a CSV file (UTF-8 or Windows-1251, “;”, “,” "
                         "or tab, detected) or contacts from a vCard file. Columns go to the fields "
                         "their headers name, in Russian or English, or as SuiteCRM, vTiger and 1C "
                         "export them; --map changes that. Rows with a bad value are rejected "
                         "(line, column, reason) and written to a rejects file; the good rows go in "
                         "as one batch, which “rapportctl import undo BATCH” takes out again.\n\n"
                         "Also: rapportctl import undo BATCH; rapportctl import list."),
                      entries, args, 2, 2, &positional, &code))
    return code;

  if (!parse_type (positional[0], &options.type, &code))
    return code;
  if (encoding_name != NULL && !parse_encoding (encoding_name, TRUE, &options.encoding, &code))
    return code;
  if (delimiter_name != NULL && !parse_delimiter (delimiter_name, &options.delimiter, &code))
    return code;
  if (duplicates_name != NULL && !crm_import_duplicates_from_string (duplicates_name, &options.duplicates))
    {
      g_autofree char *message = g_strdup_printf (_ ("--on-duplicate must be skip, update or create, not “%s”"),
                                                  duplicates_name);

      return fail_usage (message);
    }

  options.path = positional[1];
  options.map = map;
  options.rejects_path = rejects_path;
  options.dry_run = dry_run;

  return cmd_import (ctl, &options);
}
