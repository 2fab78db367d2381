/* crm-email.h — e-mail address syntax
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Practical RFC 5321/5322 check: one "@", a local part of atoms or a
 * quoted string, a domain of LDH labels (or IDN in UTF-8) with a dot.
 * Returns the trimmed address with the domain in lower case, or NULL
 * with CRM_VALIDATION_ERROR_INVALID.
 * Letters of any script are accepted in the local part as well as in the
 * domain (RFC 6531/6532: "иван@пример.рф" is a real address); sending to
 * one needs an SMTPUTF8 server. Address literals ("user@[10.0.0.1]"), an
 * all-digit or one-letter top-level label and a trailing dot are refused. */
char *crm_email_normalize (const char *text, GError **error);

G_END_DECLS
