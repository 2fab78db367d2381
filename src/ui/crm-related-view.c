/* crm-related-view.c — the records that name a record, on its page: an
 * account's contacts, deals, contracts and sales with its totals (R8)
 *
 * Driven by the record type's descriptor (CrmRecordType.related): one
 * group per kind of related record, each a live CrmRecordList filtered by
 * the field naming this record, with a + button that opens a new record
 * already naming it. An account's page starts with its figures: the open
 * pipeline (and its probability-weighted value) and what it won this
 * year, counted by the database under the employee's rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crm-account-totals.h"
#include "crm-money.h"
#include "crm-related-group.h"
#include "crm-related-view.h"
#include "crm-window.h"

struct _CrmRelatedView
{
  GtkBox               parent_instance;

  CrmContext          *context;
  CrmRecord           *record;
  const CrmRecordType *type;
  GPtrArray           *lists; /* CrmRecordList, one per group */
  GtkWidget           *totals;
  GtkLabel            *open_label;
  GtkLabel            *won_label;
  GCancellable        *cancellable;
  gboolean             may_add;
  guint                n_items;
};

G_DEFINE_FINAL_TYPE (CrmRelatedView, crm_related_view, GTK_TYPE_BOX)

enum
{
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CrmWindow *
get_window (CrmRelatedView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return CRM_IS_WINDOW (root) ? CRM_WINDOW (root) : NULL;
}

static void
on_open_cb (CrmRelatedGroup *group,
            CrmRecord       *record,
            CrmRelatedView  *self)
{
  CrmWindow *window = get_window (self);

  if (window != NULL)
    crm_window_open_record (window, crm_record_get_record_type (record), crm_record_get_id (record));
}

static void
on_items_changed_cb (GListModel     *model,
                     guint           position,
                     guint           removed,
                     guint           added,
                     CrmRelatedView *self)
{
  guint n = 0;

  for (guint i = 0; i < self->lists->len; i++)
    n += g_list_model_get_n_items (G_LIST_MODEL (g_ptr_array_index (self->lists, i)));
  if (n == self->n_items)
    return;
  self->n_items = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* "add" with the related type's name: a new record naming this one, its
 * owner this record's owner, the fields of CrmRelated.copy copied. */
static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrmRelatedView      *self = CRM_RELATED_VIEW (widget);
  CrmWindow           *window = get_window (self);
  const char          *name = g_variant_get_string (parameter, NULL);
  const CrmRelated    *rel = NULL;
  const CrmRecordType *other;
  g_autoptr (CrmRecord) prefill = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name_field = NULL;

  if (window == NULL || self->record == NULL || self->type->related == NULL)
    return;
  for (const CrmRelated *r = self->type->related; r->type != NULL; r++)
    if (g_str_equal (r->type, name) && r->add_label != NULL)
      rel = r;
  if (rel == NULL || (other = crm_record_type_lookup (rel->type)) == NULL)
    return;

  prefill = crm_record_new (other);
  crm_record_set_int (prefill, rel->ref_field, crm_record_get_id (self->record));
  /* "account_id" → the "account_name" a list or chooser shows. */
  title = crm_record_dup_title (self->record);
  if (g_str_has_suffix (rel->ref_field, "_id"))
    {
      name_field = g_strdup_printf ("%.*s_name", (int) strlen (rel->ref_field) - 3, rel->ref_field);
      if (crm_record_type_get_field (other, name_field) != NULL)
        crm_record_set_string (prefill, name_field, title);
    }
  for (guint i = 0; i < G_N_ELEMENTS (rel->copy) && rel->copy[i] != NULL; i++)
    crm_record_set_value (prefill, rel->copy[i], crm_record_peek_value (self->record, rel->copy[i]));
  crm_record_set_owner_id (prefill, crm_record_get_owner_id (self->record));
  crm_window_new_record (window, other, prefill);
}

/* Totals ------------------------------------------------------------------- */

static void
on_totals_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmRelatedView) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree CrmAccountTotals *totals = crm_account_totals_finish (CRM_STORE (object), result, &error);
  g_autofree char             *open_sum = NULL;
  g_autofree char             *weighted = NULL;
  g_autofree char             *won_sum = NULL;
  g_autofree char             *open_text = NULL;
  g_autofree char             *won_text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (totals == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("The totals could not be counted: %s"), error->message);

      gtk_label_set_text (self->open_label, message);
      gtk_label_set_text (self->won_label, "");
      gtk_widget_set_visible (self->totals, TRUE);
      return;
    }

  open_sum = crm_money_format (totals->open_sum);
  weighted = crm_money_format (totals->weighted_sum);
  won_sum = crm_money_format (totals->won_sum);
  /* TRANSLATORS: "Open pipeline: 3 deals, 1 250 000,00 ₽ (weighted 410 000,00 ₽)" */
  open_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Open pipeline: %u deal, %s (weighted %s)",
                                            "Open pipeline: %u deals, %s (weighted %s)", totals->open_count),
                               totals->open_count, open_sum, weighted);
  /* TRANSLATORS: "Won this year: 2 deals, 3 100 000,00 ₽" */
  won_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Won this year: %u deal, %s", "Won this year: %u deals, %s",
                                           totals->won_count),
                              totals->won_count, won_sum);
  if (totals->other_currencies > 0)
    {
      g_autofree char *plain = g_steal_pointer (&won_text);

      won_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u deal in another currency not added",
                                               "%s; %u deals in other currencies not added", totals->other_currencies),
                                  plain, totals->other_currencies);
    }
  gtk_label_set_text (self->open_label, open_text);
  gtk_label_set_text (self->won_label, won_text);
  gtk_widget_set_visible (self->totals, TRUE);
}

static void
reload_totals (CrmRelatedView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->record == NULL || !g_str_equal (self->type->name, "account"))
    return;
  self->cancellable = g_cancellable_new ();
  crm_account_totals_async (crm_context_get_store (self->context), crm_record_get_id (self->record), self->cancellable,
                            on_totals_cb, g_object_ref (self));
}

/* A deal of the account changed: count again. */
static void
on_deals_changed_cb (GListModel     *model,
                     guint           position,
                     guint           removed,
                     guint           added,
                     CrmRelatedView *self)
{
  reload_totals (self);
}

static GtkWidget *
create_totals (CrmRelatedView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_name (box, "totals");
  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_bottom (box, 6);
  self->open_label = GTK_LABEL (gtk_label_new (NULL));
  self->won_label = GTK_LABEL (gtk_label_new (NULL));
  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *label = i == 0 ? self->open_label : self->won_label;

      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_selectable (label, TRUE);
      gtk_widget_set_margin_start (GTK_WIDGET (label), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (label), 12);
      gtk_widget_set_margin_top (GTK_WIDGET (label), i == 0 ? 12 : 0);
      gtk_widget_set_margin_bottom (GTK_WIDGET (label), i == 1 ? 12 : 0);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->open_label), "heading");
  gtk_widget_set_visible (box, FALSE);
  return box;
}

/* Groups ------------------------------------------------------------------- */

static void
clear (CrmRelatedView *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  for (guint i = 0; i < self->lists->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->lists, i), self);
  g_ptr_array_set_size (self->lists, 0);
  self->totals = NULL;
  self->open_label = self->won_label = NULL;
  g_clear_object (&self->record);
  self->type = NULL;
}

void
crm_related_view_set_record (CrmRelatedView *self,
                             CrmRecord      *record)
{
  g_autofree char *id = NULL;

  g_return_if_fail (CRM_IS_RELATED_VIEW (self));

  clear (self);
  if (record == NULL || crm_record_get_id (record) == 0 || crm_record_get_record_type (record)->related == NULL)
    {
      on_items_changed_cb (NULL, 0, 0, 0, self);
      return;
    }

  self->record = g_object_ref (record);
  self->type = crm_record_get_record_type (record);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_record_get_id (record));

  if (g_str_equal (self->type->name, "account"))
    {
      self->totals = create_totals (self);
      gtk_box_append (GTK_BOX (self), self->totals);
    }

  for (const CrmRelated *rel = self->type->related; rel->type != NULL; rel++)
    {
      const CrmRecordType *other = crm_record_type_lookup (rel->type);
      g_autoptr (CrmQuery) query = NULL;
      CrmRecordList *list;
      GtkWidget     *group;

      if (other == NULL)
        continue;
      query = crm_query_new (other);
      crm_query_set_filter (query, rel->ref_field, id);
      crm_query_set_sort (query, rel->sort ? rel->sort : other->default_sort, rel->descending);
      list = crm_record_list_new (crm_context_get_store (self->context), query);
      g_ptr_array_add (self->lists, list);

      group = crm_related_group_new (list, g_dgettext (GETTEXT_PACKAGE, rel->title),
                                     g_dgettext (GETTEXT_PACKAGE, rel->empty), rel->subtitle);
      gtk_widget_set_name (group, other->table);
      if (rel->add_label != NULL)
        {
          g_autofree char *action = g_strdup_printf ("related.add('%s')", rel->type);

          crm_related_group_add_button (CRM_RELATED_GROUP (group), action,
                                        g_dgettext (GETTEXT_PACKAGE, rel->add_label));
        }
      g_signal_connect_object (group, "open", G_CALLBACK (on_open_cb), self, 0);
      g_signal_connect_object (list, "items-changed", G_CALLBACK (on_items_changed_cb), self, 0);
      if (other == crm_record_type_lookup ("deal") && self->totals != NULL)
        g_signal_connect_object (list, "items-changed", G_CALLBACK (on_deals_changed_cb), self, 0);
      gtk_box_append (GTK_BOX (self), group);
      crm_record_list_reload (list);
    }

  reload_totals (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "related.add", self->may_add);
}

gboolean
crm_related_view_get_has_related (CrmRelatedView *self)
{
  g_return_val_if_fail (CRM_IS_RELATED_VIEW (self), FALSE);

  return self->lists->len > 0;
}

guint
crm_related_view_get_n_items (CrmRelatedView *self)
{
  g_return_val_if_fail (CRM_IS_RELATED_VIEW (self), 0);

  return self->n_items;
}

void
crm_related_view_set_may_add (CrmRelatedView *self,
                              gboolean        may_add)
{
  g_return_if_fail (CRM_IS_RELATED_VIEW (self));

  self->may_add = may_add;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "related.add", may_add);
}

static void
crm_related_view_dispose (GObject *object)
{
  CrmRelatedView *self = CRM_RELATED_VIEW (object);

  if (self->lists != NULL)
    clear (self);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_related_view_parent_class)->dispose (object);
}

static void
crm_related_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmRelatedView *self = CRM_RELATED_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_related_view_class_init (CrmRelatedViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_related_view_dispose;
  object_class->get_property = crm_related_view_get_property;

  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "related.add", "s", add_action);
}

static void
crm_related_view_init (CrmRelatedView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 18);
  self->lists = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
crm_related_view_new (CrmContext *context)
{
  CrmRelatedView *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_RELATED_VIEW, NULL);
  self->context = g_object_ref (context);
  return GTK_WIDGET (self);
}
