/* crm-window.c — the main window: sections on the left, pages on the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-account.h"
#include "crm-audit-dialog.h"
#include "crm-audit.h"
#include "crm-connection-banner.h"
#include "crm-contact.h"
#include "crm-commercial-condition.h"
#include "crm-contract.h"
#include "crm-deal.h"
#include "crm-funnel-page.h"
#include "crm-pipeline.h"
#include "crm-stage-delete.h"
#include "crm-lead.h"
#include "crm-product.h"
#include "crm-sale.h"
#include "crm-tariff-plan.h"
#include "crm-task.h"
#include "crm-list-page.h"
#include "crm-pipeline-board.h"
#include "crm-record-page.h"
#include "crm-screenshot.h"
#include "crm-login.h"
#include "crm-sign-in-page.h"
#include "crm-admin.h"
#include "crm-users-dialog.h"
#include "crm-window.h"
#include "rapport-ui-resources.h"

/* A section of the sidebar: a list page of @type, or a page of its own
 * made by @create (the pipeline board, the funnel) that shows records of
 * @type, with its own @label and @icon_name (N_()). A custom page may
 * have a boolean "ready" property: screenshots wait for it. */
typedef struct
{
  const char          *name;
  const CrmRecordType *type;
  GtkWidget *(*create) (CrmContext *context);
  const char *label;
  const char *icon_name;
} Section;

/* Sections that exist so far; the others of DESIGN.md are not shown
 * until they are built. */
static const Section sections[] = {
  { "accounts", &crm_account_type },
  { "contacts", &crm_contact_type },
  { "leads", &crm_lead_type },
  { "deals", &crm_deal_type },
  { "pipeline", &crm_deal_type, crm_pipeline_board_create, N_ ("Deal Board"), "rapport-pipeline-symbolic" },
  { "funnel", &crm_deal_type, crm_funnel_page_new, N_ ("Funnel"), "rapport-funnel-symbolic" },
  { "sales", &crm_sale_type },
  { "products", &crm_product_type },
  { "contracts", &crm_contract_type },
  { "tariff-plans", &crm_tariff_plan_type },
  { "commercial-conditions", &crm_commercial_condition_type },
  { "tasks", &crm_task_type },
  { "pipelines", &crm_pipeline_type },
  { "pipeline-stages", &crm_pipeline_stage_type },
  { "contract-statuses", &crm_contract_status_type },
};

typedef struct
{
  const CrmRecordType *type;
  gint64               id;
} HistoryEntry;

struct _CrmWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *state_stack;
  AdwStatusPage       *error_page;
  GtkSpinner          *connecting_spinner;
  AdwLeaflet          *leaflet;
  GtkListBox          *sidebar_list;
  GtkStack            *content_stack;
  GtkLabel            *server_label;
  GtkLabel            *user_label;
  CrmSignInPage       *sign_in_page;
  GtkWidget           *sign_in_back_button;
  GCancellable        *who_cancellable;
  CrmConnectionBanner *connection_banner;

  CrmContext          *context;
  char                *section;
  GtkWidget           *record_page;
  GArray              *history; /* HistoryEntry: record pages to go back to */
  GPtrArray           *pending_deletes;
  struct LeaveRequest *leave_request; /* waiting for "Save changes?" */
  gboolean             may_close;
  gboolean             selecting_row;   /* the code, not the person, moves the selection */
  gint64               connecting_time; /* when "Opening the Database…" was shown */
  GCancellable        *cancellable;
  GtkWidget           *audit_dialog; /* weak */
  gboolean             audit_log_offered;
  GtkWidget           *users_dialog; /* weak */
  gboolean             users_offered;
};

/* A database that opens within this long comes up at once, without a
 * crossfade from "Opening the Database…", which only flashed by. */
#define QUICK_CONNECTION_US (G_USEC_PER_SEC / 2)

G_DEFINE_FINAL_TYPE (CrmWindow, crm_window, ADW_TYPE_APPLICATION_WINDOW)

static void select_section_row (CrmWindow *self);

enum
{
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Leaving a page with unsaved edits ----------------------------------------- */

typedef enum
{
  LEAVE_BACK,
  LEAVE_OPEN,
  LEAVE_NEW,
  LEAVE_SECTION,
  LEAVE_CLOSE,
} LeaveKind;

typedef struct LeaveRequest
{
  LeaveKind            kind;
  const CrmRecordType *type;
  gint64               id;
  CrmRecord           *prefill;
  char                *section;
} LeaveRequest;

static void
leave_request_free (LeaveRequest *request)
{
  g_clear_object (&request->prefill);
  g_free (request->section);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LeaveRequest, leave_request_free)

static void do_go_back (CrmWindow *self);
static void do_open_record (CrmWindow *self, const CrmRecordType *type, gint64 id, CrmRecord *prefill);
static void do_select_section (CrmWindow *self, const char *name);

static void
carry_out (CrmWindow    *self,
           LeaveRequest *request)
{
  switch (request->kind)
    {
    case LEAVE_BACK:
      do_go_back (self);
      break;
    case LEAVE_OPEN:
    case LEAVE_NEW:
      do_open_record (self, request->type, request->id, request->prefill);
      break;
    case LEAVE_SECTION:
      do_select_section (self, request->section);
      break;
    case LEAVE_CLOSE:
    default:
      self->may_close = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      break;
    }
}

static void
on_leave_saved_cb (CrmRecordPage *page,
                   CrmWindow     *self)
{
  g_autoptr (LeaveRequest) request = g_steal_pointer (&self->leave_request);

  g_signal_handlers_disconnect_by_data (page, self);
  if (request != NULL)
    carry_out (self, request);
}

static void
on_leave_save_failed_cb (CrmRecordPage *page,
                         GError        *error,
                         CrmWindow     *self)
{
  /* The page shows why; the person stays with their edits. */
  g_signal_handlers_disconnect_by_data (page, self);
  g_clear_pointer (&self->leave_request, leave_request_free);
  select_section_row (self);
}

static void
on_leave_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CrmWindow        *self)
{
  CrmRecordPage *page = self->record_page ? CRM_RECORD_PAGE (self->record_page) : NULL;

  if (self->leave_request == NULL)
    return;

  if (g_str_equal (response, "discard") || page == NULL)
    {
      g_autoptr (LeaveRequest) request = g_steal_pointer (&self->leave_request);

      if (page != NULL)
        crm_record_page_revert (page);
      carry_out (self, request);
    }
  else if (g_str_equal (response, "save"))
    {
      g_signal_connect (page, "saved", G_CALLBACK (on_leave_saved_cb), self);
      g_signal_connect (page, "save-failed", G_CALLBACK (on_leave_save_failed_cb), self);
      crm_record_page_save (page);
    }
  else
    {
      g_clear_pointer (&self->leave_request, leave_request_free);
      select_section_row (self);
    }
}

/* TRUE when the current page may be left at once; otherwise asks whether
 * to save, and carries @request out once the answer allows it. Takes
 * @request. No edit is ever dropped without the person saying so. */
static gboolean
may_leave (CrmWindow    *self,
           LeaveRequest *request)
{
  AdwMessageDialog *dialog;
  g_autofree char  *title = NULL;
  g_autofree char  *heading = NULL;

  if (self->record_page == NULL || !crm_record_page_get_dirty (CRM_RECORD_PAGE (self->record_page)))
    {
      leave_request_free (request);
      return TRUE;
    }

  g_clear_pointer (&self->leave_request, leave_request_free);
  self->leave_request = request;

  title = crm_record_dup_title (crm_record_page_get_draft (CRM_RECORD_PAGE (self->record_page)));
  if (title[0] != '\0')
    heading = g_strdup_printf (_ ("Save the Changes to “%s”?"), title);
  else
    heading = g_strdup (_ ("Save the New Record?"));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _ ("The changes are lost if you leave without saving.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _ ("_Keep Editing"),
                                    "discard", _ ("_Discard"),
                                    "save", _ ("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_leave_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

static LeaveRequest *
leave_request_new (LeaveKind kind)
{
  LeaveRequest *request = g_new0 (LeaveRequest, 1);

  request->kind = kind;
  return request;
}


static const Section *
find_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return &sections[i];
  return NULL;
}

static const Section *
find_section_for_type (const CrmRecordType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (sections[i].type == type && sections[i].create == NULL)
      return &sections[i];
  return NULL;
}

static GtkWidget *
create_sidebar_row (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, section->label ? section->label : section->type->plural));

  gtk_box_append (GTK_BOX (box),
                  gtk_image_new_from_icon_name (section->icon_name ? section->icon_name : section->type->icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->name);
  g_object_set_data (G_OBJECT (row), "section", (gpointer) section->name);

  return row;
}

/* A section's page, made when it is first wanted: at start only the
 * section shown is built (and loads), the others when they are opened. */
static GtkWidget *
ensure_section_page (CrmWindow  *self,
                     const char *name)
{
  const Section *section = find_section (name);
  GtkWidget     *page;

  if (section == NULL || self->context == NULL)
    return NULL;
  page = gtk_stack_get_child_by_name (self->content_stack, name);
  if (page == NULL)
    {
      page = section->create ? section->create (self->context) : crm_list_page_new (self->context, section->type);
      gtk_stack_add_named (self->content_stack, page, section->name);
    }
  return page;
}

static void
show_section_page (CrmWindow *self)
{
  if (self->section != NULL && ensure_section_page (self, self->section) != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, self->section);
}

static void
clear_record_page (CrmWindow *self)
{
  if (self->record_page != NULL)
    {
      gtk_stack_remove (self->content_stack, self->record_page);
      self->record_page = NULL;
    }
}

static void
do_select_section (CrmWindow  *self,
                   const char *name)
{
  if (g_strcmp0 (name, self->section) != 0)
    {
      g_free (self->section);
      self->section = g_strdup (name);
      if (self->context && crm_context_get_settings (self->context))
        g_settings_set_string (crm_context_get_settings (self->context), "last-section", name);
    }

  g_array_set_size (self->history, 0);
  clear_record_page (self);
  show_section_page (self);
  select_section_row (self);
}

static void
on_sidebar_row_selected_cb (CrmWindow     *self,
                            GtkListBoxRow *row)
{
  LeaveRequest *request;
  const char   *name;

  if (row == NULL)
    return;

  name = g_object_get_data (G_OBJECT (row), "section");
  if (self->selecting_row || (g_strcmp0 (name, self->section) == 0 && self->record_page == NULL))
    return;

  request = leave_request_new (LEAVE_SECTION);
  request->section = g_strdup (name);
  if (may_leave (self, request))
    do_select_section (self, name);
}

static void
on_sidebar_row_activated_cb (CrmWindow     *self,
                             GtkListBoxRow *row)
{
  /* On a narrow window the sidebar and the page are one at a time. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  on_sidebar_row_selected_cb (self, row);
}

static void
build_sections (CrmWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);

  clear_record_page (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack))) != NULL)
    gtk_stack_remove (self->content_stack, child);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_list_box_append (self->sidebar_list, create_sidebar_row (&sections[i]));
}

static void
select_section_row (CrmWindow *self)
{
  GtkWidget *row;

  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "section"), self->section) == 0)
      {
        self->selecting_row = TRUE;
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
        self->selecting_row = FALSE;
        return;
      }
}

static void
show_record_page (CrmWindow *self,
                  GtkWidget *page)
{
  clear_record_page (self);
  self->record_page = page;
  gtk_stack_add_named (self->content_stack, page, "record");
  gtk_stack_set_visible_child (self->content_stack, page);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
push_history (CrmWindow *self)
{
  HistoryEntry entry;

  if (self->record_page == NULL)
    return;

  entry.type = crm_record_page_get_record_type (CRM_RECORD_PAGE (self->record_page));
  entry.id = crm_record_page_get_record_id (CRM_RECORD_PAGE (self->record_page));
  if (entry.id != 0)
    g_array_append_val (self->history, entry);
}

/* Deleting ---------------------------------------------------------------- */

typedef struct
{
  CrmWindow *window;  /* weak */
  GPtrArray *records; /* the list's own objects: filled in place if a row was still loading */
  AdwToast  *toast;
  gboolean   undone;
} PendingDelete;

static void
pending_delete_free (gpointer data)
{
  PendingDelete *pending = data;

  /* The toast may outlive this (the overlay goes in dispose). */
  g_signal_handlers_disconnect_by_data (pending->toast, pending);
  g_clear_pointer (&pending->records, g_ptr_array_unref);
  g_clear_object (&pending->toast);
  g_free (pending);
}

void
crm_window_refresh_list (CrmWindow           *self,
                         const CrmRecordType *type)
{
  const Section *section = find_section_for_type (type);
  GtkWidget     *page;

  if (section == NULL)
    return;
  page = gtk_stack_get_child_by_name (self->content_stack, section->name);
  if (CRM_IS_LIST_PAGE (page))
    crm_list_page_reload (CRM_LIST_PAGE (page));
}

static void
on_delete_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CrmWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!crm_store_delete_finish (CRM_STORE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_ ("Could not delete: %s"), error->message);

      crm_window_show_message (self, message);
    }

  /* Either way the lists show what the database now holds. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    crm_window_refresh_list (self, sections[i].type);
}

static void
run_pending_delete (PendingDelete *pending)
{
  CrmWindow *self = pending->window;

  if (self == NULL || self->context == NULL)
    return;

  for (guint i = 0; i < pending->records->len; i++)
    crm_store_delete_async (crm_context_get_store (self->context), g_ptr_array_index (pending->records, i),
                            NULL, on_delete_done_cb, g_object_ref (self));
}

static void
set_records_hidden (CrmWindow *self,
                    GPtrArray *records,
                    gboolean   hidden)
{
  for (guint i = 0; i < records->len; i++)
    {
      CrmRecord     *record = g_ptr_array_index (records, i);
      const Section *section = find_section_for_type (crm_record_get_record_type (record));
      GtkWidget     *page = section ? gtk_stack_get_child_by_name (self->content_stack, section->name) : NULL;

      if (CRM_IS_LIST_PAGE (page))
        crm_list_page_set_record_hidden (CRM_LIST_PAGE (page), crm_record_get_id (record), hidden);
    }
}

static void
on_delete_toast_dismissed_cb (AdwToast      *toast,
                              PendingDelete *pending)
{
  CrmWindow *self = pending->window;

  if (!pending->undone)
    run_pending_delete (pending);

  if (self != NULL)
    g_ptr_array_remove (self->pending_deletes, pending);
}

static void
on_delete_undo_cb (AdwToast      *toast,
                   PendingDelete *pending)
{
  CrmWindow *self = pending->window;

  pending->undone = TRUE;
  if (self != NULL)
    set_records_hidden (self, pending->records, FALSE);
}

void
crm_window_delete_records (CrmWindow *self,
                           GPtrArray *records)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (records != NULL);

  /* A stage holding deals first asks where they go. */
  if (records->len == 1 && crm_record_get_record_type (g_ptr_array_index (records, 0)) == &crm_pipeline_stage_type)
    {
      crm_stage_delete_ask (self, self->context, g_ptr_array_index (records, 0));
      return;
    }
  crm_window_delete_records_now (self, records);
}

void
crm_window_delete_records_now (CrmWindow *self,
                               GPtrArray *records)
{
  PendingDelete   *pending;
  g_autofree char *message = NULL;

  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (records != NULL);

  if (records->len == 0)
    return;

  if (records->len == 1)
    {
      g_autofree char *title = crm_record_dup_title (g_ptr_array_index (records, 0));

      /* Translators: shown after deleting a record, with an Undo button */
      message = g_strdup_printf (_ ("“%s” deleted"), title);
    }
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record deleted", "%u records deleted", records->len),
                               records->len);

  pending = g_new0 (PendingDelete, 1);
  pending->window = self;
  pending->records = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (pending->records, g_object_ref (g_ptr_array_index (records, i)));
  pending->toast = adw_toast_new (message);
  adw_toast_set_button_label (pending->toast, _ ("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (on_delete_undo_cb), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed_cb), pending);
  g_ptr_array_add (self->pending_deletes, pending);

  set_records_hidden (self, records, TRUE);

  /* Leave the page of a record being deleted. */
  for (guint i = 0; i < records->len && self->record_page != NULL; i++)
    if (crm_record_page_get_record_id (CRM_RECORD_PAGE (self->record_page)) == crm_record_get_id (g_ptr_array_index (records, i)))
      crm_window_go_back (self);

  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (pending->toast));
}

void
crm_window_delete_record (CrmWindow *self,
                          CrmRecord *record)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (CRM_IS_RECORD (record));

  /* A copy: the page that asks may go, and its record with it. */
  g_ptr_array_add (records, crm_record_copy (record));
  crm_window_delete_records (self, records);
}

/* Actions ----------------------------------------------------------------- */

static void
choose_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  /* The application knows the keyring and the settings. */
  gtk_widget_activate_action (widget, "app.sign-in", NULL);
}

static void
on_signed_in_cb (CrmWindow *self,
                 CrmStore  *store)
{
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, store);
}

static void
on_sign_in_back_clicked_cb (CrmWindow *self)
{
  if (self->context != NULL)
    gtk_stack_set_visible_child_name (self->state_stack, "main");
}

static void
on_who_am_i_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CrmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *login = NULL;
  g_autofree char *full_name = NULL;
  const char      *shown;

  if (!crm_store_who_am_i_finish (CRM_STORE (object), result, &login, &full_name, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot tell who is signed in: %s", error->message);
      return;
    }
  if (self->context == NULL || crm_context_get_store (self->context) != CRM_STORE (object))
    return;

  /* The embedded database signs in as its owner: no one to name. */
  if (full_name != NULL)
    shown = full_name;
  else if (crm_login_is_local (crm_store_get_conninfo (CRM_STORE (object))))
    shown = NULL;
  else
    shown = login;
  gtk_label_set_label (self->user_label, shown ? shown : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_label), login);
  gtk_widget_set_visible (GTK_WIDGET (self->user_label), shown != NULL);
}
static void
on_audit_open_record_cb (CrmAuditDialog      *dialog,
                         const CrmRecordType *type,
                         gint64               id,
                         CrmWindow           *self)
{
  crm_window_open_record (self, type, id);
  gtk_window_present (GTK_WINDOW (self));
}

static void
audit_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->context == NULL)
    return;

  if (self->audit_dialog == NULL)
    {
      self->audit_dialog = crm_audit_dialog_new (self->context);
      g_object_add_weak_pointer (G_OBJECT (self->audit_dialog), (gpointer *) &self->audit_dialog);
      gtk_window_set_transient_for (GTK_WINDOW (self->audit_dialog), GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->audit_dialog), TRUE);
      g_signal_connect_object (self->audit_dialog, "open-record", G_CALLBACK (on_audit_open_record_cb), self, 0);
    }
  gtk_window_present (GTK_WINDOW (self->audit_dialog));
}

static void
users_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (self->context == NULL)
    return;

  if (self->users_dialog == NULL)
    {
      self->users_dialog = crm_users_dialog_new (self->context);
      g_object_add_weak_pointer (G_OBJECT (self->users_dialog), (gpointer *) &self->users_dialog);
      gtk_window_set_transient_for (GTK_WINDOW (self->users_dialog), GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->users_dialog), TRUE);
    }
  gtk_window_present (GTK_WINDOW (self->users_dialog));
}

/* Users and Roles is offered to administrators; the database refuses the
 * changes to anyone else anyway. */
static void
on_admin_who_am_i_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (CrmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmWhoAmI) who = crm_admin_who_am_i_finish (CRM_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Could not tell whether this login administers: %s", error->message);
  self->users_offered = who != NULL && who->is_admin;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.users", self->users_offered);
}

/* The Audit Log is offered to administrators; the database still decides
 * what they read in it. */
static void
on_can_browse_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (CrmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean admin = crm_audit_can_browse_finish (CRM_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Could not tell whether this login may browse the audit log: %s", error->message);
  self->audit_log_offered = admin;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-log", admin);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  crm_window_go_back (CRM_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmWindow    *self = CRM_WINDOW (widget);
  LeaveRequest *request;
  GtkWidget    *page;

  if (self->section == NULL)
    return;

  request = leave_request_new (LEAVE_SECTION);
  request->section = g_strdup (self->section);
  if (!may_leave (self, request))
    return;

  do_select_section (self, self->section);
  page = gtk_stack_get_child_by_name (self->content_stack, self->section);
  if (CRM_IS_LIST_PAGE (page))
    crm_list_page_focus_search (CRM_LIST_PAGE (page));
}

/* Window state ------------------------------------------------------------ */

static void
save_window_state (CrmWindow *self)
{
  GSettings *settings = self->context ? crm_context_get_settings (self->context) : NULL;
  int        width, height;

  if (settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static gboolean
crm_window_close_request (GtkWindow *window)
{
  CrmWindow *self = CRM_WINDOW (window);

  if (!self->may_close && !may_leave (self, leave_request_new (LEAVE_CLOSE)))
    return TRUE;

  save_window_state (self);

  /* Deletes waiting for their undo toast happen now. */
  for (guint i = 0; i < self->pending_deletes->len; i++)
    {
      PendingDelete *pending = g_ptr_array_index (self->pending_deletes, i);

      if (!pending->undone)
        {
          g_autoptr (GError) error = NULL;

          pending->undone = TRUE;
          for (guint j = 0; self->context != NULL && j < pending->records->len; j++)
            if (!crm_store_delete_sync (crm_context_get_store (self->context),
                                        g_ptr_array_index (pending->records, j), NULL, &error))
              {
                g_warning ("Could not delete a record on closing: %s", error->message);
                g_clear_error (&error);
              }
        }
    }

  return GTK_WINDOW_CLASS (crm_window_parent_class)->close_request (window);
}

static void
crm_window_dispose (GObject *object)
{
  CrmWindow *self = CRM_WINDOW (object);

  if (self->pending_deletes != NULL)
    for (guint i = 0; i < self->pending_deletes->len; i++)
      ((PendingDelete *) g_ptr_array_index (self->pending_deletes, i))->window = NULL;
  g_clear_pointer (&self->pending_deletes, g_ptr_array_unref);
  g_cancellable_cancel (self->who_cancellable);
  g_clear_object (&self->who_cancellable);
  g_clear_pointer (&self->leave_request, leave_request_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->audit_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->audit_dialog), (gpointer *) &self->audit_dialog);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->audit_dialog)));
    }
  if (self->users_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->users_dialog), (gpointer *) &self->users_dialog);
      gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->users_dialog)));
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  G_OBJECT_CLASS (crm_window_parent_class)->dispose (object);
}

static void
crm_window_finalize (GObject *object)
{
  CrmWindow *self = CRM_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->history, g_array_unref);
  g_free (self->section);

  G_OBJECT_CLASS (crm_window_parent_class)->finalize (object);
}

static void
crm_window_class_init (CrmWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crm_window_dispose;
  object_class->finalize = crm_window_finalize;
  window_class->close_request = crm_window_close_request;

  /* The resources live in a static library: naming them here links them
   * in, and their constructor registers them. */
  (void) rapport_ui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sign_in_back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in_cb);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, connection_banner);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_back_clicked_cb);

  /* Signed in on the sign-in page: the store is open; take it. */
  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, CRM_TYPE_STORE);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.choose-server", NULL, choose_server_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.audit-log", NULL, audit_log_action);
  gtk_widget_class_install_action (widget_class, "win.users", NULL, users_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);

  g_type_ensure (CRM_TYPE_CONNECTION_BANNER);
  g_type_ensure (CRM_TYPE_LIST_PAGE);
  g_type_ensure (CRM_TYPE_RECORD_PAGE);
  g_type_ensure (CRM_TYPE_SIGN_IN_PAGE);
}

static void
crm_window_init (CrmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));


  self->history = g_array_new (FALSE, FALSE, sizeof (HistoryEntry));
  self->pending_deletes = g_ptr_array_new_with_free_func (pending_delete_free);
  self->section = g_strdup (sections[0].name);
  self->connecting_time = g_get_monotonic_time (); /* the first page */
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-log", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.users", FALSE);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CrmWindow *
crm_window_new (gpointer application)
{
  return g_object_new (CRM_TYPE_WINDOW,
                       "application", application,
                       "default-width", 1280,
                       "default-height", 800,
                       NULL);
}

gboolean
crm_window_is_known_section (const char *name)
{
  return find_section (name) != NULL;
}

void
crm_window_set_section (CrmWindow  *self,
                        const char *name)
{
  LeaveRequest *request;

  g_return_if_fail (CRM_IS_WINDOW (self));

  if (find_section (name) == NULL)
    return;

  request = leave_request_new (LEAVE_SECTION);
  request->section = g_strdup (name);
  if (may_leave (self, request))
    do_select_section (self, name);
}

const char *
crm_window_get_section (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return self->section;
}

void
crm_window_set_context (CrmWindow  *self,
                        CrmContext *context)
{
  GSettings       *settings;
  g_autofree char *server = NULL;

  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (CRM_IS_CONTEXT (context));

  if (self->context == context)
    return;

  g_set_object (&self->context, context);
  settings = crm_context_get_settings (context);

  if (settings != NULL)
    {
      int width = g_settings_get_int (settings, "window-width");
      int height = g_settings_get_int (settings, "window-height");

      if (width > 0 && height > 0)
        gtk_window_set_default_size (GTK_WINDOW (self), width, height);
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  /* Says so while the server cannot be reached. */
  crm_connection_banner_set_feed (self->connection_banner,
                                  crm_store_get_change_feed (crm_context_get_store (context)));

  server = crm_store_dup_display_name (crm_context_get_store (context));
  gtk_label_set_label (self->server_label, server);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->server_label), server);

  g_cancellable_cancel (self->who_cancellable);
  g_clear_object (&self->who_cancellable);
  self->who_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->user_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->user_label), FALSE);
  crm_store_who_am_i_async (crm_context_get_store (context), self->who_cancellable, on_who_am_i_cb,
                            g_object_ref (self));

  build_sections (self);
  select_section_row (self);
  show_section_page (self);


  self->audit_log_offered = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.audit-log", FALSE);
  crm_audit_can_browse_async (crm_context_get_store (context), self->cancellable, on_can_browse_cb, g_object_ref (self));
  self->users_offered = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.users", FALSE);
  crm_admin_who_am_i_async (crm_context_get_store (context), self->cancellable, on_admin_who_am_i_cb,
                            g_object_ref (self));

  gtk_spinner_stop (self->connecting_spinner);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "connecting") == 0 &&
      g_get_monotonic_time () - self->connecting_time < QUICK_CONNECTION_US)
    gtk_stack_set_visible_child_full (self->state_stack, "main", GTK_STACK_TRANSITION_TYPE_NONE);
  else
    gtk_stack_set_visible_child_name (self->state_stack, "main");
}

CrmContext *
crm_window_get_context (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return self->context;
}

void
crm_window_show_connecting (CrmWindow *self)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  if (self->context != NULL)
    return;

  gtk_spinner_start (self->connecting_spinner);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "connecting") != 0)
    self->connecting_time = g_get_monotonic_time ();
  gtk_stack_set_visible_child_name (self->state_stack, "connecting");
}

void
crm_window_show_error (CrmWindow    *self,
                       const GError *error)
{
  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  /* An open window keeps its data; the toast says what went wrong. */
  if (self->context != NULL)
    {
      crm_window_show_message (self, error->message);
      return;
    }

  gtk_spinner_stop (self->connecting_spinner);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->state_stack, "error");
}

void
crm_window_show_sign_in (CrmWindow      *self,
                         CrmCredentials *credentials,
                         GSettings      *settings,
                         const char     *conninfo,
                         const GError   *error,
                         gboolean        can_go_back)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  crm_sign_in_page_set_keeping (self->sign_in_page, credentials, settings);
  crm_sign_in_page_prefill (self->sign_in_page, conninfo);
  crm_sign_in_page_show_error (self->sign_in_page, error);
  gtk_widget_set_visible (self->sign_in_back_button, can_go_back && self->context != NULL);
  gtk_spinner_stop (self->connecting_spinner);
  gtk_stack_set_visible_child_name (self->state_stack, "sign-in");
}

void
crm_window_clear_context (CrmWindow *self)
{
  GtkWidget *child;

  g_return_if_fail (CRM_IS_WINDOW (self));

  g_cancellable_cancel (self->who_cancellable);
  clear_record_page (self);
  g_array_set_size (self->history, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack))) != NULL)
    gtk_stack_remove (self->content_stack, child);
  gtk_label_set_label (self->user_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->user_label), FALSE);
  g_clear_object (&self->context);
}

const char *
crm_window_get_signed_in_name (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->user_label);
}

GtkWidget *
crm_window_get_sign_in_page (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sign_in_page);
}

static void
do_open_record (CrmWindow           *self,
                const CrmRecordType *type,
                gint64               id,
                CrmRecord           *prefill)
{
  push_history (self);
  show_record_page (self, crm_record_page_new (self->context, type, id, prefill));
}

void
crm_window_open_record (CrmWindow           *self,
                        const CrmRecordType *type,
                        gint64               id)
{
  LeaveRequest *request;

  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (type != NULL);

  if (self->context == NULL)
    return;

  request = leave_request_new (LEAVE_OPEN);
  request->type = type;
  request->id = id;
  if (may_leave (self, request))
    do_open_record (self, type, id, NULL);
}

void
crm_window_new_record (CrmWindow           *self,
                       const CrmRecordType *type,
                       CrmRecord           *prefill)
{
  LeaveRequest *request;

  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (type != NULL);

  if (self->context == NULL)
    return;

  request = leave_request_new (LEAVE_NEW);
  request->type = type;
  request->prefill = prefill ? g_object_ref (prefill) : NULL;
  if (may_leave (self, request))
    do_open_record (self, type, 0, prefill);
}

static void
do_go_back (CrmWindow *self)
{
  if (self->record_page == NULL)
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      return;
    }

  if (self->history->len > 0)
    {
      HistoryEntry entry = g_array_index (self->history, HistoryEntry, self->history->len - 1);

      g_array_set_size (self->history, self->history->len - 1);
      show_record_page (self, crm_record_page_new (self->context, entry.type, entry.id, NULL));
      return;
    }

  clear_record_page (self);
  show_section_page (self);
}

void
crm_window_go_back (CrmWindow *self)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  if (may_leave (self, leave_request_new (LEAVE_BACK)))
    do_go_back (self);
}

void
crm_window_add_toast (CrmWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
crm_window_show_message (CrmWindow  *self,
                         const char *message)
{
  AdwToast *toast;

  g_return_if_fail (CRM_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkWidget *
crm_window_get_list_page (CrmWindow  *self,
                          const char *section)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return ensure_section_page (self, section);
}

GtkWidget *
crm_window_get_record_page (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return self->record_page;
}

/* Screenshot -------------------------------------------------------------- */

static gboolean
window_is_ready (CrmWindow *self)
{
  const char *state = gtk_stack_get_visible_child_name (self->state_stack);
  GtkWidget  *page;

  /* A crossfade still draws the page before. */
  if (gtk_stack_get_transition_running (self->state_stack) || gtk_stack_get_transition_running (self->content_stack))
    return FALSE;

  if (g_strcmp0 (state, "error") == 0)
    return TRUE;
  if (g_strcmp0 (state, "sign-in") == 0)
    return !crm_sign_in_page_get_busy (self->sign_in_page);
  if (g_strcmp0 (state, "main") != 0)
    return FALSE;

  page = gtk_stack_get_visible_child (self->content_stack);
  if (CRM_IS_LIST_PAGE (page))
    return crm_list_page_get_ready (CRM_LIST_PAGE (page));
  if (CRM_IS_RECORD_PAGE (page))
    return crm_record_page_get_ready (CRM_RECORD_PAGE (page));
  if (page != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (page), "ready") != NULL)
    {
      gboolean ready = FALSE;

      g_object_get (page, "ready", &ready, NULL);
      return ready;
    }
  return TRUE;
}

/* bench-startup (bench/) times a start until the window has drawn its
 * data: it sets RAPPORT_BENCH_T0 to g_get_monotonic_time() (the system's
 * monotonic clock, the same in every process) just before it starts
 * Rapport, and reads "shown after N ms" from standard error, written when
 * the first frame with the data has been painted. */
static void
report_shown_cb (GdkFrameClock *clock,
                 gpointer       user_data)
{
  const char *t0 = g_getenv ("RAPPORT_BENCH_T0");

  g_signal_handlers_disconnect_by_func (clock, report_shown_cb, user_data);
  if (t0 != NULL)
    g_printerr ("shown after %.1f ms\n", (g_get_monotonic_time () - g_ascii_strtoll (t0, NULL, 10)) / 1000.0);
}

static gboolean
screenshot_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  GTask     *task = user_data;
  CrmWindow *self = CRM_WINDOW (widget);
  guint     *ready_frames = g_task_get_task_data (task);
  GFile     *file = g_object_get_data (G_OBJECT (task), "file");
  g_autoptr (GError) error = NULL;

  if (!window_is_ready (self))
    {
      *ready_frames = 0;
      return G_SOURCE_CONTINUE;
    }

  /* Let the rows that just arrived be laid out and drawn. */
  if (++(*ready_frames) == 1 && g_getenv ("RAPPORT_BENCH_T0") != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (report_shown_cb), NULL);
  if (*ready_frames < 3)
    return G_SOURCE_CONTINUE;

  if (!crm_screenshot_widget (widget, file, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) && *ready_frames < 120)
        return G_SOURCE_CONTINUE;
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "error") == 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _ ("The database could not be opened (the screenshot shows why): %s"),
                             adw_status_page_get_description (self->error_page));
  else
    g_task_return_boolean (task, TRUE);

  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

void
crm_window_screenshot_async (CrmWindow          *self,
                             GFile              *file,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (CRM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_window_screenshot_async);
  g_task_set_task_data (task, g_new0 (guint, 1), g_free);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);

  gtk_widget_add_tick_callback (GTK_WIDGET (self), screenshot_tick_cb, task, NULL);
}

gboolean
crm_window_screenshot_finish (CrmWindow    *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
crm_window_get_audit_log_offered (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), FALSE);

  return self->audit_log_offered;
}

gboolean
crm_window_get_users_offered (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), FALSE);

  return self->users_offered;
}
