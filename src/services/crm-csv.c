/* crm-csv.c — CSV files as people have them, and CSV safe for spreadsheets
 *
 * The reader streams: it holds one raw chunk (256 KB) and its UTF-8
 * decoding, never the file. Detection looks at the first 64 KB only.
 * Parsing runs on the decoded UTF-8 text: the delimiter, the quote and the
 * line ends are ASCII, so they never occur inside a multi-byte character.
 * The writer is in crm-csv-writer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-csv.h"

#define SAMPLE_SIZE  (64 * 1024)
#define RAW_CHUNK    (256 * 1024)
#define SAMPLE_LINES 50
#define FLUSH_AT     (64 * 1024)
#define BOM          "\xef\xbb\xbf"
#define BOM_LEN      3
#define CP1251_ICONV "CP1251"

typedef enum
{
  STATE_RECORD,   /* before the first byte of a record */
  STATE_FIELD,    /* before the first byte of a field */
  STATE_UNQUOTED, /* inside a field without quotes */
  STATE_QUOTED,   /* inside a quoted field */
  STATE_QUOTE,    /* just after a quote inside a quoted field */
} ParseState;

typedef enum
{
  PENDING_NONE,
  PENDING_ENCODING, /* bytes that do not decode */
  PENDING_BINARY,   /* a NUL byte */
} Pending;

struct _CrmCsvReader
{
  GFile         *file;
  GBytes        *bytes;
  GInputStream  *stream;
  GCancellable  *cancellable;
  char          *display_name; /* the file's name */
  char          *subject;      /* “name.csv” or "The data", for messages */
  goffset        size;
  goffset        position; /* raw bytes read from the stream */

  CrmCsvEncoding encoding; /* never AUTO after detection */
  char           delimiter;
  gboolean       sep_line; /* the file starts with Excel's "sep=X" line */
  GIConv         conv;     /* CP1251 → UTF-8, or (GIConv) -1 */

  /* Raw bytes not decoded yet (a partial UTF-8 sequence at most). */
  guint8        *raw;
  gsize          raw_len;
  gboolean       eof;
  gboolean       at_start; /* nothing decoded since the last rewind */
  Pending        pending;  /* raised once the decoded text before it is parsed */

  /* Decoded UTF-8 text. */
  char          *buf;
  gsize          buf_len;
  gsize          buf_pos;

  /* Parser. */
  ParseState     state;
  guint          line;    /* the current line, 1-based */
  gboolean       prev_cr; /* the last byte consumed was a CR */
  guint          record_line;
  guint          field_line; /* where the current quoted field began */
  gboolean       record_quoted;
  gboolean       field_newline; /* the current quoted field spans lines */
  GString       *field;
  GPtrArray     *row;
  guint          n_records; /* records returned since the last rewind */
  gboolean       finished;
  GError        *failure; /* returned again by every later call */
};

G_DEFINE_QUARK (crm - csv - error - quark, crm_csv_error)

/* ---- Encodings ---- */

const char *
crm_csv_encoding_get_label (CrmCsvEncoding encoding)
{
  switch (encoding)
    {
    case CRM_CSV_ENCODING_AUTO:
      return _ ("Detect Automatically");
    case CRM_CSV_ENCODING_UTF8:
      return _ ("Unicode (UTF-8)");
    case CRM_CSV_ENCODING_UTF8_BOM:
      return _ ("Unicode (UTF-8 with BOM, Excel)");
    case CRM_CSV_ENCODING_CP1251:
      return _ ("Cyrillic (Windows-1251)");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
crm_csv_encoding_to_string (CrmCsvEncoding encoding)
{
  switch (encoding)
    {
    case CRM_CSV_ENCODING_AUTO:
      return "auto";
    case CRM_CSV_ENCODING_UTF8:
      return "utf-8";
    case CRM_CSV_ENCODING_UTF8_BOM:
      return "utf-8-bom";
    case CRM_CSV_ENCODING_CP1251:
      return "cp1251";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
crm_csv_encoding_from_string (const char     *name,
                              CrmCsvEncoding *encoding)
{
  static const struct
  {
    const char    *name;
    CrmCsvEncoding encoding;
  } names[] = {
    { "auto", CRM_CSV_ENCODING_AUTO },
    { "utf-8", CRM_CSV_ENCODING_UTF8 },
    { "utf8", CRM_CSV_ENCODING_UTF8 },
    { "utf-8-bom", CRM_CSV_ENCODING_UTF8_BOM },
    { "utf8-bom", CRM_CSV_ENCODING_UTF8_BOM },
    { "utf-8-sig", CRM_CSV_ENCODING_UTF8_BOM },
    { "cp1251", CRM_CSV_ENCODING_CP1251 },
    { "cp-1251", CRM_CSV_ENCODING_CP1251 },
    { "windows-1251", CRM_CSV_ENCODING_CP1251 },
    { "win1251", CRM_CSV_ENCODING_CP1251 },
    { "1251", CRM_CSV_ENCODING_CP1251 },
  };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i].name) == 0)
      {
        if (encoding != NULL)
          *encoding = names[i].encoding;
        return TRUE;
      }
  return FALSE;
}

static const char *
encoding_name (CrmCsvEncoding encoding)
{
  return encoding == CRM_CSV_ENCODING_CP1251 ? "Windows-1251" : "UTF-8";
}

/* Length of @data without a multi-byte UTF-8 sequence cut off at its end. */
static gsize
utf8_complete_length (const guint8 *data,
                      gsize         len)
{
  for (gsize back = 1; back <= 4 && back <= len; back++)
    {
      guint8 c = data[len - back];
      gsize  need;

      if ((c & 0xC0) == 0x80)
        continue; /* a continuation byte: look further back */
      if (c < 0xC0)
        return len; /* ASCII (or a stray byte the validator will refuse) */
      need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3
                                       : 2;
      return back < need ? len - back : len;
    }
  return len;
}

/* Whether Windows-1251 makes text of the high bytes of @data: Cyrillic
 * letters and the punctuation Russian text uses (dashes, «», №, quotes,
 * no-break space). */
static gboolean
looks_like_cp1251 (const guint8 *data,
                   gsize         len)
{
  gsize high = 0, cyrillic = 0, punct = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c < 0x80)
        continue;
      high++;
      if (c >= 0xC0 || c == 0xA8 || c == 0xB8)
        cyrillic++;
      else if (c == 0x85 || (c >= 0x91 && c <= 0x97) || c == 0xA0 || c == 0xAB || c == 0xBB || c == 0xB9 ||
               c == 0xA7 || c == 0xB0 || c == 0xB1 || c == 0x99 || c == 0x84 || c == 0x8B || c == 0x9B ||
               c == 0xA9 || c == 0xAE || c == 0xB2 || c == 0xB3 || c == 0xBA || c == 0xAA || c == 0xAF ||
               c == 0xBF || c == 0xA1 || c == 0xA2)
        punct++;
    }

  return cyrillic > 0 && (cyrillic + punct) * 10 >= high * 9;
}

/* Control characters other than tab, CR, LF and form feed. */
static gsize
count_controls (const guint8 *data,
                gsize         len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\r' && data[i] != '\n' && data[i] != '\f') ||
        data[i] == 0x7F)
      n++;
  return n;
}

static gboolean
only_blank (const guint8 *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

/* "“file.csv”, line 5, column 3" (column 0: left out); "Line 5" for bytes */
static char *
location (CrmCsvReader *self,
          guint         line,
          guint         column)
{
  if (self->file != NULL && column > 0)
    return g_strdup_printf (_ ("“%s”, line %u, column %u"), self->display_name, line, column);
  if (self->file != NULL)
    return g_strdup_printf (_ ("“%s”, line %u"), self->display_name, line);
  if (column > 0)
    return g_strdup_printf (_ ("Line %u, column %u"), line, column);
  return g_strdup_printf (_ ("Line %u"), line);
}

/* ---- Detection over the first 64 KB ---- */

static gboolean
detect_encoding (CrmCsvReader   *self,
                 const guint8   *sample,
                 gsize           len,
                 gboolean        whole,
                 CrmCsvEncoding *encoding,
                 GError        **error)
{
  const guint8 *text = sample;
  gsize         text_len = len;
  gboolean      bom = FALSE;
  const char   *end;

  if (len >= 2 && ((sample[0] == 0xFF && sample[1] == 0xFE) || (sample[0] == 0xFE && sample[1] == 0xFF)))
    {
      g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_BINARY,
                   _ ("%s is in UTF-16, which cannot be read; save it as “CSV UTF-8” or as Windows-1251 CSV"),
                   self->subject);
      return FALSE;
    }

  if (len >= BOM_LEN && memcmp (sample, BOM, BOM_LEN) == 0)
    {
      bom = TRUE;
      text += BOM_LEN;
      text_len -= BOM_LEN;
    }

  if (whole && only_blank (text, text_len))
    {
      g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY,
                   _ ("%s is empty: it has no rows"), self->subject);
      return FALSE;
    }

  if (memchr (text, '\0', text_len) != NULL || count_controls (text, text_len) * 100 > text_len)
    {
      g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_BINARY,
                   _ ("%s is not text (it holds binary data); choose a CSV file"), self->subject);
      return FALSE;
    }

  if (bom)
    {
      *encoding = CRM_CSV_ENCODING_UTF8_BOM;
      return TRUE;
    }

  if (g_utf8_validate_len ((const char *) text, whole ? text_len : utf8_complete_length (text, text_len), &end))
    {
      *encoding = CRM_CSV_ENCODING_UTF8;
      return TRUE;
    }

  if (!looks_like_cp1251 (text, text_len))
    g_debug ("%s: neither UTF-8 nor Cyrillic Windows-1251; reading it as Windows-1251", self->display_name);
  *encoding = CRM_CSV_ENCODING_CP1251;
  return TRUE;
}

typedef struct
{
  char  delimiter;
  guint counts[SAMPLE_LINES];
} Candidate;

/* Count the candidates outside quotes on each of the first lines (records,
 * really: a quoted line break does not end one) and keep the delimiter
 * whose count is the same on the most lines. */
static char
detect_delimiter (const guint8 *sample,
                  gsize         len,
                  gboolean      whole,
                  gboolean     *sep_line)
{
  Candidate cands[] = { { ';' }, { ',' }, { '\t' } };
  guint     n_lines = 0;
  gboolean  quoted = FALSE, content = FALSE;
  gsize     i = 0;
  char      best = ',';
  guint     best_agree = 0, best_count = 0;

  if (len >= BOM_LEN && memcmp (sample, BOM, BOM_LEN) == 0)
    i = BOM_LEN;

  /* Excel's own hint: a first line "sep=;" */
  *sep_line = FALSE;
  if (len - i >= 5 && g_ascii_strncasecmp ((const char *) sample + i, "sep=", 4) == 0 &&
      (len - i == 5 || sample[i + 5] == '\r' || sample[i + 5] == '\n') && sample[i + 4] != '"' &&
      sample[i + 4] >= 0x20 && sample[i + 4] < 0x7F)
    {
      *sep_line = TRUE;
      return (char) sample[i + 4];
    }

  for (; i < len && n_lines < SAMPLE_LINES; i++)
    {
      guint8 c = sample[i];

      if (c == '"')
        quoted = !quoted, content = TRUE;
      else if (quoted)
        continue;
      else if (c == '\r' || c == '\n')
        {
          if (content)
            n_lines++;
          content = FALSE;
        }
      else
        {
          content = TRUE;
          for (guint k = 0; k < G_N_ELEMENTS (cands); k++)
            if (c == (guint8) cands[k].delimiter)
              cands[k].counts[n_lines]++;
        }
    }
  if (content && whole && n_lines < SAMPLE_LINES)
    n_lines++; /* the last line has no line end; a cut one is left out */
  if (n_lines == 0)
    n_lines = 1; /* one long line: use what it has */

  for (guint k = 0; k < G_N_ELEMENTS (cands); k++)
    {
      guint mode = 0, agree = 0;

      for (guint l = 0; l < n_lines; l++)
        {
          guint same = 0;

          if (cands[k].counts[l] == 0)
            continue;
          for (guint m = 0; m < n_lines; m++)
            if (cands[k].counts[m] == cands[k].counts[l])
              same++;
          if (same > agree || (same == agree && cands[k].counts[l] > mode))
            agree = same, mode = cands[k].counts[l];
        }
      if (agree > best_agree || (agree == best_agree && agree > 0 && mode > best_count))
        {
          best = cands[k].delimiter;
          best_agree = agree;
          best_count = mode;
        }
    }

  return best;
}

/* ---- Reading raw bytes ---- */

static gboolean
set_io_error (CrmCsvReader *self,
              GError      **error,
              const char   *why)
{
  g_autofree char *where = location (self, self->line, 0);

  /* Translators: "“file.csv”, line 12: the file got shorter while being read" */
  g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_IO, _ ("%s: %s"), where, why);
  return FALSE;
}

/* The file must still be there with at least what was read; at the end
 * it must be as long as what was read. */
static gboolean
check_file (CrmCsvReader *self,
            gboolean      at_end,
            GError      **error)
{
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  goffset size;

  if (self->file == NULL)
    return TRUE;

  info = g_file_query_info (self->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            self->cancellable, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return set_io_error (self, error, _ ("the file was deleted or moved while being read"));
    }

  size = g_file_info_get_size (info);
  if (size < self->position)
    return set_io_error (self, error, _ ("the file got shorter while being read"));
  if (at_end && size != self->position)
    return set_io_error (self, error, _ ("the file changed while being read"));
  if (at_end && self->position < self->size)
    return set_io_error (self, error, _ ("the file got shorter while being read"));
  return TRUE;
}

static gboolean
read_raw (CrmCsvReader *self,
          GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  gsize want = RAW_CHUNK - self->raw_len;
  gsize got = 0;

  if (!g_input_stream_read_all (self->stream, self->raw + self->raw_len, want, &got, self->cancellable,
                                &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        {
          g_autofree char *why = g_strdup_printf (_ ("the file could not be read: %s"), local_error->message);

          set_io_error (self, error, why);
        }
      return FALSE;
    }

  self->raw_len += got;
  self->position += got;
  if (got < want)
    {
      self->eof = TRUE;
      return check_file (self, TRUE, error);
    }
  return check_file (self, FALSE, error);
}

/* Turn raw bytes into UTF-8 in self->buf; leaves an incomplete sequence
 * (or everything after a bad byte) in self->raw. */
static void
decode (CrmCsvReader *self)
{
  const guint8 *raw = self->raw;
  gsize         len = self->raw_len, used;
  const guint8 *nul;

  if (self->at_start)
    {
      self->at_start = FALSE;
      if (self->encoding != CRM_CSV_ENCODING_CP1251 && len >= BOM_LEN && memcmp (raw, BOM, BOM_LEN) == 0)
        raw += BOM_LEN, len -= BOM_LEN;
    }

  nul = memchr (raw, '\0', len);
  if (nul != NULL)
    len = nul - raw;

  if (self->encoding == CRM_CSV_ENCODING_CP1251)
    {
      char *in = (char *) raw, *out = self->buf;
      gsize in_left = len, out_left = RAW_CHUNK * 3;

      if (g_iconv (self->conv, &in, &in_left, &out, &out_left) == (gsize) -1)
        {
          if (errno == EILSEQ && self->pending == PENDING_NONE)
            self->pending = PENDING_ENCODING;
        }
      self->buf_len = out - self->buf;
      used = in - (char *) raw;
    }
  else
    {
      const char *end;
      gsize       complete = (self->eof || nul != NULL) ? len : utf8_complete_length (raw, len);

      if (!g_utf8_validate_len ((const char *) raw, complete, &end) && self->pending == PENDING_NONE)
        self->pending = PENDING_ENCODING;
      used = end - (const char *) raw;
      memcpy (self->buf, raw, used);
      self->buf_len = used;
    }

  if (nul != NULL && self->pending == PENDING_NONE)
    self->pending = PENDING_BINARY;

  self->buf_pos = 0;
  used += raw - self->raw;
  memmove (self->raw, self->raw + used, self->raw_len - used);
  self->raw_len -= used;
}

static gboolean
raise_pending (CrmCsvReader *self,
               GError      **error)
{
  g_autofree char *where = location (self, self->line, 0);

  if (self->pending == PENDING_BINARY)
    g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_BINARY,
                 _ ("%s: a NUL byte; this is not a text (CSV) file"), where);
  else
    g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_ENCODING,
                 _ ("%s: bytes that are not %s text; choose another encoding"), where,
                 encoding_name (self->encoding));
  return FALSE;
}

/* Make decoded text available. TRUE with buf_len 0 at the end. */
static gboolean
fill (CrmCsvReader *self,
      GError      **error)
{
  self->buf_pos = self->buf_len = 0;

  for (;;)
    {
      if (self->pending != PENDING_NONE)
        return raise_pending (self, error);
      if (!self->eof && !read_raw (self, error))
        return FALSE;
      if (self->raw_len == 0)
        return TRUE;
      decode (self);
      if (self->buf_len > 0)
        return TRUE;
      if (self->pending == PENDING_NONE && self->eof)
        {
          self->pending = PENDING_ENCODING; /* a sequence cut off by the end */
          return raise_pending (self, error);
        }
    }
}

/* ---- Opening and rewinding ---- */

static void
reset_parser (CrmCsvReader *self)
{
  self->raw_len = 0;
  self->eof = FALSE;
  self->at_start = TRUE;
  self->pending = PENDING_NONE;
  self->buf_len = self->buf_pos = 0;
  self->state = STATE_RECORD;
  self->line = 1;
  self->prev_cr = FALSE;
  self->record_quoted = FALSE;
  self->field_newline = FALSE;
  g_string_truncate (self->field, 0);
  g_ptr_array_set_size (self->row, 0);
  self->n_records = 0;
  self->finished = FALSE;
  self->position = 0;
  g_clear_error (&self->failure);
}

static gboolean
rewind_stream (CrmCsvReader *self,
               GError      **error)
{
  if (G_IS_SEEKABLE (self->stream) && g_seekable_can_seek (G_SEEKABLE (self->stream)))
    {
      if (!g_seekable_seek (G_SEEKABLE (self->stream), 0, G_SEEK_SET, self->cancellable, error))
        return FALSE;
    }
  else if (self->file != NULL)
    {
      GFileInputStream *stream = g_file_read (self->file, self->cancellable, error);

      if (stream == NULL)
        return FALSE;
      g_set_object (&self->stream, G_INPUT_STREAM (stream));
      g_object_unref (stream);
    }
  else
    {
      g_clear_object (&self->stream);
      self->stream = g_memory_input_stream_new_from_bytes (self->bytes);
    }

  reset_parser (self);
  return TRUE;
}

static gboolean
use_encoding (CrmCsvReader  *self,
              CrmCsvEncoding encoding,
              GError       **error)
{
  if (self->conv != (GIConv) -1)
    {
      g_iconv_close (self->conv);
      self->conv = (GIConv) -1;
    }

  if (encoding == CRM_CSV_ENCODING_CP1251)
    {
      self->conv = g_iconv_open ("UTF-8", CP1251_ICONV);
      if (self->conv == (GIConv) -1)
        {
          g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_ENCODING,
                       _ ("This system cannot convert from Windows-1251 (iconv lacks it)"));
          return FALSE;
        }
    }
  self->encoding = encoding;
  return TRUE;
}

/* Read the first 64 KB, detect, rewind. */
static gboolean
detect (CrmCsvReader *self,
        gboolean      encoding_too,
        gboolean      delimiter_too,
        GError      **error)
{
  g_autofree guint8 *sample = g_malloc (SAMPLE_SIZE);
  gsize              len = 0;
  gboolean           whole;
  CrmCsvEncoding     encoding = self->encoding;

  if (!g_input_stream_read_all (self->stream, sample, SAMPLE_SIZE, &len, self->cancellable, error))
    return FALSE;
  whole = len < SAMPLE_SIZE;

  if (len == 0)
    {
      g_set_error (error, CRM_CSV_ERROR, CRM_CSV_ERROR_EMPTY, _ ("%s is empty: it has no rows"),
                   self->subject);
      return FALSE;
    }

  if (encoding_too && !detect_encoding (self, sample, len, whole, &encoding, error))
    return FALSE;
  if (delimiter_too)
    self->delimiter = detect_delimiter (sample, len, whole, &self->sep_line);

  g_debug ("%s: %s, delimiter 0x%02x", self->display_name, encoding_name (encoding), (guint) self->delimiter);

  return use_encoding (self, encoding, error) && rewind_stream (self, error);
}

static CrmCsvReader *
reader_new (GFile        *file,
            GBytes       *bytes,
            GInputStream *stream,
            goffset       size,
            GCancellable *cancellable,
            GError      **error)
{
  CrmCsvReader *self = g_new0 (CrmCsvReader, 1);

  self->file = file ? g_object_ref (file) : NULL;
  self->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  self->stream = stream;
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (file != NULL)
    {
      g_autofree char *base = g_file_get_basename (file);

      self->display_name = base ? g_steal_pointer (&base) : g_file_get_parse_name (file);
      self->subject = g_strdup_printf ("“%s”", self->display_name);
    }
  else
    {
      self->display_name = g_strdup ("CSV");
      self->subject = g_strdup (_ ("The data"));
    }
  self->size = size;
  self->conv = (GIConv) -1;
  self->raw = g_malloc (RAW_CHUNK);
  self->buf = g_malloc (RAW_CHUNK * 3);
  self->field = g_string_sized_new (256);
  self->row = g_ptr_array_new ();
  self->encoding = CRM_CSV_ENCODING_UTF8;
  self->delimiter = ',';
  reset_parser (self);

  if (!detect (self, TRUE, TRUE, error))
    {
      crm_csv_reader_free (self);
      return NULL;
    }
  return self;
}

CrmCsvReader *
crm_csv_reader_new (GFile        *file,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return NULL;

  return reader_new (file, NULL, G_INPUT_STREAM (g_steal_pointer (&stream)), g_file_info_get_size (info),
                     cancellable, error);
}

CrmCsvReader *
crm_csv_reader_new_for_bytes (GBytes  *bytes,
                              GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return reader_new (NULL, bytes, g_memory_input_stream_new_from_bytes (bytes), g_bytes_get_size (bytes), NULL,
                     error);
}

void
crm_csv_reader_free (CrmCsvReader *self)
{
  if (self == NULL)
    return;

  if (self->conv != (GIConv) -1)
    g_iconv_close (self->conv);
  g_clear_object (&self->file);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_free (self->display_name);
  g_free (self->subject);
  g_free (self->raw);
  g_free (self->buf);
  g_string_free (self->field, TRUE);
  g_ptr_array_set_free_func (self->row, g_free);
  g_ptr_array_unref (self->row);
  g_clear_error (&self->failure);
  g_free (self);
}

CrmCsvEncoding
crm_csv_reader_get_encoding (CrmCsvReader *self)
{
  g_return_val_if_fail (self != NULL, CRM_CSV_ENCODING_UTF8);

  return self->encoding;
}

gboolean
crm_csv_reader_set_encoding (CrmCsvReader  *self,
                             CrmCsvEncoding encoding,
                             GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (encoding <= CRM_CSV_ENCODING_CP1251, FALSE);

  if (!rewind_stream (self, error))
    return FALSE;
  if (encoding == CRM_CSV_ENCODING_AUTO)
    return detect (self, TRUE, FALSE, error);
  return use_encoding (self, encoding, error);
}

char
crm_csv_reader_get_delimiter (CrmCsvReader *self)
{
  g_return_val_if_fail (self != NULL, ',');

  return self->delimiter;
}

gboolean
crm_csv_reader_set_delimiter (CrmCsvReader *self,
                              char          delimiter,
                              GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0' ||
      (guchar) delimiter >= 0x80)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("A quote, a line break or a non-ASCII character cannot separate fields"));
      return FALSE;
    }
  if (!rewind_stream (self, error))
    return FALSE;
  if (delimiter != self->delimiter)
    self->sep_line = FALSE;
  self->delimiter = delimiter;
  return TRUE;
}

goffset
crm_csv_reader_get_position (CrmCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->position;
}

goffset
crm_csv_reader_get_size (CrmCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/* ---- Parsing ---- */

static void
free_row (CrmCsvReader *self)
{
  for (guint i = 0; i < self->row->len; i++)
    g_free (self->row->pdata[i]);
  g_ptr_array_set_size (self->row, 0);
}

static gboolean
fail (CrmCsvReader *self,
      GError      **error,
      GError       *failure)
{
  self->failure = failure;
  self->finished = TRUE;
  free_row (self);
  g_string_truncate (self->field, 0);
  if (error != NULL)
    *error = g_error_copy (failure);
  return FALSE;
}

static gboolean
append (CrmCsvReader *self,
        const char   *data,
        gsize         len,
        GError      **error)
{
  if (G_UNLIKELY (self->field->len + len > CRM_CSV_MAX_FIELD))
    {
      g_autofree char *where = NULL;
      GError          *e;

      if (self->state == STATE_QUOTED && self->field_newline)
        {
          where = location (self, self->field_line, self->row->len + 1);
          e = g_error_new (CRM_CSV_ERROR, CRM_CSV_ERROR_UNTERMINATED,
                           _ ("%s: a quoted field runs on for more than %u MB; is its closing quote missing?"), where,
                           CRM_CSV_MAX_FIELD / (1024 * 1024));
        }
      else
        {
          where = location (self, self->record_line, self->row->len + 1);
          e = g_error_new (CRM_CSV_ERROR, CRM_CSV_ERROR_TOO_LONG, _ ("%s: the field is longer than %u MB"), where,
                           CRM_CSV_MAX_FIELD / (1024 * 1024));
        }
      return fail (self, error, e);
    }
  g_string_append_len (self->field, data, len);
  return TRUE;
}

static void
end_field (CrmCsvReader *self)
{
  g_ptr_array_add (self->row, g_strndup (self->field->str, self->field->len));
  g_string_truncate (self->field, 0);
  self->field_newline = FALSE;
}

/* The field ends at a delimiter: another one follows. */
static gboolean
next_field (CrmCsvReader *self,
            GError      **error)
{
  if (G_UNLIKELY (self->row->len + 2 > CRM_CSV_MAX_COLUMNS))
    {
      g_autofree char *where = location (self, self->record_line, 0);

      return fail (self, error,
                   g_error_new (CRM_CSV_ERROR, CRM_CSV_ERROR_TOO_LONG, _ ("%s: more than %u columns"), where,
                                CRM_CSV_MAX_COLUMNS));
    }
  end_field (self);
  self->state = STATE_FIELD;
  return TRUE;
}

static gboolean
blank_field (const char *field)
{
  for (; *field; field++)
    if (*field != ' ' && *field != '\t')
      return FALSE;
  return TRUE;
}

/* The record as a GStrv, or NULL for a blank line. */
static GStrv
end_record (CrmCsvReader *self)
{
  guint n;
  GStrv fields;

  end_field (self);
  n = self->row->len;
  self->state = STATE_RECORD;

  if (n == 1 && !self->record_quoted && blank_field (self->row->pdata[0]))
    {
      g_free (self->row->pdata[0]);
      g_ptr_array_set_size (self->row, 0);
      return NULL;
    }

  fields = g_new (char *, n + 1);
  memcpy (fields, self->row->pdata, n * sizeof (char *));
  fields[n] = NULL;
  g_ptr_array_set_size (self->row, 0);
  return fields;
}

/* Which bytes end a run of plain text. */
static gboolean
is_special (guchar c,
            char   delimiter)
{
  return c == (guchar) delimiter || c == '"' || c == '\r' || c == '\n';
}

/* Parse decoded text until a record is complete. Returns the record, or
 * NULL with *@need_more when the buffer ran out, or NULL on an error. */
static GStrv
parse (CrmCsvReader *self,
       gboolean     *need_more,
       GError      **error)
{
  const char *buf = self->buf;
  const char *p = buf + self->buf_pos;
  const char *end = buf + self->buf_len;
  const char  delim = self->delimiter;
  GStrv       record = NULL;

  *need_more = FALSE;

  while (p < end)
    {
      guchar c = (guchar) *p;

      switch (self->state)
        {
        case STATE_RECORD:
          if (c == '\n')
            {
              if (!self->prev_cr)
                self->line++; /* a blank line */
              self->prev_cr = FALSE;
              p++;
              continue;
            }
          if (c == '\r')
            {
              self->line++;
              self->prev_cr = TRUE;
              p++;
              continue;
            }
          self->prev_cr = FALSE;
          self->record_line = self->line;
          self->record_quoted = FALSE;
          self->state = STATE_FIELD;
          G_GNUC_FALLTHROUGH;

        case STATE_FIELD:
          if (c == '"')
            {
              self->state = STATE_QUOTED;
              self->record_quoted = TRUE;
              self->field_line = self->line;
              self->field_newline = FALSE;
              p++;
              continue;
            }
          self->state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case STATE_UNQUOTED:
          {
            const char *start = p;

            while (p < end && !is_special ((guchar) *p, delim))
              p++;
            if (p > start && !append (self, start, p - start, error))
              goto out;
            if (p == end)
              continue;
            c = (guchar) *p++;
            if (c == '"')
              {
                if (!append (self, "\"", 1, error)) /* a stray quote inside plain text */
                  goto out;
              }
            else if (c == (guchar) delim)
              {
                if (!next_field (self, error))
                  goto out;
              }
            else
              {
                self->line++;
                self->prev_cr = c == '\r';
                record = end_record (self);
                if (record != NULL)
                  goto out;
              }
          }
          continue;

        case STATE_QUOTED:
          {
            const char *start = p;

            while (p < end && *p != '"' && *p != '\r' && *p != '\n')
              p++;
            if (p > start)
              {
                self->prev_cr = FALSE;
                if (!append (self, start, p - start, error))
                  goto out;
              }
            if (p == end)
              continue;
            c = (guchar) *p++;
            if (c == '"')
              {
                self->prev_cr = FALSE;
                self->state = STATE_QUOTE;
                continue;
              }
            if (c == '\r' || !self->prev_cr)
              self->line++;
            self->prev_cr = c == '\r';
            self->field_newline = TRUE;
            if (!append (self, (const char *) &c, 1, error))
              goto out;
          }
          continue;

        case STATE_QUOTE:
          p++;
          if (c == '"')
            {
              self->state = STATE_QUOTED;
              if (!append (self, "\"", 1, error))
                goto out;
            }
          else if (c == (guchar) delim)
            {
              if (!next_field (self, error))
                goto out;
            }
          else if (c == '\r' || c == '\n')
            {
              self->line++;
              self->prev_cr = c == '\r';
              record = end_record (self);
              if (record != NULL)
                goto out;
            }
          else
            {
              /* Text after the closing quote ("abc"def): keep it. */
              self->state = STATE_UNQUOTED;
              if (!append (self, (const char *) &c, 1, error))
                goto out;
            }
          continue;

        default:
          g_assert_not_reached ();
        }
    }

  *need_more = TRUE;

out:
  self->buf_pos = p - buf;
  return record;
}

GStrv
crm_csv_reader_next (CrmCsvReader *self,
                     guint        *line,
                     GError      **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->failure != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->failure);
      return NULL;
    }
  if (self->finished)
    return NULL;

  for (;;)
    {
      GError  *local_error = NULL;
      gboolean need_more = TRUE;
      GStrv    record = NULL;

      if (self->buf_pos < self->buf_len)
        {
          record = parse (self, &need_more, error);
          if (self->failure != NULL)
            return NULL;
        }

      if (record != NULL)
        {
          self->n_records++;
          if (self->n_records == 1 && self->sep_line && record[0] != NULL &&
              g_ascii_strncasecmp (record[0], "sep=", 4) == 0)
            {
              g_strfreev (record); /* Excel's "sep=;" line, not data */
              continue;
            }
          if (line != NULL)
            *line = self->record_line;
          return record;
        }

      if (!need_more)
        continue;

      if (!fill (self, &local_error))
        {
          fail (self, error, local_error);
          return NULL;
        }

      if (self->buf_len == 0)
        {
          /* The end of the file. */
          self->finished = TRUE;
          if (self->state == STATE_QUOTED)
            {
              g_autofree char *where = location (self, self->field_line, self->row->len + 1);

              fail (self, error,
                    g_error_new (CRM_CSV_ERROR, CRM_CSV_ERROR_UNTERMINATED,
                                 _ ("%s: a quote opened here is never closed"), where));
              return NULL;
            }
          if (self->state != STATE_RECORD)
            {
              record = end_record (self);
              if (record != NULL)
                {
                  self->n_records++;
                  if (line != NULL)
                    *line = self->record_line;
                  return record;
                }
            }
          return NULL;
        }
    }
}

/* ---- Formulas ---- */

static gboolean
is_trigger (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Apostrophes followed by a trigger: "'=…", "''+…". A cell like that gets
 * one more apostrophe too, so crm_csv_unneutralize() restores it exactly. */
static gboolean
needs_apostrophe (const char *cell)
{
  while (*cell == '\'')
    cell++;
  return is_trigger (*cell);
}

char *
crm_csv_neutralize (const char *cell)
{
  if (cell == NULL)
    return NULL;
  if (needs_apostrophe (cell))
    return g_strconcat ("'", cell, NULL);
  return g_strdup (cell);
}

const char *
crm_csv_unneutralize (const char *cell)
{
  if (cell != NULL && cell[0] == '\'' && needs_apostrophe (cell + 1))
    return cell + 1;
  return cell;
}
