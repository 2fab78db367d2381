/* crm-phone.h — phone numbers in any common spelling to E.164
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Normalise a phone number to E.164 ("+79163258798"). Russian spellings
 * are understood: "8 (916) 325-87-98", "+7(916)3258798", "916 325 87 98"
 * (10 digits → +7), "7 916 …". Foreign numbers must start with "+" or
 * "00" (or the old "8 10"). An extension ("доб. 123", "ext. 123", "x123",
 * "#123", ",123", "вн. 123") is kept as ";ext=123" (1 to 10 digits).
 * Digits may be separated by spaces, brackets, dashes, dots and slashes.
 * Lengths are checked (+7: 11 digits; others: 7 to 15, no leading 0 in
 * the country code), area codes are not. Returns NULL and sets
 * CRM_VALIDATION_ERROR_INVALID on anything that is not a phone number. */
char *crm_phone_normalize (const char *text, GError **error);

/* "+79163258798;ext=12" → "+7 916 325-87-98 доб. 12" (the word for
 * extension is translated). Unknown forms are returned as they are. */
char *crm_phone_format (const char *e164);

/* The digits a search for this phone should look for, or NULL when the
 * text is not phone-like (fewer than 3 digits, or letters). A leading 8 of
 * an 11-digit Russian number becomes 7, and so does a lone leading "8"
 * group of a partial number ("8 916 325" → "7916325"). An extension is
 * left out, as rapport.phone_digits() leaves it out. */
char *crm_phone_search_digits (const char *text);

G_END_DECLS
