/* crm-record-list.c — a lazy GListModel over the records of a query
 *
 * A list made deferred fetches nothing until it is started (a section
 * that is not on screen). A new query first fetches its head, the first page's records
 * (crm_store_list_head_async: a LIMIT query that never reads all matches),
 * and shows them at once with n_items at that page's size ("partial");
 * then the ids of every matching record in one round trip, and the list
 * grows to its full size with one items-changed after the first page. A
 * reload (or a record shown again) fetches the ids only, so that the list
 * never shrinks under a person scrolling it. Rows are materialised in
 * pages of CRM_RECORD_LIST_PAGE_SIZE when a view asks for one of their
 * items: the page's placeholders (only the id set,
 * loaded = FALSE) are handed out at once and filled in place with
 * crm_record_assign() when the page arrives, so bound widgets update
 * through notify. At most MAX_PAGES pages stay cached; the least recently
 * used ones that are not being fetched are dropped.
 *
 * Changes from the store's change feed keep the list current: a deleted
 * record leaves at once (one items-changed for the batch), the cached
 * rows of updated records are read again and filled in place (notify, as
 * when a page arrives: no items-changed, so that selections stay), and
 * inserted or updated records, which may move in or out of the query or
 * along its order, are checked with one small query: the list's own SQL
 * restricted to them and their neighbours. One that left the query leaves
 * the list; one that still sits between its neighbours stays; only one
 * that joined or moved makes the ids be listed again (one round trip;
 * several changes meanwhile make one more). Back online after a lost connection,
 * a list whose loading had failed loads again.
 *
 * A new id list (another query, a reload, a hidden record) keeps every
 * cached record object that is still in the list, wherever it moved, and
 * reports the change as one items-changed covering only the positions
 * between the common head and tail of the old and new lists. A reload also
 * refreshes the cached rows in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <string.h>

#include "crm-change-feed.h"
#include "crm-record-list.h"
#include "crm-store-private.h"

#define MAX_PAGES 64

typedef struct
{
  CrmRecordList *list;
  guint          index;
  GPtrArray     *records;     /* CrmRecord, position order */
  GCancellable  *cancellable; /* set while the page is being fetched */
  GList          link;        /* in CrmRecordList.lru; data = the page */
} Page;

struct _CrmRecordList
{
  GObject              parent_instance;

  CrmStore            *store;
  CrmQuery            *query;
  const CrmRecordType *type;

  GArray              *ids;    /* gint64, list order */
  GHashTable          *hidden; /* gint64 ids left out until shown again */
  GHashTable          *pages;  /* page index → Page (owned) */
  GQueue               lru;    /* Page links, most recently used first */

  GCancellable        *load_cancellable;
  gboolean             reloading;
  gboolean             loading;
  gboolean             partial; /* the head is shown, the ids are on the way */
  GError              *error;
  gboolean             constructed;
  gboolean             deferred;  /* nothing asked for until started */
  guint                rest_idle; /* the ids after the first page, once it is drawn */

  CrmChangeFeed       *feed;
  GCancellable        *changes_cancellable; /* rows read again after changes */
  gboolean             stale;               /* changed while the ids were loading: list them again */
  guint                generation;          /* bumped with every new id list */
  guint                n_probes;            /* changed records being checked */
};

static void crm_record_list_model_init (GListModelInterface *iface);

/* clang-format off */
G_DEFINE_FINAL_TYPE_WITH_CODE (CrmRecordList, crm_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, crm_record_list_model_init))
/* clang-format on */

enum
{
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_PARTIAL,
  PROP_ERROR,
  PROP_DEFERRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void        fetch_page (CrmRecordList *self,
                               Page          *page);
static void        load (CrmRecordList *self,
                         gboolean       head,
                         gboolean       refresh);

/* ---- Pages ---- */

static guint
page_start (const Page *page)
{
  return page->index * CRM_RECORD_LIST_PAGE_SIZE;
}

/* A page of the current ids. Records found in @reuse (id → record) are
 * taken over, the others are new placeholders; @complete (optional) tells
 * whether every record of the page is loaded. */
static Page *
page_new (CrmRecordList *self,
          guint          index,
          GHashTable    *reuse,
          gboolean      *complete)
{
  Page    *page = g_new0 (Page, 1);
  guint    start = index * CRM_RECORD_LIST_PAGE_SIZE;
  guint    n = MIN (CRM_RECORD_LIST_PAGE_SIZE, self->ids->len - start);
  gboolean all_loaded = TRUE;

  g_assert (start < self->ids->len);

  page->list = self;
  page->index = index;
  page->link.data = page;
  page->records = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      gint64     id = g_array_index (self->ids, gint64, start + i);
      CrmRecord *record = reuse ? g_hash_table_lookup (reuse, &id) : NULL;

      if (record != NULL)
        g_object_ref (record);
      else
        {
          record = crm_record_new (self->type);
          crm_record_set_stored (record, id, 0);
          crm_record_set_loaded (record, FALSE);
        }
      all_loaded = all_loaded && crm_record_get_loaded (record);
      g_ptr_array_add (page->records, record);
    }

  if (complete != NULL)
    *complete = all_loaded;
  return page;
}

/* The hash table's value destroy function. */
static void
page_free (gpointer data)
{
  Page *page = data;

  /* A cancelled fetch never touches the page (see on_page_fetched_cb). */
  if (page->cancellable != NULL)
    g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  if (page->list != NULL)
    g_queue_unlink (&page->list->lru, &page->link);
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_free (page);
}

static void
evict_pages (CrmRecordList *self)
{
  GList *link = self->lru.tail;

  while (g_hash_table_size (self->pages) > MAX_PAGES && link != NULL)
    {
      Page *page = link->data;

      link = link->prev;
      if (page->cancellable != NULL)
        continue;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
    }
}

static void
on_page_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  CrmRecordList *self;
  Page          *page;

  records = crm_store_fetch_finish (CRM_STORE (source), result, &error);
  /* Cancelled: the page (and maybe the list) is gone. Touch nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  page = user_data;
  self = page->list;
  g_clear_object (&page->cancellable);

  if (error != NULL)
    {
      /* A lost server is shown by the window and the page is read again
       * once it is back (on_feed_connected_cb); anything else is a bug. */
      if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION))
        g_debug ("Could not load %s: %s", self->type->table, error->message);
      else
        g_warning ("Could not load %s: %s", self->type->table, error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      return;
    }

  /* Keys point into @ids, which lives as long as @by_id. */
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), records->len);
  g_array_set_size (ids, records->len);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < records->len; i++)
    {
      CrmRecord *record = g_ptr_array_index (records, i);

      g_array_index (ids, gint64, i) = crm_record_get_id (record);
      g_hash_table_insert (by_id, &g_array_index (ids, gint64, i), record);
    }

  for (guint i = 0; i < page->records->len; i++)
    {
      CrmRecord *placeholder = g_ptr_array_index (page->records, i);
      gint64     id = crm_record_get_id (placeholder);
      CrmRecord *record = g_hash_table_lookup (by_id, &id);

      if (record != NULL)
        {
          /* The change feed may have brought a newer version meanwhile. */
          if (!crm_record_get_loaded (placeholder) || crm_record_get_version (record) >= crm_record_get_version (placeholder))
            crm_record_assign (placeholder, record);
        }
      else
        {
          /* Deleted since the ids were listed; the change feed or the
           * next reload removes it from the list. */
          g_debug ("%s %" G_GINT64_FORMAT " is gone", self->type->name, id);
          crm_record_set_loaded (placeholder, TRUE);
        }
    }

  evict_pages (self);
}

static void
fetch_page (CrmRecordList *self,
            Page          *page)
{
  const gint64 *ids = &g_array_index (self->ids, gint64, page_start (page));

  if (page->cancellable != NULL)
    g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  page->cancellable = g_cancellable_new ();

  crm_store_fetch_async (self->store, self->type, ids, page->records->len,
                         page->cancellable, on_page_fetched_cb, page);
}

static Page *
ensure_page (CrmRecordList *self,
             guint          index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
      return page;
    }

  page = page_new (self, index, NULL, NULL);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  fetch_page (self, page);
  evict_pages (self);

  return page;
}

/* ---- Loading the ids ---- */

static void
set_loading (CrmRecordList *self,
             gboolean       loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Take @new_ids as the list and page the cache again for them. Every
 * cached record that is still in the list keeps its object, wherever it
 * moved, so rows bound to it stay right; the pages that were cached are
 * rebuilt at their positions and fetched when they hold a placeholder
 * (or always, when @refresh: a reload brings rows up to date in place).
 * @fresh (optional): records just read, the first page's: they fill the
 * objects of the same ids or become the page's. */
static void
repage (CrmRecordList *self,
        GArray        *new_ids,
        gboolean       refresh,
        GPtrArray     *fresh)
{
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GArray) indices = NULL;
  guint    n_pages = (new_ids->len + CRM_RECORD_LIST_PAGE_SIZE - 1) / CRM_RECORD_LIST_PAGE_SIZE;
  gboolean has_first = FALSE;

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  indices = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Least recently used first, so that the order is kept below. */
  for (GList *link = self->lru.tail; link != NULL; link = link->prev)
    {
      Page *page = link->data;

      g_array_append_val (indices, page->index);
      has_first = has_first || page->index == 0;
      for (guint i = 0; i < page->records->len; i++)
        {
          CrmRecord *record = g_ptr_array_index (page->records, i);
          gint64     id = crm_record_get_id (record);

          g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), g_object_ref (record));
        }
    }

  if (fresh != NULL && fresh->len > 0)
    {
      guint first = 0;

      for (guint i = 0; i < fresh->len; i++)
        {
          CrmRecord *record = g_ptr_array_index (fresh, i);
          gint64     id = crm_record_get_id (record);
          CrmRecord *cached = g_hash_table_lookup (by_id, &id);

          if (cached != NULL)
            crm_record_assign (cached, record);
          else
            g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), g_object_ref (record));
        }
      /* The first page is the one on screen: most recently used. */
      if (!has_first)
        g_array_append_val (indices, first);
    }

  g_hash_table_remove_all (self->pages);
  g_array_unref (self->ids);
  self->ids = new_ids;

  for (guint i = 0; i < indices->len; i++)
    {
      guint    index = g_array_index (indices, guint, i);
      gboolean complete;
      Page    *page;

      if (index >= n_pages)
        continue;
      page = page_new (self, index, by_id, &complete);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      g_queue_push_head_link (&self->lru, &page->link);
      if (refresh || !complete)
        fetch_page (self, page);
    }
}

/* Take @ids (without the hidden ones) as the new list, keeping the cached
 * records (and taking @fresh ones, see repage()); one items-changed for the
 * positions between the common head and tail of the old and new lists. */
static void
apply_ids (CrmRecordList *self,
           GArray        *ids,
           gboolean       refresh,
           GPtrArray     *fresh)
{
  guint old_n, new_n, prefix = 0, suffix = 0;

  if (g_hash_table_size (self->hidden) > 0)
    {
      guint j = 0;

      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);

          if (!g_hash_table_contains (self->hidden, &id))
            g_array_index (ids, gint64, j++) = id;
        }
      g_array_set_size (ids, j);
    }

  old_n = self->ids->len;
  new_n = ids->len;
  while (prefix < old_n && prefix < new_n &&
         g_array_index (self->ids, gint64, prefix) == g_array_index (ids, gint64, prefix))
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         g_array_index (self->ids, gint64, old_n - 1 - suffix) == g_array_index (ids, gint64, new_n - 1 - suffix))
    suffix++;

  repage (self, ids, refresh, fresh);
  self->generation++;

  g_debug ("%s: %u ids (was %u)", self->type->table, new_n, old_n);

  if (prefix != old_n || prefix != new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix, new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_partial (CrmRecordList *self,
             gboolean       partial)
{
  if (self->partial == partial)
    return;
  self->partial = partial;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTIAL]);
}

/* The load failed: keep what is shown, say why. */
static void
set_load_error (CrmRecordList *self,
                GError        *error)
{
  g_debug ("Could not list %s: %s", self->type->table, error->message);
  g_clear_object (&self->load_cancellable);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_partial (self, FALSE);
  set_loading (self, FALSE);
}

static void
clear_error (CrmRecordList *self)
{
  if (self->error == NULL)
    return;
  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* The ids are in; when changes came meanwhile, list them once more. */
static void
finish_loading (CrmRecordList *self)
{
  set_loading (self, FALSE);
  if (self->stale)
    {
      self->stale = FALSE;
      load (self, FALSE, FALSE);
    }
}

static void
on_ids_loaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  CrmRecordList *self;

  ids = crm_store_list_ids_finish (CRM_STORE (source), result, &error);
  /* A newer load or dispose cancelled this one: @user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (error != NULL)
    {
      set_load_error (self, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&self->load_cancellable);
  clear_error (self);
  apply_ids (self, g_steal_pointer (&ids), self->reloading, NULL);
  set_partial (self, FALSE);
  finish_loading (self);
}

static void
load_ids (CrmRecordList *self)
{
  /* Not a reference: dispose cancels, and the callback checks that first. */
  crm_store_list_ids_async (self->store, self->query, self->load_cancellable, on_ids_loaded_cb, self);
}

static gboolean
load_rest_cb (gpointer data)
{
  CrmRecordList *self = data;

  self->rest_idle = 0;
  load_ids (self);
  return G_SOURCE_REMOVE;
}

static void
on_head_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  CrmRecordList *self;
  GArray        *ids;
  gboolean       complete = FALSE;

  records = crm_store_list_head_finish (CRM_STORE (source), result, &complete, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  if (error != NULL)
    {
      set_load_error (self, g_steal_pointer (&error));
      return;
    }

  clear_error (self);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), records->len);
  for (guint i = 0; i < records->len; i++)
    {
      gint64 id = crm_record_get_id (g_ptr_array_index (records, i));

      g_array_append_val (ids, id);
    }
  apply_ids (self, ids, FALSE, records);

  if (complete)
    {
      g_clear_object (&self->load_cancellable);
      finish_loading (self);
      return;
    }

  /* The rest follows once the first page is drawn (the main loop is idle):
   * on a big table listing every id keeps a core busy for a while. */
  set_partial (self, TRUE);
  self->rest_idle = g_idle_add_full (G_PRIORITY_LOW, load_rest_cb, self, NULL);
}

/* @head: show the first page first (a new query); otherwise the ids only,
 * and with @refresh the cached rows read again. */
static void
load (CrmRecordList *self,
      gboolean       head,
      gboolean       refresh)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->rest_idle, g_source_remove);
  self->load_cancellable = g_cancellable_new ();
  self->reloading = refresh;
  self->deferred = FALSE;

  set_partial (self, FALSE);
  set_loading (self, TRUE);
  if (head)
    crm_store_list_head_async (self->store, self->query, CRM_RECORD_LIST_PAGE_SIZE, self->load_cancellable,
                               on_head_loaded_cb, self);
  else
    load_ids (self);
}

/* ---- Changes from the feed ---- */

/* The records of the cached pages by id. */
static GHashTable *
cached_records (CrmRecordList *self)
{
  GHashTable    *by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Page *page = value;

      for (guint i = 0; i < page->records->len; i++)
        {
          CrmRecord *record = g_ptr_array_index (page->records, i);
          gint64     id = crm_record_get_id (record);

          g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), record);
        }
    }
  return by_id;
}

static void
on_changed_rows_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GHashTable) cached = NULL;
  g_autoptr (GError) error = NULL;
  CrmRecordList *self;

  records = crm_store_fetch_finish (CRM_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (records == NULL)
    {
      /* The rows stay as they were; a lost server reloads the list later. */
      g_debug ("Could not read changed %s: %s", self->type->table, error->message);
      return;
    }

  cached = cached_records (self);
  for (guint i = 0; i < records->len; i++)
    {
      CrmRecord *fresh = g_ptr_array_index (records, i);
      gint64     id = crm_record_get_id (fresh);
      CrmRecord *record = g_hash_table_lookup (cached, &id);

      if (record != NULL && crm_record_get_version (fresh) >= crm_record_get_version (record))
        crm_record_assign (record, fresh);
    }
}

/* Inserted or updated records may join, leave or move: list the ids again
 * (now, or after the load under way). */
static void
relist (CrmRecordList *self)
{
  if (self->loading)
    self->stale = TRUE;
  else
    load (self, FALSE, FALSE);
}

/* More changed records than this are not checked one by one. */
#define MAX_PROBED 100

typedef struct
{
  CrmQuery *query;
  char     *ids; /* "{…}" */
} ProbeData;

static void
probe_data_free (gpointer data)
{
  ProbeData *pd = data;

  g_clear_pointer (&pd->query, crm_query_unref);
  g_free (pd->ids);
  g_free (pd);
}

/* Worker thread: which of the ids match the query, in list order. */
static gpointer
probe_func (CrmStore     *store,
            gpointer      conn,
            gpointer      data,
            GCancellable *cancellable,
            GError      **error)
{
  ProbeData *pd = data;
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = crm_query_build_ids_among_sql (pd->query, pd->ids, params);
  GArray          *ids;
  PGresult        *res;

  res = _crm_store_exec_full (conn, sql, params->len, (const char *const *) params->pdata, FALSE, CRM_SQL_READ,
                              crm_query_get_record_type (pd->query), error);
  if (res == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (ids, id);
    }
  PQclear (res);
  return ids;
}

typedef struct
{
  CrmRecordList *list; /* not a reference: dispose cancels first */
  GArray        *changed;
  guint          generation;
} Probe;

static void
probe_free (Probe *probe)
{
  g_array_unref (probe->changed);
  g_free (probe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

/* Positions in the list of the ids in @wanted (id → position + 1): one
 * pass over the ids, comparing directly when there are few (a colleague's
 * edit: three), else through the hash table. */
static GHashTable *
find_positions (CrmRecordList *self,
                GHashTable    *wanted)
{
  GHashTable   *positions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  const gint64 *ids = (const gint64 *) (gpointer) self->ids->data;
  guint         n_wanted = g_hash_table_size (wanted);

  if (n_wanted <= 8)
    {
      gint64         few[8];
      guint          n = 0;
      GHashTableIter iter;
      gpointer       key;

      g_hash_table_iter_init (&iter, wanted);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        few[n++] = *(gint64 *) key;
      for (guint i = 0; i < self->ids->len; i++)
        for (guint j = 0; j < n; j++)
          if (ids[i] == few[j])
            g_hash_table_insert (positions, g_memdup2 (&ids[i], sizeof (gint64)), GUINT_TO_POINTER (i + 1));
      return positions;
    }

  for (guint i = 0; i < self->ids->len; i++)
    if (g_hash_table_contains (wanted, &ids[i]))
      g_hash_table_insert (positions, g_memdup2 (&ids[i], sizeof (gint64)), GUINT_TO_POINTER (i + 1));
  return positions;
}

static void
on_probed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (Probe) probe = user_data;
  g_autoptr (GArray) members = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) wanted = NULL;
  g_autoptr (GHashTable) is_member = NULL;
  g_autoptr (GHashTable) positions = NULL;
  g_autoptr (GHashTable) leaving = NULL;
  CrmRecordList *self;
  guint          last = 0;

  members = crm_store_run_finish (CRM_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = probe->list;
  self->n_probes--;

  /* Failed, or the list changed meanwhile: list the ids again. */
  if (members == NULL || probe->generation != self->generation || self->loading)
    {
      if (error != NULL)
        g_debug ("Could not check changed %s: %s", self->type->table, error->message);
      relist (self);
      return;
    }

  wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  is_member = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < members->len; i++)
    {
      g_hash_table_add (wanted, g_memdup2 (&g_array_index (members, gint64, i), sizeof (gint64)));
      g_hash_table_add (is_member, g_memdup2 (&g_array_index (members, gint64, i), sizeof (gint64)));
    }
  for (guint i = 0; i < probe->changed->len; i++)
    g_hash_table_add (wanted, g_memdup2 (&g_array_index (probe->changed, gint64, i), sizeof (gint64)));
  positions = find_positions (self, wanted);

  leaving = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < probe->changed->len; i++)
    {
      gint64   id = g_array_index (probe->changed, gint64, i);
      gboolean listed = g_hash_table_contains (positions, &id);
      gboolean member = g_hash_table_contains (is_member, &id);

      /* New to the list: where it goes takes the whole list. */
      if (member && !listed)
        {
          relist (self);
          return;
        }
      if (listed && !member)
        g_hash_table_add (leaving, g_memdup2 (&id, sizeof id));
    }

  /* The records that stay, in the server's order, must be in the list's
   * order too: each changed one still between its neighbours. */
  for (guint i = 0; i < members->len; i++)
    {
      guint position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, &g_array_index (members, gint64, i)));

      if (position == 0)
        continue;
      if (position < last)
        {
          relist (self);
          return;
        }
      last = position;
    }

  if (g_hash_table_size (leaving) > 0)
    {
      GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len);

      for (guint i = 0; i < self->ids->len; i++)
        {
          gint64 id = g_array_index (self->ids, gint64, i);

          if (!g_hash_table_contains (leaving, &id))
            g_array_append_val (ids, id);
        }
      apply_ids (self, ids, FALSE, NULL);
    }
}

/* Ask which of @changed (and their neighbours in the list) match the
 * query, in which order; on_probed_cb() decides from that. */
static void
probe_changes (CrmRecordList *self,
               GArray        *changed)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) positions = NULL;
  g_autoptr (GArray) probed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer       key, value;
  ProbeData     *pd;
  Probe         *probe;

  if (self->loading || changed->len > MAX_PROBED)
    {
      relist (self);
      return;
    }

  for (guint i = 0; i < changed->len; i++)
    g_hash_table_add (wanted, g_memdup2 (&g_array_index (changed, gint64, i), sizeof (gint64)));
  positions = find_positions (self, wanted);
  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (probed, *(gint64 *) key);
  g_hash_table_iter_init (&iter, positions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint position = GPOINTER_TO_UINT (value) - 1;

      if (position > 0)
        g_array_append_val (probed, g_array_index (self->ids, gint64, position - 1));
      if (position + 1 < self->ids->len)
        g_array_append_val (probed, g_array_index (self->ids, gint64, position + 1));
    }

  pd = g_new0 (ProbeData, 1);
  pd->query = crm_query_copy (self->query);
  pd->ids = _crm_store_ids_literal ((const gint64 *) (gpointer) probed->data, probed->len);
  probe = g_new0 (Probe, 1);
  probe->list = self;
  probe->changed = g_array_ref (changed);
  probe->generation = self->generation;
  self->n_probes++;
  if (self->changes_cancellable == NULL)
    self->changes_cancellable = g_cancellable_new ();
  _crm_store_read_async (self->store, probe_func, pd, probe_data_free, (GDestroyNotify) g_array_unref,
                         self->changes_cancellable, on_probed_cb, probe);
}

static void
on_feed_changes_cb (CrmChangeFeed *feed,
                    GPtrArray     *changes,
                    CrmRecordList *self)
{
  g_autoptr (GHashTable) cached = NULL;
  g_autoptr (GHashTable) deleted = NULL;
  g_autoptr (GArray) refresh = NULL;
  g_autoptr (GArray) changed = NULL;

  if (self->deferred || self->store == NULL)
    return;

  for (guint i = 0; i < changes->len; i++)
    {
      const CrmChange *change = g_ptr_array_index (changes, i);
      CrmRecord       *record;

      if (!g_str_equal (change->table, self->type->table))
        continue;

      if (change->op == CRM_CHANGE_DELETE)
        {
          if (deleted == NULL)
            deleted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_add (deleted, g_memdup2 (&change->id, sizeof change->id));
          continue;
        }

      if (changed == NULL)
        changed = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (changed, change->id);
      if (cached == NULL)
        cached = cached_records (self);
      record = g_hash_table_lookup (cached, &change->id);
      if (record != NULL && (!crm_record_get_loaded (record) || crm_record_get_version (record) < change->version))
        {
          if (refresh == NULL)
            refresh = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_array_append_val (refresh, change->id);
          g_hash_table_remove (cached, &change->id); /* once */
        }
    }

  if (deleted != NULL)
    {
      GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len);

      for (guint i = 0; i < self->ids->len; i++)
        {
          gint64 id = g_array_index (self->ids, gint64, i);

          if (!g_hash_table_contains (deleted, &id))
            g_array_append_val (ids, id);
        }
      if (ids->len != self->ids->len)
        apply_ids (self, ids, FALSE, NULL);
      else
        g_array_unref (ids);
      /* A load under way may still list them. */
      if (self->loading)
        self->stale = TRUE;
    }

  if (refresh != NULL)
    {
      if (self->changes_cancellable == NULL)
        self->changes_cancellable = g_cancellable_new ();
      crm_store_fetch_async (self->store, self->type, (const gint64 *) (gpointer) refresh->data, refresh->len,
                             self->changes_cancellable, on_changed_rows_cb, self);
    }

  if (changed != NULL)
    probe_changes (self, changed);
}

/* Too much changed to say what: everything again. */
static void
on_feed_resync_cb (CrmChangeFeed *feed,
                   CrmRecordList *self)
{
  if (!self->deferred && self->store != NULL)
    load (self, FALSE, TRUE);
}

/* Back online: a list whose loading failed loads again (what changed
 * meanwhile comes as changes). */
static void
on_feed_connected_cb (CrmChangeFeed *feed,
                      GParamSpec    *pspec,
                      CrmRecordList *self)
{
  if (crm_change_feed_get_connected (feed) && self->error != NULL && !self->deferred && !self->loading)
    load (self, self->ids->len == 0, TRUE);
}

/* ---- GListModel ---- */

static GType
crm_record_list_get_item_type (GListModel *model)
{
  CrmRecordList *self = CRM_RECORD_LIST (model);

  return self->type ? self->type->get_type () : CRM_TYPE_RECORD;
}

static guint
crm_record_list_get_n_items (GListModel *model)
{
  CrmRecordList *self = CRM_RECORD_LIST (model);

  return self->ids->len;
}

static gpointer
crm_record_list_get_item (GListModel *model,
                          guint       position)
{
  CrmRecordList *self = CRM_RECORD_LIST (model);
  Page          *page;

  if (position >= self->ids->len)
    return NULL;

  page = ensure_page (self, position / CRM_RECORD_LIST_PAGE_SIZE);
  return g_object_ref (g_ptr_array_index (page->records, position % CRM_RECORD_LIST_PAGE_SIZE));
}

static void
crm_record_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_record_list_get_item_type;
  iface->get_n_items = crm_record_list_get_n_items;
  iface->get_item = crm_record_list_get_item;
}

/* ---- GObject ---- */

static void
crm_record_list_constructed (GObject *object)
{
  CrmRecordList *self = CRM_RECORD_LIST (object);

  G_OBJECT_CLASS (crm_record_list_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));
  g_assert (self->query != NULL);

  self->constructed = TRUE;
  self->feed = g_object_ref (crm_store_get_change_feed (self->store));
  g_signal_connect (self->feed, "changes", G_CALLBACK (on_feed_changes_cb), self);
  g_signal_connect (self->feed, "resync", G_CALLBACK (on_feed_resync_cb), self);
  g_signal_connect (self->feed, "notify::connected", G_CALLBACK (on_feed_connected_cb), self);

  if (self->deferred)
    {
      /* Not known yet: loading, until it starts. */
      self->loading = TRUE;
      return;
    }
  load (self, TRUE, FALSE);
}

static void
crm_record_list_dispose (GObject *object)
{
  CrmRecordList *self = CRM_RECORD_LIST (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->rest_idle, g_source_remove);
  if (self->changes_cancellable != NULL)
    g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  if (self->pages != NULL)
    g_hash_table_remove_all (self->pages);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_record_list_parent_class)->dispose (object);
}

static void
crm_record_list_finalize (GObject *object)
{
  CrmRecordList *self = CRM_RECORD_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, crm_query_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (crm_record_list_parent_class)->finalize (object);
}

static void
crm_record_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmRecordList *self = CRM_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_PARTIAL:
      g_value_set_boolean (value, self->partial);
      break;

    case PROP_DEFERRED:
      g_value_set_boolean (value, self->deferred);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_record_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrmRecordList *self = CRM_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_QUERY:
      if (self->constructed)
        crm_record_list_set_query (self, g_value_get_boxed (value));
      else
        {
          CrmQuery *query = g_value_get_boxed (value);

          self->query = crm_query_copy (query);
          self->type = crm_query_get_record_type (query);
        }
      break;

    case PROP_DEFERRED:
      self->deferred = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_record_list_class_init (CrmRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_record_list_constructed;
  object_class->dispose = crm_record_list_dispose;
  object_class->finalize = crm_record_list_finalize;
  object_class->get_property = crm_record_list_get_property;
  object_class->set_property = crm_record_list_set_property;

  properties[PROP_STORE] =
      g_param_spec_object ("store", NULL, NULL, CRM_TYPE_STORE,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
      g_param_spec_boxed ("query", NULL, NULL, CRM_TYPE_QUERY,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PARTIAL] =
      g_param_spec_boolean ("partial", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEFERRED] =
      g_param_spec_boolean ("deferred", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
      g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_record_list_init (CrmRecordList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_queue_init (&self->lru);
}

/* ---- Public API ---- */

CrmRecordList *
crm_record_list_new (CrmStore *store,
                     CrmQuery *query)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return g_object_new (CRM_TYPE_RECORD_LIST, "store", store, "query", query, NULL);
}

CrmRecordList *
crm_record_list_new_deferred (CrmStore *store,
                              CrmQuery *query)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return g_object_new (CRM_TYPE_RECORD_LIST, "store", store, "query", query, "deferred", TRUE, NULL);
}

CrmStore *
crm_record_list_get_store (CrmRecordList *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), NULL);

  return self->store;
}

const CrmQuery *
crm_record_list_get_query (CrmRecordList *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), NULL);

  return self->query;
}

void
crm_record_list_set_query (CrmRecordList *self,
                           CrmQuery      *query)
{
  g_return_if_fail (CRM_IS_RECORD_LIST (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (crm_query_get_record_type (query) == self->type);

  if (crm_query_equal (self->query, query))
    return;

  g_clear_pointer (&self->query, crm_query_unref);
  self->query = crm_query_copy (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  load (self, TRUE, FALSE);
}

void
crm_record_list_start (CrmRecordList *self)
{
  g_return_if_fail (CRM_IS_RECORD_LIST (self));

  if (self->deferred)
    load (self, TRUE, FALSE);
}

void
crm_record_list_reload (CrmRecordList *self)
{
  g_return_if_fail (CRM_IS_RECORD_LIST (self));

  if (self->deferred)
    {
      crm_record_list_start (self);
      return;
    }
  load (self, FALSE, TRUE);
}

gboolean
crm_record_list_get_loading (CrmRecordList *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), FALSE);

  return self->loading;
}

gboolean
crm_record_list_get_partial (CrmRecordList *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), FALSE);

  return self->partial;
}

const GError *
crm_record_list_get_error (CrmRecordList *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), NULL);

  return self->error;
}

gint64
crm_record_list_get_id (CrmRecordList *self,
                        guint          position)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

gint
crm_record_list_find_id (CrmRecordList *self,
                         gint64         id)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), -1);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return (gint) i;

  return -1;
}

guint
crm_record_list_get_n_materialized (CrmRecordList *self)
{
  GHashTableIter iter;
  gpointer       value;
  guint          n = 0;

  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), 0);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((Page *) value)->records->len;

  return n;
}

void
crm_record_list_set_hidden (CrmRecordList *self,
                            gint64         id,
                            gboolean       hidden)
{
  g_return_if_fail (CRM_IS_RECORD_LIST (self));

  if (hidden)
    {
      GArray *ids;

      if (!g_hash_table_add (self->hidden, g_memdup2 (&id, sizeof id)))
        return;
      ids = g_array_copy (self->ids);
      apply_ids (self, ids, FALSE, NULL);
    }
  else if (g_hash_table_remove (self->hidden, &id))
    load (self, FALSE, FALSE);
}

gboolean
crm_record_list_get_checking_changes (CrmRecordList *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_LIST (self), FALSE);

  return self->n_probes > 0;
}
