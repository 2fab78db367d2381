/* crm-lead-convert-dialog.c — convert a lead into an account, a contact
 * and a deal in one step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "crm-account.h"
#include "crm-contact.h"
#include "crm-deal.h"
#include "crm-duplicates.h"
#include "crm-lead-convert-dialog.h"
#include "crm-window.h"
#include "rapport-ui-resources.h"

struct _CrmLeadConvertDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *convert_button;
  GtkStack            *stack;
  AdwPreferencesGroup *account_group;
  AdwPreferencesGroup *account_fields_group;
  AdwEntryRow         *account_name_row;
  AdwEntryRow         *account_inn_row;
  AdwEntryRow         *account_city_row;
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *contact_fields_group;
  AdwEntryRow         *contact_last_name_row;
  AdwEntryRow         *contact_first_name_row;
  AdwEntryRow         *contact_middle_name_row;
  AdwEntryRow         *contact_position_row;
  AdwEntryRow         *contact_mobile_row;
  AdwEntryRow         *contact_work_row;
  AdwEntryRow         *contact_email_row;
  AdwExpanderRow      *deal_row;
  AdwEntryRow         *deal_name_row;
  AdwEntryRow         *deal_amount_row;
  AdwEntryRow         *deal_close_row;
  AdwPreferencesGroup *error_group;
  GtkLabel            *error_label;
  AdwPreferencesPage  *form_page;
  AdwStatusPage       *converted_page;
  GtkListBox          *links_box;

  CrmContext          *context;
  CrmLeadConversion   *conversion;
  GCancellable        *cancellable;
  GPtrArray           *account_rows; /* rows in account_group, the new one last */
  GPtrArray           *contact_rows;
  GtkCheckButton      *new_account_check;
  GtkCheckButton      *new_contact_check;
  guint                n_account_candidates;
  guint                n_contact_candidates;
  guint                contact_search; /* serial: only the last search's answer counts */
  gboolean             contact_searching;
  guint                n_busy;
  gboolean             converting;
  CrmLeadConverted    *converted;
  char                *error;
};

G_DEFINE_FINAL_TYPE (CrmLeadConvertDialog, crm_lead_convert_dialog, ADW_TYPE_WINDOW)

static void search_contacts (CrmLeadConvertDialog *self);

static void
show_error (CrmLeadConvertDialog *self,
            const char           *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), message != NULL);
  if (message != NULL)
    {
      /* Up to the message (AdwPreferencesPage scrolls in a GtkScrolledWindow). */
      GtkWidget *scrolled = gtk_widget_get_first_child (GTK_WIDGET (self->form_page));

      if (GTK_IS_SCROLLED_WINDOW (scrolled))
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), 0);
    }
}

static void
update_buttons (CrmLeadConvertDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->convert_button),
                            self->n_busy == 0 && !self->converting && self->converted == NULL);
}

static void
busy_done (CrmLeadConvertDialog *self)
{
  g_assert (self->n_busy > 0);
  self->n_busy--;
  if (self->n_busy == 0 && self->converted == NULL)
    gtk_stack_set_visible_child_name (self->stack, "form");
  update_buttons (self);
}

/* Entries ↔ drafts ----------------------------------------------------------------- */

static void
entry_from (AdwEntryRow *row,
            CrmRecord   *record,
            const char  *field)
{
  g_autofree char *text = crm_record_dup_display (record, field);

  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
on_entry_changed_cb (GtkEditable          *row,
                     CrmLeadConvertDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  /* The message spoke of what was typed before. */
  show_error (self, NULL);
}

static void
fill_entries (CrmLeadConvertDialog *self)
{
  AdwEntryRow *rows[] = {
    self->account_name_row,
    self->account_inn_row,
    self->account_city_row,
    self->contact_last_name_row,
    self->contact_first_name_row,
    self->contact_middle_name_row,
    self->contact_position_row,
    self->contact_mobile_row,
    self->contact_work_row,
    self->contact_email_row,
    self->deal_name_row,
    self->deal_amount_row,
    self->deal_close_row,
  };

  CrmRecord *account = crm_lead_conversion_get_account (self->conversion);
  CrmRecord *contact = crm_lead_conversion_get_contact (self->conversion);
  CrmRecord *deal = crm_lead_conversion_get_deal (self->conversion);

  entry_from (self->account_name_row, account, "name");
  entry_from (self->account_inn_row, account, "inn");
  entry_from (self->account_city_row, account, "city");
  entry_from (self->contact_last_name_row, contact, "last_name");
  entry_from (self->contact_first_name_row, contact, "first_name");
  entry_from (self->contact_middle_name_row, contact, "middle_name");
  entry_from (self->contact_position_row, contact, "position");
  entry_from (self->contact_mobile_row, contact, "phone_mobile");
  entry_from (self->contact_work_row, contact, "phone_work");
  entry_from (self->contact_email_row, contact, "email");
  entry_from (self->deal_name_row, deal, "name");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (rows[i], "changed", G_CALLBACK (on_entry_changed_cb), self, 0);
}

/* "31.03.2027" or "2027-03-31" → "2027-03-31"; NULL when it is neither. */
static char *
parse_date (const char *text)
{
  int        d, m, y;
  char       tail;
  GDateTime *dt;
  char      *iso;

  if (sscanf (text, "%d.%d.%d%c", &d, &m, &y, &tail) != 3 && sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3)
    return NULL;
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL || y < 1900)
    {
      g_clear_pointer (&dt, g_date_time_unref);
      return NULL;
    }
  iso = g_date_time_format (dt, "%Y-%m-%d");
  g_date_time_unref (dt);
  return iso;
}

/* The row's text into @field of @record as the record page would read it;
 * on a problem the row is marked and the message added to @problems. */
static void
read_entry (AdwEntryRow *row,
            CrmRecord   *record,
            const char  *field_name,
            GString     *problems)
{
  const CrmField  *field = crm_record_type_get_field (crm_record_get_record_type (record), field_name);
  g_autofree char *text = crm_text_strip (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autofree char *normalized = NULL;
  g_autoptr (GError) error = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (field->kind == CRM_FIELD_DATE && text[0] != '\0')
    {
      normalized = parse_date (text);
      if (normalized == NULL)
        g_set_error (&error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID,
                     _ ("%s: “%s” is not a date (write it as 31.03.2027)"), crm_field_get_label (field), text);
    }
  else
    crm_field_check_text (field, text, &normalized, &error);

  if (error == NULL)
    crm_record_set_text (record, field_name, normalized, &error);
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      g_string_append (problems, error->message);
    }
}

/* Everything typed into the drafts: FALSE with the problems shown. */
static gboolean
read_entries (CrmLeadConvertDialog *self)
{
  CrmRecord *account = crm_lead_conversion_get_account (self->conversion);
  CrmRecord *contact = crm_lead_conversion_get_contact (self->conversion);
  CrmRecord *deal = crm_lead_conversion_get_deal (self->conversion);
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  if (crm_lead_conversion_get_existing_account (self->conversion) == 0)
    {
      read_entry (self->account_name_row, account, "name", problems);
      read_entry (self->account_inn_row, account, "inn", problems);
      read_entry (self->account_city_row, account, "city", problems);
    }
  if (crm_lead_conversion_get_existing_contact (self->conversion) == 0)
    {
      read_entry (self->contact_last_name_row, contact, "last_name", problems);
      read_entry (self->contact_first_name_row, contact, "first_name", problems);
      read_entry (self->contact_middle_name_row, contact, "middle_name", problems);
      read_entry (self->contact_position_row, contact, "position", problems);
      read_entry (self->contact_mobile_row, contact, "phone_mobile", problems);
      read_entry (self->contact_work_row, contact, "phone_work", problems);
      read_entry (self->contact_email_row, contact, "email", problems);
    }
  crm_lead_conversion_set_with_deal (self->conversion, adw_expander_row_get_enable_expansion (self->deal_row));
  if (crm_lead_conversion_get_with_deal (self->conversion))
    {
      read_entry (self->deal_name_row, deal, "name", problems);
      read_entry (self->deal_amount_row, deal, "amount", problems);
      read_entry (self->deal_close_row, deal, "expected_close", problems);
    }

  if (problems->len == 0 && !crm_lead_conversion_validate (self->conversion, NULL, &error))
    g_string_append (problems, error->message);
  if (problems->len > 0)
    {
      show_error (self, problems->str);
      return FALSE;
    }
  return TRUE;
}

/* Candidates --------------------------------------------------------------------------- */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* A row with a radio button of @group_check's group (NULL: a new group);
 * its id in the check's data "id". */
static GtkWidget *
choice_row (const char      *title,
            const char      *subtitle,
            const char      *name,
            gint64           id,
            GtkCheckButton  *group_check,
            GtkCheckButton **check_out)
{
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *check = gtk_check_button_new ();
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (subtitle != NULL)
    {
      g_autofree char *sub = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
    }
  gtk_widget_set_name (row, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group_check != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group_check);
  g_object_set_data_full (G_OBJECT (check), "id", g_memdup2 (&id, sizeof id), g_free);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  *check_out = GTK_CHECK_BUTTON (check);
  return row;
}

static gint64
check_id (GtkCheckButton *check)
{
  gint64 *id = g_object_get_data (G_OBJECT (check), "id");

  return id ? *id : 0;
}

/* What to say under a candidate: why it was found, and where it is. */
static char *
candidate_subtitle (CrmDuplicateGroup *group,
                    CrmRecord         *record)
{
  g_autofree char *why = crm_duplicate_group_dup_label (group);
  g_autoptr (GString) text = g_string_new (why);
  gboolean    is_account = crm_record_get_record_type (record) == &crm_account_type;
  /* Where it is and what else tells it apart, unless the reason says it. */
  const char *facts[] = {
    crm_record_get_string (record, is_account ? "city" : "account_name"),
    crm_record_get_string (record, is_account ? "inn" : "email"),
    is_account ? NULL : crm_record_get_string (record, "position"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    if (facts[i] != NULL && facts[i][0] != '\0' && strstr (why, facts[i]) == NULL)
      g_string_append_printf (text, " · %s", facts[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Candidate rows then the "new" row into @group; the check of the first
 * candidate found for @preselect (a reason), else the new one, active. */
static guint
add_candidates (AdwPreferencesGroup *group,
                GPtrArray           *rows,
                GPtrArray           *groups,
                const char          *prefix,
                const char          *new_title,
                int                  preselect,
                gint64               keep,
                GtkCheckButton     **new_check)
{
  GtkCheckButton  *first = NULL;
  GtkCheckButton  *chosen = NULL;
  GtkCheckButton  *check;
  GtkWidget       *row;
  g_autofree char *new_name = g_strdup_printf ("new-%s", prefix);
  guint            n = 0;

  clear_rows (group, rows);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      CrmDuplicateGroup *dup = g_ptr_array_index (groups, i);

      for (guint j = 0; j < crm_duplicate_group_get_n_records (dup); j++)
        {
          CrmRecord       *record = crm_duplicate_group_get_record (dup, j);
          g_autofree char *title = crm_record_dup_title (record);
          g_autofree char *subtitle = candidate_subtitle (dup, record);
          g_autofree char *name = g_strdup_printf ("%s-%" G_GINT64_FORMAT, prefix, crm_record_get_id (record));

          row = choice_row (title, subtitle, name, crm_record_get_id (record), first, &check);
          if (first == NULL)
            first = check;
          if (chosen == NULL && (crm_record_get_id (record) == keep ||
                                 (keep == 0 && (int) crm_duplicate_group_get_reason (dup) == preselect)))
            chosen = check;
          adw_preferences_group_add (group, row);
          g_ptr_array_add (rows, row);
          n++;
        }
    }
  /* Nothing to choose from: no lone radio button, a new one it is. */
  if (n == 0)
    {
      *new_check = NULL;
      return 0;
    }
  row = choice_row (new_title, NULL, new_name, 0, first, &check);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  *new_check = check;

  gtk_check_button_set_active (chosen ? chosen : check, TRUE);
  return n;
}

/* The checks of a group's rows (the activatable widget of each). */
static GtkCheckButton *
row_check (GtkWidget *row)
{
  return GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
}

static gint64
active_choice (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkCheckButton *check = row_check (g_ptr_array_index (rows, i));

      if (gtk_check_button_get_active (check))
        return check_id (check);
    }
  return 0;
}

static void
on_contact_choice_cb (CrmLeadConvertDialog *self)
{
  gint64 id = active_choice (self->contact_rows);

  crm_lead_conversion_set_existing_contact (self->conversion, id);
  gtk_widget_set_visible (GTK_WIDGET (self->contact_fields_group), id == 0);
}

static void
on_account_choice_cb (GtkCheckButton       *check,
                      CrmLeadConvertDialog *self)
{
  gint64 id;

  if (!gtk_check_button_get_active (check))
    return;
  id = check_id (check);
  crm_lead_conversion_set_existing_account (self->conversion, id);
  gtk_widget_set_visible (GTK_WIDGET (self->account_fields_group), id == 0);
  /* The contacts at that account, or without one. */
  search_contacts (self);
}

static void
connect_checks (CrmLeadConvertDialog *self,
                GPtrArray            *rows,
                GCallback             callback,
                gboolean              with_check)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkCheckButton *check = row_check (g_ptr_array_index (rows, i));

      if (with_check)
        g_signal_connect_object (check, "toggled", callback, self, 0);
      else
        g_signal_connect_object (check, "toggled", callback, self, G_CONNECT_SWAPPED);
    }
}

typedef struct
{
  CrmLeadConvertDialog *self;
  guint                 serial;
} ContactSearch;

static void
on_contacts_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ContactSearch *search = user_data;
  g_autoptr (CrmLeadConvertDialog) self = search->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) groups = crm_duplicates_find_similar_finish (CRM_STORE (object), result, &error);
  guint serial = search->serial;

  g_free (search);
  /* Asked for the account chosen before: a newer search answers. */
  if (serial != self->contact_search || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->contact_searching = FALSE;
  if (error != NULL)
    show_error (self, error->message);
  self->n_contact_candidates =
      add_candidates (self->contact_group, self->contact_rows, groups, "contact", _ ("Create a new contact"),
                      CRM_DUPLICATE_SAME_EMAIL, crm_lead_conversion_get_existing_contact (self->conversion),
                      &self->new_contact_check);
  connect_checks (self, self->contact_rows, G_CALLBACK (on_contact_choice_cb), FALSE);
  on_contact_choice_cb (self);
  if (self->n_contact_candidates > 0)
    adw_preferences_group_set_description (
        self->contact_group,
        g_dngettext (GETTEXT_PACKAGE, "This person may be in Rapport already: use the contact, or create a new one.",
                     "These people may be this one: use one of them, or create a new contact.",
                     self->n_contact_candidates));
  else
    adw_preferences_group_set_description (self->contact_group,
                                           _ ("Nobody like this person in Rapport: a new contact will be created."));
  busy_done (self);
}

static void
search_contacts (CrmLeadConvertDialog *self)
{
  g_autoptr (CrmRecord) candidate = crm_lead_conversion_dup_contact_candidate (self->conversion);
  ContactSearch *search = g_new0 (ContactSearch, 1);

  /* A search under way no longer counts: its answer is dropped. */
  if (!self->contact_searching)
    self->n_busy++;
  self->contact_searching = TRUE;
  search->self = g_object_ref (self);
  search->serial = ++self->contact_search;
  update_buttons (self);
  crm_duplicates_find_similar_async (crm_context_get_store (self->context), candidate, self->cancellable,
                                     on_contacts_cb, search);
}

static void
on_accounts_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CrmLeadConvertDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) groups = crm_duplicates_find_similar_finish (CRM_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    show_error (self, error->message);
  /* An account with the lead's INN is the lead's company. */
  self->n_account_candidates =
      add_candidates (self->account_group, self->account_rows, groups, "account", _ ("Create a new account"),
                      CRM_DUPLICATE_SAME_INN, 0, &self->new_account_check);
  for (guint i = 0; i < self->account_rows->len; i++)
    if (gtk_check_button_get_active (row_check (g_ptr_array_index (self->account_rows, i))))
      crm_lead_conversion_set_existing_account (self->conversion,
                                                check_id (row_check (g_ptr_array_index (self->account_rows, i))));
  gtk_widget_set_visible (GTK_WIDGET (self->account_fields_group),
                          crm_lead_conversion_get_existing_account (self->conversion) == 0);
  connect_checks (self, self->account_rows, G_CALLBACK (on_account_choice_cb), TRUE);
  if (self->n_account_candidates > 0)
    adw_preferences_group_set_description (
        self->account_group,
        g_dngettext (GETTEXT_PACKAGE, "Rapport has an account like this one: use it, or create a new one.",
                     "Rapport has accounts like this one: use one of them, or create a new one.",
                     self->n_account_candidates));
  else
    adw_preferences_group_set_description (self->account_group,
                                           _ ("No account like this one in Rapport: a new one will be created."));
  search_contacts (self);
  busy_done (self);
}

/* Converted ------------------------------------------------------------------------------ */

static void
on_link_activated_cb (AdwActionRow         *row,
                      CrmLeadConvertDialog *self)
{
  const CrmRecordType *type = g_object_get_data (G_OBJECT (row), "type");
  gint64              *id = g_object_get_data (G_OBJECT (row), "id");
  GtkWindow           *window = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (CRM_IS_WINDOW (window) && type != NULL && id != NULL)
    crm_window_open_record (CRM_WINDOW (window), type, *id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_link (CrmLeadConvertDialog *self,
          const CrmRecordType  *type,
          gint64                id,
          const char           *name)
{
  GtkWidget       *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (name ? name : _ ("A record you may not see"), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_dgettext (GETTEXT_PACKAGE, type->label));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (type->icon_name));
  gtk_widget_set_name (row, type->name);
  if (name != NULL)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "type", (gpointer) type);
      g_object_set_data_full (G_OBJECT (row), "id", g_memdup2 (&id, sizeof id), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_link_activated_cb), self, 0);
    }
  gtk_list_box_append (self->links_box, row);
}

static void
show_converted (CrmLeadConvertDialog *self)
{
  const CrmLeadConverted *c = self->converted;
  g_autofree char        *description = NULL;

  if (c->converted_at != NULL)
    {
      g_autofree char *when = g_date_time_format (c->converted_at, _ ("%d.%m.%Y %H:%M"));

      description = g_strdup_printf (_ ("Converted on %s by %s. It became:"), when,
                                     c->converted_by ? c->converted_by : "?");
    }
  else
    description = g_strdup (_ ("It was marked converted before Rapport kept what a lead became."));
  adw_status_page_set_description (self->converted_page, description);

  if (c->account_id != 0)
    add_link (self, &crm_account_type, c->account_id, c->account_name);
  if (c->contact_id != 0)
    add_link (self, &crm_contact_type, c->contact_id, c->contact_name);
  if (c->deal_id != 0)
    add_link (self, &crm_deal_type, c->deal_id, c->deal_name);
  gtk_widget_set_visible (GTK_WIDGET (self->links_box), c->account_id != 0 || c->contact_id != 0 || c->deal_id != 0);

  gtk_widget_set_visible (GTK_WIDGET (self->convert_button), FALSE);
  gtk_button_set_label (self->cancel_button, _ ("_Close"));
  gtk_stack_set_visible_child_name (self->stack, "converted");
  update_buttons (self);
}

static void
on_state_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (CrmLeadConvertDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  CrmLeadConverted *state = crm_store_get_lead_conversion_finish (CRM_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (state != NULL && state->converted)
    {
      self->converted = state;
      show_converted (self);
      busy_done (self);
      return;
    }
  g_clear_pointer (&state, crm_lead_converted_free);
  if (error != NULL)
    show_error (self, error->message);

  self->n_busy++;
  crm_duplicates_find_similar_async (crm_context_get_store (self->context),
                                     crm_lead_conversion_get_account (self->conversion), self->cancellable,
                                     on_accounts_cb, g_object_ref (self));
  busy_done (self);
}

/* Converting ------------------------------------------------------------------------------ */

static void
on_converted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (CrmLeadConvertDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  CrmLeadConverted *done = crm_store_convert_lead_finish (CRM_STORE (object), result, &error);
  GtkWindow        *window;
  g_autofree char  *lead = NULL;
  g_autofree char  *message = NULL;

  self->converting = FALSE;
  update_buttons (self);
  if (done == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_ ("Nothing was converted. %s"), error->message);
      show_error (self, text);
      return;
    }

  self->converted = done;
  update_buttons (self);
  lead = crm_record_dup_title (crm_lead_conversion_get_lead (self->conversion));
  if (done->deal_id != 0)
    message = g_strdup_printf (_ ("“%s” converted: account “%s”, deal “%s”"), lead, done->account_name,
                               done->deal_name);
  else
    message = g_strdup_printf (_ ("“%s” converted: account “%s”"), lead, done->account_name);
  window = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (CRM_IS_WINDOW (window))
    {
      crm_window_refresh_list (CRM_WINDOW (window), crm_record_get_record_type (crm_lead_conversion_get_lead (self->conversion)));
      crm_window_open_record (CRM_WINDOW (window), &crm_account_type, done->account_id);
      crm_window_show_message (CRM_WINDOW (window), message);
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_convert_clicked_cb (CrmLeadConvertDialog *self)
{
  if (self->n_busy > 0 || self->converting || self->converted != NULL)
    return;
  show_error (self, NULL);
  if (!read_entries (self))
    return;
  self->converting = TRUE;
  update_buttons (self);
  crm_store_convert_lead_async (crm_context_get_store (self->context), self->conversion, self->cancellable,
                                on_converted_cb, g_object_ref (self));
}

/* GObject ------------------------------------------------------------------------------------ */

static void
crm_lead_convert_dialog_dispose (GObject *object)
{
  CrmLeadConvertDialog *self = CRM_LEAD_CONVERT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_LEAD_CONVERT_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_lead_convert_dialog_parent_class)->dispose (object);
}

static void
crm_lead_convert_dialog_finalize (GObject *object)
{
  CrmLeadConvertDialog *self = CRM_LEAD_CONVERT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->conversion);
  g_clear_pointer (&self->account_rows, g_ptr_array_unref);
  g_clear_pointer (&self->contact_rows, g_ptr_array_unref);
  g_clear_pointer (&self->converted, crm_lead_converted_free);
  g_free (self->error);

  G_OBJECT_CLASS (crm_lead_convert_dialog_parent_class)->finalize (object);
}

static void
crm_lead_convert_dialog_class_init (CrmLeadConvertDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_lead_convert_dialog_dispose;
  object_class->finalize = crm_lead_convert_dialog_finalize;

  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-lead-convert-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CrmLeadConvertDialog, name)
  BIND (window_title);
  BIND (cancel_button);
  BIND (convert_button);
  BIND (stack);
  BIND (account_group);
  BIND (account_fields_group);
  BIND (account_name_row);
  BIND (account_inn_row);
  BIND (account_city_row);
  BIND (contact_group);
  BIND (contact_fields_group);
  BIND (contact_last_name_row);
  BIND (contact_first_name_row);
  BIND (contact_middle_name_row);
  BIND (contact_position_row);
  BIND (contact_mobile_row);
  BIND (contact_work_row);
  BIND (contact_email_row);
  BIND (deal_row);
  BIND (deal_name_row);
  BIND (deal_amount_row);
  BIND (deal_close_row);
  BIND (error_group);
  BIND (error_label);
  BIND (form_page);
  BIND (converted_page);
  BIND (links_box);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_convert_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_lead_convert_dialog_init (CrmLeadConvertDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->account_rows = g_ptr_array_new ();
  self->contact_rows = g_ptr_array_new ();
}

GtkWidget *
crm_lead_convert_dialog_new (CrmContext *context,
                             CrmRecord  *lead)
{
  CrmLeadConvertDialog *self;
  g_autofree char      *title = NULL;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (CRM_IS_RECORD (lead) && crm_record_get_id (lead) > 0, NULL);

  self = g_object_new (CRM_TYPE_LEAD_CONVERT_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->conversion = crm_lead_conversion_new (lead);
  title = crm_record_dup_title (lead);
  adw_window_title_set_subtitle (self->window_title, title);
  fill_entries (self);
  update_buttons (self);

  /* Where it stands now (someone may have converted it meanwhile). */
  self->n_busy++;
  update_buttons (self);
  crm_store_get_lead_conversion_async (crm_context_get_store (context), crm_record_get_id (lead), self->cancellable,
                                       on_state_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

gboolean
crm_lead_convert_dialog_get_ready (CrmLeadConvertDialog *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), FALSE);
  return self->n_busy == 0 && !self->converting;
}

guint
crm_lead_convert_dialog_get_n_account_candidates (CrmLeadConvertDialog *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), 0);
  return self->n_account_candidates;
}

guint
crm_lead_convert_dialog_get_n_contact_candidates (CrmLeadConvertDialog *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), 0);
  return self->n_contact_candidates;
}

gint64
crm_lead_convert_dialog_get_account_choice (CrmLeadConvertDialog *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), 0);
  return crm_lead_conversion_get_existing_account (self->conversion);
}

static gboolean
choose (GPtrArray *rows,
        gint64     id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkCheckButton *check = row_check (g_ptr_array_index (rows, i));

      if (check_id (check) == id)
        {
          gtk_check_button_set_active (check, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
crm_lead_convert_dialog_choose_account (CrmLeadConvertDialog *self,
                                        gint64                account_id)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), FALSE);
  return choose (self->account_rows, account_id);
}

gboolean
crm_lead_convert_dialog_choose_contact (CrmLeadConvertDialog *self,
                                        gint64                contact_id)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), FALSE);
  return choose (self->contact_rows, contact_id);
}

const CrmLeadConverted *
crm_lead_convert_dialog_get_converted (CrmLeadConvertDialog *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), NULL);
  return self->converted;
}

const char *
crm_lead_convert_dialog_get_error (CrmLeadConvertDialog *self)
{
  g_return_val_if_fail (CRM_IS_LEAD_CONVERT_DIALOG (self), NULL);
  return self->error;
}
