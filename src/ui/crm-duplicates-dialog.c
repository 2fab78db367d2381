/* crm-duplicates-dialog.c — Find Duplicates: groups of records that look
 * like one, and a side-by-side merge of two of them
 *
 * The left record (the oldest) is kept; for every field the person picks
 * the left or the right value, the defaults filling the left's empty
 * fields from the right. The merge itself — versions checked, related
 * records moved, history kept — is crm_merge_records_async()'s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-duplicates-dialog.h"
#include "crm-duplicates.h"
#include "rapport-ui-resources.h"

struct _CrmDuplicatesDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  AdwStatusPage       *none_page;
  GtkListBox          *group_list;
  GtkLabel            *group_label;
  GtkGrid             *merge_grid;

  CrmContext          *context;
  const CrmRecordType *type;
  GCancellable        *cancellable;
  GPtrArray           *groups; /* CrmDuplicateGroup */
  CrmDuplicateGroup   *current;
  GHashTable          *choices; /* field → "a" | "b" */
  GHashTable          *buttons; /* "field/a" → GtkCheckButton */
  gboolean             ready;
  gboolean             merging;
};

G_DEFINE_FINAL_TYPE (CrmDuplicatesDialog, crm_duplicates_dialog, ADW_TYPE_WINDOW)

enum
{
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void  load_groups (CrmDuplicatesDialog *self);

static void
show_message (CrmDuplicatesDialog *self,
              const char          *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_choice_toggled_cb (GtkCheckButton      *button,
                      CrmDuplicatesDialog *self)
{
  if (!gtk_check_button_get_active (button))
    return;
  g_hash_table_replace (self->choices, g_strdup (g_object_get_data (G_OBJECT (button), "field")),
                        g_strdup (g_object_get_data (G_OBJECT (button), "side")));
}

/* What a person reads for a field; a reference by the name it points to. */
static char *
dup_value (CrmRecord      *record,
           const CrmField *field)
{
  if (field->kind == CRM_FIELD_REF && g_str_has_suffix (field->name, "_id"))
    {
      g_autofree char *base = g_strndup (field->name, strlen (field->name) - 3);
      g_autofree char *name_field = g_strconcat (base, "_name", NULL);

      if (crm_record_type_get_field (crm_record_get_record_type (record), name_field) != NULL)
        return g_strdup (crm_record_get_string (record, name_field));
    }
  return crm_record_dup_display (record, field->name);
}

static GtkWidget *
value_button (CrmDuplicatesDialog *self,
              CrmRecord           *record,
              const CrmField      *field,
              const char          *side,
              GtkCheckButton      *group)
{
  g_autofree char *value = dup_value (record, field);
  g_autofree char *key = g_strconcat (field->name, "/", side, NULL);
  GtkWidget       *button = gtk_check_button_new_with_label (value && value[0] ? value : "—");
  GtkWidget       *label = gtk_check_button_get_child (GTK_CHECK_BUTTON (button));

  if (GTK_IS_LABEL (label))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
    }
  gtk_widget_set_hexpand (button, TRUE);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  g_object_set_data (G_OBJECT (button), "field", (gpointer) field->name);
  g_object_set_data (G_OBJECT (button), "side", (gpointer) side);
  g_signal_connect (button, "toggled", G_CALLBACK (on_choice_toggled_cb), self);
  g_hash_table_insert (self->buttons, g_steal_pointer (&key), button);
  return button;
}

static void
show_group (CrmDuplicatesDialog *self,
            CrmDuplicateGroup   *group)
{
  g_autoptr (GPtrArray) fields = NULL;
  g_autofree char *label = NULL;
  GtkWidget       *child;
  CrmRecord       *a, *b;
  guint            row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->merge_grid))) != NULL)
    gtk_grid_remove (self->merge_grid, child);
  g_hash_table_remove_all (self->buttons);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_set_object (&self->current, group);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.merge", group != NULL);
  if (group == NULL || crm_duplicate_group_get_n_records (group) < 2)
    return;

  a = crm_duplicate_group_get_record (group, 0);
  b = crm_duplicate_group_get_record (group, 1);
  label = crm_duplicate_group_dup_label (group);
  gtk_label_set_label (self->group_label, label);
  self->choices = crm_merge_default_choices (a, b);

  {
    g_autofree char *ta = crm_record_dup_title (a);
    g_autofree char *tb = crm_record_dup_title (b);
    GtkWidget       *la = gtk_label_new (_ ("Keep"));
    GtkWidget       *lb = gtk_label_new (_ ("Merge in and remove"));

    gtk_widget_add_css_class (la, "heading");
    gtk_widget_add_css_class (lb, "heading");
    gtk_label_set_xalign (GTK_LABEL (la), 0);
    gtk_label_set_xalign (GTK_LABEL (lb), 0);
    gtk_widget_set_tooltip_text (la, ta);
    gtk_widget_set_tooltip_text (lb, tb);
    gtk_grid_attach (self->merge_grid, la, 1, 0, 1, 1);
    gtk_grid_attach (self->merge_grid, lb, 2, 0, 1, 1);
  }

  fields = crm_merge_dup_fields (crm_record_get_record_type (a));
  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField  *field = g_ptr_array_index (fields, i);
      const char      *choice = g_hash_table_lookup (self->choices, field->name);
      g_autofree char *va = crm_record_dup_text (a, field->name);
      g_autofree char *vb = crm_record_dup_text (b, field->name);
      GtkWidget       *name, *ba, *bb;

      /* Equal values need no choice; the JSON of custom fields is not for reading. */
      if (g_strcmp0 (va, vb) == 0 || g_str_equal (field->name, "custom"))
        continue;

      name = gtk_label_new (crm_field_get_label (field));
      gtk_label_set_xalign (GTK_LABEL (name), 1);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "dim-label");
      ba = value_button (self, a, field, CRM_MERGE_KEEP_A, NULL);
      bb = value_button (self, b, field, CRM_MERGE_TAKE_B, GTK_CHECK_BUTTON (ba));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (g_strcmp0 (choice, CRM_MERGE_TAKE_B) == 0 ? bb : ba), TRUE);
      gtk_grid_attach (self->merge_grid, name, 0, row, 1, 1);
      gtk_grid_attach (self->merge_grid, ba, 1, row, 1, 1);
      gtk_grid_attach (self->merge_grid, bb, 2, row, 1, 1);
      row++;
    }

  if (row == 1)
    {
      GtkWidget *same = gtk_label_new (_ ("The two records hold the same values"));

      gtk_widget_add_css_class (same, "dim-label");
      gtk_grid_attach (self->merge_grid, same, 0, 1, 3, 1);
    }
}

static void
on_group_selected_cb (CrmDuplicatesDialog *self,
                      GtkListBoxRow       *row)
{
  /* The list's rows going away while the dialog is disposed. */
  if (self->merge_grid == NULL)
    return;
  show_group (self, row ? g_object_get_data (G_OBJECT (row), "group") : NULL);
}

static GtkWidget *
group_row (CrmDuplicateGroup *group)
{
  g_autofree char *label = crm_duplicate_group_dup_label (group);
  g_autoptr (GString) names = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();

  for (guint i = 0; i < crm_duplicate_group_get_n_records (group); i++)
    {
      g_autofree char *title = crm_record_dup_title (crm_duplicate_group_get_record (group, i));

      if (names->len > 0)
        g_string_append (names, " · ");
      g_string_append (names, title);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "group", g_object_ref (group), g_object_unref);
  return row;
}

static void
on_groups_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (CrmDuplicatesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) groups = crm_duplicates_find_finish (CRM_STORE (object), result, &error);
  GtkWidget *child;

  if (groups == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_title (self->none_page, _ ("Could Not Look for Duplicates"));
      adw_status_page_set_description (self->none_page, error->message);
      adw_status_page_set_icon_name (self->none_page, "dialog-error-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "none");
      self->ready = TRUE;
      return;
    }

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = g_ptr_array_ref (groups);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->group_list))) != NULL)
    gtk_list_box_remove (self->group_list, child);
  for (guint i = 0; i < groups->len; i++)
    gtk_list_box_append (self->group_list, group_row (g_ptr_array_index (groups, i)));

  {
    /* Translators: the subtitle of Find Duplicates */
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u group", "%u groups", groups->len),
                                                 groups->len);

    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  if (groups->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      show_group (self, NULL);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "groups");
      gtk_list_box_select_row (self->group_list, gtk_list_box_get_row_at_index (self->group_list, 0));
    }
  self->ready = TRUE;
}

static void
load_groups (CrmDuplicatesDialog *self)
{
  self->ready = FALSE;
  crm_duplicates_find_async (crm_context_get_store (self->context), self->type, self->cancellable,
                             on_groups_found_cb, g_object_ref (self));
}

static void
on_merged_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmDuplicatesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) kept = crm_merge_records_finish (CRM_STORE (object), result, &error);

  self->merging = FALSE;
  if (kept == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT))
        message = g_strdup (_ ("Someone changed one of these records meanwhile; nothing was merged. The list is fresh now."));
      else
        message = g_strdup_printf (_ ("Could not merge: %s"), error->message);
      show_message (self, message);
    }
  else
    {
      g_autofree char *title = crm_record_dup_title (kept);
      /* Translators: %s is the record that was kept */
      g_autofree char *message = g_strdup_printf (_ ("Merged into “%s”"), title);

      show_message (self, message);
      g_signal_emit (self, signals[MERGED], 0);
    }

  load_groups (self);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrmDuplicatesDialog *self = CRM_DUPLICATES_DIALOG (widget);

  if (self->current == NULL || self->merging || crm_duplicate_group_get_n_records (self->current) < 2)
    return;

  self->merging = TRUE;
  crm_merge_records_async (crm_context_get_store (self->context),
                           crm_duplicate_group_get_record (self->current, 0),
                           crm_duplicate_group_get_record (self->current, 1),
                           self->choices, self->cancellable, on_merged_cb, g_object_ref (self));
}

static void
crm_duplicates_dialog_dispose (GObject *object)
{
  CrmDuplicatesDialog *self = CRM_DUPLICATES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  /* The rows going away with the dialog select nothing (it may be disposed
   * late, once a search that held it is done, and the grid go first). */
  if (self->group_list != NULL)
    g_signal_handlers_disconnect_by_func (self->group_list, on_group_selected_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DUPLICATES_DIALOG);
  g_clear_object (&self->current);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->buttons, g_hash_table_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_duplicates_dialog_parent_class)->dispose (object);
}

static void
crm_duplicates_dialog_class_init (CrmDuplicatesDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_duplicates_dialog_dispose;

  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  (void) rapport_ui_get_resource (); /* links the static library's resources in */
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-duplicates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, none_page);
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, group_list);
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, group_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDuplicatesDialog, merge_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_group_selected_cb);

  gtk_widget_class_install_action (widget_class, "duplicates.merge", NULL, merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_duplicates_dialog_init (CrmDuplicatesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duplicates.merge", FALSE);
}

GtkWidget *
crm_duplicates_dialog_new (CrmContext          *context,
                           const CrmRecordType *type)
{
  CrmDuplicatesDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (crm_duplicates_supported (type), NULL);

  self = g_object_new (CRM_TYPE_DUPLICATES_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->type = type;
  adw_window_title_set_title (self->window_title, _ ("Find Duplicates"));
  adw_status_page_set_description (self->none_page, _ ("No two records look like one"));
  load_groups (self);
  return GTK_WIDGET (self);
}

gboolean
crm_duplicates_dialog_get_ready (CrmDuplicatesDialog *self)
{
  g_return_val_if_fail (CRM_IS_DUPLICATES_DIALOG (self), FALSE);

  return self->ready && !self->merging;
}

guint
crm_duplicates_dialog_get_n_groups (CrmDuplicatesDialog *self)
{
  g_return_val_if_fail (CRM_IS_DUPLICATES_DIALOG (self), 0);

  return self->groups ? self->groups->len : 0;
}

void
crm_duplicates_dialog_choose (CrmDuplicatesDialog *self,
                              const char          *field,
                              const char          *side)
{
  g_autofree char *key = g_strconcat (field, "/", side, NULL);
  GtkWidget       *button;

  g_return_if_fail (CRM_IS_DUPLICATES_DIALOG (self));

  button = g_hash_table_lookup (self->buttons, key);
  if (button != NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  else if (self->choices != NULL)
    g_hash_table_replace (self->choices, g_strdup (field), g_strdup (side));
}
