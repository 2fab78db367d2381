/* crm-vcard.h — contacts in and out of vCard files (2.1/3.0/4.0 in,
 * 3.0/4.0 out) through EDS's libebook-contacts
 *
 * Reading is tolerant of what Evolution, Thunderbird, Google Contacts,
 * Apple and phones export: a BOM, CRLF/LF/CR, folded lines, several
 * cards in a file with junk between them, vCard 2.1 QUOTED-PRINTABLE with
 * CHARSET=UTF-8 or WINDOWS-1251, raw Windows-1251 bytes, Apple's
 * "item1." groups with X-ABLabel, and 4.0 TYPE="cell,voice" or tel: URIs.
 * Problems with one value (a phone that is no phone, a name too long)
 * become warnings naming the line, the card and the value; the rest of the
 * card is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-contact.h"
#include "crm-query.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_VCARD_ERROR (crm_vcard_error_quark ())
GQuark crm_vcard_error_quark (void);

typedef enum
{
  CRM_VCARD_ERROR_EMPTY,     /* no bytes, or only a BOM and white space */
  CRM_VCARD_ERROR_NOT_VCARD, /* no BEGIN:VCARD anywhere, or a binary file */
  CRM_VCARD_ERROR_IO,        /* the file could not be read or written */
} CrmVCardError;

typedef enum
{
  CRM_VCARD_VERSION_3_0,
  CRM_VCARD_VERSION_4_0,
} CrmVCardVersion;

/* Files bigger than this are refused (CRM_VCARD_ERROR_IO) by
 * crm_vcard_load_file(): a vCard export of 100,000 people is ~30 MB. */
#define CRM_VCARD_MAX_FILE_SIZE (256 * 1024 * 1024)

/* Parse every card of @data (@length bytes; it need not be
 * NUL-terminated) into a new CrmContact (a GPtrArray of CrmContact,
 * owning them): N → last/first/middle name (the patronymic is N's
 * "additional names"), or FN split as «Фамилия Имя Отчество» when N is
 * empty; TEL by TYPE (cell → phone_mobile, work or voice → phone_work,
 * home → phone_home, others → the first of these still free), normalised
 * to E.164; EMAIL (first → email, second → email2; PREF first); ORG →
 * the contact's "account_name" value, for the caller to link to an
 * account by name (it is a computed field: the store does not save it);
 * TITLE → position; the city of ADR (a work address preferred) → city;
 * NOTE → comments; BDAY → birthday; X-SKYPE or IMPP skype: → skype.
 * Contacts are not validated as a whole: a card without any name is left
 * out with a warning.
 *
 * @warnings (optional) receives a GPtrArray of translated messages (char *)
 * that name the line, the card and the value, e.g. "Line 14, card 2
 * (Ёлкина Алёна): phone “12-34” left out: Mobile phone: The phone number
 * has too few digits". It is set (possibly empty) whenever contacts are
 * returned.
 *
 * Returns NULL with CRM_VCARD_ERROR_EMPTY or _NOT_VCARD when there is no
 * card at all; otherwise the contacts (possibly none, when every card was
 * left out: @warnings says why). */
GPtrArray *crm_vcard_parse (const char *data,
                            gsize       length,
                            GPtrArray **warnings,
                            GError    **error);

/* Write @contacts (CrmContact) as vCard @version text: N with the
 * patronymic, FN, ORG from account_name, TITLE, TEL with TYPE (CELL,
 * WORK+VOICE, HOME+VOICE), EMAIL, ADR with the city, NOTE, BDAY and skype
 * (X-SKYPE in 3.0, IMPP in 4.0). UTF-8, CRLF line ends, lines folded at
 * 75 octets (never inside a UTF-8 character). Parsing the text again
 * gives the same values for all these fields (only an "email2" without an
 * "email" comes back as "email"). */
char      *crm_vcard_write (GPtrArray      *contacts,
                            CrmVCardVersion version);

/* Read @file (at most CRM_VCARD_MAX_FILE_SIZE bytes) and parse it as
 * crm_vcard_parse() does. Errors name the file. Blocking: call it from a
 * worker thread in the UI. */
GPtrArray *crm_vcard_load_file (GFile      *file,
                                GPtrArray **warnings,
                                GError    **error);

/* Write every contact matching @query (a contact query: its search,
 * filters and sort) to @file as vCard @version, fetching them from @store
 * a page at a time. The file is replaced only when everything was
 * written: on an error or cancellation the old file (if any) is left as
 * it was. Blocking: call it from a worker thread in the UI (the store's
 * own calls run on its pool). */
gboolean   crm_vcard_save_contacts (CrmStore       *store,
                                    const CrmQuery *query,
                                    GFile          *file,
                                    CrmVCardVersion version,
                                    GCancellable   *cancellable,
                                    GError        **error);

G_END_DECLS
