/* crm-connection-banner.h — "the server cannot be reached" across the
 * window while the store's change feed is cut off and reconnecting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "crm-change-feed.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONNECTION_BANNER (crm_connection_banner_get_type ())
G_DECLARE_FINAL_TYPE (CrmConnectionBanner, crm_connection_banner, CRM, CONNECTION_BANNER, GtkWidget)

/* Follow @feed (NULL: none): shown while it is unreachable. */
void     crm_connection_banner_set_feed (CrmConnectionBanner *self,
                                         CrmChangeFeed       *feed);
/* Whether the banner is shown (or being shown) now. */
gboolean crm_connection_banner_get_shown (CrmConnectionBanner *self);

G_END_DECLS
