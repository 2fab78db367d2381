/* crm-share-dialog.c — share one record with a person or a team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-admin.h"
#include "crm-share-dialog.h"
#include "rapport-ui-resources.h"

struct _CrmShareDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  AdwComboRow         *target_row;
  AdwComboRow         *access_row;
  GtkButton           *share_button;
  GtkLabel            *error_label;
  AdwPreferencesGroup *shares_group;

  CrmContext          *context;
  const CrmRecordType *type;
  gint64               record_id;
  GCancellable        *cancellable;
  GArray              *target_employees; /* gint64 per combo position, 0 for a team */
  GArray              *target_teams;     /* gint64 per combo position, 0 for a person */
  GPtrArray           *rows;
  char                *error;
  guint                n_busy;
  guint                n_shares;
};

G_DEFINE_FINAL_TYPE (CrmShareDialog, crm_share_dialog, ADW_TYPE_WINDOW)

static void load_shares (CrmShareDialog *self);

static void
show_error (CrmShareDialog *self,
            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_share_button (CrmShareDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->target_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->share_button), pos < self->target_employees->len && self->n_busy == 0);
}

/* Whom to share with -------------------------------------------------------------- */

typedef struct
{
  CrmShareDialog *self;
  GPtrArray      *employees;
} Targets;

static void
on_teams_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Targets        *targets = user_data;
  CrmShareDialog *self = targets->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) teams = crm_admin_list_teams_finish (CRM_STORE (object), result, &error);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  gint64 zero = 0;

  self->n_busy--;
  if (teams == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
    }
  else
    {
      for (guint i = 0; i < targets->employees->len; i++)
        {
          CrmEmployee *e = g_ptr_array_index (targets->employees, i);
          gint64       id = crm_employee_get_id (e);

          if (!crm_employee_get_active (e))
            continue;
          gtk_string_list_append (names, crm_employee_get_full_name (e));
          g_array_append_val (self->target_employees, id);
          g_array_append_val (self->target_teams, zero);
        }
      for (guint i = 0; i < teams->len; i++)
        {
          CrmTeam         *team = g_ptr_array_index (teams, i);
          gint64           id = crm_team_get_id (team);
          g_autofree char *label = g_strdup_printf (_ ("Team: %s"), crm_team_get_name (team));

          gtk_string_list_append (names, label);
          g_array_append_val (self->target_employees, zero);
          g_array_append_val (self->target_teams, id);
        }
      adw_combo_row_set_model (self->target_row, G_LIST_MODEL (names));
    }
  update_share_button (self);
  g_ptr_array_unref (targets->employees);
  g_object_unref (self);
  g_free (targets);
}

static void
on_employees_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (CrmShareDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *employees = crm_admin_list_employees_finish (CRM_STORE (object), result, &error);
  Targets   *targets;

  if (employees == NULL)
    {
      self->n_busy--;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  targets = g_new0 (Targets, 1);
  targets->self = g_object_ref (self);
  targets->employees = employees;
  crm_admin_list_teams_async (CRM_STORE (object), self->cancellable, on_teams_cb, targets);
}

/* The shares ------------------------------------------------------------------------ */

static void
on_shares_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmShareDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) shares = crm_admin_list_shares_finish (CRM_STORE (object), result, &error);

  self->n_busy--;
  update_share_button (self);
  if (shares == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->shares_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  self->n_shares = shares->len;
  for (guint i = 0; i < shares->len; i++)
    {
      CrmShare        *share = g_ptr_array_index (shares, i);
      GtkWidget       *row = adw_action_row_new ();
      GtkWidget       *icon = gtk_image_new_from_icon_name (crm_share_get_team_id (share) ? "system-users-symbolic"
                                                                                          : "avatar-default-symbolic");
      GtkWidget       *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *title = g_markup_escape_text (crm_share_get_name (share), -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   crm_share_get_can_edit (share) ? _ ("Sees and changes it") : _ ("Sees it"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "share.remove");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove), g_variant_new_int64 (crm_share_get_id (share)));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _ ("Stop Sharing"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->shares_group, row);
      g_ptr_array_add (self->rows, row);
    }
  if (shares->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Nobody else yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->shares_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
load_shares (CrmShareDialog *self)
{
  self->n_busy++;
  crm_admin_list_shares_async (crm_context_get_store (self->context), self->type, self->record_id, self->cancellable,
                               on_shares_cb, g_object_ref (self));
}

static void
on_changed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (CrmShareDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  self->n_busy--;
  if (crm_admin_change_finish (CRM_STORE (object), result, &error) < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      update_share_button (self);
      return;
    }
  show_error (self, NULL);
  load_shares (self);
}

static void
on_share_clicked_cb (CrmShareDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->target_row);

  if (pos >= self->target_employees->len)
    return;
  self->n_busy++;
  update_share_button (self);
  crm_admin_add_share_async (crm_context_get_store (self->context), self->type, self->record_id,
                             g_array_index (self->target_employees, gint64, pos),
                             g_array_index (self->target_teams, gint64, pos),
                             adw_combo_row_get_selected (self->access_row) == 1, self->cancellable, on_changed_cb,
                             g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmShareDialog *self = CRM_SHARE_DIALOG (widget);

  self->n_busy++;
  crm_admin_remove_share_async (crm_context_get_store (self->context), g_variant_get_int64 (parameter),
                                self->cancellable, on_changed_cb, g_object_ref (self));
}

/* GObject -------------------------------------------------------------------------- */

static void
crm_share_dialog_dispose (GObject *object)
{
  CrmShareDialog *self = CRM_SHARE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_SHARE_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_share_dialog_parent_class)->dispose (object);
}

static void
crm_share_dialog_finalize (GObject *object)
{
  CrmShareDialog *self = CRM_SHARE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->target_employees, g_array_unref);
  g_clear_pointer (&self->target_teams, g_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (crm_share_dialog_parent_class)->finalize (object);
}

static void
crm_share_dialog_class_init (CrmShareDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_share_dialog_dispose;
  object_class->finalize = crm_share_dialog_finalize;

  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmShareDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmShareDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, CrmShareDialog, access_row);
  gtk_widget_class_bind_template_child (widget_class, CrmShareDialog, share_button);
  gtk_widget_class_bind_template_child (widget_class, CrmShareDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmShareDialog, shares_group);
  gtk_widget_class_bind_template_callback (widget_class, on_share_clicked_cb);

  gtk_widget_class_install_action (widget_class, "share.remove", "x", remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_share_dialog_init (CrmShareDialog *self)
{
  g_autoptr (GtkStringList) access = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->target_employees = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->target_teams = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = g_ptr_array_new ();

  gtk_string_list_append (access, _ ("Can view"));
  gtk_string_list_append (access, _ ("Can view and change"));
  adw_combo_row_set_model (self->access_row, G_LIST_MODEL (access));
  gtk_widget_set_sensitive (GTK_WIDGET (self->share_button), FALSE);
}

GtkWidget *
crm_share_dialog_new (CrmContext          *context,
                      const CrmRecordType *type,
                      gint64               record_id,
                      const char          *title)
{
  CrmShareDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (CRM_TYPE_SHARE_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->type = type;
  self->record_id = record_id;
  adw_window_title_set_subtitle (self->window_title, title);

  self->n_busy++;
  crm_admin_list_employees_async (crm_context_get_store (context), self->cancellable, on_employees_cb,
                                  g_object_ref (self));
  load_shares (self);
  return GTK_WIDGET (self);
}

gboolean
crm_share_dialog_get_ready (CrmShareDialog *self)
{
  g_return_val_if_fail (CRM_IS_SHARE_DIALOG (self), FALSE);

  return self->n_busy == 0;
}

guint
crm_share_dialog_get_n_shares (CrmShareDialog *self)
{
  g_return_val_if_fail (CRM_IS_SHARE_DIALOG (self), 0);

  return self->n_shares;
}

gboolean
crm_share_dialog_choose (CrmShareDialog *self,
                         const char     *name,
                         gboolean        can_edit)
{
  GListModel *names;

  g_return_val_if_fail (CRM_IS_SHARE_DIALOG (self), FALSE);

  names = adw_combo_row_get_model (self->target_row);
  for (guint i = 0; names != NULL && i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name) == 0)
      {
        adw_combo_row_set_selected (self->target_row, i);
        adw_combo_row_set_selected (self->access_row, can_edit ? 1 : 0);
        return TRUE;
      }
  return FALSE;
}

const char *
crm_share_dialog_get_error (CrmShareDialog *self)
{
  g_return_val_if_fail (CRM_IS_SHARE_DIALOG (self), NULL);

  return self->error;
}
