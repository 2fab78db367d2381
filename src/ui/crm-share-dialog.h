/* crm-share-dialog.h — share one record with a person or a team (U2)
 *
 * Lists who the record is shared with (to view, or to change too), adds
 * a share and removes one. Only someone who may change the record may;
 * the database says so otherwise (crm-admin.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crm-context.h"
#include "crm-record-type.h"

G_BEGIN_DECLS

#define CRM_TYPE_SHARE_DIALOG (crm_share_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CrmShareDialog, crm_share_dialog, CRM, SHARE_DIALOG, AdwWindow)

/* @title: the record's name, for the heading. */
GtkWidget  *crm_share_dialog_new (CrmContext          *context,
                                  const CrmRecordType *type,
                                  gint64               record_id,
                                  const char          *title);

/* For tests. */
gboolean    crm_share_dialog_get_ready (CrmShareDialog *self);
guint       crm_share_dialog_get_n_shares (CrmShareDialog *self);
/* Choose whom to share with by their shown name ("Team: …" names a
 * team) and whether they may change the record; FALSE when nobody has
 * that name. */
gboolean    crm_share_dialog_choose (CrmShareDialog *self,
                                     const char     *name,
                                     gboolean        can_edit);
/* The last error shown, or NULL. */
const char *crm_share_dialog_get_error (CrmShareDialog *self);

G_END_DECLS
