/* crm-migrations.h — the schema, applied in order from data/sql
 *
 * The migrations are data/sql/NNNN-name.sql, compiled into a GResource
 * under /org/rapportcrm/Rapport/sql/. They are applied in order inside one
 * transaction under pg_advisory_xact_lock (two clients starting at once
 * are safe) and recorded in rapport.schema_migrations (version, name,
 * applied_at). Applying is idempotent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include <glib.h>

G_BEGIN_DECLS

/* Apply what is missing. CRM_STORE_ERROR_SCHEMA when the database has a
 * migration this build does not know (a newer Rapport upgraded it). On
 * failure nothing is changed. @n_applied (optional): how many were applied
 * now. */
gboolean crm_migrations_apply (PGconn  *conn,
                               guint   *n_applied,
                               GError **error);
/* @applied: migrations recorded in the database (0 for an empty one);
 * @available: migrations this build carries; @newest_applied (optional):
 * the highest version recorded. */
gboolean crm_migrations_status (PGconn  *conn,
                                guint   *applied,
                                guint   *available,
                                guint   *newest_applied,
                                GError **error);
/* Names of the migrations this build carries, in order
 * ("0001-foundation.sql", …). */
GStrv    crm_migrations_list (void);
/* The highest version this build carries (numbers may have gaps while
 * migrations are written in parallel, so this is not the count). */
guint    crm_migrations_get_newest_known (void);

G_END_DECLS
