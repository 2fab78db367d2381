/* crm-record-list.h — a lazy GListModel over the records of a query
 *
 * A new query shows its first page at once (n_items that page's size),
 * then grows to every matching id, fetched in one round trip; rows are
 * materialised in pages of CRM_RECORD_LIST_PAGE_SIZE when asked for.
 * Until its page arrives an item is a placeholder record holding only its
 * id (crm_record_get_loaded() is FALSE); it is filled in place, so bound
 * widgets update through notify.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_RECORD_LIST_PAGE_SIZE 200

#define CRM_TYPE_RECORD_LIST (crm_record_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmRecordList, crm_record_list, CRM, RECORD_LIST, GObject)

CrmRecordList  *crm_record_list_new (CrmStore *store, CrmQuery *query);
/* The same, fetching nothing until crm_record_list_start(), a new query or
 * a reload ("deferred"; loading is TRUE until then): for a list that is
 * not on screen yet. */
CrmRecordList  *crm_record_list_new_deferred (CrmStore *store, CrmQuery *query);
/* Fetch a deferred list now; nothing for one already started. */
void            crm_record_list_start (CrmRecordList *self);
CrmStore       *crm_record_list_get_store (CrmRecordList *self);
const CrmQuery *crm_record_list_get_query (CrmRecordList *self);
/* Replace the query and reload (search-as-you-type, filters, sort). */
void            crm_record_list_set_query (CrmRecordList *self, CrmQuery *query);
/* Reload the ids keeping the query (after a save or delete). */
void            crm_record_list_reload (CrmRecordList *self);
/* TRUE while ids are being fetched ("loading" property): n_items is final
 * once it is FALSE. */
gboolean        crm_record_list_get_loading (CrmRecordList *self);
/* TRUE while the first page of a new query is shown and the rest of its
 * ids is on the way ("partial" property; loading is TRUE too): the items
 * are the new query's, n_items is the first page's size and grows. */
gboolean        crm_record_list_get_partial (CrmRecordList *self);
/* The last error, if loading failed ("error" property, a GError). */
const GError   *crm_record_list_get_error (CrmRecordList *self);
/* Leave a record out (or bring it back) without asking the database: a
 * delete waiting for its undo toast. One items-changed for the row. */
void            crm_record_list_set_hidden (CrmRecordList *self,
                                            gint64         id,
                                            gboolean       hidden);
/* The id at @position without materialising its row (0 past the end). */
gint64          crm_record_list_get_id (CrmRecordList *self,
                                        guint          position);
/* Position of a record id, or -1. */
gint            crm_record_list_find_id (CrmRecordList *self, gint64 id);
/* TRUE while records the change feed reported are being checked against
 * the query (tests wait for it). */
gboolean        crm_record_list_get_checking_changes (CrmRecordList *self);
/* How many rows are materialised now (tests: not all of a big list). */
guint           crm_record_list_get_n_materialized (CrmRecordList *self);

G_END_DECLS
