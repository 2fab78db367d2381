/* crm-conflict-dialog.c — someone else saved the record you are editing:
 * both versions side by side, field by field, and what to keep
 *
 * Only the fields whose values differ between my edits and their version
 * are shown. For each, my value is chosen when I changed the field and
 * theirs when only they did; a field we both changed is marked. Keep Mine
 * takes all of mine, Take Theirs all of theirs, Save Merged the choices.
 * Whatever is chosen lands on their version (their id and version), so
 * the page saves it over theirs knowingly: nothing is overwritten unseen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-conflict-dialog.h"
#include "crm-record-type.h"
#include "rapport-ui-resources.h"

struct _CrmConflictDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel       *intro_label;
  GtkGrid        *grid;

  CrmRecord      *base;
  CrmRecord      *mine;
  CrmRecord      *theirs;
  GPtrArray      *fields;  /* const CrmField *, the ones shown */
  GHashTable     *buttons; /* field name → my GtkCheckButton */
};

G_DEFINE_FINAL_TYPE (CrmConflictDialog, crm_conflict_dialog, ADW_TYPE_WINDOW)

enum
{
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The fields a person edits and a save writes, in the form's order. */
static GPtrArray *
editable_fields (const CrmRecordType *type)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; i < type->n_fields; i++)
    if (!(type->fields[i].flags & CRM_FIELD_COMPUTED))
      g_ptr_array_add (fields, (gpointer) &type->fields[i]);
  g_ptr_array_add (fields, (gpointer) crm_record_type_get_field (NULL, "owner_id"));
  return fields;
}

static gboolean
same_value (CrmRecord  *a,
            CrmRecord  *b,
            const char *field)
{
  g_autofree char *va = crm_record_dup_text (a, field);
  g_autofree char *vb = crm_record_dup_text (b, field);

  return g_strcmp0 (va, vb) == 0;
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
value_button (CrmRecord      *record,
              const CrmField *field,
              GtkCheckButton *group)
{
  g_autofree char *value = dup_value (record, field);
  GtkWidget       *button = gtk_check_button_new ();
  GtkWidget       *label = gtk_label_new (value && value[0] ? value : "—");

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Both columns as wide, however long a value. */
  gtk_label_set_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (button), label);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  return button;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  return label;
}

static void
build (CrmConflictDialog *self)
{
  const CrmRecordType *type = crm_record_get_record_type (self->theirs);
  g_autoptr (GPtrArray) fields = editable_fields (type);
  g_autofree char *title = crm_record_dup_title (self->mine);
  const char      *who = crm_record_get_updated_by (self->theirs);
  GDateTime       *when = crm_record_get_updated_at (self->theirs);
  g_autofree char *time = NULL;
  g_autofree char *intro = NULL;
  guint            row = 1;

  adw_window_title_set_subtitle (self->window_title, title);

  if (when != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (when);

      /* Translators: when they saved, e.g. "2 December 2026, 12:31"; see strftime */
      time = g_date_time_format (local, _ ("%-d %B %Y, %H:%M"));
    }
  /* Translators: "ivanov saved this record (2 December 2026, 12:31) …" */
  intro = g_strdup_printf (_ ("%s saved this record (%s) after you opened it. Choose the value to keep for each "
                              "field. Nothing is saved until you choose."),
                           who && who[0] ? who : _ ("Someone else"), time ? time : "—");
  gtk_label_set_label (self->intro_label, intro);

  gtk_grid_attach (self->grid, heading (_ ("Yours")), 1, 0, 1, 1);
  gtk_grid_attach (self->grid, heading (_ ("Theirs")), 2, 0, 1, 1);

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *field = g_ptr_array_index (fields, i);
      gboolean        i_changed, they_changed;
      GtkWidget      *name, *mine, *theirs;

      if (same_value (self->mine, self->theirs, field->name))
        continue;

      i_changed = self->base == NULL || !same_value (self->base, self->mine, field->name);
      they_changed = self->base == NULL || !same_value (self->base, self->theirs, field->name);

      name = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_set_margin_top (name, 3);
      {
        GtkWidget *label = gtk_label_new (crm_field_get_label (field));

        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_widget_add_css_class (label, "dim-label");
        gtk_box_append (GTK_BOX (name), label);
      }
      if (i_changed && they_changed)
        {
          GtkWidget *both = gtk_label_new (_ ("changed by both"));

          gtk_label_set_xalign (GTK_LABEL (both), 1);
          gtk_widget_add_css_class (both, "caption");
          gtk_widget_add_css_class (both, "warning");
          gtk_box_append (GTK_BOX (name), both);
        }

      mine = value_button (self->mine, field, NULL);
      theirs = value_button (self->theirs, field, GTK_CHECK_BUTTON (mine));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (i_changed ? mine : theirs), TRUE);
      g_object_set_data (G_OBJECT (mine), "theirs", theirs);

      gtk_grid_attach (self->grid, name, 0, row, 1, 1);
      gtk_grid_attach (self->grid, mine, 1, row, 1, 1);
      gtk_grid_attach (self->grid, theirs, 2, row, 1, 1);
      g_hash_table_insert (self->buttons, (gpointer) field->name, mine);
      g_ptr_array_add (self->fields, (gpointer) field);
      row++;
    }

  if (row == 1)
    {
      GtkWidget *same = gtk_label_new (_ ("Their version holds the same values as yours"));

      gtk_widget_add_css_class (same, "dim-label");
      gtk_grid_attach (self->grid, same, 0, 1, 3, 1);
    }
}

static void
resolve (CrmConflictDialog *self,
         CrmConflictChoice  choice)
{
  g_autoptr (CrmRecord) result = crm_conflict_dialog_dup_result (self, choice);

  g_object_ref (self);
  g_signal_emit (self, signals[RESOLVED], 0, choice, result);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  resolve (CRM_CONFLICT_DIALOG (widget), CRM_CONFLICT_KEEP_MINE);
}

static void
take_theirs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  resolve (CRM_CONFLICT_DIALOG (widget), CRM_CONFLICT_TAKE_THEIRS);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  resolve (CRM_CONFLICT_DIALOG (widget), CRM_CONFLICT_MERGE);
}

static void
crm_conflict_dialog_dispose (GObject *object)
{
  CrmConflictDialog *self = CRM_CONFLICT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONFLICT_DIALOG);
  g_clear_pointer (&self->buttons, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->base);
  g_clear_object (&self->mine);
  g_clear_object (&self->theirs);

  G_OBJECT_CLASS (crm_conflict_dialog_parent_class)->dispose (object);
}

static void
crm_conflict_dialog_class_init (CrmConflictDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_conflict_dialog_dispose;

  /**
   * CrmConflictDialog::resolved:
   * @choice: a CrmConflictChoice
   * @result: the record to show and save: their id and version, the
   *   values chosen
   */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_INT, CRM_TYPE_RECORD);

  (void) rapport_ui_get_resource (); /* links the static library's resources in */
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmConflictDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmConflictDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CrmConflictDialog, grid);

  gtk_widget_class_install_action (widget_class, "conflict.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "conflict.take-theirs", NULL, take_theirs_action);
  gtk_widget_class_install_action (widget_class, "conflict.merge", NULL, merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_conflict_dialog_init (CrmConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new ();
  self->buttons = g_hash_table_new (g_str_hash, g_str_equal);
}

GtkWidget *
crm_conflict_dialog_new (CrmRecord *base,
                         CrmRecord *mine,
                         CrmRecord *theirs)
{
  CrmConflictDialog *self;

  g_return_val_if_fail (base == NULL || CRM_IS_RECORD (base), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (mine), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (theirs), NULL);
  g_return_val_if_fail (G_OBJECT_TYPE (mine) == G_OBJECT_TYPE (theirs), NULL);

  self = g_object_new (CRM_TYPE_CONFLICT_DIALOG, NULL);
  self->base = base ? crm_record_copy (base) : NULL;
  self->mine = crm_record_copy (mine);
  self->theirs = crm_record_copy (theirs);
  build (self);
  return GTK_WIDGET (self);
}

GStrv
crm_conflict_dialog_dup_fields (CrmConflictDialog *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CRM_IS_CONFLICT_DIALOG (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    g_strv_builder_add (builder, ((const CrmField *) g_ptr_array_index (self->fields, i))->name);
  return g_strv_builder_end (builder);
}

gboolean
crm_conflict_dialog_get_mine (CrmConflictDialog *self,
                              const char        *field)
{
  GtkWidget *button;

  g_return_val_if_fail (CRM_IS_CONFLICT_DIALOG (self), FALSE);

  button = g_hash_table_lookup (self->buttons, field);
  return button != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (button));
}

void
crm_conflict_dialog_choose (CrmConflictDialog *self,
                            const char        *field,
                            gboolean           mine)
{
  GtkWidget *button;

  g_return_if_fail (CRM_IS_CONFLICT_DIALOG (self));

  button = g_hash_table_lookup (self->buttons, field);
  g_return_if_fail (button != NULL);

  if (mine)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
  else
    gtk_check_button_set_active (GTK_CHECK_BUTTON (g_object_get_data (G_OBJECT (button), "theirs")), TRUE);
}

CrmRecord *
crm_conflict_dialog_dup_result (CrmConflictDialog *self,
                                CrmConflictChoice  choice)
{
  CrmRecord *result;

  g_return_val_if_fail (CRM_IS_CONFLICT_DIALOG (self), NULL);

  result = crm_record_copy (self->theirs);
  if (choice == CRM_CONFLICT_TAKE_THEIRS)
    return result;

  for (guint i = 0; i < self->fields->len; i++)
    {
      const CrmField *field = g_ptr_array_index (self->fields, i);

      if (choice == CRM_CONFLICT_KEEP_MINE || crm_conflict_dialog_get_mine (self, field->name))
        {
          crm_record_set_value (result, field->name, crm_record_peek_value (self->mine, field->name));
          /* A reference shows through its name. */
          if (field->kind == CRM_FIELD_REF && g_str_has_suffix (field->name, "_id"))
            {
              g_autofree char *base = g_strndup (field->name, strlen (field->name) - 3);
              g_autofree char *name_field = g_strconcat (base, "_name", NULL);

              if (crm_record_type_get_field (crm_record_get_record_type (result), name_field) != NULL)
                crm_record_set_value (result, name_field, crm_record_peek_value (self->mine, name_field));
            }
        }
    }
  return result;
}
