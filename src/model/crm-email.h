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
 * with CRM_VALIDATION_ERROR_INVALID. */
char *crm_email_normalize (const char *text, GError **error);

G_END_DECLS
