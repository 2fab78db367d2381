/* crm-audit-row.c — one entry of the audit trail as a list row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-audit-row.h"
#include "crm-tooltip.h"
#include "rapport-ui-resources.h"

/* A creation or deletion lists the record's values: this many at first,
 * the others under "Show N More Values". */
#define FIRST_VALUES 4

struct _CrmAuditRow
{
  GtkListBoxRow  parent_instance;

  AdwAvatar     *avatar;
  GtkLabel      *record_label;
  GtkLabel      *summary_label;
  GtkLabel      *details_label;
  GtkLabel      *note_label;
  GtkLabel      *time_label;
  GtkButton     *more_button;

  CrmAuditEntry *entry;
  gint64         context_id;
  GStrv          details;
};

G_DEFINE_FINAL_TYPE (CrmAuditRow, crm_audit_row, GTK_TYPE_LIST_BOX_ROW)

static char *
dup_record_text (CrmAuditEntry *entry)
{
  const CrmRecordType *type = crm_audit_entry_get_record_type (entry);
  const char          *title = crm_audit_entry_get_record_title (entry);
  const char          *kind;
  g_autofree char     *id_text = NULL;
  g_autofree char     *number = NULL;

  if (type != NULL)
    kind = g_dgettext (GETTEXT_PACKAGE, type->label);
  else if (g_str_equal (crm_audit_entry_get_table_name (entry), "employees"))
    kind = _ ("Employee");
  else
    kind = crm_audit_entry_get_table_name (entry);

  if (title == NULL)
    {
      id_text = g_strdup_printf ("%" G_GINT64_FORMAT, crm_audit_entry_get_record_id (entry));
      /* Translators: a record that could not be named (deleted, or not
       * yours to see), by its number */
      title = number = g_strdup_printf (_ ("No. %s"), id_text);
    }

  /* Translators: a record's type and its name: "Contact · Ivanov Ivan" */
  return g_strdup_printf (_ ("%s · %s"), kind, title);
}

static void
show_details (CrmAuditRow *self,
              guint        n_lines)
{
  guint            n = self->details ? g_strv_length (self->details) : 0;
  g_autofree char *text = NULL;

  if (n == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->details_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->more_button), FALSE);
      return;
    }

  if (n_lines < n)
    {
      g_autofree char *more = NULL;
      char            *cut = self->details[n_lines];

      self->details[n_lines] = NULL;
      text = g_strjoinv ("\n", self->details);
      self->details[n_lines] = cut;
      /* Translators: a button under the first values of a created or
       * deleted record */
      more = g_strdup_printf (ngettext ("Show %u More Value", "Show %u More Values", n - n_lines), n - n_lines);
      gtk_button_set_label (self->more_button, more);
    }
  else
    text = g_strjoinv ("\n", self->details);

  gtk_label_set_label (self->details_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), n_lines < n);
}

static void
on_more_clicked_cb (CrmAuditRow *self)
{
  crm_audit_row_show_all_values (self);
}

static void
load_entry (CrmAuditRow *self)
{
  CrmAuditEntry   *entry = self->entry;
  g_autofree char *summary = crm_audit_entry_dup_summary (entry, self->context_id);
  g_autofree char *note = crm_audit_entry_dup_note (entry, self->context_id);
  g_autoptr (GDateTime) local = g_date_time_to_local (crm_audit_entry_get_at (entry));
  g_autofree char *exact = NULL;

  adw_avatar_set_text (self->avatar, crm_audit_entry_get_actor_display (entry));
  gtk_label_set_label (self->summary_label, summary);

  if (self->context_id == 0)
    {
      g_autofree char *record = dup_record_text (entry);

      gtk_label_set_label (self->record_label, record);
      gtk_widget_set_visible (GTK_WIDGET (self->record_label), TRUE);
    }

  self->details = crm_audit_entry_dup_details (entry);
  /* What changed is shown whole; a record's values at first in part
   * (the hidden ones would be one line more than the button). */
  if (crm_audit_entry_get_op (entry) == CRM_AUDIT_OP_UPDATE || self->details == NULL ||
      g_strv_length (self->details) <= FIRST_VALUES + 1)
    show_details (self, G_MAXUINT);
  else
    show_details (self, FIRST_VALUES);

  gtk_label_set_label (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);

  /* Translators: the exact time of a change, strftime format */
  exact = g_date_time_format (local, _ ("%d.%m.%Y %H:%M:%S"));
  crm_tooltip_set_text (GTK_WIDGET (self->time_label), exact);
  crm_audit_row_update_time (self);
}

static void
crm_audit_row_dispose (GObject *object)
{
  CrmAuditRow *self = CRM_AUDIT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_AUDIT_ROW);
  g_clear_object (&self->entry);
  g_clear_pointer (&self->details, g_strfreev);

  G_OBJECT_CLASS (crm_audit_row_parent_class)->dispose (object);
}

static void
crm_audit_row_class_init (CrmAuditRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_audit_row_dispose;

  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-audit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, record_label);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, CrmAuditRow, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "crmauditrow");
}

static void
crm_audit_row_init (CrmAuditRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
crm_audit_row_new (CrmAuditEntry *entry,
                   gint64         context_id)
{
  CrmAuditRow *self;

  g_return_val_if_fail (CRM_IS_AUDIT_ENTRY (entry), NULL);

  self = g_object_new (CRM_TYPE_AUDIT_ROW, NULL);
  self->entry = g_object_ref (entry);
  self->context_id = context_id;
  load_entry (self);

  return GTK_WIDGET (self);
}

CrmAuditEntry *
crm_audit_row_get_entry (CrmAuditRow *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ROW (self), NULL);

  return self->entry;
}

gboolean
crm_audit_row_get_values_cut (CrmAuditRow *self)
{
  g_return_val_if_fail (CRM_IS_AUDIT_ROW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->more_button));
}

void
crm_audit_row_show_all_values (CrmAuditRow *self)
{
  g_return_if_fail (CRM_IS_AUDIT_ROW (self));

  show_details (self, G_MAXUINT);
}

void
crm_audit_row_update_time (CrmAuditRow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = NULL;

  g_return_if_fail (CRM_IS_AUDIT_ROW (self));

  when = crm_audit_format_time (crm_audit_entry_get_at (self->entry), now);
  gtk_label_set_label (self->time_label, when);
}

char *
crm_audit_row_dup_text (CrmAuditRow *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (CRM_IS_AUDIT_ROW (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->record_label)))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (self->record_label));
  g_string_append (text, gtk_label_get_label (self->summary_label));
  if (gtk_widget_get_visible (GTK_WIDGET (self->details_label)))
    g_string_append_printf (text, "\n%s", gtk_label_get_label (self->details_label));
  if (gtk_widget_get_visible (GTK_WIDGET (self->note_label)))
    g_string_append_printf (text, "\n%s", gtk_label_get_label (self->note_label));

  return g_string_free (g_steal_pointer (&text), FALSE);
}
