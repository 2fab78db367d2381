/* crm-vcard-writer.c — contacts out to vCard 3.0 and 4.0 text and files
 *
 * Each contact becomes an EVCard that EVCard escapes and writes as 3.0.
 * EVCard folds at 75 characters, not octets, so its lines are unfolded
 * and folded again at 75 octets (never inside a UTF-8 character), and for
 * 4.0 the version line changes: every attribute written here is valid in
 * both versions. Reading is in crm-vcard.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* libebook-contacts.h includes libedataserver's headers, which still
 * declare functions that take GTimeVal (deprecated since GLib 2.62). */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "crm-vcard.h"

/* Contacts fetched from the store per round trip when exporting. */
#define SAVE_PAGE_SIZE 500

static void
add_text (EVCard     *card,
          const char *name,
          const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  e_vcard_append_attribute_with_value (card, e_vcard_attribute_new (NULL, name), value);
}

static void
add_typed (EVCard         *card,
           const char     *name,
           CrmVCardVersion version,
           const char     *value,
           const char     *type1,
           const char     *type2)
{
  EVCardAttribute *attr = e_vcard_attribute_new (NULL, name);
  g_autofree char *t1 = version == CRM_VCARD_VERSION_4_0 ? g_ascii_strdown (type1, -1) : g_strdup (type1);
  g_autofree char *t2 = type2 == NULL ? NULL : version == CRM_VCARD_VERSION_4_0 ? g_ascii_strdown (type2, -1)
                                                                                : g_strdup (type2);

  e_vcard_attribute_add_param_with_values (attr, e_vcard_attribute_param_new (EVC_TYPE), t1, t2, NULL);
  e_vcard_append_attribute_with_value (card, attr, value);
}

/* 3.0: "TEL;TYPE=CELL:+79163258798", an extension after a comma (a pause:
 * phones dial it); 4.0: "TEL;TYPE=cell;VALUE=uri:tel:+79163258798",
 * an extension as RFC 3966's ";ext=". */
static void
add_phone (EVCard         *card,
           CrmVCardVersion version,
           const char     *e164,
           const char     *type1,
           const char     *type2)
{
  g_auto (GStrv) parts = NULL;
  const char *ext;

  if (e164 == NULL || e164[0] == '\0')
    return;

  parts = g_strsplit (e164, ";ext=", 2);
  ext = parts[1];

  if (version == CRM_VCARD_VERSION_4_0)
    {
      EVCardAttribute *attr = e_vcard_attribute_new (NULL, EVC_TEL);
      g_autofree char *uri = g_strconcat ("tel:", parts[0], NULL);
      g_autofree char *ext_param = ext != NULL ? g_strconcat ("ext=", ext, NULL) : NULL;
      g_autofree char *t1 = g_ascii_strdown (type1, -1);
      g_autofree char *t2 = type2 != NULL ? g_ascii_strdown (type2, -1) : NULL;

      e_vcard_attribute_add_param_with_value (attr, e_vcard_attribute_param_new (EVC_VALUE), "uri");
      e_vcard_attribute_add_param_with_values (attr, e_vcard_attribute_param_new (EVC_TYPE), t1, t2, NULL);
      /* Two values, so that EVCard writes the ';' of the URI unescaped. */
      e_vcard_attribute_add_value (attr, uri);
      if (ext_param != NULL)
        e_vcard_attribute_add_value (attr, ext_param);
      e_vcard_append_attribute (card, attr);
    }
  else
    {
      g_autofree char *value = ext != NULL ? g_strconcat (parts[0], ",", ext, NULL) : g_strdup (parts[0]);

      add_typed (card, EVC_TEL, version, value, type1, type2);
    }
}

/* Append EVCard's 3.0 text to @out unfolded and folded again at 75
 * octets, without cutting a UTF-8 character, with CRLF line ends. */
static void
append_refolded (GString        *out,
                 const char     *text,
                 CrmVCardVersion version)
{
  g_auto (GStrv) lines = g_strsplit (text, "\r\n", -1);
  g_autoptr (GString) line = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize pos = 0;
      gsize limit = 75;

      g_string_assign (line, lines[i]);
      while (lines[i + 1] != NULL && lines[i + 1][0] == ' ')
        g_string_append (line, lines[++i] + 1);
      if (line->len == 0)
        continue;
      if (version == CRM_VCARD_VERSION_4_0 && g_str_equal (line->str, "VERSION:3.0"))
        g_string_assign (line, "VERSION:4.0");

      while (line->len - pos > limit)
        {
          gsize cut = limit;

          while (cut > 0 && ((guchar) line->str[pos + cut] & 0xC0) == 0x80)
            cut--;
          g_string_append_len (out, line->str + pos, cut);
          g_string_append (out, "\r\n ");
          pos += cut;
          limit = 74; /* the space of the continuation line counts */
        }
      g_string_append_len (out, line->str + pos, line->len - pos);
      g_string_append (out, "\r\n");
    }
}

static void
append_contact (GString        *out,
                CrmRecord      *record,
                CrmVCardVersion version)
{
  gboolean         v4 = version == CRM_VCARD_VERSION_4_0;
  EVCard          *card = e_vcard_new ();
  EVCardAttribute *attr;
  g_autofree char *full_name = crm_contact_dup_full_name (CRM_CONTACT (record));
  g_autofree char *birthday = crm_record_dup_text (record, "birthday");
  g_autofree char *text = NULL;
  const char      *last = crm_record_get_string (record, "last_name");
  const char      *first = crm_record_get_string (record, "first_name");
  const char      *middle = crm_record_get_string (record, "middle_name");
  const char      *city = crm_record_get_string (record, "city");
  const char      *skype = crm_record_get_string (record, "skype");
  const char      *email = crm_record_get_string (record, "email");
  const char      *email2 = crm_record_get_string (record, "email2");

  add_text (card, "PRODID", "-//Rapport//Rapport " PACKAGE_VERSION "//EN");

  attr = e_vcard_attribute_new (NULL, EVC_FN);
  e_vcard_append_attribute_with_value (card, attr, full_name);

  attr = e_vcard_attribute_new (NULL, EVC_N);
  e_vcard_attribute_add_values (attr, last ? last : "", first ? first : "", middle ? middle : "", "", "", NULL);
  e_vcard_append_attribute (card, attr);

  add_text (card, EVC_ORG, crm_record_get_string (record, "account_name"));
  add_text (card, EVC_TITLE, crm_record_get_string (record, "position"));

  add_phone (card, version, crm_record_get_string (record, "phone_mobile"), "CELL", NULL);
  add_phone (card, version, crm_record_get_string (record, "phone_work"), "WORK", "VOICE");
  add_phone (card, version, crm_record_get_string (record, "phone_home"), "HOME", "VOICE");

  if (email != NULL && email[0] != '\0')
    add_typed (card, EVC_EMAIL, version, email, v4 ? "WORK" : "INTERNET", NULL);
  if (email2 != NULL && email2[0] != '\0')
    add_typed (card, EVC_EMAIL, version, email2, v4 ? "HOME" : "INTERNET", NULL);

  if (city != NULL && city[0] != '\0')
    {
      attr = e_vcard_attribute_new (NULL, EVC_ADR);
      e_vcard_attribute_add_param_with_value (attr, e_vcard_attribute_param_new (EVC_TYPE), v4 ? "work" : "WORK");
      e_vcard_attribute_add_values (attr, "", "", "", city, "", "", "", NULL);
      e_vcard_append_attribute (card, attr);
    }

  if (birthday != NULL)
    {
      if (v4)
        {
          /* 4.0 wants ISO 8601's basic form: 19750314. */
          char *src = birthday, *dst = birthday;

          for (; *src != '\0'; src++)
            if (*src != '-')
              *dst++ = *src;
          *dst = '\0';
        }
      add_text (card, EVC_BDAY, birthday);
    }

  add_text (card, EVC_NOTE, crm_record_get_string (record, "comments"));

  if (skype != NULL && skype[0] != '\0')
    {
      if (v4)
        {
          g_autofree char *uri = g_strconcat ("skype:", skype, NULL);

          add_text (card, "IMPP", uri);
        }
      else
        add_text (card, EVC_X_SKYPE, skype);
    }

  text = e_vcard_to_string (card, EVC_FORMAT_VCARD_30);
  append_refolded (out, text, version);
  g_object_unref (card);
}

char *
crm_vcard_write (GPtrArray      *contacts,
                 CrmVCardVersion version)
{
  GString *out;

  g_return_val_if_fail (contacts != NULL, NULL);
  g_return_val_if_fail (version == CRM_VCARD_VERSION_3_0 || version == CRM_VCARD_VERSION_4_0, NULL);

  out = g_string_sized_new (contacts->len * 400);
  for (guint i = 0; i < contacts->len; i++)
    {
      CrmRecord *record = g_ptr_array_index (contacts, i);

      g_return_val_if_fail (CRM_IS_CONTACT (record), g_string_free (out, TRUE));
      append_contact (out, record, version);
    }
  return g_string_free (out, FALSE);
}

gboolean
crm_vcard_save_contacts (CrmStore       *store,
                         const CrmQuery *query,
                         GFile          *file,
                         CrmVCardVersion version,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autofree char *name = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GFileOutputStream) stream = NULL;
  g_autoptr (GError) local_error = NULL;
  const CrmRecordType *type;
  gboolean             store_failed = FALSE;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  type = crm_query_get_record_type (query);
  g_return_val_if_fail (type == &crm_contact_type, FALSE);

  name = g_file_get_parse_name (file);

  ids = crm_store_list_ids_sync (store, query, cancellable, error);
  if (ids == NULL)
    return FALSE;

  /* g_file_replace() writes a temporary file and renames it over the old
   * one only when the stream is closed without being cancelled. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &local_error);
  if (stream == NULL)
    goto failed;

  for (guint done = 0; done < ids->len;)
    {
      guint n = MIN (SAVE_PAGE_SIZE, ids->len - done);
      g_autoptr (GPtrArray) records = NULL;
      g_autofree char *text = NULL;

      records = crm_store_fetch_sync (store, type, &g_array_index (ids, gint64, done), n, cancellable, &local_error);
      if (records == NULL)
        {
          store_failed = TRUE;
          goto failed;
        }

      text = crm_vcard_write (records, version);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), text, strlen (text), NULL, cancellable, &local_error))
        goto failed;
      done += n;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    goto failed;

  g_debug ("vCard: wrote %u contacts to %s", ids->len, name);
  return TRUE;

failed:
  if (stream != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (stream)))
    {
      /* Closing with a cancelled cancellable drops the temporary file. */
      g_autoptr (GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
    }
  if (store_failed || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, CRM_VCARD_ERROR, CRM_VCARD_ERROR_IO,
                 _ ("Could not write “%s”: %s"), name, local_error->message);
  return FALSE;
}
