/* crm-ref-chooser.c — a form row holding a link to another record, with a
 * searchable popover to pick one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-record-list.h"
#include "crm-ref-chooser.h"

struct _CrmRefChooser
{
  AdwActionRow         parent_instance;

  CrmStore            *store;
  const CrmRecordType *type;
  gint64               id;
  char                *name;

  GtkWidget           *open_button;
  GtkWidget           *clear_button;
  GtkWidget           *menu_button;
  GtkWidget           *search_entry;
  CrmRecordList       *results;
};

G_DEFINE_FINAL_TYPE (CrmRefChooser, crm_ref_chooser, ADW_TYPE_ACTION_ROW)

enum
{
  CHANGED,
  OPEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_row (CrmRefChooser *self)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->id != 0 && self->name ? self->name : "—");
  gtk_widget_set_visible (self->open_button, self->id != 0);
  gtk_widget_set_visible (self->clear_button, self->id != 0);
}

static void
ensure_results (CrmRefChooser *self)
{
  g_autoptr (CrmQuery) query = NULL;

  if (self->results != NULL)
    return;

  query = crm_query_new (self->type);
  crm_query_set_sort (query, self->type->default_sort, FALSE);
  self->results = crm_record_list_new (self->store, query);
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      CrmRefChooser  *self)
{
  g_autoptr (CrmQuery) query = crm_query_copy (crm_record_list_get_query (self->results));

  crm_query_set_search (query, gtk_editable_get_text (GTK_EDITABLE (entry)));
  crm_record_list_set_query (self->results, query);
}

static void
on_result_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
on_result_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  CrmRecord *record = gtk_list_item_get_item (item);

  g_object_bind_property (record, "title", gtk_list_item_get_child (item), "label", G_BINDING_SYNC_CREATE);
}

static void
on_result_activate_cb (GtkListView   *view,
                       guint          position,
                       CrmRefChooser *self)
{
  g_autoptr (CrmRecord) record = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  g_autofree char *title = NULL;

  if (record == NULL || !crm_record_get_loaded (record))
    return;

  title = crm_record_dup_title (record);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->menu_button));
  crm_ref_chooser_choose (self, crm_record_get_id (record), title);
}

static void
on_search_activate_cb (GtkSearchEntry *entry,
                       CrmRefChooser  *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    on_result_activate_cb (NULL, 0, self);
}

static void
on_popover_show_cb (GtkPopover    *popover,
                    CrmRefChooser *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  crm_record_list_reload (self->results);
  gtk_widget_grab_focus (self->search_entry);
}

static GtkWidget *
create_popover (CrmRefChooser *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *view;

  ensure_results (self);

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text",
                g_dgettext (GETTEXT_PACKAGE, self->type->search_placeholder), NULL);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate_cb), self);
  gtk_box_append (GTK_BOX (box), self->search_entry);

  g_signal_connect (factory, "setup", G_CALLBACK (on_result_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_result_bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->results)))),
                            g_object_ref (factory));
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (view), TRUE);
  g_signal_connect (view, "activate", G_CALLBACK (on_result_activate_cb), self);
  gtk_widget_add_css_class (view, "navigation-sidebar");

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect (popover, "show", G_CALLBACK (on_popover_show_cb), self);
  return popover;
}

static void
on_open_clicked_cb (GtkButton     *button,
                    CrmRefChooser *self)
{
  g_signal_emit (self, signals[OPEN], 0);
}

static void
on_clear_clicked_cb (GtkButton     *button,
                     CrmRefChooser *self)
{
  crm_ref_chooser_choose (self, 0, NULL);
}

static void
on_row_activated_cb (AdwActionRow  *row,
                     CrmRefChooser *self)
{
  if (self->id != 0)
    g_signal_emit (self, signals[OPEN], 0);
  else
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}

static void
crm_ref_chooser_dispose (GObject *object)
{
  CrmRefChooser *self = CRM_REF_CHOOSER (object);

  g_clear_object (&self->results);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_ref_chooser_parent_class)->dispose (object);
}

static void
crm_ref_chooser_finalize (GObject *object)
{
  CrmRefChooser *self = CRM_REF_CHOOSER (object);

  g_free (self->name);

  G_OBJECT_CLASS (crm_ref_chooser_parent_class)->finalize (object);
}

static void
crm_ref_chooser_class_init (CrmRefChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_ref_chooser_dispose;
  object_class->finalize = crm_ref_chooser_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
crm_ref_chooser_init (CrmRefChooser *self)
{
}

GtkWidget *
crm_ref_chooser_new (CrmStore            *store,
                     const CrmRecordType *type,
                     const char          *title)
{
  CrmRefChooser *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (CRM_TYPE_REF_CHOOSER, "title", title, NULL);
  self->store = g_object_ref (store);
  self->type = type;

  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_tooltip_text (self->clear_button, _ ("Remove the Link"));
  g_signal_connect (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "document-edit-symbolic");
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_tooltip_text (self->menu_button, _ ("Choose…"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), create_popover (self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->menu_button);

  self->open_button = gtk_button_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_valign (self->open_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->open_button, "flat");
  gtk_widget_set_tooltip_text (self->open_button, _ ("Open"));
  g_signal_connect (self->open_button, "clicked", G_CALLBACK (on_open_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->open_button);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  g_signal_connect (self, "activated", G_CALLBACK (on_row_activated_cb), self);

  update_row (self);
  return GTK_WIDGET (self);
}

const CrmRecordType *
crm_ref_chooser_get_record_type (CrmRefChooser *self)
{
  g_return_val_if_fail (CRM_IS_REF_CHOOSER (self), NULL);

  return self->type;
}

gint64
crm_ref_chooser_get_id (CrmRefChooser *self)
{
  g_return_val_if_fail (CRM_IS_REF_CHOOSER (self), 0);

  return self->id;
}

const char *
crm_ref_chooser_get_name (CrmRefChooser *self)
{
  g_return_val_if_fail (CRM_IS_REF_CHOOSER (self), NULL);

  return self->name;
}

void
crm_ref_chooser_set_value (CrmRefChooser *self,
                           gint64         id,
                           const char    *name)
{
  g_return_if_fail (CRM_IS_REF_CHOOSER (self));

  self->id = id;
  g_free (self->name);
  self->name = g_strdup (name);
  update_row (self);
}

void
crm_ref_chooser_choose (CrmRefChooser *self,
                        gint64         id,
                        const char    *name)
{
  g_return_if_fail (CRM_IS_REF_CHOOSER (self));

  if (self->id == id)
    return;
  crm_ref_chooser_set_value (self, id, name);
  g_signal_emit (self, signals[CHANGED], 0);
}
