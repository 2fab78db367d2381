/* crm-history-view.c — a record page's History tab
 *
 * Reads the record's audit trail when the tab is first shown (and again
 * after each save), fifty entries at a time; "Show Older Changes" reads
 * the next ones. The times ("5 minutes ago") are said again every minute
 * while the tab is on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-audit-row.h"
#include "crm-audit.h"
#include "crm-history-view.h"
#include "rapport-ui-resources.h"

#define PAGE_SIZE 50

struct _CrmHistoryView
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkListBox          *list;
  GtkButton           *more_button;

  CrmContext          *context;
  const CrmRecordType *type;
  gint64               id;
  GCancellable        *cancellable; /* the read under way */
  GPtrArray           *rows;        /* CrmAuditRow, in order */
  guint                tick_id;
  gboolean             stale; /* read it again when shown */
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (CrmHistoryView, crm_history_view, GTK_TYPE_WIDGET)

static void load_page (CrmHistoryView *self, gint64 before_id);

static void
clear_rows (CrmHistoryView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
on_page_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CrmHistoryView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gboolean more = FALSE;

  entries = crm_audit_history_finish (CRM_STORE (object), result, &more, &error);
  if (entries == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), TRUE);

  if (entries == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      GtkWidget *row = crm_audit_row_new (g_ptr_array_index (entries, i), self->id);

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), more);
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "entries" : "empty");
}

static void
load_page (CrmHistoryView *self,
           gint64          before_id)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->context == NULL || self->type == NULL || self->id == 0)
    return;

  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  self->stale = FALSE;
  if (before_id == 0)
    {
      clear_rows (self);
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), FALSE);

  crm_audit_history_async (crm_context_get_store (self->context), self->type, self->id, before_id, PAGE_SIZE,
                           self->cancellable, on_page_loaded_cb, g_object_ref (self));
}

static void
on_more_clicked_cb (CrmHistoryView *self)
{
  CrmAuditRow *last;

  if (self->rows->len == 0 || self->loading)
    return;
  last = g_ptr_array_index (self->rows, self->rows->len - 1);
  load_page (self, crm_audit_entry_get_id (crm_audit_row_get_entry (last)));
}

static gboolean
on_tick_cb (gpointer data)
{
  CrmHistoryView *self = data;

  for (guint i = 0; i < self->rows->len; i++)
    crm_audit_row_update_time (g_ptr_array_index (self->rows, i));
  return G_SOURCE_CONTINUE;
}

static void
crm_history_view_map (GtkWidget *widget)
{
  CrmHistoryView *self = CRM_HISTORY_VIEW (widget);

  GTK_WIDGET_CLASS (crm_history_view_parent_class)->map (widget);

  if (self->stale)
    load_page (self, 0);
  else
    on_tick_cb (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (60, on_tick_cb, self);
}

static void
crm_history_view_unmap (GtkWidget *widget)
{
  CrmHistoryView *self = CRM_HISTORY_VIEW (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (crm_history_view_parent_class)->unmap (widget);
}

static void
crm_history_view_dispose (GObject *object)
{
  CrmHistoryView *self = CRM_HISTORY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_HISTORY_VIEW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_history_view_parent_class)->dispose (object);
}

static void
crm_history_view_finalize (GObject *object)
{
  CrmHistoryView *self = CRM_HISTORY_VIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_history_view_parent_class)->finalize (object);
}

static void
crm_history_view_class_init (CrmHistoryViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_history_view_dispose;
  object_class->finalize = crm_history_view_finalize;
  widget_class->map = crm_history_view_map;
  widget_class->unmap = crm_history_view_unmap;

  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmHistoryView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmHistoryView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrmHistoryView, list);
  gtk_widget_class_bind_template_child (widget_class, CrmHistoryView, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, crm_history_view_reload);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crmhistoryview");
}

static void
crm_history_view_init (CrmHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
}

GtkWidget *
crm_history_view_new (CrmContext *context)
{
  CrmHistoryView *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_HISTORY_VIEW, NULL);
  self->context = g_object_ref (context);

  return GTK_WIDGET (self);
}

void
crm_history_view_set_record (CrmHistoryView      *self,
                             const CrmRecordType *type,
                             gint64               id)
{
  g_return_if_fail (CRM_IS_HISTORY_VIEW (self));

  self->type = type;
  self->id = id;
  crm_history_view_reload (self);
}

void
crm_history_view_reload (CrmHistoryView *self)
{
  g_return_if_fail (CRM_IS_HISTORY_VIEW (self));

  if (self->id == 0)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->loading = FALSE;
      self->stale = FALSE;
      clear_rows (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_page (self, 0);
  else
    self->stale = TRUE;
}

gboolean
crm_history_view_get_ready (CrmHistoryView *self)
{
  g_return_val_if_fail (CRM_IS_HISTORY_VIEW (self), FALSE);

  return !self->loading && !self->stale;
}

guint
crm_history_view_get_n_entries (CrmHistoryView *self)
{
  g_return_val_if_fail (CRM_IS_HISTORY_VIEW (self), 0);

  return self->rows->len;
}

GtkWidget *
crm_history_view_get_row (CrmHistoryView *self,
                          guint           index)
{
  g_return_val_if_fail (CRM_IS_HISTORY_VIEW (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, index);
}
