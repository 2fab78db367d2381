/* crm-record-page.c — one record: key facts, fields edited in place,
 * related records, history
 *
 * The page keeps two copies of the record: @stored, as the database last
 * gave it, and @draft, which the editors change. Save sends the draft with
 * the stored version; if someone saved in between, the database refuses
 * and the conflict view (CrmConflictDialog) shows both versions field by
 * field, to keep mine, take theirs or merge.
 *
 * The store's change feed tells the page when someone else changes the
 * record: with no edits of mine it shows their version at once; with edits
 * a banner says so and offers the comparison (nothing is lost either
 * way). A record that could not be loaded is loaded again once the
 * server is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "crm-account.h"
#include "crm-admin.h"
#include "crm-change-feed.h"
#include "crm-commercial-condition.h"
#include "crm-conflict-dialog.h"
#include "crm-contact.h"
#include "crm-history-view.h"
#include "crm-lead-convert-dialog.h"
#include "crm-lead.h"
#include "crm-record-list.h"
#include "crm-record-page.h"
#include "crm-ref-chooser.h"
#include "crm-related-view.h"
#include "crm-share-dialog.h"
#include "crm-tariff-plan.h"
#include "crm-window.h"
#include "rapport-ui-resources.h"

typedef struct
{
  const CrmField *field;
  GtkWidget      *editor; /* AdwEntryRow, AdwComboRow, GtkSwitch, GtkTextView, AdwActionRow */
  GtkWidget      *row;
  GtkWidget      *error_label;
  GtkWidget      *error_widget;  /* what is shown or hidden: the label or its row */
  GPtrArray      *choice_values; /* combo position → stored value; [0] = NULL */
  char           *error;
  GtkWidget      *lock; /* shown while the field is withheld */
} FieldEditor;

typedef enum
{
  BANNER_NONE,
  BANNER_CONFLICT,
  BANNER_ERROR,
  BANNER_READ_ONLY,
} BannerKind;

struct _CrmRecordPage
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *view_stack;
  AdwViewStackPage     *related_page;
  AdwViewStackPage     *history_page;
  GtkButton            *save_button;
  GtkButton            *delete_button;
  GtkButton            *convert_button;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkStack             *page_stack;
  AdwStatusPage        *error_page;
  AdwAvatar            *avatar;
  GtkLabel             *title_label;
  GtkLabel             *facts_label;
  GtkBox               *fields_box;
  GtkBox               *related_box;
  GtkBox               *history_box;
  CrmHistoryView       *history;

  CrmContext           *context;
  const CrmRecordType  *type;
  gint64                id;
  CrmRecord            *prefill;
  CrmRecord            *stored;
  CrmRecord            *draft;
  GArray               *editors; /* FieldEditor */
  GCancellable         *cancellable;
  CrmRelatedView       *related;
  BannerKind            banner_kind;
  CrmRecordAccess       access; /* what the signed-in login may do with it */
  gboolean              checking_access;
  CrmChangeFeed        *feed;
  CrmRecord            *theirs;          /* their version while it is compared */
  GtkWidget            *conflict_dialog; /* weak */
  int                   changed_version; /* someone's change seen while saving */
  gboolean              updating;
  gboolean              ready;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (CrmRecordPage, crm_record_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_RECORD_TYPE,
  PROP_RECORD_ID,
  PROP_PREFILL,
  PROP_READY,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SAVED,
  SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void  update_dirty (CrmRecordPage *self);
static void  check_access (CrmRecordPage *self);

static CrmWindow *
get_window (CrmRecordPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  return window ? CRM_WINDOW (window) : NULL;
}

static void
show_toast (CrmRecordPage *self,
            const char    *message)
{
  CrmWindow *window = get_window (self);

  if (window != NULL)
    crm_window_show_message (window, message);
}

static FieldEditor *
find_editor (CrmRecordPage *self,
             const char    *name)
{
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = &g_array_index (self->editors, FieldEditor, i);

      if (g_str_equal (editor->field->name, name))
        return editor;
    }
  return NULL;
}

/* Banner ------------------------------------------------------------------ */

static void
show_banner (CrmRecordPage *self,
             BannerKind     kind,
             const char    *message,
             const char    *button_label)
{
  self->banner_kind = kind;
  gtk_label_set_label (self->banner_label, message);
  gtk_button_set_label (self->banner_button, button_label);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button_label != NULL);
  if (kind == BANNER_ERROR)
    gtk_widget_add_css_class (self->banner, "error");
  else
    gtk_widget_remove_css_class (self->banner, "error");
  gtk_revealer_set_reveal_child (self->banner_revealer, kind != BANNER_NONE);
}

static void
hide_banner (CrmRecordPage *self)
{
  if (self->access == CRM_RECORD_ACCESS_SEE)
    show_banner (self, BANNER_READ_ONLY, _ ("You may view this record but not change it"), NULL);
  else
    show_banner (self, BANNER_NONE, "", NULL);
}

/* Field errors ------------------------------------------------------------ */

static void
set_field_error (CrmRecordPage *self,
                 FieldEditor   *editor,
                 const char    *message)
{
  if (g_strcmp0 (editor->error, message) == 0)
    return;

  g_free (editor->error);
  editor->error = g_strdup (message);

  gtk_label_set_label (GTK_LABEL (editor->error_label), message ? message : "");
  gtk_widget_set_visible (editor->error_widget, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (editor->row, "error");
  else
    gtk_widget_remove_css_class (editor->row, "error");
}

/* Header ------------------------------------------------------------------ */

static void
update_header (CrmRecordPage *self)
{
  g_autofree char *title = crm_record_dup_title (self->draft);
  g_autoptr (GString) facts = g_string_new (NULL);
  guint           n_common;
  const CrmField *common = crm_record_type_common_fields (&n_common);

  if (title[0] == '\0')
    {
      g_free (title);
      title = g_strdup (g_dgettext (GETTEXT_PACKAGE, self->type->new_label));
    }

  gtk_label_set_label (self->title_label, title);
  adw_avatar_set_text (self->avatar, title);
  adw_view_switcher_title_set_title (self->window_title, title);
  adw_view_switcher_title_set_subtitle (self->window_title, g_dgettext (GETTEXT_PACKAGE, self->type->label));

  for (guint i = 0; i < self->type->n_fields; i++)
    {
      const CrmField  *field = &self->type->fields[i];
      g_autofree char *value = NULL;

      if (!(field->flags & CRM_FIELD_HEADER))
        continue;
      value = crm_record_dup_display (self->draft, field->name);
      if (value == NULL || value[0] == '\0')
        continue;
      if (facts->len > 0)
        g_string_append (facts, "  ·  ");
      /* Identifiers read better with their name: "INN 7707083893". */
      if (field->kind == CRM_FIELD_INN || field->kind == CRM_FIELD_TIMESTAMP)
        g_string_append_printf (facts, "%s %s", crm_field_get_label (field), value);
      else
        g_string_append (facts, value);
    }

  for (guint i = 0; i < n_common; i++)
    if (g_str_equal (common[i].name, "owner_name"))
      {
        const char *owner = crm_record_get_owner_name (self->draft);

        if (owner != NULL)
          {
            if (facts->len > 0)
              g_string_append (facts, "  ·  ");
            g_string_append_printf (facts, "%s: %s", crm_field_get_label (&common[i]), owner);
          }
      }

  gtk_label_set_label (self->facts_label, facts->str);
  gtk_widget_set_visible (GTK_WIDGET (self->facts_label), facts->len > 0);
}

/* Editors: record → widgets ------------------------------------------------ */

static char *
dup_editor_text (CrmRecordPage  *self,
                 const CrmField *field)
{
  switch (field->kind)
    {
    case CRM_FIELD_PHONE:
    case CRM_FIELD_MONEY:
    case CRM_FIELD_DATE:
    case CRM_FIELD_TIMESTAMP:
      return crm_record_dup_display (self->draft, field->name);
    default:
      return crm_record_dup_text (self->draft, field->name);
    }
}

/* A reference "account_id" is shown through the computed "account_name". */
static char *
dup_ref_name_field (const CrmField *field)
{
  g_autofree char *base = NULL;

  g_assert (g_str_has_suffix (field->name, "_id"));
  base = g_strndup (field->name, strlen (field->name) - 3);
  return g_strconcat (base, "_name", NULL);
}

/* A figure the database withholds from this login (U2): "Hidden" with a
 * lock, never 0 or empty, and not editable. */
static void
show_withheld (FieldEditor *editor,
               gboolean     withheld)
{
  if (withheld && editor->lock == NULL && (ADW_IS_ENTRY_ROW (editor->row) || ADW_IS_ACTION_ROW (editor->row)))
    {
      editor->lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
      gtk_widget_set_tooltip_text (editor->lock, _ ("Only heads and administrators see this figure"));
      if (ADW_IS_ENTRY_ROW (editor->row))
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row), editor->lock);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->lock);
    }
  if (editor->lock != NULL)
    gtk_widget_set_visible (editor->lock, withheld);
  gtk_widget_set_sensitive (editor->editor, !withheld);
  gtk_widget_set_tooltip_text (editor->row, withheld ? _ ("Only heads and administrators see this figure") : NULL);
}

static void
load_editor (CrmRecordPage *self,
             FieldEditor   *editor)
{
  const CrmField *field = editor->field;
  gboolean        withheld = crm_record_is_withheld (self->draft, field->name);

  show_withheld (editor, withheld);
  if (withheld && ADW_IS_ENTRY_ROW (editor->editor))
    {
      g_autofree char *hidden = crm_record_dup_display (self->draft, field->name);

      gtk_editable_set_text (GTK_EDITABLE (editor->editor), hidden);
    }
  else if (ADW_IS_ENTRY_ROW (editor->editor))
    {
      g_autofree char *text = dup_editor_text (self, field);

      gtk_editable_set_text (GTK_EDITABLE (editor->editor), text ? text : "");
    }
  else if (ADW_IS_COMBO_ROW (editor->editor))
    {
      g_autofree char *value = crm_record_dup_text (self->draft, field->name);
      guint            selected = 0;

      for (guint i = 1; i < editor->choice_values->len; i++)
        if (g_strcmp0 (g_ptr_array_index (editor->choice_values, i), value) == 0)
          selected = i;
      adw_combo_row_set_selected (ADW_COMBO_ROW (editor->editor), selected);
    }
  else if (GTK_IS_SWITCH (editor->editor))
    gtk_switch_set_active (GTK_SWITCH (editor->editor), crm_record_get_bool (self->draft, field->name));
  else if (GTK_IS_TEXT_VIEW (editor->editor))
    {
      const char *text = crm_record_get_string (self->draft, field->name);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor->editor)), text ? text : "", -1);
    }
  else if (CRM_IS_REF_CHOOSER (editor->editor))
    {
      g_autofree char *name_field = dup_ref_name_field (field);
      const char      *name = NULL;

      if (crm_record_type_get_field (self->type, name_field) != NULL)
        name = crm_record_get_string (self->draft, name_field);
      crm_ref_chooser_set_value (CRM_REF_CHOOSER (editor->editor),
                                 crm_record_get_int (self->draft, field->name), name);
    }
  else if (ADW_IS_ACTION_ROW (editor->editor))
    {
      g_autofree char *text = crm_record_dup_display (self->draft, field->name);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (editor->editor), text ? text : "—");
    }
}

static void
load_editors (CrmRecordPage *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = &g_array_index (self->editors, FieldEditor, i);

      load_editor (self, editor);
      set_field_error (self, editor, NULL);
    }
  self->updating = FALSE;

  update_header (self);
  update_dirty (self);
}

/* Editors: widgets → record ------------------------------------------------ */

static gboolean
parse_date (const char *text,
            char      **iso)
{
  int d, m, y;
  g_autoptr (GDateTime) dt = NULL;

  if (sscanf (text, "%d.%d.%d", &d, &m, &y) != 3 && sscanf (text, "%d-%d-%d", &y, &m, &d) != 3)
    return FALSE;
  if (y < 100)
    y += 2000;
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *iso = g_date_time_format (dt, "%Y-%m-%d");
  return TRUE;
}

/* "25.09.2020 14:30" (or "2020-09-25 14:30", or a date alone: midnight)
 * in local time → ISO 8601 with the offset. */
static gboolean
parse_timestamp (const char *text,
                 char      **iso)
{
  int d, m, y, hh = 0, mm = 0, n;
  g_autoptr (GDateTime) dt = NULL;

  n = sscanf (text, "%d.%d.%d %d:%d", &d, &m, &y, &hh, &mm);
  if (n != 3 && n != 5)
    {
      n = sscanf (text, "%d-%d-%d %d:%d", &y, &m, &d, &hh, &mm);
      if (n != 3 && n != 5)
        return FALSE;
    }
  if (y < 100)
    y += 2000;
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
    return FALSE;
  dt = g_date_time_new_local (y, m, d, hh, mm, 0);
  if (dt == NULL)
    return FALSE;
  *iso = g_date_time_format_iso8601 (dt);
  return TRUE;
}

/* Check one field's text and put it into the draft. */
static void
take_text (CrmRecordPage *self,
           FieldEditor   *editor,
           const char    *text)
{
  const CrmField *field = editor->field;
  g_autoptr (GError) error = NULL;
  g_autofree char *normalized = NULL;

  if (field->kind == CRM_FIELD_DATE || field->kind == CRM_FIELD_TIMESTAMP)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      gboolean         date = field->kind == CRM_FIELD_DATE;

      if (stripped[0] == '\0')
        crm_record_set_text (self->draft, field->name, NULL, NULL);
      else if (!(date ? parse_date (stripped, &normalized) : parse_timestamp (stripped, &normalized)))
        {
          g_autofree char *message =
              date ? g_strdup_printf (_ ("%s: enter a date as DD.MM.YYYY"), crm_field_get_label (field))
                   : g_strdup_printf (_ ("%s: enter a date and time as DD.MM.YYYY HH:MM"), crm_field_get_label (field));

          set_field_error (self, editor, message);
          return;
        }
      else
        crm_record_set_text (self->draft, field->name, normalized, NULL);
      set_field_error (self, editor, NULL);
      return;
    }

  if (crm_field_check_text (field, text, &normalized, &error))
    {
      if (crm_field_get_value_type (field) == G_TYPE_STRING)
        crm_record_set_string (self->draft, field->name, normalized);
      else
        crm_record_set_text (self->draft, field->name, normalized, NULL);
      set_field_error (self, editor, NULL);
    }
  else
    {
      /* The draft keeps what was typed, so nothing is lost and Save refuses it
       * (a number or a sum keeps its last good value; the error refuses it). */
      if (crm_field_get_value_type (field) == G_TYPE_STRING)
        crm_record_set_string (self->draft, field->name, text);
      set_field_error (self, editor, error->message);
    }
}

static void
on_entry_changed_cb (GtkEditable   *editable,
                     CrmRecordPage *self)
{
  FieldEditor *editor = g_object_get_data (G_OBJECT (editable), "editor-field")
                            ? find_editor (self, g_object_get_data (G_OBJECT (editable), "editor-field"))
                            : NULL;

  if (self->updating || editor == NULL)
    return;

  take_text (self, editor, gtk_editable_get_text (editable));
  update_header (self);
  update_dirty (self);
}

static void
on_combo_selected_cb (AdwComboRow   *row,
                      GParamSpec    *pspec,
                      CrmRecordPage *self)
{
  FieldEditor *editor = find_editor (self, g_object_get_data (G_OBJECT (row), "editor-field"));
  guint        pos = adw_combo_row_get_selected (row);
  const char  *value;

  if (self->updating || editor == NULL)
    return;

  value = pos < editor->choice_values->len ? g_ptr_array_index (editor->choice_values, pos) : NULL;
  crm_record_set_text (self->draft, editor->field->name, value, NULL);
  if (g_str_equal (editor->field->name, "owner_id"))
    crm_record_set_string (self->draft, "owner_name",
                           value ? gtk_string_object_get_string (adw_combo_row_get_selected_item (row)) : NULL);
  update_header (self);
  update_dirty (self);
}

static void
on_switch_active_cb (GtkSwitch     *widget,
                     GParamSpec    *pspec,
                     CrmRecordPage *self)
{
  FieldEditor *editor = find_editor (self, g_object_get_data (G_OBJECT (widget), "editor-field"));

  if (self->updating || editor == NULL)
    return;

  crm_record_set_bool (self->draft, editor->field->name, gtk_switch_get_active (widget));
  update_dirty (self);
}

static void
on_text_buffer_changed_cb (GtkTextBuffer *buffer,
                           FieldEditor   *unused)
{
  CrmRecordPage   *self = g_object_get_data (G_OBJECT (buffer), "page");
  FieldEditor     *editor = find_editor (self, g_object_get_data (G_OBJECT (buffer), "editor-field"));
  GtkTextIter      start, end;
  g_autofree char *text = NULL;

  if (self->updating || editor == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  take_text (self, editor, text);
  update_dirty (self);
}

static void
on_ref_changed_cb (CrmRefChooser *chooser,
                   CrmRecordPage *self)
{
  FieldEditor     *editor = find_editor (self, g_object_get_data (G_OBJECT (chooser), "editor-field"));
  g_autofree char *computed = NULL;

  if (self->updating || editor == NULL)
    return;

  crm_record_set_int (self->draft, editor->field->name, crm_ref_chooser_get_id (chooser));
  computed = dup_ref_name_field (editor->field);
  if (crm_record_type_get_field (self->type, computed) != NULL)
    crm_record_set_string (self->draft, computed, crm_ref_chooser_get_name (chooser));
  update_header (self);
  update_dirty (self);
}

static void
on_ref_open_cb (CrmRefChooser *chooser,
                CrmRecordPage *self)
{
  CrmWindow           *window = get_window (self);
  const CrmRecordType *type = crm_record_type_lookup (crm_ref_chooser_get_record_type (chooser)->name);

  if (window != NULL && crm_ref_chooser_get_id (chooser) != 0)
    crm_window_open_record (window, type, crm_ref_chooser_get_id (chooser));
}

/* Building the form --------------------------------------------------------- */

/* The message under a field: a row of its own right below the field's row
 * in the boxed list, hidden while the field is fine. */
static void
add_error_row (FieldEditor *editor,
               GtkWidget   *group)
{
  /* Only preferences rows go into the group's boxed list. */
  GtkWidget *row = g_object_new (ADW_TYPE_PREFERENCES_ROW, NULL);

  editor->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (editor->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (editor->error_label), TRUE);
  gtk_widget_add_css_class (editor->error_label, "crm-field-error");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), editor->error_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_visible (row, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  editor->error_widget = row;
}

static void
add_editor (CrmRecordPage  *self,
            GtkWidget      *group,
            const CrmField *field)
{
  FieldEditor editor = { field, NULL, NULL, NULL, NULL, NULL, NULL };
  const char *label = crm_field_get_label (field);

  switch (field->kind)
    {
    case CRM_FIELD_CHOICE:
      {
        g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);

        editor.choice_values = g_ptr_array_new_with_free_func (g_free);
        gtk_string_list_append (strings, "—");
        g_ptr_array_add (editor.choice_values, NULL);
        for (const CrmChoice *c = field->choices; c->value; c++)
          {
            gtk_string_list_append (strings, g_dgettext (GETTEXT_PACKAGE, c->label));
            g_ptr_array_add (editor.choice_values, g_strdup (c->value));
          }
        editor.editor = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (editor.editor), G_LIST_MODEL (strings));
        g_signal_connect (editor.editor, "notify::selected", G_CALLBACK (on_combo_selected_cb), self);
        editor.row = editor.editor;
      }
      break;

    case CRM_FIELD_BOOL:
      editor.row = adw_action_row_new ();
      editor.editor = gtk_switch_new ();
      gtk_widget_set_valign (editor.editor, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (editor.row), editor.editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor.row), editor.editor);
      g_signal_connect (editor.editor, "notify::active", G_CALLBACK (on_switch_active_cb), self);
      break;

    case CRM_FIELD_MULTILINE:
      {
        GtkWidget     *frame = gtk_frame_new (NULL);
        GtkTextBuffer *buffer;

        editor.editor = gtk_text_view_new ();
        gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (editor.editor), GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_top_margin (GTK_TEXT_VIEW (editor.editor), 9);
        gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (editor.editor), 9);
        gtk_text_view_set_left_margin (GTK_TEXT_VIEW (editor.editor), 12);
        gtk_text_view_set_right_margin (GTK_TEXT_VIEW (editor.editor), 12);
        gtk_widget_set_size_request (editor.editor, -1, 80);
        gtk_accessible_update_property (GTK_ACCESSIBLE (editor.editor),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        gtk_frame_set_child (GTK_FRAME (frame), editor.editor);
        gtk_widget_add_css_class (frame, "view");
        editor.row = frame;
        buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor.editor));
        g_object_set_data (G_OBJECT (buffer), "page", self);
        g_object_set_data (G_OBJECT (buffer), "editor-field", (gpointer) field->name);
        g_signal_connect (buffer, "changed", G_CALLBACK (on_text_buffer_changed_cb), NULL);
      }
      break;

    case CRM_FIELD_REF:
      {
        const CrmRecordType *ref_type = crm_record_type_lookup (field->ref_type);

        editor.editor = crm_ref_chooser_new (crm_context_get_store (self->context), ref_type, label);
        editor.row = editor.editor;
        g_signal_connect (editor.editor, "changed", G_CALLBACK (on_ref_changed_cb), self);
        g_signal_connect (editor.editor, "open", G_CALLBACK (on_ref_open_cb), self);
      }
      break;

    case CRM_FIELD_TIMESTAMP:
      /* A type's own moment (a task's due time) is typed "25.09.2020
       * 14:30"; the stamps every record has are only shown. */
      if (field >= self->type->fields && field < self->type->fields + self->type->n_fields &&
          !(field->flags & CRM_FIELD_COMPUTED))
        {
          editor.editor = adw_entry_row_new ();
          editor.row = editor.editor;
          gtk_editable_set_max_width_chars (GTK_EDITABLE (editor.editor), 18);
          g_signal_connect (editor.editor, "changed", G_CALLBACK (on_entry_changed_cb), self);
          break;
        }
      editor.editor = adw_action_row_new ();
      editor.row = editor.editor;
      gtk_widget_add_css_class (editor.row, "property");
      break;

    case CRM_FIELD_MONEY:
      /* A sum right-aligned in figures of one width, typed as people
       * write it ("1 234,56", "1234.56 руб."). */
      editor.editor = adw_entry_row_new ();
      editor.row = editor.editor;
      gtk_editable_set_alignment (GTK_EDITABLE (editor.editor), 1);
      gtk_widget_add_css_class (editor.editor, "numeric");
      gtk_editable_set_max_width_chars (GTK_EDITABLE (editor.editor), 20);
      g_signal_connect (editor.editor, "changed", G_CALLBACK (on_entry_changed_cb), self);
      break;

    case CRM_FIELD_TEXT:
    case CRM_FIELD_INT:
    case CRM_FIELD_DATE:
    case CRM_FIELD_PHONE:
    case CRM_FIELD_EMAIL:
    case CRM_FIELD_URL:
    case CRM_FIELD_INN:
    case CRM_FIELD_KPP:
    case CRM_FIELD_OGRN:
    case CRM_FIELD_DIGITS:
    default:
      editor.editor = adw_entry_row_new ();
      editor.row = editor.editor;
      if (field->kind == CRM_FIELD_PHONE)
        gtk_editable_set_max_width_chars (GTK_EDITABLE (editor.editor), 24);
      g_signal_connect (editor.editor, "changed", G_CALLBACK (on_entry_changed_cb), self);
      break;
    }

  if (ADW_IS_PREFERENCES_ROW (editor.row))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor.row), label);
  if (field->flags & CRM_FIELD_REQUIRED && ADW_IS_PREFERENCES_ROW (editor.row))
    {
      /* Translators: the title of a required field in a form */
      g_autofree char *title = g_strdup_printf (_ ("%s (required)"), label);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor.row), title);
    }

  gtk_widget_set_name (editor.row, field->name);
  g_object_set_data (G_OBJECT (editor.editor), "editor-field", (gpointer) field->name);

  if (GTK_IS_TEXT_VIEW (editor.editor))
    {
      /* A text area with its title above and its message below. */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *title = gtk_label_new (label);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), editor.row);
      editor.error_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (editor.error_label), 0);
      gtk_label_set_wrap (GTK_LABEL (editor.error_label), TRUE);
      gtk_widget_add_css_class (editor.error_label, "crm-field-error");
      gtk_widget_set_visible (editor.error_label, FALSE);
      gtk_box_append (GTK_BOX (box), editor.error_label);
      editor.error_widget = editor.error_label;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
    }
  else
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor.row);
      add_error_row (&editor, group);
    }

  g_array_append_val (self->editors, editor);
}

static void
on_employees_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (CrmRecordPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_auto (GStrv) names = NULL;
  FieldEditor   *editor;
  GtkStringList *strings;

  if (!crm_store_list_employees_finish (CRM_STORE (object), result, &ids, &names, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the employees: %s", error->message);
      return;
    }

  editor = find_editor (self, "owner_id");
  if (editor == NULL)
    return;

  strings = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (editor->editor)));
  self->updating = TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      gtk_string_list_append (strings, names[i]);
      g_ptr_array_add (editor->choice_values,
                       g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, i)));
    }
  if (self->draft != NULL)
    load_editor (self, editor);
  self->updating = FALSE;
}

static void
add_owner_editor (CrmRecordPage *self,
                  GtkWidget     *group)
{
  const CrmField *field = crm_record_type_get_field (self->type, "owner_id");
  FieldEditor     editor = { field, NULL, NULL, NULL, NULL, NULL, NULL };
  g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, "—");
  editor.choice_values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (editor.choice_values, NULL);
  editor.editor = adw_combo_row_new ();
  editor.row = editor.editor;
  adw_combo_row_set_model (ADW_COMBO_ROW (editor.editor), G_LIST_MODEL (strings));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor.row), crm_field_get_label (field));
  gtk_widget_set_name (editor.row, field->name);
  g_object_set_data (G_OBJECT (editor.editor), "editor-field", (gpointer) field->name);
  g_signal_connect (editor.editor, "notify::selected", G_CALLBACK (on_combo_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor.row);
  add_error_row (&editor, group);
  g_array_append_val (self->editors, editor);

  crm_store_list_employees_async (crm_context_get_store (self->context), self->cancellable,
                                  on_employees_loaded_cb, g_object_ref (self));
}

static void
build_form (CrmRecordPage *self)
{
  g_autoptr (GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *first_group = NULL;

  for (guint i = 0; i < self->type->n_fields; i++)
    {
      const CrmField *field = &self->type->fields[i];
      GtkWidget      *group;

      if ((field->flags & CRM_FIELD_COMPUTED) || field->group == NULL)
        continue;

      group = g_hash_table_lookup (groups, field->group);
      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                           g_dgettext (GETTEXT_PACKAGE, field->group));
          gtk_box_append (self->fields_box, group);
          g_hash_table_insert (groups, (gpointer) field->group, group);
          if (first_group == NULL)
            first_group = group;
        }
      add_editor (self, group, field);
    }

  if (first_group != NULL)
    add_owner_editor (self, first_group);
}

/* Related records ------------------------------------------------------------ */

static void
on_related_n_items_cb (CrmRelatedView *related,
                       GParamSpec     *pspec,
                       CrmRecordPage  *self)
{
  adw_view_stack_page_set_badge_number (self->related_page, crm_related_view_get_n_items (related));
}

/* What names this record (CrmRecordType.related): an account's contacts,
 * deals, contracts and sales; a tariff plan's conditions… */
static void
build_related (CrmRecordPage *self)
{
  crm_related_view_set_record (self->related, self->id != 0 ? self->stored : NULL);
  crm_related_view_set_may_add (self->related, self->access == CRM_RECORD_ACCESS_EDIT);
  adw_view_stack_page_set_visible (self->related_page, crm_related_view_get_has_related (self->related));
  if (self->type->related != NULL)
    {
      const CrmRecordType *first = crm_record_type_lookup (self->type->related[0].type);

      adw_view_stack_page_set_icon_name (self->related_page, first ? first->icon_name : self->type->icon_name);
    }
}

/* State --------------------------------------------------------------------- */

static void
set_ready (CrmRecordPage *self,
           gboolean       ready)
{
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
update_dirty (CrmRecordPage *self)
{
  gboolean dirty = crm_record_page_get_dirty (self);

  gboolean may_edit = self->access == CRM_RECORD_ACCESS_EDIT;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.save",
                                 (dirty || self->stored == NULL) && !self->saving && may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.delete", self->stored != NULL && !self->saving && may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.share", self->stored != NULL && may_edit);
  /* A lead not converted yet: Convert… (crm-lead-convert-dialog.c); a
   * converted one: what it became, in the same dialog. */
  if (self->type == &crm_lead_type && self->stored != NULL)
    {
      gboolean converted = g_strcmp0 (crm_record_get_string (self->stored, "status"), "converted") == 0;

      gtk_button_set_label (self->convert_button, converted ? _ ("Converted _Into…") : _ ("Con_vert…"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->convert_button),
                                   converted ? _ ("See the Account, Contact and Deal the Lead Became")
                                             : _ ("Convert the Lead into an Account, a Contact and a Deal"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.convert-lead", converted || may_edit);
    }
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.convert-lead", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->convert_button), self->type == &crm_lead_type && self->stored != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

static void
show_record (CrmRecordPage *self,
             CrmRecord     *stored,
             CrmRecord     *draft)
{
  g_set_object (&self->stored, stored);
  g_clear_object (&self->draft);
  self->draft = draft ? g_object_ref (draft) : crm_record_copy (stored);
  self->id = stored ? crm_record_get_id (stored) : 0;

  load_editors (self);
  /* A save or their version read: the history has a new entry. */
  crm_history_view_set_record (self->history, self->type, self->id);
  adw_view_stack_page_set_visible (self->history_page, self->id != 0);
  gtk_stack_set_visible_child_name (self->page_stack, "record");
  set_ready (self, TRUE);
}

static void
on_record_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CrmRecordPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) record = crm_store_get_finish (CRM_STORE (object), result, &error);

  if (record == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->page_stack, "error");
      set_ready (self, TRUE);
      return;
    }

  show_record (self, record, NULL);
  build_related (self);
  check_access (self);
}

/* Rights -------------------------------------------------------------------- */

static void
on_access_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CrmRecordPage) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 access = crm_admin_change_finish (CRM_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking_access = FALSE;
  /* Not known: let the database say no when saving. */
  self->access = access < 0 ? CRM_RECORD_ACCESS_EDIT : (CrmRecordAccess) access;
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_box), self->access != CRM_RECORD_ACCESS_SEE);
  crm_related_view_set_may_add (self->related, self->access == CRM_RECORD_ACCESS_EDIT);
  if (self->banner_kind == BANNER_NONE || self->banner_kind == BANNER_READ_ONLY)
    hide_banner (self);
  update_dirty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
check_access (CrmRecordPage *self)
{
  if (self->id == 0)
    return;
  self->checking_access = TRUE;
  crm_admin_record_access_async (crm_context_get_store (self->context), self->type, self->id, self->cancellable,
                                 on_access_cb, g_object_ref (self));
}

static void
convert_lead_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (widget);
  GtkRoot       *root = gtk_widget_get_root (widget);
  GtkWidget     *dialog;

  if (self->stored == NULL || self->type != &crm_lead_type)
    return;
  dialog = crm_lead_convert_dialog_new (self->context, self->stored);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrmRecordPage   *self = CRM_RECORD_PAGE (widget);
  GtkRoot         *root = gtk_widget_get_root (widget);
  g_autofree char *title = NULL;
  GtkWidget       *dialog;

  if (self->stored == NULL)
    return;
  title = crm_record_dup_title (self->stored);
  dialog = crm_share_dialog_new (self->context, self->type, self->id, title);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Saving -------------------------------------------------------------------- */

/* Their version was read after a conflict, or for Compare: both side by
 * side (or simply theirs, when there is nothing of mine to keep). */
static void
on_resolved_cb (CrmConflictDialog *dialog,
                int                choice,
                CrmRecord         *result,
                CrmRecordPage     *self)
{
  g_autoptr (CrmRecord) theirs = g_steal_pointer (&self->theirs);

  g_return_if_fail (theirs != NULL);

  hide_banner (self);
  if (choice == CRM_CONFLICT_TAKE_THEIRS)
    {
      show_record (self, theirs, NULL);
      show_toast (self, _ ("Their version is shown; your changes were dropped"));
      return;
    }

  /* Mine or the merge, over their version: saved knowingly. */
  show_record (self, theirs, result);
  crm_record_page_save (self);
}

static void
on_theirs_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CrmRecordPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) theirs = crm_store_get_finish (CRM_STORE (object), result, &error);
  GtkRoot *root;

  if (theirs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_banner (self, BANNER_ERROR, error->message, NULL);
      return;
    }

  if (!crm_record_page_get_dirty (self))
    {
      hide_banner (self);
      show_record (self, theirs, NULL);
      return;
    }

  g_set_object (&self->theirs, theirs);
  if (self->conflict_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->conflict_dialog));
  self->conflict_dialog = crm_conflict_dialog_new (self->stored, self->draft, theirs);
  g_object_add_weak_pointer (G_OBJECT (self->conflict_dialog), (gpointer *) &self->conflict_dialog);
  g_signal_connect_object (self->conflict_dialog, "resolved", G_CALLBACK (on_resolved_cb), self, 0);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->conflict_dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (self->conflict_dialog));
}

static void
compare_with_theirs (CrmRecordPage *self)
{
  crm_store_get_async (crm_context_get_store (self->context), self->type, self->id, self->cancellable,
                       on_theirs_loaded_cb, g_object_ref (self));
}

static void
on_banner_button_clicked_cb (CrmRecordPage *self)
{
  if (self->banner_kind == BANNER_CONFLICT && self->id != 0)
    compare_with_theirs (self);
  else
    hide_banner (self);
}

/* Someone else's changes --------------------------------------------------- */

/* The record as stored now, read after the feed said it changed. */
static void
on_their_change_loaded_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr (CrmRecordPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) theirs = crm_store_get_finish (CRM_STORE (object), result, &error);
  g_autofree char *message = NULL;
  const char      *who;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stored == NULL)
    return;
  if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
    {
      show_banner (self, BANNER_ERROR,
                   crm_record_page_get_dirty (self)
                       ? _ ("Someone else deleted this record. Your changes are still on screen but cannot be saved.")
                       : _ ("Someone else deleted this record."),
                   NULL);
      return;
    }
  if (theirs == NULL)
    {
      g_debug ("Could not read %s %" G_GINT64_FORMAT " again: %s", self->type->name, self->id, error->message);
      return;
    }
  if (crm_record_get_version (theirs) <= crm_record_get_version (self->stored) || self->saving)
    return;

  who = crm_record_get_updated_by (theirs);
  if (who == NULL || who[0] == '\0')
    who = _ ("Someone else");
  if (crm_record_page_get_dirty (self))
    {
      /* The page keeps my edits; the History tab shows their change. */
      crm_history_view_reload (self->history);
      /* Translators: %s is who changed it (their login) */
      message = g_strdup_printf (_ ("%s changed this record while you were editing it. Your changes are kept; "
                                    "compare the two before you save."),
                                 who);
      show_banner (self, BANNER_CONFLICT, message, _ ("_Compare…"));
      return;
    }

  show_record (self, theirs, NULL);
  /* Translators: %s is who changed it (their login) */
  message = g_strdup_printf (_ ("%s changed this record; it is up to date"), who);
  show_toast (self, message);
}

static void
read_their_change (CrmRecordPage *self)
{
  crm_store_get_async (crm_context_get_store (self->context), self->type, self->id, self->cancellable,
                       on_their_change_loaded_cb, g_object_ref (self));
}

static void
on_feed_changes_cb (CrmChangeFeed *feed,
                    GPtrArray     *changes,
                    CrmRecordPage *self)
{
  int version = -1;

  if (self->stored == NULL)
    return;

  for (guint i = 0; i < changes->len; i++)
    {
      const CrmChange *change = g_ptr_array_index (changes, i);

      if (change->id == self->id && g_str_equal (change->table, self->type->table))
        version = change->op == CRM_CHANGE_DELETE ? G_MAXINT : MAX (version, change->version);
    }

  /* Not this record, or my own save coming back. */
  if (version <= crm_record_get_version (self->stored))
    return;
  if (self->saving)
    self->changed_version = MAX (self->changed_version, version);
  else
    read_their_change (self);
}

static void
on_feed_resync_cb (CrmChangeFeed *feed,
                   CrmRecordPage *self)
{
  if (self->stored != NULL && !self->saving)
    read_their_change (self);
}

/* Back online: a record that could not be loaded is loaded now. */
static void
on_feed_connected_cb (CrmChangeFeed *feed,
                      GParamSpec    *pspec,
                      CrmRecordPage *self)
{
  if (crm_change_feed_get_connected (feed) && self->id != 0 && self->stored == NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "error") == 0)
    {
      gtk_stack_set_visible_child_name (self->page_stack, "loading");
      crm_store_get_async (crm_context_get_store (self->context), self->type, self->id, self->cancellable,
                           on_record_loaded_cb, g_object_ref (self));
    }
}

/* Saving -------------------------------------------------------------------- */

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (CrmRecordPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmRecord) saved = crm_store_save_finish (CRM_STORE (object), result, &error);
  gboolean   was_new = (self->stored == NULL);
  CrmWindow *window;

  self->saving = FALSE;

  if (saved == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->changed_version = 0;

      if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT))
        {
          show_banner (self, BANNER_CONFLICT,
                       _ ("Someone else changed this record since you opened it. Nothing was overwritten."),
                       _ ("_Compare…"));
          compare_with_theirs (self);
        }
      else if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION))
        show_banner (self, BANNER_ERROR,
                     _ ("Not saved: the database server cannot be reached. Your changes stay here; save again "
                        "once it is back."),
                     NULL);
      else
        show_banner (self, BANNER_ERROR, error->message, NULL);

      update_dirty (self);
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
      return;
    }

  hide_banner (self);
  show_record (self, saved, NULL);
  if (was_new)
    build_related (self);
  /* Someone saved after me meanwhile. */
  if (self->changed_version > crm_record_get_version (saved))
    read_their_change (self);
  self->changed_version = 0;

  window = get_window (self);
  if (window != NULL)
    {
      crm_window_refresh_list (window, self->type);
      show_toast (self, was_new ? _ ("Created") : _ ("Saved"));
    }

  g_signal_emit (self, signals[SAVED], 0);
}

void
crm_record_page_save (CrmRecordPage *self)
{
  g_autoptr (GHashTable) errors = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (CRM_IS_RECORD_PAGE (self));

  if (self->draft == NULL || self->saving || self->access == CRM_RECORD_ACCESS_SEE)
    return;

  /* A date, number or sum that did not parse never reached the draft: its
   * message stands next to the field, and nothing is saved. */
  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = &g_array_index (self->editors, FieldEditor, i);

      if (editor->error != NULL && crm_field_get_value_type (editor->field) != G_TYPE_STRING)
        {
          g_set_error_literal (&error, CRM_VALIDATION_ERROR, CRM_VALIDATION_ERROR_INVALID, editor->error);
          show_banner (self, BANNER_ERROR, error->message, NULL);
          gtk_widget_grab_focus (editor->editor);
          g_signal_emit (self, signals[SAVE_FAILED], 0, error);
          return;
        }
    }

  if (!crm_record_validate (self->draft, &errors, &error))
    {
      GHashTableIter iter;
      gpointer       key, value;
      GtkWidget     *first = NULL;

      g_hash_table_iter_init (&iter, errors);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          FieldEditor *editor = find_editor (self, key);

          if (editor != NULL)
            {
              set_field_error (self, editor, value);
              if (first == NULL)
                first = editor->editor;
            }
        }
      if (g_hash_table_size (errors) > 1)
        {
          g_autofree char *message = NULL;

          /* Translators: %s is the first problem; the others are marked too */
          message = g_strdup_printf (_ ("Nothing was saved. %s. The other fields marked in red need attention too."),
                                     error->message);
          show_banner (self, BANNER_ERROR, message, NULL);
        }
      else
        show_banner (self, BANNER_ERROR, error->message, NULL);
      if (first != NULL)
        gtk_widget_grab_focus (first);
      g_signal_emit (self, signals[SAVE_FAILED], 0, error);
      return;
    }

  hide_banner (self);
  self->saving = TRUE;
  update_dirty (self);
  crm_store_save_async (crm_context_get_store (self->context), self->draft,
                        self->cancellable, on_saved_cb, g_object_ref (self));
}

void
crm_record_page_revert (CrmRecordPage *self)
{
  g_return_if_fail (CRM_IS_RECORD_PAGE (self));

  gboolean theirs_waiting = self->banner_kind == BANNER_CONFLICT && self->stored != NULL;

  g_clear_object (&self->draft);
  if (self->stored != NULL)
    self->draft = crm_record_copy (self->stored);
  else
    self->draft = self->prefill ? crm_record_copy (self->prefill) : crm_record_new (self->type);
  hide_banner (self);
  load_editors (self);
  /* Someone else's version was waiting for my edits: show it now. */
  if (theirs_waiting)
    read_their_change (self);
}

/* Actions ------------------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  crm_record_page_save (CRM_RECORD_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (widget);
  CrmWindow     *window = get_window (self);

  if (crm_record_page_get_dirty (self))
    {
      crm_record_page_revert (self);
      show_toast (self, _ ("Changes discarded"));
    }
  else if (window != NULL)
    crm_window_go_back (window);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (widget);
  CrmWindow     *window = get_window (self);

  if (window != NULL && self->stored != NULL)
    crm_window_delete_record (window, self->stored);
}

/* GObject ------------------------------------------------------------------- */

static void
crm_record_page_constructed (GObject *object)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (object);

  G_OBJECT_CLASS (crm_record_page_parent_class)->constructed (object);

  g_assert (self->context != NULL && self->type != NULL);

  self->history = CRM_HISTORY_VIEW (crm_history_view_new (self->context));
  gtk_box_append (self->history_box, GTK_WIDGET (self->history));
  self->related = CRM_RELATED_VIEW (crm_related_view_new (self->context));
  gtk_box_append (self->related_box, GTK_WIDGET (self->related));
  g_signal_connect_object (self->related, "notify::n-items", G_CALLBACK (on_related_n_items_cb), self, 0);

  build_form (self);

  self->feed = g_object_ref (crm_store_get_change_feed (crm_context_get_store (self->context)));
  g_signal_connect (self->feed, "changes", G_CALLBACK (on_feed_changes_cb), self);
  g_signal_connect (self->feed, "resync", G_CALLBACK (on_feed_resync_cb), self);
  g_signal_connect (self->feed, "notify::connected", G_CALLBACK (on_feed_connected_cb), self);

  if (self->id != 0)
    {
      gtk_stack_set_visible_child_name (self->page_stack, "loading");
      crm_store_get_async (crm_context_get_store (self->context), self->type, self->id,
                           self->cancellable, on_record_loaded_cb, g_object_ref (self));
    }
  else
    {
      g_autoptr (CrmRecord) draft = self->prefill ? crm_record_copy (self->prefill) : crm_record_new (self->type);

      show_record (self, NULL, draft);
      build_related (self);
    }
}

static void
crm_record_page_dispose (GObject *object)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  if (self->conflict_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->conflict_dialog));
  g_clear_object (&self->theirs);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_RECORD_PAGE);

  g_clear_object (&self->stored);
  g_clear_object (&self->draft);
  g_clear_object (&self->prefill);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_record_page_parent_class)->dispose (object);
}

static void
crm_record_page_finalize (GObject *object)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (object);

  for (guint i = 0; i < self->editors->len; i++)
    {
      FieldEditor *editor = &g_array_index (self->editors, FieldEditor, i);

      g_clear_pointer (&editor->choice_values, g_ptr_array_unref);
      g_free (editor->error);
    }
  g_array_unref (self->editors);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_record_page_parent_class)->finalize (object);
}

static void
crm_record_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_RECORD_TYPE:
      g_value_set_pointer (value, (gpointer) self->type);
      break;

    case PROP_RECORD_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_PREFILL:
      g_value_set_object (value, self->prefill);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_DIRTY:
      g_value_set_boolean (value, crm_record_page_get_dirty (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_record_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrmRecordPage *self = CRM_RECORD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_RECORD_TYPE:
      self->type = g_value_get_pointer (value);
      break;

    case PROP_RECORD_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_PREFILL:
      self->prefill = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_record_page_class_init (CrmRecordPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_record_page_constructed;
  object_class->dispose = crm_record_page_dispose;
  object_class->finalize = crm_record_page_finalize;
  object_class->get_property = crm_record_page_get_property;
  object_class->set_property = crm_record_page_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, CRM_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_TYPE] =
      g_param_spec_pointer ("record-type", NULL, NULL,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_ID] =
      g_param_spec_int64 ("record-id", NULL, NULL, 0, G_MAXINT64, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFILL] =
      g_param_spec_object ("prefill", NULL, NULL, CRM_TYPE_RECORD,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
      g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DIRTY] =
      g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVE_FAILED] = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  (void) rapport_ui_get_resource (); /* links the static library's resources in */
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-record-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, box);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, related_page);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, history_page);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, convert_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, banner);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, banner_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, fields_box);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, related_box);
  gtk_widget_class_bind_template_child (widget_class, CrmRecordPage, history_box);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "record.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "record.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "record.share", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "record.convert-lead", NULL, convert_lead_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "record.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "record.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crmrecordpage");

  g_type_ensure (CRM_TYPE_REF_CHOOSER);
}

static void
crm_record_page_init (CrmRecordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->editors = g_array_new (FALSE, TRUE, sizeof (FieldEditor));
  self->access = CRM_RECORD_ACCESS_EDIT;
}

GtkWidget *
crm_record_page_new (CrmContext          *context,
                     const CrmRecordType *type,
                     gint64               id,
                     CrmRecord           *prefill)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (prefill == NULL || CRM_IS_RECORD (prefill), NULL);

  return g_object_new (CRM_TYPE_RECORD_PAGE,
                       "context", context,
                       "record-type", type,
                       "record-id", id,
                       "prefill", prefill,
                       NULL);
}

const CrmRecordType *
crm_record_page_get_record_type (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  return self->type;
}

gint64
crm_record_page_get_record_id (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), 0);

  return self->id;
}

CrmRecord *
crm_record_page_get_draft (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  return self->draft;
}

CrmRecord *
crm_record_page_get_stored (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  return self->stored;
}

gboolean
crm_record_page_get_ready (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), FALSE);

  /* Not while the banner is still sliding in or out. */
  return self->ready && !self->checking_access && gtk_revealer_get_child_revealed (self->banner_revealer) == gtk_revealer_get_reveal_child (self->banner_revealer);
}

gboolean
crm_record_page_get_dirty (CrmRecordPage *self)
{
  g_autoptr (GPtrArray) changed = NULL;

  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), FALSE);

  if (self->draft == NULL)
    return FALSE;

  if (self->stored == NULL)
    {
      g_autoptr (CrmRecord) empty = self->prefill ? crm_record_copy (self->prefill) : crm_record_new (self->type);

      changed = crm_record_diff (empty, self->draft);
    }
  else
    changed = crm_record_diff (self->stored, self->draft);

  return changed->len > 0;
}

GtkWidget *
crm_record_page_get_field_widget (CrmRecordPage *self,
                                  const char    *field)
{
  FieldEditor *editor;

  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  editor = find_editor (self, field);
  return editor ? editor->editor : NULL;
}

const char *
crm_record_page_get_field_error (CrmRecordPage *self,
                                 const char    *field)
{
  FieldEditor *editor;

  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  editor = find_editor (self, field);
  return editor ? editor->error : NULL;
}

void
crm_record_page_set_view (CrmRecordPage *self,
                          const char    *name)
{
  g_return_if_fail (CRM_IS_RECORD_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

gboolean
crm_record_page_get_read_only (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), FALSE);

  return self->access == CRM_RECORD_ACCESS_SEE;
}

GtkWidget *
crm_record_page_get_history_view (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  return GTK_WIDGET (self->history);
}

GtkWidget *
crm_record_page_get_conflict_dialog (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  return self->conflict_dialog;
}

const char *
crm_record_page_get_banner (CrmRecordPage *self)
{
  g_return_val_if_fail (CRM_IS_RECORD_PAGE (self), NULL);

  return self->banner_kind != BANNER_NONE ? gtk_label_get_label (self->banner_label) : NULL;
}
