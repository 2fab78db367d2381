/* crm-csv-writer.c — CSV that spreadsheets open as written: CRLF, quotes
 * only where needed, UTF-8 (with a BOM for Excel) or Windows-1251, and
 * formulas neutralised (crm_csv_neutralize() is in crm-csv.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "crm-csv.h"

#define FLUSH_AT     (64 * 1024)
#define BOM          "\xef\xbb\xbf"
#define BOM_LEN      3
#define CP1251_ICONV "CP1251"

struct _CrmCsvWriter
{
  GOutputStream   *stream;
  CrmCsvEncoding   encoding;
  char             delimiter;
  CrmCsvWriteFlags flags;
  GIConv           conv; /* UTF-8 → CP1251, or (GIConv) -1 */
  GString         *row;  /* UTF-8 */
  GString         *out;  /* encoded, not yet written */
  gboolean         started;
  gboolean         closed;
  guint            n_lossy;
};

CrmCsvWriter *
crm_csv_writer_new (GOutputStream   *stream,
                    CrmCsvEncoding   encoding,
                    char             delimiter,
                    CrmCsvWriteFlags flags)
{
  CrmCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);
  g_return_val_if_fail (encoding <= CRM_CSV_ENCODING_CP1251, NULL);
  g_return_val_if_fail (delimiter != '"' && delimiter != '\r' && delimiter != '\n' && delimiter != '\0' &&
                            (guchar) delimiter < 0x80,
                        NULL);

  self = g_new0 (CrmCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->encoding = encoding == CRM_CSV_ENCODING_AUTO ? CRM_CSV_ENCODING_UTF8 : encoding;
  self->delimiter = delimiter;
  self->flags = flags;
  self->conv = (GIConv) -1;
  if (self->encoding == CRM_CSV_ENCODING_CP1251)
    {
      self->conv = g_iconv_open (CP1251_ICONV, "UTF-8");
      if (self->conv == (GIConv) -1)
        g_critical ("iconv cannot convert to Windows-1251; writing UTF-8");
    }
  self->row = g_string_sized_new (1024);
  self->out = g_string_sized_new (FLUSH_AT + 4096);
  return self;
}

static gboolean
flush (CrmCsvWriter *self,
       GError      **error)
{
  if (self->out->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (self->stream, self->out->str, self->out->len, NULL, NULL, error))
    return FALSE;
  g_string_truncate (self->out, 0);
  return TRUE;
}

static void
start (CrmCsvWriter *self)
{
  if (self->started)
    return;
  self->started = TRUE;
  if (self->encoding == CRM_CSV_ENCODING_UTF8_BOM)
    g_string_append_len (self->out, BOM, BOM_LEN);
}

/* Convert self->row to Windows-1251 onto self->out, "?" for what it lacks. */
static void
encode_cp1251 (CrmCsvWriter *self)
{
  char *in = self->row->str;
  gsize in_left = self->row->len;

  while (in_left > 0)
    {
      gsize old_len = self->out->len;
      gsize room = in_left + 16;
      char *out;
      gsize out_left;
      gsize r;

      g_string_set_size (self->out, old_len + room);
      out = self->out->str + old_len;
      out_left = room;
      r = g_iconv (self->conv, &in, &in_left, &out, &out_left);
      g_string_set_size (self->out, out - self->out->str);
      if (r != (gsize) -1)
        break;
      if (errno == E2BIG)
        continue;
      /* EILSEQ (no such character) or EINVAL: one character becomes "?" */
      g_string_append_c (self->out, '?');
      self->n_lossy++;
      {
        const char *next = g_utf8_find_next_char (in, in + in_left);
        gsize       skip = next ? (gsize) (next - in) : in_left;

        in += skip;
        in_left -= skip;
      }
    }
}

static void
append_cell (CrmCsvWriter *self,
             const char   *cell)
{
  g_autofree char *neutral = NULL;
  gboolean         quote = FALSE;

  if (cell == NULL || cell[0] == '\0')
    return;

  if (!(self->flags & CRM_CSV_WRITE_RAW))
    {
      neutral = crm_csv_neutralize (cell);
      cell = neutral;
    }

  for (const char *p = cell; *p; p++)
    if (*p == self->delimiter || *p == '"' || *p == '\r' || *p == '\n')
      {
        quote = TRUE;
        break;
      }

  if (!quote)
    {
      g_string_append (self->row, cell);
      return;
    }

  g_string_append_c (self->row, '"');
  for (const char *p = cell; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (self->row, '"');
      g_string_append_c (self->row, *p);
    }
  g_string_append_c (self->row, '"');
}

gboolean
crm_csv_writer_write_row (CrmCsvWriter      *self,
                          const char *const *fields,
                          guint              n_fields,
                          GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  start (self);
  g_string_truncate (self->row, 0);
  for (guint i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (self->row, self->delimiter);
      append_cell (self, fields[i]);
    }
  g_string_append (self->row, "\r\n");

  if (!g_utf8_validate_len (self->row->str, self->row->len, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (self->row->str, self->row->len);

      self->n_lossy++;
      g_string_assign (self->row, valid);
    }

  if (self->conv != (GIConv) -1)
    encode_cp1251 (self);
  else
    g_string_append_len (self->out, self->row->str, self->row->len);

  if (self->out->len >= FLUSH_AT)
    return flush (self, error);
  return TRUE;
}

gboolean
crm_csv_writer_close (CrmCsvWriter *self,
                      GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->closed)
    return TRUE;
  start (self);
  self->closed = TRUE;
  if (!flush (self, error))
    return FALSE;
  return g_output_stream_close (self->stream, NULL, error);
}

guint
crm_csv_writer_get_n_lossy (CrmCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lossy;
}

void
crm_csv_writer_free (CrmCsvWriter *self)
{
  if (self == NULL)
    return;

  if (self->conv != (GIConv) -1)
    g_iconv_close (self->conv);
  g_object_unref (self->stream);
  g_string_free (self->row, TRUE);
  g_string_free (self->out, TRUE);
  g_free (self);
}
