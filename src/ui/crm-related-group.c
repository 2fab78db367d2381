/* crm-related-group.c — a record page's list of related records (an
 * account's contacts…), opening one on activation
 *
 * Shows at most MAX_ROWS rows of its lazy list, so an account with ten
 * thousand contacts opens as fast as one with three; the description
 * says how many there are in all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-related-group.h"

#define MAX_ROWS 100

struct _CrmRelatedGroup
{
  AdwPreferencesGroup parent_instance;

  CrmRecordList      *list;
  GtkSliceListModel  *slice;
  GtkWidget          *listbox;
  GStrv               subtitle_fields;
};

G_DEFINE_FINAL_TYPE (CrmRelatedGroup, crm_related_group, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_row (CrmRelatedGroup *self,
            AdwActionRow    *row,
            CrmRecord       *record)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr (GPtrArray) parts = NULL;

  if (!crm_record_get_loaded (record))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "…");
      return;
    }

  parts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; self->subtitle_fields[i] != NULL; i++)
    {
      char *value = crm_record_dup_display (record, self->subtitle_fields[i]);

      if (value != NULL && value[0] != '\0')
        g_ptr_array_add (parts, value);
      else
        g_free (value);
    }
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv ("  ·  ", (char **) parts->pdata);
  title = crm_record_dup_title (record);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
on_record_notify_cb (CrmRecord    *record,
                     GParamSpec   *pspec,
                     AdwActionRow *row)
{
  CrmRelatedGroup *self = CRM_RELATED_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (row), CRM_TYPE_RELATED_GROUP));

  if (self != NULL)
    update_row (self, row, record);
}

static void
on_row_activated_cb (AdwActionRow    *row,
                     CrmRelatedGroup *self)
{
  CrmRecord *record = g_object_get_data (G_OBJECT (row), "record");

  if (record != NULL && crm_record_get_loaded (record))
    g_signal_emit (self, signals[OPEN], 0, record);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  CrmRelatedGroup *self = user_data;
  CrmRecord       *record = item;
  GtkWidget       *row = adw_action_row_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "record", g_object_ref (record), g_object_unref);
  update_row (self, ADW_ACTION_ROW (row), record);
  g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_record_notify_cb), row, 0);
  g_signal_connect_object (record, "notify::title", G_CALLBACK (on_record_notify_cb), row, 0);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated_cb), self, 0);
  return row;
}

static void
on_items_changed_cb (GListModel      *model,
                     guint            position,
                     guint            removed,
                     guint            added,
                     CrmRelatedGroup *self)
{
  const CrmRecordType *type = crm_query_get_record_type (crm_record_list_get_query (self->list));
  guint                n = g_list_model_get_n_items (model);
  g_autofree char     *count = crm_record_type_format_count (type, n);

  if (n > MAX_ROWS)
    {
      /* Translators: "1 250 contacts, the first 100 shown" */
      g_autofree char *text = g_strdup_printf (_ ("%s, the first %u shown"), count, MAX_ROWS);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), text);
    }
  else
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), count);
}

static void
crm_related_group_dispose (GObject *object)
{
  CrmRelatedGroup *self = CRM_RELATED_GROUP (object);

  if (self->listbox != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->listbox), NULL, NULL, NULL, NULL);
  g_clear_object (&self->slice);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (crm_related_group_parent_class)->dispose (object);
}

static void
crm_related_group_finalize (GObject *object)
{
  CrmRelatedGroup *self = CRM_RELATED_GROUP (object);

  g_strfreev (self->subtitle_fields);

  G_OBJECT_CLASS (crm_related_group_parent_class)->finalize (object);
}

static void
crm_related_group_class_init (CrmRelatedGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_related_group_dispose;
  object_class->finalize = crm_related_group_finalize;

  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_RECORD);
}

static void
crm_related_group_init (CrmRelatedGroup *self)
{
}

GtkWidget *
crm_related_group_new (CrmRecordList     *list,
                       const char        *title,
                       const char        *empty_text,
                       const char *const *subtitle_fields)
{
  CrmRelatedGroup *self;
  GtkWidget       *placeholder;

  g_return_val_if_fail (CRM_IS_RECORD_LIST (list), NULL);

  self = g_object_new (CRM_TYPE_RELATED_GROUP, "title", title, NULL);
  self->list = g_object_ref (list);
  self->subtitle_fields = g_strdupv ((char **) subtitle_fields);
  self->slice = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (list)), 0, MAX_ROWS);

  self->listbox = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->listbox), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->listbox, "boxed-list");
  gtk_list_box_bind_model (GTK_LIST_BOX (self->listbox), G_LIST_MODEL (self->slice), create_row, self, NULL);

  placeholder = gtk_label_new (empty_text);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->listbox), placeholder);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->listbox);
  g_signal_connect_object (list, "items-changed", G_CALLBACK (on_items_changed_cb), self, 0);
  on_items_changed_cb (G_LIST_MODEL (list), 0, 0, 0, self);

  return GTK_WIDGET (self);
}

CrmRecordList *
crm_related_group_get_list (CrmRelatedGroup *self)
{
  g_return_val_if_fail (CRM_IS_RELATED_GROUP (self), NULL);

  return self->list;
}

void
crm_related_group_add_button (CrmRelatedGroup *self,
                              const char      *action_name,
                              const char      *tooltip)
{
  GtkWidget *button;

  g_return_if_fail (CRM_IS_RELATED_GROUP (self));

  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), button);
}
