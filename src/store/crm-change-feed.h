/* crm-change-feed.h — what other workstations changed, as it happens
 *
 * One listening connection per store ("LISTEN rapport_changes"), its socket
 * watched by the main loop. A notification carries only the latest seq;
 * the feed then reads rapport.changes past its watermark (one query on a
 * pooled connection) and emits "changes". A lost connection is retried
 * with back-off (at once, then 1, 2, 4 … 30 s); back online, the feed
 * catches up from its watermark, so nothing that changed meanwhile is
 * missed. Main thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crm-types.h"

G_BEGIN_DECLS

typedef enum
{
  CRM_CHANGE_INSERT = 'I',
  CRM_CHANGE_UPDATE = 'U',
  CRM_CHANGE_DELETE = 'D',
} CrmChangeOp;

/* One row of rapport.changes. */
typedef struct
{
  gint64      seq;
  const char *table; /* interned: compare with == or g_str_equal */
  gint64      id;
  CrmChangeOp op;
  int         version;
  char       *actor; /* the login role that changed it */
} CrmChange;

#define CRM_TYPE_CHANGE (crm_change_get_type ())
GType      crm_change_get_type (void);
CrmChange *crm_change_copy (const CrmChange *change);
void       crm_change_free (CrmChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmChange, crm_change_free)

/* More changes than this at once (an import, a long time offline) are not
 * listed: "resync" says to read everything again instead. */
#define CRM_CHANGE_FEED_MAX_CHANGES 5000

#define CRM_TYPE_CHANGE_FEED (crm_change_feed_get_type ())
G_DECLARE_FINAL_TYPE (CrmChangeFeed, crm_change_feed, CRM, CHANGE_FEED, GObject)

/* The store's change feed, started on first use: what
 * other sessions change, for the models that are open. */
CrmChangeFeed *crm_store_get_change_feed (CrmStore *store);

/* The store's own feed is crm_store_get_change_feed(); this makes one that
 * does nothing until started. @store is not referenced: it must outlive
 * the feed (the store owns its feed). */
CrmChangeFeed *crm_change_feed_new (CrmStore *store);
/* Connect and listen (asynchronously); nothing if already started. */
void           crm_change_feed_start (CrmChangeFeed *self);
/* Close the connection and stop retrying; emits nothing after this. */
void           crm_change_feed_stop (CrmChangeFeed *self);
/* TRUE while the listening connection is up ("connected" property). */
gboolean       crm_change_feed_get_connected (CrmChangeFeed *self);
/* TRUE from a failed attempt to reconnect until the feed is connected
 * again: the server is unreachable ("unreachable" property). */
gboolean       crm_change_feed_get_unreachable (CrmChangeFeed *self);
/* Seconds until the next attempt while unreachable (the back-off). */
guint          crm_change_feed_get_retry_delay (CrmChangeFeed *self);
/* Try to reconnect now instead of waiting for the back-off. */
void           crm_change_feed_reconnect_now (CrmChangeFeed *self);
/* The highest seq read so far (0 before the first connection). */
gint64         crm_change_feed_get_watermark (CrmChangeFeed *self);
/* How often the connection is checked with an empty query, and how long
 * its answer may take before the connection counts as lost (30 s and
 * 10 s; tests make them short). */
void           crm_change_feed_set_ping (CrmChangeFeed *self,
                                         guint          interval_ms,
                                         guint          timeout_ms);
/* TRUE while nothing is waiting to be read: connected, no read running or
 * due (tests wait for this after a change). */
gboolean       crm_change_feed_get_idle (CrmChangeFeed *self);

G_END_DECLS
