/* crm-users-dialog.c — Users and Roles
 *
 * Two pages: the employees (active, then deactivated) with a menu per row
 * to change the role, the team, the password, to deactivate (handing the
 * records to a colleague in the same step) or reactivate, or to give a
 * login to someone on record without one (keeping their id, so their
 * records stay theirs: the New Employee window, cut down); and the teams.
 * Every change goes to the database (crm-admin.h), which checks that the
 * person signed in is an administrator; the lists are read again after
 * each change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-account.h"
#include "crm-admin.h"
#include "crm-contact.h"
#include "crm-commercial-condition.h"
#include "crm-contract.h"
#include "crm-deal.h"
#include "crm-lead.h"
#include "crm-product.h"
#include "crm-sale.h"
#include "crm-tariff-plan.h"
#include "crm-task.h"
#include "crm-users-dialog.h"
#include "rapport-ui-resources.h"

struct _CrmUsersDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *employees_group;
  AdwPreferencesGroup *inactive_group;
  AdwPreferencesGroup *teams_group;
  AdwPreferencesGroup *modules_group;

  CrmContext          *context;
  GCancellable        *cancellable;
  GPtrArray           *employees;   /* CrmEmployee */
  GPtrArray           *teams;       /* CrmTeam */
  GArray              *editors[10]; /* gint64 ids per module_types[] */
  GPtrArray           *rows;        /* widgets in the groups */
  GtkWidget           *add_window;  /* weak: New Employee or Give a Login */
  char                *last_message;
  AdwToast            *toast; /* the last one, dismissed when another comes */
  guint                n_loading;
  guint                n_changing;
  gboolean             loaded;
};

G_DEFINE_FINAL_TYPE (CrmUsersDialog, crm_users_dialog, ADW_TYPE_WINDOW)

static void                       reload (CrmUsersDialog *self);

/* The modules that may be left to named editors. */
static const CrmRecordType *const module_types[] = { &crm_account_type, &crm_contact_type, &crm_lead_type,
                                                     &crm_deal_type, &crm_sale_type, &crm_product_type, &crm_contract_type,
                                                     &crm_tariff_plan_type, &crm_commercial_condition_type,
                                                     &crm_task_type };
G_STATIC_ASSERT (G_N_ELEMENTS (module_types) == G_N_ELEMENTS (((CrmUsersDialog *) NULL)->editors));

static void
on_toast_dismissed_cb (AdwToast       *toast,
                       CrmUsersDialog *self)
{
  if (self->toast == toast)
    g_clear_object (&self->toast);
}

/* One toast at a time: a new message replaces the words of the one on
 * screen (dismissing a toast while it slides in crashes libadwaita 1.2). */
static void
say (CrmUsersDialog *self,
     const char     *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);
  AdwToast        *toast;

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, markup);
      return;
    }
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, 5);
  self->toast = g_object_ref (toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static CrmEmployee *
find_employee (CrmUsersDialog *self,
               gint64          id)
{
  for (guint i = 0; self->employees != NULL && i < self->employees->len; i++)
    if (crm_employee_get_id (g_ptr_array_index (self->employees, i)) == id)
      return g_ptr_array_index (self->employees, i);
  return NULL;
}

static CrmTeam *
find_team (CrmUsersDialog *self,
           gint64          id)
{
  for (guint i = 0; self->teams != NULL && i < self->teams->len; i++)
    if (crm_team_get_id (g_ptr_array_index (self->teams, i)) == id)
      return g_ptr_array_index (self->teams, i);
  return NULL;
}

/* Rows ------------------------------------------------------------------------ */

static void
clear_rows (CrmUsersDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_menu_item (GMenu      *menu,
               const char *label,
               const char *action,
               gint64      id)
{
  g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

static GtkWidget *
employee_row_new (CrmUsersDialog *self,
                  CrmEmployee    *e)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, crm_employee_get_full_name (e), TRUE);
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenu) section = g_menu_new ();
  g_autoptr (GString) subtitle = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (crm_employee_get_full_name (e), -1);
  g_autofree char *escaped = NULL;
  gint64           id = crm_employee_get_id (e);

  g_string_append (subtitle, crm_employee_get_login (e) ? crm_employee_get_login (e) : _ ("no login"));
  g_string_append (subtitle, "  ·  ");
  g_string_append (subtitle, crm_role_get_label (crm_employee_get_role (e)));
  if (crm_employee_get_team_name (e) != NULL)
    {
      g_string_append (subtitle, "  ·  ");
      g_string_append (subtitle, crm_employee_get_team_name (e));
    }
  if (crm_employee_get_position (e) != NULL)
    {
      g_string_append (subtitle, "  ·  ");
      g_string_append (subtitle, crm_employee_get_position (e));
    }
  escaped = g_markup_escape_text (subtitle->str, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  gtk_widget_set_tooltip_text (row, crm_role_get_description (crm_employee_get_role (e)));
  if (crm_employee_get_login (e) != NULL)
    gtk_widget_set_name (row, crm_employee_get_login (e));
  else
    {
      g_autofree char *name = g_strdup_printf ("employee-%" G_GINT64_FORMAT, id);

      gtk_widget_set_name (row, name);
    }

  if (crm_employee_get_login (e) != NULL)
    {
      if (crm_employee_get_active (e))
        {
          add_menu_item (menu, _ ("Change _Role…"), "users.change-role", id);
          add_menu_item (menu, _ ("Change _Team…"), "users.change-team", id);
          add_menu_item (menu, _ ("Set _Password…"), "users.set-password", id);
          add_menu_item (section, _ ("_Deactivate…"), "users.deactivate", id);
          g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
        }
      else
        add_menu_item (menu, _ ("_Reactivate"), "users.reactivate", id);
    }
  else
    {
      add_menu_item (menu, _ ("Give a _Login…"), "users.grant-login", id);
      add_menu_item (menu, _ ("Change _Team…"), "users.change-team", id);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Change"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  if (!crm_employee_get_active (e))
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static GtkWidget *
team_row_new (CrmTeam *team)
{
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autofree char *title = g_markup_escape_text (crm_team_get_name (team), -1);
  g_autofree char *subtitle = NULL;
  guint            n = crm_team_get_n_members (team);

  if (n == 0)
    subtitle = g_strdup (_ ("Nobody yet"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u employee", "%u employees", n), n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "users.rename-team");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (crm_team_get_id (team)));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Rename"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *
module_row_new (CrmUsersDialog *self,
                guint           index)
{
  const CrmRecordType *type = module_types[index];
  GArray              *editors = self->editors[index];
  GtkWidget           *row = adw_action_row_new ();
  GtkWidget           *button = gtk_button_new_with_mnemonic (_ ("_Editors…"));
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  for (guint i = 0; editors != NULL && i < editors->len; i++)
    {
      CrmEmployee *e = find_employee (self, g_array_index (editors, gint64, i));

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, e ? crm_employee_get_full_name (e) : "?");
    }
  if (names->len == 0)
    g_string_append (names, _ ("Everyone who may change records"));
  escaped = g_markup_escape_text (names->str, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_dgettext (GETTEXT_PACKAGE, type->plural));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_set_name (row, type->table);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "users.module-editors");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int32 ((gint32) index));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
build_rows (CrmUsersDialog *self)
{
  gboolean any_inactive = FALSE;

  clear_rows (self);
  for (guint i = 0; i < self->employees->len; i++)
    {
      CrmEmployee *e = g_ptr_array_index (self->employees, i);
      GtkWidget   *row = employee_row_new (self, e);

      adw_preferences_group_add (crm_employee_get_active (e) ? self->employees_group : self->inactive_group, row);
      g_ptr_array_add (self->rows, row);
      any_inactive |= !crm_employee_get_active (e);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->inactive_group), any_inactive);

  for (guint i = 0; i < self->teams->len; i++)
    {
      GtkWidget *row = team_row_new (g_ptr_array_index (self->teams, i));

      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->rows, row);
    }
  for (guint i = 0; i < G_N_ELEMENTS (module_types); i++)
    {
      GtkWidget *row = module_row_new (self, i);

      adw_preferences_group_add (self->modules_group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (self->teams->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No teams yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->teams_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

/* Reading --------------------------------------------------------------------- */

static void
loaded_one (CrmUsersDialog *self,
            GError         *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  if (--self->n_loading > 0)
    return;
  if (self->employees != NULL && self->teams != NULL && error == NULL)
    {
      build_rows (self);
      self->loaded = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "content");
    }
}

static void
on_employees_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (CrmUsersDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *employees = crm_admin_list_employees_finish (CRM_STORE (object), result, &error);

  if (employees != NULL)
    {
      g_clear_pointer (&self->employees, g_ptr_array_unref);
      self->employees = employees;
    }
  loaded_one (self, error);
}

static void
on_teams_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (CrmUsersDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  GPtrArray *teams = crm_admin_list_teams_finish (CRM_STORE (object), result, &error);

  if (teams != NULL)
    {
      g_clear_pointer (&self->teams, g_ptr_array_unref);
      self->teams = teams;
    }
  loaded_one (self, error);
}

typedef struct
{
  CrmUsersDialog *self;
  guint           index;
} EditorsLoad;

static void
on_editors_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  EditorsLoad    *load = user_data;
  CrmUsersDialog *self = load->self;
  g_autoptr (GError) error = NULL;
  GArray *editors = crm_admin_list_module_editors_finish (CRM_STORE (object), result, &error);

  if (editors != NULL)
    {
      g_clear_pointer (&self->editors[load->index], g_array_unref);
      self->editors[load->index] = editors;
    }
  loaded_one (self, error);
  g_object_unref (self);
  g_free (load);
}

static void
reload (CrmUsersDialog *self)
{
  CrmStore *store = crm_context_get_store (self->context);

  self->n_loading += 2 + G_N_ELEMENTS (module_types);
  crm_admin_list_employees_async (store, self->cancellable, on_employees_cb, g_object_ref (self));
  crm_admin_list_teams_async (store, self->cancellable, on_teams_cb, g_object_ref (self));
  for (guint i = 0; i < G_N_ELEMENTS (module_types); i++)
    {
      EditorsLoad *load = g_new0 (EditorsLoad, 1);

      load->self = g_object_ref (self);
      load->index = i;
      crm_admin_list_module_editors_async (store, module_types[i], self->cancellable, on_editors_cb, load);
    }
}

/* Changing -------------------------------------------------------------------- */

typedef enum
{
  SAID_ADDED,
  SAID_ROLE,
  SAID_TEAM,
  SAID_PASSWORD,
  SAID_DEACTIVATED,
  SAID_REACTIVATED,
  SAID_TEAM_SAVED,
  SAID_EDITORS,
  SAID_LOGIN_GIVEN,
} Said;

typedef struct
{
  CrmUsersDialog *self;
  Said            said;
  char           *name;   /* the employee or team */
  char           *other;  /* the colleague who got the records */
  GtkWidget      *window; /* the New Employee (or Give a Login) window, to close or show the error in */
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change->name);
  g_free (change->other);
  g_clear_object (&change->window);
  g_free (change);
}

/* The New Employee window may be closed while its employee is being
 * added: then the answer has nowhere to go but the toast. */
static void
on_add_window_destroy_cb (GtkWidget *window)
{
  g_object_set_data (G_OBJECT (window), "closed", GINT_TO_POINTER (TRUE));
}

static gboolean
window_open (GtkWidget *window)
{
  return g_object_get_data (G_OBJECT (window), "closed") == NULL;
}

static void
show_add_error (GtkWidget  *window,
                const char *message)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (window), "error-label");

  gtk_label_set_label (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (window), "add-button"), TRUE);
}

static void
on_change_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Change         *change = user_data;
  CrmUsersDialog *self = change->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gint64           value = crm_admin_change_finish (CRM_STORE (object), result, &error);

  self->n_changing--;
  if (value < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (change->window != NULL && window_open (change->window))
            {
              g_free (self->last_message);
              self->last_message = g_strdup (error->message);
              show_add_error (change->window, error->message);
            }
          else
            say (self, error->message);
        }
      change_free (change);
      return;
    }

  switch (change->said)
    {
    case SAID_ADDED:
      message = g_strdup_printf (_ ("Added %s"), change->name);
      if (change->window != NULL && window_open (change->window))
        gtk_window_destroy (GTK_WINDOW (change->window));
      break;
    case SAID_LOGIN_GIVEN:
      message = g_strdup_printf (_ ("%s may sign in as “%s” now"), change->name, change->other);
      if (change->window != NULL && window_open (change->window))
        gtk_window_destroy (GTK_WINDOW (change->window));
      break;
    case SAID_ROLE:
      message = g_strdup_printf (_ ("Changed the role of %s"), change->name);
      break;
    case SAID_TEAM:
      message = g_strdup_printf (_ ("Changed the team of %s"), change->name);
      break;
    case SAID_PASSWORD:
      message = g_strdup_printf (_ ("Set a new password for %s"), change->name);
      break;
    case SAID_DEACTIVATED:
      if (change->other != NULL)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deactivated %s; %d record went to %s",
                                                "Deactivated %s; %d records went to %s", (gulong) value),
                                   change->name, (int) value, change->other);
      else
        message = g_strdup_printf (_ ("Deactivated %s"), change->name);
      break;
    case SAID_REACTIVATED:
      message = g_strdup_printf (_ ("%s may sign in again"), change->name);
      break;
    case SAID_EDITORS:
      message = g_strdup_printf (_ ("Saved who may change %s"), change->name);
      break;
    case SAID_TEAM_SAVED:
    default:
      message = g_strdup_printf (_ ("Saved the team “%s”"), change->name);
      break;
    }
  say (self, message);
  change_free (change);
  reload (self);
}

static Change *
change_new (CrmUsersDialog *self,
            Said            said,
            const char     *name)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->said = said;
  change->name = g_strdup (name);
  self->n_changing++;
  return change;
}

/* Questions ----------------------------------------------------------------- */

static AdwMessageDialog *
question_new (CrmUsersDialog *self,
              const char     *heading,
              const char     *body,
              const char     *response_id,
              const char     *response_label,
              gboolean        destructive)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), response_id, response_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response_id,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, destructive ? "cancel" : response_id);
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* A drop-down of @labels with the ids kept beside it. */
static GtkWidget *
choice_new (const char   *name,
            GStrvBuilder *labels,
            GArray       *ids,
            gint64        selected_id)
{
  g_auto (GStrv) strings = g_strv_builder_end (labels);
  GtkWidget *drop_down = gtk_drop_down_new_from_strings ((const char *const *) strings);

  gtk_widget_set_name (drop_down, name);
  g_object_set_data_full (G_OBJECT (drop_down), "ids", g_array_ref (ids), (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == selected_id)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), i);
  return drop_down;
}

static gint64
choice_get_id (GtkWidget *drop_down)
{
  GArray *ids = g_object_get_data (G_OBJECT (drop_down), "ids");
  guint   pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));

  return pos < ids->len ? g_array_index (ids, gint64, pos) : 0;
}

static GtkWidget *
labelled (const char *label,
          GtkWidget  *child)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), child);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), child);
  return box;
}

/* Role */

static void
on_role_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CrmUsersDialog   *self)
{
  GtkWidget   *drop_down = g_object_get_data (G_OBJECT (dialog), "choice");
  CrmEmployee *e = find_employee (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  guint        pos = gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));

  if (!g_str_equal (response, "change") || e == NULL || pos >= g_strv_length ((GStrv) crm_role_names ()))
    return;
  crm_admin_set_role_async (crm_context_get_store (self->context), crm_employee_get_id (e), crm_role_names ()[pos],
                            self->cancellable, on_change_done_cb,
                            change_new (self, SAID_ROLE, crm_employee_get_full_name (e)));
}

static void
on_role_selected_cb (GtkDropDown *drop_down,
                     GParamSpec  *pspec,
                     GtkLabel    *description)
{
  guint pos = gtk_drop_down_get_selected (drop_down);

  gtk_label_set_label (description,
                       crm_role_get_description (pos < 4 ? crm_role_names ()[pos] : NULL));
}

static void
change_role_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (widget);
  CrmEmployee    *e = find_employee (self, g_variant_get_int64 (parameter));
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char  *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *drop_down, *box, *description;
  gint64            current = -1;

  if (e == NULL)
    return;
  for (gint64 i = 0; crm_role_names ()[i] != NULL; i++)
    {
      g_strv_builder_add (labels, crm_role_get_label (crm_role_names ()[i]));
      g_array_append_val (ids, i);
      if (g_strcmp0 (crm_employee_get_role (e), crm_role_names ()[i]) == 0)
        current = i;
    }
  drop_down = choice_new ("role", labels, ids, current);
  description = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_widget_add_css_class (description, "dim-label");
  g_signal_connect (drop_down, "notify::selected", G_CALLBACK (on_role_selected_cb), description);
  on_role_selected_cb (GTK_DROP_DOWN (drop_down), NULL, GTK_LABEL (description));
  box = labelled (_ ("_Role"), drop_down);
  gtk_box_append (GTK_BOX (box), description);

  heading = g_strdup_printf (_ ("Role of %s"), crm_employee_get_full_name (e));
  dialog = question_new (self, heading, _ ("The role decides what they see and may change."), "change", _ ("C_hange"),
                         FALSE);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "choice", drop_down);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (crm_employee_get_id (e)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_role_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Team */

static GtkWidget *
team_choice_new (CrmUsersDialog *self,
                 gint64          current)
{
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 none = 0;

  g_strv_builder_add (labels, _ ("No team"));
  g_array_append_val (ids, none);
  for (guint i = 0; i < self->teams->len; i++)
    {
      CrmTeam *team = g_ptr_array_index (self->teams, i);
      gint64   id = crm_team_get_id (team);

      g_strv_builder_add (labels, crm_team_get_name (team));
      g_array_append_val (ids, id);
    }
  return choice_new ("team", labels, ids, current);
}

static void
on_team_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CrmUsersDialog   *self)
{
  CrmEmployee *e = find_employee (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));

  if (!g_str_equal (response, "change") || e == NULL)
    return;
  crm_admin_set_team_async (crm_context_get_store (self->context), crm_employee_get_id (e),
                            choice_get_id (g_object_get_data (G_OBJECT (dialog), "choice")), self->cancellable,
                            on_change_done_cb, change_new (self, SAID_TEAM, crm_employee_get_full_name (e)));
}

static void
change_team_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmUsersDialog   *self = CRM_USERS_DIALOG (widget);
  CrmEmployee      *e = find_employee (self, g_variant_get_int64 (parameter));
  g_autofree char  *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *drop_down;

  if (e == NULL)
    return;
  drop_down = team_choice_new (self, crm_employee_get_team_id (e));
  heading = g_strdup_printf (_ ("Team of %s"), crm_employee_get_full_name (e));
  dialog = question_new (self, heading, _ ("Managers see and change the records of everyone in their team."),
                         "change", _ ("C_hange"), FALSE);
  adw_message_dialog_set_extra_child (dialog, labelled (_ ("_Team"), drop_down));
  g_object_set_data (G_OBJECT (dialog), "choice", drop_down);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (crm_employee_get_id (e)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_team_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Password */

static void
on_passwords_changed_cb (GtkEditable      *unused,
                         AdwMessageDialog *dialog)
{
  const char *first = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "password"));
  const char *again = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "password-again"));

  adw_message_dialog_set_response_enabled (dialog, "set", first[0] != '\0' && g_str_equal (first, again));
}

static void
on_password_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CrmUsersDialog   *self)
{
  CrmEmployee *e = find_employee (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));

  if (!g_str_equal (response, "set") || e == NULL)
    return;
  crm_admin_set_password_async (crm_context_get_store (self->context), crm_employee_get_id (e),
                                gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "password")),
                                self->cancellable, on_change_done_cb,
                                change_new (self, SAID_PASSWORD, crm_employee_get_full_name (e)));
}

static GtkWidget *
password_entry_new (const char *name,
                    const char *placeholder)
{
  /* A GtkEntry, not a GtkPasswordEntry: GTK 4.8's warns of a bad cast
   * when its dialog goes away. */
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  return entry;
}

static void
set_password_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmUsersDialog   *self = CRM_USERS_DIALOG (widget);
  CrmEmployee      *e = find_employee (self, g_variant_get_int64 (parameter));
  g_autofree char  *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *box, *first, *again;

  if (e == NULL)
    return;
  first = password_entry_new ("password", _ ("New password"));
  again = password_entry_new ("password-again", _ ("The same again"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), again);

  heading = g_strdup_printf (_ ("Password for %s"), crm_employee_get_full_name (e));
  dialog = question_new (self, heading, _ ("They sign in with the new password from now on. Only its hash is sent "
                                           "to the server."),
                         "set", _ ("_Set Password"), FALSE);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_set_response_enabled (dialog, "set", FALSE);
  g_object_set_data (G_OBJECT (dialog), "password", first);
  g_object_set_data (G_OBJECT (dialog), "password-again", again);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (crm_employee_get_id (e)));
  g_signal_connect (first, "changed", G_CALLBACK (on_passwords_changed_cb), dialog);
  g_signal_connect (again, "changed", G_CALLBACK (on_passwords_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Deactivate and reactivate */

static void
on_deactivate_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           CrmUsersDialog   *self)
{
  CrmEmployee *e = find_employee (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")));
  gint64       heir_id = choice_get_id (g_object_get_data (G_OBJECT (dialog), "choice"));
  CrmEmployee *heir = heir_id != 0 ? find_employee (self, heir_id) : NULL;
  Change      *change;

  if (!g_str_equal (response, "deactivate") || e == NULL)
    return;
  change = change_new (self, SAID_DEACTIVATED, crm_employee_get_full_name (e));
  change->other = heir != NULL ? g_strdup (crm_employee_get_full_name (heir)) : NULL;
  crm_admin_deactivate_async (crm_context_get_store (self->context), crm_employee_get_id (e), heir_id,
                              self->cancellable, on_change_done_cb, change);
}

static void
deactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (widget);
  CrmEmployee    *e = find_employee (self, g_variant_get_int64 (parameter));
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char  *heading = NULL;
  g_autofree char  *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *drop_down;
  gint64            none = 0;

  if (e == NULL)
    return;
  g_strv_builder_add (labels, _ ("Nobody: they stay theirs"));
  g_array_append_val (ids, none);
  for (guint i = 0; i < self->employees->len; i++)
    {
      CrmEmployee *other = g_ptr_array_index (self->employees, i);
      gint64       id = crm_employee_get_id (other);

      if (other == e || !crm_employee_get_active (other))
        continue;
      g_strv_builder_add (labels, crm_employee_get_full_name (other));
      g_array_append_val (ids, id);
    }
  drop_down = choice_new ("reassign-to", labels, ids, 0);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);

  heading = g_strdup_printf (_ ("Deactivate %s?"), crm_employee_get_full_name (e));
  body = g_strdup_printf (_ ("%s will no longer be able to sign in. Their history is kept. Their accounts and "
                             "contacts can go to a colleague in the same step."),
                          crm_employee_get_full_name (e));
  dialog = question_new (self, heading, body, "deactivate", _ ("_Deactivate"), TRUE);
  adw_message_dialog_set_extra_child (dialog, labelled (_ ("_Give their records to"), drop_down));
  g_object_set_data (G_OBJECT (dialog), "choice", drop_down);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (crm_employee_get_id (e)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_deactivate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (widget);
  CrmEmployee    *e = find_employee (self, g_variant_get_int64 (parameter));

  if (e == NULL)
    return;
  crm_admin_reactivate_async (crm_context_get_store (self->context), crm_employee_get_id (e), self->cancellable,
                              on_change_done_cb, change_new (self, SAID_REACTIVATED, crm_employee_get_full_name (e)));
}

/* Teams */

static void
on_team_name_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", name[0] != '\0');
}

static void
on_team_name_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          CrmUsersDialog   *self)
{
  GtkEditable     *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "save"))
    return;
  crm_admin_save_team_async (crm_context_get_store (self->context),
                             GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "id")), name, self->cancellable,
                             on_change_done_cb, change_new (self, SAID_TEAM_SAVED, name));
}

static void
edit_team (CrmUsersDialog *self,
           CrmTeam        *team)
{
  AdwMessageDialog *dialog;
  GtkWidget        *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, "team-name");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (team != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), crm_team_get_name (team));
  dialog = question_new (self, team ? _ ("Rename the Team") : _ ("New Team"),
                         _ ("For example “Sales, Moscow” or “Customer Service”."), "save",
                         team ? _ ("_Rename") : _ ("_Add"), FALSE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_set_response_enabled (dialog, "save", team != NULL);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "id", GSIZE_TO_POINTER (team ? crm_team_get_id (team) : 0));
  g_signal_connect (entry, "changed", G_CALLBACK (on_team_name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_team_name_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_team_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  edit_team (CRM_USERS_DIALOG (widget), NULL);
}

static void
rename_team_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (widget);
  CrmTeam        *team = find_team (self, g_variant_get_int64 (parameter));

  if (team != NULL)
    edit_team (self, team);
}

/* Modules */

static void
on_editors_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CrmUsersDialog   *self)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (dialog), "list");
  guint      index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "index"));
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!g_str_equal (response, "save"))
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        {
          gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "id"));

          g_array_append_val (ids, id);
        }
    }
  crm_admin_set_module_editors_async (crm_context_get_store (self->context), module_types[index],
                                      (const gint64 *) ids->data, ids->len, self->cancellable, on_change_done_cb,
                                      change_new (self, SAID_EDITORS,
                                                  g_dgettext (GETTEXT_PACKAGE, module_types[index]->plural)));
}

static void
module_editors_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmUsersDialog   *self = CRM_USERS_DIALOG (widget);
  int               index = g_variant_get_int32 (parameter);
  GArray           *editors;
  g_autofree char  *heading = NULL;
  AdwMessageDialog *dialog;
  GtkWidget        *list, *scrolled;

  if (index < 0 || index >= (int) G_N_ELEMENTS (module_types) || self->employees == NULL)
    return;
  editors = self->editors[index];
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < self->employees->len; i++)
    {
      CrmEmployee *e = g_ptr_array_index (self->employees, i);
      GtkWidget   *check;
      gboolean     chosen = FALSE;

      if (!crm_employee_get_active (e) || crm_employee_get_login (e) == NULL)
        continue;
      for (guint k = 0; editors != NULL && k < editors->len; k++)
        chosen |= g_array_index (editors, gint64, k) == crm_employee_get_id (e);
      check = gtk_check_button_new_with_label (crm_employee_get_full_name (e));
      gtk_widget_set_name (check, crm_employee_get_login (e));
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_top (check, 6);
      gtk_widget_set_margin_bottom (check, 6);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), chosen);
      g_object_set_data (G_OBJECT (check), "id", GSIZE_TO_POINTER (crm_employee_get_id (e)));
      gtk_list_box_append (GTK_LIST_BOX (list), check);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  heading = g_strdup_printf (_ ("Who May Change %s"), g_dgettext (GETTEXT_PACKAGE, module_types[index]->plural));
  dialog = question_new (self, heading,
                         _ ("Only the people ticked here change these records; everyone else sees them read only. "
                            "Nobody ticked: everyone who may change records."),
                         "save", _ ("_Save"), FALSE);
  adw_message_dialog_set_extra_child (dialog, scrolled);
  g_object_set_data (G_OBJECT (dialog), "list", list);
  g_object_set_data (G_OBJECT (dialog), "index", GUINT_TO_POINTER ((guint) index));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_editors_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* New employee ---------------------------------------------------------------- */

static GtkWidget *
add_row (GtkWidget  *window,
         GtkWidget  *group,
         GtkWidget  *row,
         const char *name,
         const char *title)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_set_data (G_OBJECT (window), name, row);
  return row;
}

static const char *
field_text (GtkWidget  *window,
            const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (window), name)));
}

static void
on_login_changed_cb (GtkEditable *row,
                     GtkWidget   *window)
{
  const char *login = gtk_editable_get_text (row);

  /* What was said of the login before is about another one now. */
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (window), "error-label"), FALSE);
  if (login[0] != '\0' && !crm_employee_check_login (login, NULL))
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Until the login is typed in, it follows the name: "sokolov.da". */
static void
on_full_name_changed_cb (GtkEditable *row,
                         GtkWidget   *window)
{
  GtkEditable     *login_row = g_object_get_data (G_OBJECT (window), "login");
  const char      *suggested = g_object_get_data (G_OBJECT (window), "suggested-login");
  const char      *login = gtk_editable_get_text (login_row);
  g_autofree char *suggestion = NULL;

  if (login[0] != '\0' && g_strcmp0 (login, suggested) != 0)
    return;
  suggestion = crm_employee_suggest_login (gtk_editable_get_text (row));
  g_object_set_data_full (G_OBJECT (window), "suggested-login", g_strdup (suggestion ? suggestion : ""), g_free);
  gtk_editable_set_text (login_row, suggestion ? suggestion : "");
}

static void
on_new_role_selected_cb (AdwComboRow *row,
                         GParamSpec  *pspec,
                         gpointer     unused)
{
  guint pos = adw_combo_row_get_selected (row);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), crm_role_get_description (pos < 4 ? crm_role_names ()[pos] : NULL));
}

static void
on_add_clicked_cb (GtkButton *button,
                   GtkWidget *window)
{
  CrmUsersDialog  *self = g_object_get_data (G_OBJECT (window), "users-dialog");
  CrmEmployee     *existing = g_object_get_data (G_OBJECT (window), "employee");
  g_autofree char *name = NULL;
  g_autofree char *login = g_strstrip (g_strdup (field_text (window, "login")));
  g_autofree char *message = NULL;
  g_autoptr (CrmEmployee) employee = NULL;
  GtkWidget *team = g_object_get_data (G_OBJECT (window), "team");
  guint      role = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (window), "role"));
  Change    *change;
  gint64     team_id = 0;

  name = g_strstrip (g_strdup (existing ? crm_employee_get_full_name (existing) : field_text (window, "full-name")));
  if (name[0] == '\0')
    {
      show_add_error (window, _ ("Enter the employee’s full name"));
      return;
    }
  if (!crm_employee_check_login (login, &message))
    {
      show_add_error (window, message);
      return;
    }
  if (field_text (window, "password")[0] == '\0')
    {
      show_add_error (window, _ ("Enter a password"));
      return;
    }
  if (!g_str_equal (field_text (window, "password"), field_text (window, "password-again")))
    {
      show_add_error (window, _ ("The passwords do not match"));
      return;
    }
  if (existing != NULL)
    {
      /* An employee on record: a login for them, their id kept. */
      show_add_error (window, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
      change = change_new (self, SAID_LOGIN_GIVEN, name);
      change->other = g_strdup (login);
      change->window = g_object_ref (window);
      crm_admin_grant_login_async (crm_context_get_store (self->context), crm_employee_get_id (existing), login,
                                   field_text (window, "password"), crm_role_names ()[MIN (role, 3)],
                                   self->cancellable, on_change_done_cb, change);
      return;
    }
  {
    GArray *ids = g_object_get_data (G_OBJECT (team), "ids");
    guint   pos = adw_combo_row_get_selected (ADW_COMBO_ROW (team));

    if (pos < ids->len)
      team_id = g_array_index (ids, gint64, pos);
  }

  employee = crm_employee_new (0, login, name, crm_role_names ()[MIN (role, 3)], team_id, NULL, TRUE);
  crm_employee_set_contacts (employee, field_text (window, "position"), field_text (window, "email"),
                             field_text (window, "phone"));
  show_add_error (window, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  change = change_new (self, SAID_ADDED, name);
  change->window = g_object_ref (window);
  crm_admin_add_employee_async (crm_context_get_store (self->context), employee, field_text (window, "password"),
                                self->cancellable, on_change_done_cb, change);
}

/* The New Employee window; with @existing (an employee on record without
 * a login), the same window cut down to Give a Login: their name, the
 * login (suggested from the name), the password twice and the role. */
static void
employee_window_present (CrmUsersDialog *self,
                         CrmEmployee    *existing)
{
  g_autoptr (GtkStringList) roles = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) teams = gtk_string_list_new (NULL);
  g_autoptr (GArray) team_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkWidget *window, *box, *header, *cancel, *add, *page, *who, *access, *contacts, *error_label, *row;
  gint64     none = 0;

  if (self->add_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->add_window));
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), existing ? _ ("Give a Login") : _ ("New Employee"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, existing ? 520 : 680);
  g_object_set_data (G_OBJECT (window), "users-dialog", self);
  if (existing != NULL)
    g_object_set_data_full (G_OBJECT (window), "employee", g_object_ref (existing), g_object_unref);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_ ("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  add = gtk_button_new_with_mnemonic (existing ? _ ("_Give Login") : _ ("_Add"));
  gtk_widget_set_name (add, "add");
  gtk_widget_add_css_class (add, "suggested-action");
  g_signal_connect (add, "clicked", G_CALLBACK (on_add_clicked_cb), window);
  g_object_set_data_full (G_OBJECT (window), "add-button", g_object_ref (add), g_object_unref);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), add);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);

  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "crm-field-error");
  gtk_widget_set_visible (error_label, FALSE);
  g_object_set_data_full (G_OBJECT (window), "error-label", g_object_ref (error_label), g_object_unref);
  g_signal_connect (window, "destroy", G_CALLBACK (on_add_window_destroy_cb), NULL);
  gtk_widget_set_margin_start (error_label, 18);
  gtk_widget_set_margin_end (error_label, 18);
  gtk_widget_set_margin_top (error_label, 12);
  gtk_box_append (GTK_BOX (box), error_label);
  gtk_box_append (GTK_BOX (box), page);

  who = adw_preferences_group_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (who));
  if (existing == NULL)
    {
      row = add_row (window, who, adw_entry_row_new (), "full-name", _ ("Full name"));
      g_signal_connect (row, "changed", G_CALLBACK (on_full_name_changed_cb), window);
    }
  else
    {
      g_autofree char *title = g_markup_escape_text (crm_employee_get_full_name (existing), -1);

      row = add_row (window, who, adw_action_row_new (), "full-name", title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _ ("Keeps their records: they stay the same employee"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 adw_avatar_new (32, crm_employee_get_full_name (existing), TRUE));
    }
  row = add_row (window, who, adw_entry_row_new (), "login", _ ("Login"));
  g_signal_connect (row, "changed", G_CALLBACK (on_login_changed_cb), window);
  if (existing != NULL)
    {
      g_autofree char *suggestion = crm_employee_suggest_login (crm_employee_get_full_name (existing));

      gtk_editable_set_text (GTK_EDITABLE (row), suggestion ? suggestion : "");
    }
  add_row (window, who, adw_password_entry_row_new (), "password", _ ("Password"));
  add_row (window, who, adw_password_entry_row_new (), "password-again", _ ("Password again"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (who),
                                         _ ("The login is their PostgreSQL role: lower-case Latin letters, digits, "
                                            "“.”, “-” and “_”."));

  access = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (access), _ ("Access"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (access));
  for (guint i = 0; crm_role_names ()[i] != NULL; i++)
    gtk_string_list_append (roles, crm_role_get_label (crm_role_names ()[i]));
  row = add_row (window, access, adw_combo_row_new (), "role", _ ("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (roles));
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_new_role_selected_cb), NULL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2); /* manager */
  for (guint i = 0; existing != NULL && crm_role_names ()[i] != NULL; i++)
    if (g_strcmp0 (crm_employee_get_role (existing), crm_role_names ()[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  on_new_role_selected_cb (ADW_COMBO_ROW (row), NULL, NULL);
  gtk_string_list_append (teams, _ ("No team"));
  g_array_append_val (team_ids, none);
  for (guint i = 0; self->teams != NULL && i < self->teams->len; i++)
    {
      gint64 id = crm_team_get_id (g_ptr_array_index (self->teams, i));

      gtk_string_list_append (teams, crm_team_get_name (g_ptr_array_index (self->teams, i)));
      g_array_append_val (team_ids, id);
    }
  if (existing == NULL)
    {
      row = add_row (window, access, adw_combo_row_new (), "team", _ ("Team"));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (teams));
      g_object_set_data_full (G_OBJECT (row), "ids", g_array_ref (team_ids), (GDestroyNotify) g_array_unref);
    }

  if (existing != NULL)
    {
      adw_window_set_content (ADW_WINDOW (window), box);
      self->add_window = window;
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->add_window);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  contacts = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (contacts), _ ("Contacts"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (contacts));
  add_row (window, contacts, adw_entry_row_new (), "position", _ ("Position"));
  add_row (window, contacts, adw_entry_row_new (), "email", _ ("E-mail"));
  add_row (window, contacts, adw_entry_row_new (), "phone", _ ("Phone"));

  adw_window_set_content (ADW_WINDOW (window), box);
  self->add_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->add_window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
add_employee_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  employee_window_present (CRM_USERS_DIALOG (widget), NULL);
}

static void
grant_login_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (widget);
  CrmEmployee    *e = find_employee (self, g_variant_get_int64 (parameter));

  if (e != NULL && crm_employee_get_login (e) == NULL)
    employee_window_present (self, e);
}

/* GObject ---------------------------------------------------------------------- */

static void
crm_users_dialog_dispose (GObject *object)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->add_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->add_window), (gpointer *) &self->add_window);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->add_window)));
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_USERS_DIALOG);
  g_clear_object (&self->toast);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_users_dialog_parent_class)->dispose (object);
}

static void
crm_users_dialog_finalize (GObject *object)
{
  CrmUsersDialog *self = CRM_USERS_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->employees, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (module_types); i++)
    g_clear_pointer (&self->editors[i], g_array_unref);
  g_free (self->last_message);

  G_OBJECT_CLASS (crm_users_dialog_parent_class)->finalize (object);
}

static void
crm_users_dialog_class_init (CrmUsersDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_users_dialog_dispose;
  object_class->finalize = crm_users_dialog_finalize;

  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-users-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, employees_group);
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, inactive_group);
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, teams_group);
  gtk_widget_class_bind_template_child (widget_class, CrmUsersDialog, modules_group);

  gtk_widget_class_install_action (widget_class, "users.add-employee", NULL, add_employee_action);
  gtk_widget_class_install_action (widget_class, "users.add-team", NULL, add_team_action);
  gtk_widget_class_install_action (widget_class, "users.rename-team", "x", rename_team_action);
  gtk_widget_class_install_action (widget_class, "users.change-role", "x", change_role_action);
  gtk_widget_class_install_action (widget_class, "users.change-team", "x", change_team_action);
  gtk_widget_class_install_action (widget_class, "users.set-password", "x", set_password_action);
  gtk_widget_class_install_action (widget_class, "users.deactivate", "x", deactivate_action);
  gtk_widget_class_install_action (widget_class, "users.reactivate", "x", reactivate_action);
  gtk_widget_class_install_action (widget_class, "users.grant-login", "x", grant_login_action);
  gtk_widget_class_install_action (widget_class, "users.module-editors", "i", module_editors_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_users_dialog_init (CrmUsersDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
}

GtkWidget *
crm_users_dialog_new (CrmContext *context)
{
  CrmUsersDialog *self;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  self = g_object_new (CRM_TYPE_USERS_DIALOG, NULL);
  self->context = g_object_ref (context);
  reload (self);
  return GTK_WIDGET (self);
}

gboolean
crm_users_dialog_get_ready (CrmUsersDialog *self)
{
  g_return_val_if_fail (CRM_IS_USERS_DIALOG (self), FALSE);

  return self->loaded && self->n_loading == 0 && self->n_changing == 0;
}

guint
crm_users_dialog_get_n_employees (CrmUsersDialog *self)
{
  g_return_val_if_fail (CRM_IS_USERS_DIALOG (self), 0);

  return self->employees ? self->employees->len : 0;
}

GtkWidget *
crm_users_dialog_get_employee_row (CrmUsersDialog *self,
                                   const char     *login)
{
  g_return_val_if_fail (CRM_IS_USERS_DIALOG (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (self->rows, i)), login) == 0)
      return g_ptr_array_index (self->rows, i);
  return NULL;
}

GtkWidget *
crm_users_dialog_get_add_window (CrmUsersDialog *self)
{
  g_return_val_if_fail (CRM_IS_USERS_DIALOG (self), NULL);

  return self->add_window;
}

const char *
crm_users_dialog_get_last_message (CrmUsersDialog *self)
{
  g_return_val_if_fail (CRM_IS_USERS_DIALOG (self), NULL);

  return self->last_message;
}
