/* crm-stage-delete.c — deleting a pipeline stage asks where its deals go
 * (S1)
 *
 * The database never lets a stage go while deals stand in it
 * (deals_stage_id_fkey). So before the usual delete with its Undo toast,
 * the window asks here: a stage with no deals goes the usual way; one
 * with deals gets a dialog naming how many it holds, with the pipeline's
 * other stages to move them to (the next one chosen), and «Move and
 * Delete» calls rapport.delete_stage(), which does both at once. A lost
 * stage given the deals records why: the stage was removed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-pipeline.h"
#include "crm-pipelines.h"
#include "crm-stage-delete.h"

typedef struct
{
  CrmWindow     *window; /* weak */
  CrmContext    *context;
  CrmRecord     *stage;
  CrmStageUsage *usage;
  GtkDropDown   *choice;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_weak_pointer (&ask->window);
  g_clear_object (&ask->context);
  g_clear_object (&ask->stage);
  g_clear_pointer (&ask->usage, crm_stage_usage_free);
  g_free (ask);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ask, ask_free)

static void
on_deleted_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (Ask) ask = user_data;
  g_autoptr (GError) error = NULL;
  gint64           moved = crm_pipeline_delete_stage_finish (CRM_STORE (object), result, &error);
  g_autofree char *message = NULL;

  if (ask->window == NULL)
    return;
  if (moved < 0)
    message = g_strdup_printf (_ ("Could not delete the stage “%s”: %s"), ask->usage->name, error->message);
  else
    {
      guint chosen = gtk_drop_down_get_selected (ask->choice);

      /* TRANSLATORS: "Stage “Тендер” deleted; 3 deals moved to “Бассейн”" */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stage “%s” deleted; %u deal moved to “%s”",
                                              "Stage “%s” deleted; %u deals moved to “%s”", (gulong) moved),
                                 ask->usage->name, (guint) moved, ask->usage->other_names[chosen]);
    }
  crm_window_show_message (ask->window, message);
  crm_window_refresh_list (ask->window, &crm_pipeline_stage_type);
  crm_window_refresh_list (ask->window, crm_record_type_lookup ("deal"));
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  Ask  *ask = user_data;
  guint chosen = gtk_drop_down_get_selected (ask->choice);

  /* Once: closing the dialog afterwards answers again. */
  g_signal_handlers_disconnect_by_data (dialog, ask);

  if (g_strcmp0 (response, "move") != 0 || ask->window == NULL || chosen >= ask->usage->other_ids->len)
    {
      ask_free (ask);
      return;
    }
  crm_pipeline_delete_stage_async (crm_context_get_store (ask->context), crm_record_get_id (ask->stage),
                                   g_array_index (ask->usage->other_ids, gint64, chosen), NULL, on_deleted_cb, ask);
}

static void
show_dialog (Ask *ask)
{
  AdwMessageDialog *dialog;
  g_autofree char  *heading = g_strdup_printf (_ ("Delete the Stage “%s”?"), ask->usage->name);
  g_autofree char  *body = NULL;

  /* TRANSLATORS: the body of "Delete the Stage …?" */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It holds %u deal. Choose the stage it moves to; then the stage is deleted.",
                                       "It holds %u deals. Choose the stage they move to; then the stage is deleted.",
                                       (gulong) ask->usage->n_deals),
                          (guint) ask->usage->n_deals);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (ask->window), heading, body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "stage-delete");

  ask->choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char *const *) ask->usage->other_names));
  /* The stage after the deleted one, else the last. */
  gtk_drop_down_set_selected (ask->choice, (guint) MAX (ask->usage->next_index, 0));
  gtk_accessible_update_property (GTK_ACCESSIBLE (ask->choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Stage that takes the deals"), -1);
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (ask->choice));

  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "move", _ ("_Move and Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), ask);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_usage_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (Ask) ask = user_data;
  g_autoptr (GError) error = NULL;

  ask->usage = crm_pipeline_stage_usage_finish (CRM_STORE (object), result, &error);
  if (ask->window == NULL)
    return;
  if (ask->usage == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("Could not delete the stage: %s"), error->message);

      crm_window_show_message (ask->window, message);
      return;
    }
  if (ask->usage->n_deals == 0)
    {
      g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (records, g_object_ref (ask->stage));
      crm_window_delete_records_now (ask->window, records);
      return;
    }
  if (ask->usage->other_ids->len == 0)
    {
      g_autofree char *message = g_strdup_printf (
          _ ("The stage “%s” holds deals and is the pipeline's only stage: add another stage first"), ask->usage->name);

      crm_window_show_message (ask->window, message);
      return;
    }
  show_dialog (g_steal_pointer (&ask));
}

void
crm_stage_delete_ask (CrmWindow  *window,
                      CrmContext *context,
                      CrmRecord  *stage)
{
  Ask *ask;

  g_return_if_fail (CRM_IS_WINDOW (window));
  g_return_if_fail (CRM_IS_RECORD (stage));

  ask = g_new0 (Ask, 1);
  g_set_weak_pointer (&ask->window, window);
  ask->context = g_object_ref (context);
  ask->stage = g_object_ref (stage);
  crm_pipeline_stage_usage_async (crm_context_get_store (context), crm_record_get_id (stage), NULL, on_usage_cb, ask);
}
