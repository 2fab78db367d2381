/* crm-change-feed.c — what other workstations changed, as it happens
 *
 * The listening connection is made on a worker thread (it may take the
 * connect timeout), then handed to the main thread in non-blocking mode,
 * its socket watched with a GUnixFDSource: PQconsumeInput() and
 * PQnotifies() never wait. A notification only says "something changed";
 * what changed is read from rapport.changes on a pooled connection
 * (crm_store_run_async) past the watermark, one read at a time: the
 * notifications that arrive meanwhile make one more read after it.
 *
 * Seqs are handed out when a row is written but become visible when its
 * transaction commits, so a read may see seq 11 before seq 10 exists. The
 * feed therefore keeps, besides the highest seq it has read ("top"), the
 * ranges below it that it has not seen ("gaps"), and reads those again
 * with the rows past top until they turn up or are too old to be waited
 * for (a rolled-back transaction leaves a gap for good).
 *
 * A server that vanishes without closing the socket (a cable, a host that
 * froze) is noticed by a ping: every PING_INTERVAL an empty query is sent,
 * and no answer within PING_TIMEOUT counts as a lost connection.
 *
 * Losing the connection (the socket closes, PQconsumeInput() fails) makes
 * the feed try again at once, then after 1, 2, 4 … 30 s; "unreachable"
 * is TRUE from the first failed attempt until it is back. Back online it
 * listens again and reads from where it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "crm-change-feed.h"
#include "crm-store-private.h"

/* Rows read per query; a full page is followed by the next at once. */
#define PAGE_SIZE 2000
/* How long a gap below the top is read again before it is given up. */
#define GAP_MAX_AGE_US   (10 * 60 * G_USEC_PER_SEC)
#define MAX_GAPS         256
#define MAX_RETRY_S      30
#define PING_INTERVAL_MS (30 * 1000)
#define PING_TIMEOUT_MS  (10 * 1000)

typedef struct
{
  gint64 lo, hi; /* seqs not seen yet, inclusive */
  gint64 since;  /* monotonic time the gap was found */
} Gap;

/* Where the feed is in rapport.changes: copied to the worker that reads,
 * copied back when it is done (one read at a time). */
typedef struct
{
  gint64  top;
  GArray *gaps; /* Gap, ascending */
} Position;

struct _CrmChangeFeed
{
  GObject       parent_instance;

  CrmStore     *store; /* not a reference: the store owns the feed */
  gboolean      started;
  gboolean      known; /* the position was read once */
  Position      position;

  PGconn       *conn;  /* listening; owned by the main thread once connected */
  GSource      *watch; /* its socket */
  GCancellable *cancellable;
  guint         retry_id;
  guint         retry_delay; /* seconds of the next wait */
  guint         waiting;     /* seconds of the wait under way */
  gboolean      connecting;
  gboolean      unreachable;
  gboolean      reading;
  gboolean      read_again; /* notified while a read ran */

  guint         ping_interval_ms;
  guint         ping_timeout_ms;
  guint         ping_id;         /* the next ping */
  guint         ping_timeout_id; /* the answer is due */
  guint         read_retry_id;   /* a read failed on a broken pooled connection */
};

G_DEFINE_FINAL_TYPE (CrmChangeFeed, crm_change_feed, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CrmChange, crm_change, crm_change_copy, crm_change_free)

enum
{
  PROP_0,
  PROP_CONNECTED,
  PROP_UNREACHABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGES,
  RESYNC,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void  connect_now (CrmChangeFeed *self);
static void  read_changes (CrmChangeFeed *self);

/* ---- Changes ---- */

CrmChange *
crm_change_copy (const CrmChange *change)
{
  CrmChange *copy = g_new (CrmChange, 1);

  *copy = *change;
  copy->actor = g_strdup (change->actor);
  return copy;
}

void
crm_change_free (CrmChange *change)
{
  if (change == NULL)
    return;
  g_free (change->actor);
  g_free (change);
}

/* ---- Position ---- */

static void
position_copy (Position       *to,
               const Position *from)
{
  to->top = from->top;
  g_clear_pointer (&to->gaps, g_array_unref);
  to->gaps = g_array_copy (from->gaps);
}

/* A row with @seq was read: move the top past it (the seqs skipped on the
 * way become a gap) or take it out of the gap it fills. */
static void
position_see (Position *pos,
              gint64    seq,
              gint64    now)
{
  if (seq > pos->top)
    {
      if (seq > pos->top + 1)
        {
          Gap gap = { pos->top + 1, seq - 1, now };

          g_array_append_val (pos->gaps, gap);
        }
      pos->top = seq;
      return;
    }

  for (guint i = 0; i < pos->gaps->len; i++)
    {
      Gap *gap = &g_array_index (pos->gaps, Gap, i);

      if (seq < gap->lo || seq > gap->hi)
        continue;
      if (gap->lo == gap->hi)
        g_array_remove_index (pos->gaps, i);
      else if (seq == gap->lo)
        gap->lo++;
      else if (seq == gap->hi)
        gap->hi--;
      else
        {
          Gap upper = { seq + 1, gap->hi, gap->since };

          gap->hi = seq - 1;
          g_array_insert_val (pos->gaps, i + 1, upper);
        }
      return;
    }
}

/* Gaps waited for long enough are given up; too many, the oldest go. */
static void
position_prune (Position *pos,
                gint64    now)
{
  for (guint i = pos->gaps->len; i-- > 0;)
    if (now - g_array_index (pos->gaps, Gap, i).since > GAP_MAX_AGE_US)
      g_array_remove_index (pos->gaps, i);
  if (pos->gaps->len > MAX_GAPS)
    g_array_remove_range (pos->gaps, 0, pos->gaps->len - MAX_GAPS);
}

/* ---- Reading (worker thread) ---- */

typedef struct
{
  Position   position;
  gboolean   known;    /* FALSE: only learn where the end is */
  GPtrArray *changes;  /* CrmChange, in seq order */
  gboolean   overflow; /* more than CRM_CHANGE_FEED_MAX_CHANGES */
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *rd = data;

  g_clear_pointer (&rd->position.gaps, g_array_unref);
  g_clear_pointer (&rd->changes, g_ptr_array_unref);
  g_free (rd);
}

/* "{1,5}" of the gaps' low or high ends. */
static char *
gap_ends_literal (GArray  *gaps,
                  gboolean high)
{
  g_autoptr (GArray) ends = g_array_sized_new (FALSE, FALSE, sizeof (gint64), gaps->len);

  for (guint i = 0; i < gaps->len; i++)
    {
      const Gap *gap = &g_array_index (gaps, Gap, i);
      gint64     end = high ? gap->hi : gap->lo;

      g_array_append_val (ends, end);
    }
  return _crm_store_ids_literal ((const gint64 *) (gpointer) ends->data, ends->len);
}

static gpointer
read_func (CrmStore     *store,
           gpointer      conn,
           gpointer      data,
           GCancellable *cancellable,
           GError      **error)
{
  ReadData *rd = data;

  if (!rd->known)
    {
      PGresult *res = _crm_store_exec (conn, "SELECT coalesce(max(seq), 0) FROM rapport.changes", 0, NULL, FALSE,
                                       error);

      if (res == NULL)
        return NULL;
      rd->position.top = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
      PQclear (res);
      return rd;
    }

  for (;;)
    {
      g_autofree char *top = g_strdup_printf ("%" G_GINT64_FORMAT, rd->position.top);
      g_autofree char *los = gap_ends_literal (rd->position.gaps, FALSE);
      g_autofree char *his = gap_ends_literal (rd->position.gaps, TRUE);
      g_autofree char *limit = g_strdup_printf ("%d", PAGE_SIZE);
      const char      *params[4] = { top, los, his, limit };
      gint64           now = g_get_monotonic_time ();
      PGresult        *res;
      int              n;

      /* Past the top, and the gaps below it again. */
      res = _crm_store_exec (conn,
                             "SELECT seq, table_name, record_id, op, version, actor FROM ("
                             "  SELECT c.seq, c.table_name, c.record_id, c.op, c.version, c.actor"
                             "    FROM rapport.changes c WHERE c.seq > $1::bigint"
                             "  UNION ALL"
                             "  SELECT c.seq, c.table_name, c.record_id, c.op, c.version, c.actor"
                             "    FROM unnest ($2::bigint[], $3::bigint[]) AS g (lo, hi)"
                             "    JOIN rapport.changes c ON c.seq BETWEEN g.lo AND g.hi"
                             ") x ORDER BY seq LIMIT $4::int",
                             4, params, FALSE, error);
      if (res == NULL)
        return NULL;

      n = PQntuples (res);
      for (int i = 0; i < n; i++)
        {
          gint64 seq = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

          position_see (&rd->position, seq, now);
          if (rd->overflow)
            continue;
          if (rd->changes->len >= CRM_CHANGE_FEED_MAX_CHANGES)
            {
              rd->overflow = TRUE;
              g_ptr_array_set_size (rd->changes, 0);
              continue;
            }
          {
            CrmChange *change = g_new0 (CrmChange, 1);

            change->seq = seq;
            change->table = g_intern_string (PQgetvalue (res, i, 1));
            change->id = g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10);
            change->op = (CrmChangeOp) PQgetvalue (res, i, 3)[0];
            change->version = (int) g_ascii_strtoll (PQgetvalue (res, i, 4), NULL, 10);
            change->actor = g_strdup (PQgetvalue (res, i, 5));
            g_ptr_array_add (rd->changes, change);
          }
        }
      PQclear (res);
      position_prune (&rd->position, now);

      if (n < PAGE_SIZE || g_cancellable_is_cancelled (cancellable))
        return rd;
    }
}

static gboolean
on_read_retry_cb (gpointer data)
{
  CrmChangeFeed *self = data;

  self->read_retry_id = 0;
  if (self->conn != NULL)
    read_changes (self);
  return G_SOURCE_REMOVE;
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (CrmChangeFeed) self = user_data;
  g_autoptr (GError) error = NULL;
  ReadData *rd = crm_store_run_finish (CRM_STORE (object), result, &error);

  self->reading = FALSE;
  if (!self->started)
    return;

  if (rd == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A lost server shows on the listening connection too, which reads
       * again once it is back; while it looks fine, try again shortly.
       * Anything else would only fail again. */
      if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION))
        {
          g_debug ("Change feed: could not read the changes: %s", error->message);
          if (self->conn != NULL && self->read_retry_id == 0)
            self->read_retry_id = g_timeout_add_seconds (1, on_read_retry_cb, self);
        }
      else
        g_warning ("Could not read the changes: %s", error->message);
      return;
    }

  position_copy (&self->position, &rd->position);
  if (!self->known)
    {
      self->known = TRUE;
      g_debug ("Change feed starts after seq %" G_GINT64_FORMAT, self->position.top);
    }
  else if (rd->overflow)
    {
      g_debug ("Change feed: too many changes up to seq %" G_GINT64_FORMAT ", everything again",
               self->position.top);
      g_signal_emit (self, signals[RESYNC], 0);
    }
  else if (rd->changes->len > 0)
    {
      g_debug ("Change feed: %u changes up to seq %" G_GINT64_FORMAT " (%u gaps)", rd->changes->len,
               self->position.top, self->position.gaps->len);
      g_signal_emit (self, signals[CHANGES], 0, rd->changes);
    }

  if (self->read_again && self->started)
    {
      self->read_again = FALSE;
      read_changes (self);
    }
}

static void
read_changes (CrmChangeFeed *self)
{
  ReadData *rd;

  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }

  rd = g_new0 (ReadData, 1);
  position_copy (&rd->position, &self->position);
  rd->known = self->known;
  rd->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_change_free);
  self->reading = TRUE;
  self->read_again = FALSE;
  /* The result is @rd itself, freed with the task after on_read_cb(). */
  _crm_store_read_async (self->store, read_func, rd, read_data_free, NULL, self->cancellable, on_read_cb,
                         g_object_ref (self));
}

/* ---- The listening connection ---- */

static void
set_connected_state (CrmChangeFeed *self,
                     gboolean       unreachable)
{
  gboolean was_unreachable = self->unreachable;

  self->unreachable = unreachable;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  if (was_unreachable != unreachable)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREACHABLE]);
}

static gboolean
on_retry_cb (gpointer data)
{
  CrmChangeFeed *self = data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (CrmChangeFeed *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_debug ("Change feed: next attempt in %u s", self->retry_delay);
  self->waiting = self->retry_delay;
  self->retry_id = g_timeout_add_seconds (self->retry_delay, on_retry_cb, self);
  self->retry_delay = MIN (self->retry_delay * 2, MAX_RETRY_S);
}

static void
drop_connection (CrmChangeFeed *self)
{
  g_clear_handle_id (&self->ping_id, g_source_remove);
  g_clear_handle_id (&self->ping_timeout_id, g_source_remove);
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  g_clear_pointer (&self->conn, PQfinish);
}

/* The listening connection broke: try again at once (the server may only
 * have ended this session), then with back-off. */
static void
connection_lost (CrmChangeFeed *self)
{
  g_debug ("Change feed: the connection was lost (%s)", self->conn ? PQerrorMessage (self->conn) : "");
  drop_connection (self);
  /* The pool's idle connections went the same way. */
  _crm_store_drop_idle_connections (self->store);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  self->retry_delay = 1;
  connect_now (self);
}

static gboolean
on_ping_timeout_cb (gpointer data)
{
  CrmChangeFeed *self = data;

  self->ping_timeout_id = 0;
  g_debug ("Change feed: the server did not answer a ping");
  connection_lost (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_ping_cb (gpointer data)
{
  CrmChangeFeed *self = data;

  if (self->ping_timeout_id != 0)
    return G_SOURCE_CONTINUE; /* still waiting for the last answer */
  if (!PQsendQuery (self->conn, "") || PQflush (self->conn) < 0)
    {
      self->ping_id = 0;
      connection_lost (self);
      return G_SOURCE_REMOVE;
    }
  self->ping_timeout_id = g_timeout_add (self->ping_timeout_ms, on_ping_timeout_cb, self);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_socket_cb (int          fd,
              GIOCondition condition,
              gpointer     data)
{
  CrmChangeFeed *self = data;
  gboolean       notified = FALSE;
  PGnotify      *notify;

  if (!PQconsumeInput (self->conn))
    {
      connection_lost (self);
      return G_SOURCE_REMOVE;
    }

  /* The answer to a ping: a result, then NULL once it is complete. */
  while (self->ping_timeout_id != 0 && !PQisBusy (self->conn))
    {
      PGresult *res = PQgetResult (self->conn);

      if (res == NULL)
        {
          g_clear_handle_id (&self->ping_timeout_id, g_source_remove);
          break;
        }
      PQclear (res);
    }

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      notified = TRUE;
      PQfreemem (notify);
    }

  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      connection_lost (self);
      return G_SOURCE_REMOVE;
    }

  if (notified)
    read_changes (self);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  char *conninfo;
  char *password;
} ConnectData;

static void
connect_data_free (gpointer data)
{
  ConnectData *cd = data;

  g_free (cd->conninfo);
  if (cd->password != NULL)
    memset (cd->password, 0, strlen (cd->password));
  g_free (cd->password);
  g_free (cd);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConnectData *cd = task_data;
  GError      *error = NULL;
  PGconn      *conn = _crm_store_connect_with_password (cd->conninfo, cd->password, &error);

  if (conn == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!_crm_store_exec_command (conn, "LISTEN rapport_changes", &error))
    {
      PQfinish (conn);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
on_connected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrmChangeFeed *self = CRM_CHANGE_FEED (object);
  g_autoptr (GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->connecting = FALSE;
  if (!self->started)
    {
      g_clear_pointer (&conn, PQfinish);
      return;
    }

  if (conn == NULL)
    {
      g_debug ("Change feed: could not connect: %s", error->message);
      if (!self->unreachable)
        set_connected_state (self, TRUE);
      else
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREACHABLE]); /* a new delay */
      schedule_retry (self);
      return;
    }

  if (PQsetnonblocking (conn, 1) != 0)
    g_warning ("Change feed: could not make the connection non-blocking");
  self->conn = conn;
  self->watch = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_socket_cb), self, NULL);
  g_source_set_static_name (self->watch, "[rapport] change feed");
  g_source_attach (self->watch, g_main_context_get_thread_default ());
  self->ping_id = g_timeout_add (self->ping_interval_ms, on_ping_cb, self);
  self->retry_delay = 1;

  g_debug ("Change feed: listening");
  set_connected_state (self, FALSE);
  /* The first time: where the end is; after that: what was missed. */
  read_changes (self);
}

static void
connect_now (CrmChangeFeed *self)
{
  g_autoptr (GTask) task = NULL;
  ConnectData *cd;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->connecting || self->conn != NULL)
    return;

  self->connecting = TRUE;
  task = g_task_new (self, self->cancellable, on_connected_cb, NULL);
  g_task_set_source_tag (task, connect_now);
  cd = g_new0 (ConnectData, 1);
  cd->conninfo = g_strdup (crm_store_get_conninfo (self->store));
  cd->password = _crm_store_dup_password (self->store);
  g_task_set_task_data (task, cd, connect_data_free);
  g_task_run_in_thread (task, connect_thread);
}

/* ---- GObject ---- */

static void
crm_change_feed_dispose (GObject *object)
{
  CrmChangeFeed *self = CRM_CHANGE_FEED (object);

  crm_change_feed_stop (self);

  G_OBJECT_CLASS (crm_change_feed_parent_class)->dispose (object);
}

static void
crm_change_feed_finalize (GObject *object)
{
  CrmChangeFeed *self = CRM_CHANGE_FEED (object);

  g_clear_pointer (&self->position.gaps, g_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_change_feed_parent_class)->finalize (object);
}

static void
crm_change_feed_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmChangeFeed *self = CRM_CHANGE_FEED (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, crm_change_feed_get_connected (self));
      break;

    case PROP_UNREACHABLE:
      g_value_set_boolean (value, self->unreachable);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_change_feed_class_init (CrmChangeFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_change_feed_dispose;
  object_class->finalize = crm_change_feed_finalize;
  object_class->get_property = crm_change_feed_get_property;

  properties[PROP_CONNECTED] =
      g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_UNREACHABLE] =
      g_param_spec_boolean ("unreachable", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmChangeFeed::changes:
   * @changes: (element-type CrmChange): what changed, in seq order
   *
   * Rows of other sessions (and of this one) that changed since the last
   * emission, read after a notification or a reconnect.
   */
  signals[CHANGES] = g_signal_new ("changes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  /**
   * CrmChangeFeed::resync:
   *
   * Too much changed to list (CRM_CHANGE_FEED_MAX_CHANGES): read
   * everything that is shown again.
   */
  signals[RESYNC] = g_signal_new ("resync", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
}

static void
crm_change_feed_init (CrmChangeFeed *self)
{
  self->position.gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  self->retry_delay = 1;
  self->ping_interval_ms = PING_INTERVAL_MS;
  self->ping_timeout_ms = PING_TIMEOUT_MS;
}

/* ---- Public API ---- */

static void
feed_stop_unref (gpointer data)
{
  crm_change_feed_stop (data);
  g_object_unref (data);
}

/* Kept on the store as data, so that it goes with the store. */
CrmChangeFeed *
crm_store_get_change_feed (CrmStore *store)
{
  CrmChangeFeed *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), "crm-change-feed");
  if (self == NULL)
    {
      self = crm_change_feed_new (store);
      g_object_set_data_full (G_OBJECT (store), "crm-change-feed", self, feed_stop_unref);
      crm_change_feed_start (self);
    }
  return self;
}

CrmChangeFeed *
crm_change_feed_new (CrmStore *store)
{
  CrmChangeFeed *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_CHANGE_FEED, NULL);
  self->store = store;
  return self;
}

void
crm_change_feed_start (CrmChangeFeed *self)
{
  g_return_if_fail (CRM_IS_CHANGE_FEED (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  connect_now (self);
}

void
crm_change_feed_stop (CrmChangeFeed *self)
{
  g_return_if_fail (CRM_IS_CHANGE_FEED (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->read_retry_id, g_source_remove);
  drop_connection (self);
  self->connecting = FALSE;
  self->reading = FALSE;
}

gboolean
crm_change_feed_get_connected (CrmChangeFeed *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE_FEED (self), FALSE);

  return self->conn != NULL;
}

gboolean
crm_change_feed_get_unreachable (CrmChangeFeed *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE_FEED (self), FALSE);

  return self->unreachable;
}

guint
crm_change_feed_get_retry_delay (CrmChangeFeed *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE_FEED (self), 0);

  return self->retry_id != 0 ? self->waiting : 0;
}

void
crm_change_feed_reconnect_now (CrmChangeFeed *self)
{
  g_return_if_fail (CRM_IS_CHANGE_FEED (self));

  if (self->started)
    connect_now (self);
}

gint64
crm_change_feed_get_watermark (CrmChangeFeed *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE_FEED (self), 0);

  return self->position.top;
}

gboolean
crm_change_feed_get_idle (CrmChangeFeed *self)
{
  g_return_val_if_fail (CRM_IS_CHANGE_FEED (self), FALSE);

  return self->conn != NULL && self->known && !self->reading && !self->read_again;
}

void
crm_change_feed_set_ping (CrmChangeFeed *self,
                          guint          interval_ms,
                          guint          timeout_ms)
{
  g_return_if_fail (CRM_IS_CHANGE_FEED (self));
  g_return_if_fail (interval_ms > 0 && timeout_ms > 0);

  self->ping_interval_ms = interval_ms;
  self->ping_timeout_ms = timeout_ms;
  if (self->ping_id != 0)
    {
      g_source_remove (self->ping_id);
      self->ping_id = g_timeout_add (self->ping_interval_ms, on_ping_cb, self);
    }
}
