/* crm-csv.h — CSV files as people have them: RFC 4180 quoting, ";" "," or
 * tab, UTF-8 with or without BOM, or Windows-1251; and CSV written so that
 * spreadsheets never run a cell as a formula
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRM_CSV_ERROR (crm_csv_error_quark ())
GQuark crm_csv_error_quark (void);

typedef enum
{
  CRM_CSV_ERROR_EMPTY,        /* no bytes, or only a BOM / blank lines */
  CRM_CSV_ERROR_BINARY,       /* NUL bytes or other signs of a non-text file */
  CRM_CSV_ERROR_ENCODING,     /* bytes invalid in the chosen encoding (line given) */
  CRM_CSV_ERROR_UNTERMINATED, /* a quote opened and never closed (line given) */
  CRM_CSV_ERROR_TOO_LONG,     /* a field over CRM_CSV_MAX_FIELD bytes (line given) */
  CRM_CSV_ERROR_IO,           /* the file changed or vanished while reading */
} CrmCsvError;

#define CRM_CSV_MAX_FIELD (1024 * 1024)
/* More fields than this on one line is TOO_LONG too (Excel's limit). */
#define CRM_CSV_MAX_COLUMNS 16384

typedef enum
{
  CRM_CSV_ENCODING_AUTO,
  CRM_CSV_ENCODING_UTF8,
  CRM_CSV_ENCODING_UTF8_BOM, /* UTF-8 with a byte order mark (Excel's "CSV UTF-8") */
  CRM_CSV_ENCODING_CP1251,   /* Windows-1251, Excel's and 1C's "CSV" in Russia */
} CrmCsvEncoding;

const char                  *crm_csv_encoding_get_label (CrmCsvEncoding encoding); /* translated, for menus */
/* "auto", "utf-8", "utf-8-bom", "cp1251": names for command lines and
 * settings; from_string also takes "utf8", "windows-1251", "1251"… */
const char                  *crm_csv_encoding_to_string (CrmCsvEncoding encoding);
gboolean                     crm_csv_encoding_from_string (const char     *name,
                                                           CrmCsvEncoding *encoding);

typedef struct _CrmCsvReader CrmCsvReader;

/* Open @file for reading. The encoding, delimiter and header are detected
 * from its first 64 KB (crm_csv_reader_get_*); set_* overrides a guess
 * and rewinds.
 *
 * Encoding: a BOM → UTF-8 with BOM; valid UTF-8 → UTF-8; NUL bytes (or
 * many control characters, or a UTF-16 BOM) → CRM_CSV_ERROR_BINARY;
 * anything else → Windows-1251 (the only 8-bit encoding offered; a
 * non-Russian 8-bit file is read as Windows-1251 too, for the person to
 * see in the preview). Delimiter: ';', ',' or tab, whichever occurs
 * (outside quotes) the same number of times on the most of the first 50
 * lines; Excel's "sep=X" first line is obeyed and skipped; ',' when
 * there is none. Blank lines are skipped. The file is read in chunks of
 * 256 KB, never whole; it is checked at each chunk, so a file deleted,
 * truncated or grown while being read gives CRM_CSV_ERROR_IO. Other open
 * errors are GIO's (G_IO_ERROR_NOT_FOUND…). */
CrmCsvReader                *crm_csv_reader_new (GFile        *file,
                                                 GCancellable *cancellable,
                                                 GError      **error);
CrmCsvReader                *crm_csv_reader_new_for_bytes (GBytes  *bytes,
                                                           GError **error);
void                         crm_csv_reader_free (CrmCsvReader *self);
CrmCsvEncoding               crm_csv_reader_get_encoding (CrmCsvReader *self);
gboolean                     crm_csv_reader_set_encoding (CrmCsvReader  *self,
                                                          CrmCsvEncoding encoding,
                                                          GError       **error);
char                         crm_csv_reader_get_delimiter (CrmCsvReader *self);
gboolean                     crm_csv_reader_set_delimiter (CrmCsvReader *self,
                                                           char          delimiter,
                                                           GError      **error);
/* The next record as UTF-8 fields (NULL-terminated, a ragged row has as
 * many as it has). Returns NULL at the end (no error) or on an error
 * (@error says the line and the reason). @line (optional) receives the
 * line number where the record starts (1-based). */
GStrv                        crm_csv_reader_next (CrmCsvReader *self,
                                                  guint        *line,
                                                  GError      **error);
/* Bytes read so far and in all, for progress bars. */
goffset                      crm_csv_reader_get_position (CrmCsvReader *self);
goffset                      crm_csv_reader_get_size (CrmCsvReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmCsvReader, crm_csv_reader_free)

typedef struct _CrmCsvWriter CrmCsvWriter;

typedef enum
{
  CRM_CSV_WRITE_DEFAULT = 0,
  CRM_CSV_WRITE_RAW = 1 << 0, /* do not neutralise formulas (for migrations) */
} CrmCsvWriteFlags;

CrmCsvWriter *crm_csv_writer_new (GOutputStream   *stream,
                                  CrmCsvEncoding   encoding,
                                  char             delimiter,
                                  CrmCsvWriteFlags flags);
/* Rows end with CRLF; a field is quoted only when it holds the delimiter,
 * a quote or a line break; NULL fields are empty. UTF-8-BOM starts the
 * file with a BOM. Unless CRM_CSV_WRITE_RAW, every cell goes through
 * crm_csv_neutralize(). Output is buffered; close() flushes it and closes
 * @stream (free() alone does neither: use it to abandon a file).
 * Characters Windows-1251 cannot hold are written as "?" and counted. */
gboolean      crm_csv_writer_write_row (CrmCsvWriter      *self,
                                        const char *const *fields,
                                        guint              n_fields,
                                        GError           **error);
gboolean      crm_csv_writer_close (CrmCsvWriter *self,
                                    GError      **error);
guint         crm_csv_writer_get_n_lossy (CrmCsvWriter *self);
void          crm_csv_writer_free (CrmCsvWriter *self);

/* A cell starting with = + - @ tab or CR gets a leading apostrophe, so a
 * spreadsheet shows it as text. Phone numbers such as "+7 916…" and
 * negative numbers such as "-5" are cells too: they are neutralised the
 * same way (a spreadsheet still shows them as written). */
char         *crm_csv_neutralize (const char *cell);
/* What an importer calls on each cell of a file Rapport (or anything that
 * neutralises the same way) exported: one leading apostrophe is dropped
 * when a formula character follows it. A cell that started with
 * apostrophes and a formula character ("'=x") was given one more on the
 * way out, so neutralize + unneutralize gives back every cell exactly.
 * Returns a pointer into @cell. */
const char   *crm_csv_unneutralize (const char *cell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmCsvWriter, crm_csv_writer_free)

G_END_DECLS
