/* crm-audit-dialog.c — the Audit Log
 *
 * Every change to a filter reads the first page again (the search entry
 * waits for typing to pause); "Show Older Changes" reads the next page
 * after the last row shown. The employee menu is filled once, from the
 * people with a login.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-audit-dialog.h"
#include "crm-audit-row.h"
#include "crm-audit.h"
#include "rapport-ui-resources.h"

#define PAGE_SIZE 100

/* The record type menu: all, each section's type, employees. */
static const char *const type_tables[] = { NULL, "accounts", "contacts", "leads",
                                           "deals", "sales", "products", "contracts",
                                           "tariff_plans", "commercial_conditions", "pipelines", "pipeline_stages", "contract_statuses", "tasks",
                                           "employees" };

typedef enum
{
  PERIOD_ANY,
  PERIOD_TODAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
  PERIOD_YEAR,
} Period;

struct _CrmAuditDialog
{
  AdwWindow       parent_instance;

  GtkSearchEntry *search_entry;
  GtkDropDown    *type_menu;
  GtkDropDown    *actor_menu;
  GtkDropDown    *period_menu;
  GtkDropDown    *op_menu;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkListBox     *list;
  GtkButton      *more_button;

  CrmContext     *context;
  GCancellable   *cancellable; /* the read under way */
  GCancellable   *actors_cancellable;
  GStrv           actor_logins; /* [i] for menu position i + 1 */
  GPtrArray      *rows;         /* CrmAuditRow, in order */
  char           *shown;        /* the filters of the rows shown, as a key */
  gboolean        loading;
  gboolean        building; /* menus being filled: no reads */
};

G_DEFINE_FINAL_TYPE (CrmAuditDialog, crm_audit_dialog, ADW_TYPE_WINDOW)

enum
{
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void  load_page (CrmAuditDialog *self, gint64 before_id);
static char *dup_filter_key (CrmAuditDialog *self);

static void
clear_rows (CrmAuditDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

/* Filters ------------------------------------------------------------------- */

static void
fill_filter (CrmAuditDialog *self,
             CrmAuditFilter *filter,
             GDateTime     **since)
{
  guint type_pos = gtk_drop_down_get_selected (self->type_menu);
  guint actor_pos = gtk_drop_down_get_selected (self->actor_menu);
  guint op_pos = gtk_drop_down_get_selected (self->op_menu);
  guint days = 0;

  *filter = (CrmAuditFilter) CRM_AUDIT_FILTER_INIT;

  if (type_pos < G_N_ELEMENTS (type_tables))
    filter->table_name = type_tables[type_pos];
  if (actor_pos != GTK_INVALID_LIST_POSITION && actor_pos > 0 && self->actor_logins != NULL &&
      actor_pos - 1 < g_strv_length (self->actor_logins))
    filter->actor = self->actor_logins[actor_pos - 1];
  if (op_pos != GTK_INVALID_LIST_POSITION && op_pos > 0)
    filter->op = (int) op_pos - 1;
  filter->text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  switch ((Period) gtk_drop_down_get_selected (self->period_menu))
    {
    case PERIOD_TODAY:
      days = 0;
      break;
    case PERIOD_WEEK:
      days = 6;
      break;
    case PERIOD_MONTH:
      days = 29;
      break;
    case PERIOD_YEAR:
      days = 364;
      break;
    case PERIOD_ANY:
    default:
      *since = NULL;
      return;
    }

  {
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                            g_date_time_get_day_of_month (now), 0, 0, 0);

    *since = g_date_time_add_days (midnight, -(int) days);
    filter->since = *since;
  }
}

static void
on_page_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CrmAuditDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gboolean more = FALSE;

  entries = crm_audit_log_finish (CRM_STORE (object), result, &more, &error);
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
      CrmAuditEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget     *row = crm_audit_row_new (entry, 0);
      gboolean       openable = crm_audit_entry_get_record_type (entry) != NULL &&
                          (crm_audit_entry_get_op (entry) != CRM_AUDIT_OP_DELETE ||
                           crm_audit_entry_get_merged_into (entry) != 0);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), openable);
      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), more);
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "entries" : "empty");
}

static void
load_page (CrmAuditDialog *self,
           gint64          before_id)
{
  CrmAuditFilter filter;
  g_autoptr (GDateTime) since = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;

  if (before_id == 0)
    {
      clear_rows (self);
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
      g_free (self->shown);
      self->shown = dup_filter_key (self);
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), FALSE);

  fill_filter (self, &filter, &since);
  crm_audit_log_async (crm_context_get_store (self->context), &filter, before_id, PAGE_SIZE,
                       self->cancellable, on_page_loaded_cb, g_object_ref (self));
}

static char *
dup_filter_key (CrmAuditDialog *self)
{
  return g_strdup_printf ("%u/%u/%u/%u/%s", gtk_drop_down_get_selected (self->type_menu),
                          gtk_drop_down_get_selected (self->actor_menu),
                          gtk_drop_down_get_selected (self->period_menu),
                          gtk_drop_down_get_selected (self->op_menu),
                          gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_filter_changed_cb (CrmAuditDialog *self)
{
  g_autofree char *key = NULL;

  if (self->building || self->context == NULL)
    return;
  /* The search entry says so again after its pause. */
  key = dup_filter_key (self);
  if (g_strcmp0 (key, self->shown) == 0)
    return;
  load_page (self, 0);
}

static void
on_more_clicked_cb (CrmAuditDialog *self)
{
  CrmAuditRow *last;

  if (self->rows->len == 0 || self->loading)
    return;
  last = g_ptr_array_index (self->rows, self->rows->len - 1);
  load_page (self, crm_audit_entry_get_id (crm_audit_row_get_entry (last)));
}

static void
on_row_activated_cb (CrmAuditDialog *self,
                     GtkListBoxRow  *row)
{
  CrmAuditEntry       *entry;
  const CrmRecordType *type;
  gint64               id;

  if (!CRM_IS_AUDIT_ROW (row))
    return;
  entry = crm_audit_row_get_entry (CRM_AUDIT_ROW (row));
  type = crm_audit_entry_get_record_type (entry);
  /* A merged record lives on in the one it went into. */
  id = crm_audit_entry_get_merged_into (entry) != 0 ? crm_audit_entry_get_merged_into (entry)
                                                    : crm_audit_entry_get_record_id (entry);
  if (type != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, type, id);
}

static void
on_actors_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CrmAuditDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) logins = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (GtkStringList) strings = NULL;

  if (!crm_audit_list_actors_finish (CRM_STORE (object), result, &logins, &names, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the employees: %s", error->message);
      return;
    }

  strings = gtk_string_list_new (NULL);
  gtk_string_list_append (strings, _ ("Everyone"));
  for (guint i = 0; names[i] != NULL; i++)
    gtk_string_list_append (strings, names[i]);

  self->building = TRUE;
  g_strfreev (self->actor_logins);
  self->actor_logins = g_steal_pointer (&logins);
  gtk_drop_down_set_model (self->actor_menu, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->actor_menu, 0);
  self->building = FALSE;
}

static void
fill_menu (GtkDropDown       *menu,
           const char *const *labels,
           guint              n_labels)
{
  g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_labels; i++)
    gtk_string_list_append (strings, labels[i]);
  gtk_drop_down_set_model (menu, G_LIST_MODEL (strings));
}

static void
build_menus (CrmAuditDialog *self)
{
  const char *types[G_N_ELEMENTS (type_tables)];
  const char *periods[] = { _ ("Any Time"), _ ("Today"), _ ("Last 7 Days"), _ ("Last 30 Days"), _ ("Last Year") };
  const char *ops[] = { _ ("All Changes"), C_ ("operation", "Created"), C_ ("operation", "Changed"),
                        C_ ("operation", "Deleted") };
  const char *everyone[] = { _ ("Everyone") };

  types[0] = _ ("All Records");
  for (guint i = 1; i < G_N_ELEMENTS (type_tables); i++)
    {
      const CrmRecordType *type = crm_record_type_lookup (type_tables[i]);

      types[i] = type ? g_dgettext (GETTEXT_PACKAGE, type->plural) : _ ("Employees");
    }

  self->building = TRUE;
  fill_menu (self->type_menu, types, G_N_ELEMENTS (types));
  fill_menu (self->period_menu, periods, G_N_ELEMENTS (periods));
  fill_menu (self->op_menu, ops, G_N_ELEMENTS (ops));
  fill_menu (self->actor_menu, everyone, G_N_ELEMENTS (everyone));
  self->building = FALSE;
}

/* GObject ------------------------------------------------------------------- */

static void
crm_audit_dialog_dispose (GObject *object)
{
  CrmAuditDialog *self = CRM_AUDIT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->actors_cancellable);
  g_clear_object (&self->actors_cancellable);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_audit_dialog_parent_class)->dispose (object);
}

static void
crm_audit_dialog_finalize (GObject *object)
{
  CrmAuditDialog *self = CRM_AUDIT_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->actor_logins, g_strfreev);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (crm_audit_dialog_parent_class)->finalize (object);
}

static void
crm_audit_dialog_class_init (CrmAuditDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_audit_dialog_dispose;
  object_class->finalize = crm_audit_dialog_finalize;

  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_INT64);

  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-audit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, type_menu);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, actor_menu);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, period_menu);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, op_menu);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, list);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditDialog, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_audit_dialog_init (CrmAuditDialog *self)
{
  self->building = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  build_menus (self);
}

GtkWidget *
crm_audit_dialog_new (CrmContext *context)
{
  CrmAuditDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_AUDIT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->actors_cancellable = g_cancellable_new ();
  crm_audit_list_actors_async (crm_context_get_store (context), self->actors_cancellable,
                               on_actors_loaded_cb, g_object_ref (self));
  load_page (self, 0);

  return GTK_WIDGET (self);
}

gboolean
crm_audit_dialog_get_ready (CrmAuditDialog *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_DIALOG (self), FALSE);

  return !self->loading;
}

guint
crm_audit_dialog_get_n_entries (CrmAuditDialog *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_DIALOG (self), 0);

  return self->rows->len;
}

GtkWidget *
crm_audit_dialog_get_row (CrmAuditDialog *self,
                          guint           index)
{
  g_return_val_if_fail (CRM_IS_AUDIT_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, index);
}

void
crm_audit_dialog_set_search_text (CrmAuditDialog *self,
                                  const char     *text)
{
  g_return_if_fail (CRM_IS_AUDIT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Not after the entry's pause: at once. */
  load_page (self, 0);
}

void
crm_audit_dialog_set_record_type (CrmAuditDialog *self,
                                  const char     *table_name)
{
  g_return_if_fail (CRM_IS_AUDIT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (type_tables); i++)
    if (g_strcmp0 (type_tables[i], table_name) == 0)
      gtk_drop_down_set_selected (self->type_menu, i);
}

void
crm_audit_dialog_set_operation (CrmAuditDialog *self,
                                int             op)
{
  g_return_if_fail (CRM_IS_AUDIT_DIALOG (self));
  g_return_if_fail (op >= -1 && op <= CRM_AUDIT_OP_DELETE);

  gtk_drop_down_set_selected (self->op_menu, (guint) (op + 1));
}
