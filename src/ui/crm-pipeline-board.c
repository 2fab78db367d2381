/* crm-pipeline-board.c — the deals pipeline board, a sidebar section (S1)
 *
 * A header with the pipeline (when there are several), the responsible
 * and the period; below, one column per stage side by side, scrolling
 * sideways: the stage's name, how many deals and their sum, and the deals
 * as cards in a GtkListView (rows recycled, records read in pages by the
 * column's CrmRecordList). Won and lost come last, their names coloured.
 *
 * A card is dragged to another column (GtkDragSource with the deal's id,
 * a GtkDropTarget on every column), or moved with Ctrl+Left and
 * Ctrl+Right to the neighbouring stage; Enter or a double click opens the
 * deal. A lost stage first asks why. Every move is saved with the deal's
 * version (CrmBoard) and shows a toast with Undo; a refused one says why,
 * and the columns show the deal where the database has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-deal.h"
#include "crm-money.h"
#include "crm-pipeline-board.h"
#include "crm-tooltip.h"
#include "crm-window.h"

#define COLUMN_WIDTH 272

typedef struct _ColumnView ColumnView;

struct _CrmPipelineBoard
{
  GtkWidget      parent_instance;

  CrmContext    *context;
  CrmBoard      *board;

  GtkWidget     *box;
  GtkDropDown   *pipeline_dropdown;
  GtkDropDown   *owner_dropdown;
  GtkDropDown   *period_dropdown;
  GtkStringList *pipeline_names;
  GtkStringList *owner_names;
  GArray        *owner_ids; /* gint64, 0 first: everyone */
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
  GtkWidget     *empty_button;
  GtkWidget     *columns_box;
  GPtrArray     *column_views; /* ColumnView, in column order */

  GCancellable  *cancellable;
  gboolean       started;
  gboolean       ready;
  gboolean       updating; /* the code, not the person, sets a dropdown */
  guint          n_moving;
  gint64         focus_deal_id; /* a card moved with the keyboard keeps the focus */
  GWeakRef       last_toast;    /* the last move's Undo toast */
};

G_DEFINE_FINAL_TYPE (CrmPipelineBoard, crm_pipeline_board, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _ColumnView
{
  CrmPipelineBoard   *self; /* owns this */
  CrmBoardColumn     *column;
  GtkWidget          *widget;
  GtkLabel           *title_label;
  GtkLabel           *count_label;
  GtkLabel           *sum_label;
  GtkStack           *content;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
};

static void update_state (CrmPipelineBoard *self);
static void request_move (CrmPipelineBoard *self,
                          CrmRecord        *deal,
                          CrmBoardColumn   *to,
                          gboolean          keyboard);

/* ---- Cards ---- */

typedef struct
{
  GtkWidget *name;
  GtkWidget *account;
  GtkWidget *amount;
  GtkWidget *task;
  GtkWidget *date;
  GtkWidget *date_icon;
  CrmRecord *record; /* bound */
  gulong     notify_id;
} Card;

static void
card_free (gpointer data)
{
  Card *card = data;

  if (card->record != NULL)
    g_signal_handler_disconnect (card->record, card->notify_id);
  g_clear_object (&card->record);
  g_free (card);
}

static gboolean
is_past_day (GDateTime *when,
             GDateTime *now)
{
  return g_date_time_compare (when, now) < 0 && (g_date_time_get_year (when) != g_date_time_get_year (now) ||
                                                 g_date_time_get_day_of_year (when) != g_date_time_get_day_of_year (now));
}

static void
set_warning (GtkWidget *label,
             gboolean   warning)
{
  gtk_widget_remove_css_class (label, warning ? "dim-label" : "warning");
  gtk_widget_add_css_class (label, warning ? "warning" : "dim-label");
}

static void
card_update (Card *card)
{
  CrmRecord       *record = card->record;
  gboolean         loaded = record != NULL && crm_record_get_loaded (record);
  g_autofree char *amount = NULL;
  g_autofree char *date = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  const char *task;
  const char *date_field;
  GDateTime  *when;
  gboolean    closed, overdue;

  if (!loaded)
    {
      gtk_label_set_text (GTK_LABEL (card->name), "…");
      gtk_label_set_text (GTK_LABEL (card->account), "");
      gtk_label_set_text (GTK_LABEL (card->task), "");
      gtk_label_set_text (GTK_LABEL (card->amount), "");
      gtk_label_set_text (GTK_LABEL (card->date), "");
      gtk_widget_set_visible (card->date_icon, FALSE);
      return;
    }

  gtk_label_set_text (GTK_LABEL (card->name), crm_record_get_string (record, "name"));
  crm_tooltip_set_text (card->name, crm_record_get_string (record, "name"));
  gtk_label_set_text (GTK_LABEL (card->account), crm_record_get_string (record, "account_name"));
  amount = crm_record_dup_display (record, "amount");
  gtk_label_set_text (GTK_LABEL (card->amount), amount ? amount : "");
  closed = g_strcmp0 (crm_record_get_string (record, "stage_kind"), "open") != 0;

  /* The next step: the nearest open task, else when it should close. */
  task = crm_record_get_string (record, "next_task_subject");
  if (task != NULL && task[0] != '\0')
    {
      gtk_label_set_text (GTK_LABEL (card->task), task);
      crm_tooltip_set_text (card->task, task);
      gtk_widget_remove_css_class (card->task, "dim-label");
      date_field = "next_task_due";
      gtk_image_set_from_icon_name (GTK_IMAGE (card->date_icon), "alarm-symbolic");
    }
  else
    {
      /* Translators: on a pipeline card, an open deal nobody planned a task for */
      gtk_label_set_text (GTK_LABEL (card->task), closed ? "" : _ ("No open task"));
      crm_tooltip_set_text (card->task, NULL);
      gtk_widget_add_css_class (card->task, "dim-label");
      date_field = closed ? "closed_on" : "expected_close";
      gtk_image_set_from_icon_name (GTK_IMAGE (card->date_icon), "x-office-calendar-symbolic");
    }

  when = g_value_get_boxed (crm_record_peek_value (record, date_field));
  if (when != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (when);

      /* Translators: a date as shown in lists and cards, strftime format */
      date = g_date_time_format (local, _ ("%d.%m.%Y"));
    }
  gtk_label_set_text (GTK_LABEL (card->date), date ? date : "");
  gtk_widget_set_visible (card->date_icon, date != NULL);
  crm_tooltip_set_text (card->date, crm_field_get_label (crm_record_type_get_field (&crm_deal_type, date_field)));
  crm_tooltip_set_text (card->date_icon, crm_field_get_label (crm_record_type_get_field (&crm_deal_type, date_field)));

  /* An open deal past its date wants attention. */
  overdue = !closed && when != NULL && is_past_day (when, now);
  set_warning (card->date, overdue);
}

static void
on_card_record_notify_cb (CrmRecord  *record,
                          GParamSpec *pspec,
                          Card       *card)
{
  card_update (card);
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    GtkWidget     *widget)
{
  Card *card = g_object_get_data (G_OBJECT (widget), "crm-card");

  if (card == NULL || card->record == NULL || !crm_record_get_loaded (card->record))
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_INT64, crm_record_get_id (card->record));
}

static void
on_drag_begin_cb (GtkDragSource *source,
                  GdkDrag       *drag,
                  GtkWidget     *widget)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  gtk_drag_source_set_icon (source, paintable, gtk_widget_get_width (widget) / 2, 12);
  gtk_widget_add_css_class (widget, "dragged");
}

static void
on_drag_end_cb (GtkDragSource *source,
                GdkDrag       *drag,
                gboolean       delete_data,
                GtkWidget     *widget)
{
  gtk_widget_remove_css_class (widget, "dragged");
}

static GtkWidget *
card_label (const char *css_class,
            gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 2);
    }
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
on_card_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget     *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget     *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkDragSource *source = gtk_drag_source_new ();
  Card          *card = g_new0 (Card, 1);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "crm-deal-card");
  card->name = card_label ("heading", FALSE);
  card->account = card_label ("dim-label", FALSE);
  card->task = card_label ("dim-label", FALSE);
  card->amount = card_label ("numeric", FALSE);
  card->date = card_label ("dim-label", FALSE);
  gtk_widget_add_css_class (card->date, "caption");
  gtk_widget_set_hexpand (card->amount, TRUE);
  gtk_label_set_xalign (GTK_LABEL (card->date), 1);
  gtk_label_set_ellipsize (GTK_LABEL (card->amount), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_ellipsize (GTK_LABEL (card->date), PANGO_ELLIPSIZE_NONE);
  card->date_icon = gtk_image_new_from_icon_name ("x-office-calendar-symbolic");
  gtk_widget_add_css_class (card->date_icon, "dim-label");
  gtk_box_append (GTK_BOX (box), card->name);
  gtk_box_append (GTK_BOX (box), card->account);
  gtk_box_append (GTK_BOX (box), card->task);
  gtk_box_append (GTK_BOX (bottom), card->amount);
  gtk_box_append (GTK_BOX (bottom), card->date_icon);
  gtk_box_append (GTK_BOX (bottom), card->date);
  gtk_box_append (GTK_BOX (box), bottom);
  g_object_set_data_full (G_OBJECT (box), "crm-card", card, card_free);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare_cb), box);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin_cb), box);
  g_signal_connect (source, "drag-end", G_CALLBACK (on_drag_end_cb), box);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (source));

  gtk_list_item_set_child (item, box);
}

static void
on_card_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  Card *card = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "crm-card");

  card->record = g_object_ref (gtk_list_item_get_item (item));
  card->notify_id = g_signal_connect (card->record, "notify", G_CALLBACK (on_card_record_notify_cb), card);
  card_update (card);
}

static void
on_card_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  Card *card = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "crm-card");

  if (card->record != NULL)
    g_signal_handler_disconnect (card->record, card->notify_id);
  card->notify_id = 0;
  g_clear_object (&card->record);
}

/* ---- Columns ---- */

static ColumnView *
find_column_view (CrmPipelineBoard *self,
                  gint64            stage_id)
{
  for (guint i = 0; i < self->column_views->len; i++)
    {
      ColumnView *view = g_ptr_array_index (self->column_views, i);

      if (crm_board_column_get_stage_id (view->column) == stage_id)
        return view;
    }
  return NULL;
}

static void
column_view_update_header (ColumnView *view)
{
  guint            count = crm_board_column_get_count (view->column);
  g_autofree char *count_text = NULL;
  g_autofree char *sum_text = NULL;

  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal", "%u deals", count), count);
  gtk_label_set_text (view->count_label, count_text);
  if (crm_board_column_get_sum_withheld (view->column))
    gtk_label_set_text (view->sum_label, _ ("Hidden"));
  else
    {
      sum_text = crm_money_format (crm_board_column_get_sum (view->column));
      gtk_label_set_text (view->sum_label, sum_text);
    }
}

static void
column_view_update_content (ColumnView *view)
{
  GListModel *deals = G_LIST_MODEL (crm_board_column_get_deals (view->column));

  gtk_stack_set_visible_child_name (view->content, g_list_model_get_n_items (deals) > 0 ? "list" : "empty");
}

/* A card moved with the keyboard: focus it in its new column once it is
 * listed there. */
static gboolean
column_view_focus_deal (ColumnView *view,
                        gint64      deal_id)
{
  CrmRecordList *deals = crm_board_column_get_deals (view->column);
  gint           position = crm_record_list_find_id (deals, deal_id);

  if (position < 0)
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (view->selection), (guint) position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (view->list_view), "list.scroll-to-item", "u", (guint) position);
  gtk_widget_grab_focus (GTK_WIDGET (view->list_view));
  return TRUE;
}

static void
on_column_items_changed_cb (GListModel *model,
                            guint       position,
                            guint       removed,
                            guint       added,
                            ColumnView *view)
{
  CrmPipelineBoard *self = view->self;

  column_view_update_content (view);
  update_state (self);
  if (self->focus_deal_id != 0 && column_view_focus_deal (view, self->focus_deal_id))
    self->focus_deal_id = 0;
}

static void
on_column_totals_cb (CrmBoardColumn *column,
                     GParamSpec     *pspec,
                     ColumnView     *view)
{
  column_view_update_header (view);
  update_state (view->self);
}

static void
on_list_activate_cb (GtkListView *list_view,
                     guint        position,
                     ColumnView  *view)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (list_view));
  gint64   id = crm_record_list_get_id (crm_board_column_get_deals (view->column), position);

  if (id != 0 && CRM_IS_WINDOW (root))
    crm_window_open_record (CRM_WINDOW (root), &crm_deal_type, id);
}

/* The record object of deal @id in whichever column lists it. */
static CrmRecord *
find_deal (CrmPipelineBoard *self,
           gint64            id)
{
  for (guint i = 0; i < self->column_views->len; i++)
    {
      ColumnView    *view = g_ptr_array_index (self->column_views, i);
      CrmRecordList *deals = crm_board_column_get_deals (view->column);
      gint           position = crm_record_list_find_id (deals, id);

      if (position >= 0)
        return g_list_model_get_item (G_LIST_MODEL (deals), (guint) position);
    }
  return NULL;
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            ColumnView    *view)
{
  CrmPipelineBoard *self = view->self;
  g_autoptr (CrmRecord) deal = NULL;

  if (!G_VALUE_HOLDS_INT64 (value))
    return FALSE;
  deal = find_deal (self, g_value_get_int64 (value));
  if (deal == NULL || !crm_record_get_loaded (deal) ||
      crm_record_get_int (deal, "stage_id") == crm_board_column_get_stage_id (view->column))
    return FALSE;

  request_move (self, deal, view->column, FALSE);
  return TRUE;
}

static void
column_view_free (gpointer data)
{
  ColumnView    *view = data;
  CrmRecordList *deals = crm_board_column_get_deals (view->column);

  g_signal_handlers_disconnect_by_data (deals, view);
  g_signal_handlers_disconnect_by_data (view->column, view);
  /* GTK 4.8's list view may keep a row that had the focus (and with it
   * the model) a while longer; the deals, which hold the store, go now. */
  gtk_list_view_set_model (view->list_view, NULL);
  g_clear_object (&view->column);
  g_free (view);
}

static ColumnView *
column_view_new (CrmPipelineBoard *self,
                 CrmBoardColumn   *column)
{
  ColumnView         *view = g_new0 (ColumnView, 1);
  GtkWidget          *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget          *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget          *scrolled = gtk_scrolled_window_new ();
  GtkWidget          *empty;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget      *target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  CrmRecordList      *deals = crm_board_column_get_deals (column);
  CrmStageKind        kind = crm_board_column_get_kind (column);

  view->self = self;
  view->column = g_object_ref (column);
  view->widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (view->widget, "crm-board-column");
  if (kind == CRM_STAGE_WON)
    gtk_widget_add_css_class (view->widget, "won");
  else if (kind == CRM_STAGE_LOST)
    gtk_widget_add_css_class (view->widget, "lost");
  gtk_widget_set_size_request (view->widget, COLUMN_WIDTH, -1);
  gtk_widget_set_name (view->widget, crm_board_column_get_name (column));

  /* Header: the stage, then how many and how much. */
  gtk_widget_add_css_class (header, "crm-board-column-header");
  view->title_label = GTK_LABEL (gtk_label_new (crm_board_column_get_name (column)));
  gtk_label_set_xalign (view->title_label, 0);
  gtk_label_set_ellipsize (view->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (GTK_WIDGET (view->title_label), crm_board_column_get_name (column));
  gtk_widget_add_css_class (GTK_WIDGET (view->title_label), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (view->title_label), "crm-board-column-title");
  view->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (view->count_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (view->count_label), "dim-label");
  view->sum_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (view->sum_label, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (view->sum_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (view->sum_label), "numeric");
  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (view->count_label));
  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (view->sum_label));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (view->title_label));
  gtk_box_append (GTK_BOX (header), figures);
  gtk_box_append (GTK_BOX (view->widget), header);

  /* The cards. */
  g_signal_connect (factory, "setup", G_CALLBACK (on_card_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_card_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_card_unbind_cb), NULL);
  view->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (deals)));
  gtk_single_selection_set_autoselect (view->selection, FALSE);
  gtk_single_selection_set_can_unselect (view->selection, TRUE);
  view->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (view->selection), factory));
  gtk_widget_add_css_class (GTK_WIDGET (view->list_view), "crm-board-cards");
  g_signal_connect (view->list_view, "activate", G_CALLBACK (on_list_activate_cb), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view->list_view));

  empty = gtk_label_new (_ ("No deals"));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_valign (empty, GTK_ALIGN_START);
  gtk_widget_set_margin_top (empty, 24);

  view->content = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (view->content), TRUE);
  gtk_stack_add_named (view->content, scrolled, "list");
  gtk_stack_add_named (view->content, empty, "empty");
  gtk_box_append (GTK_BOX (view->widget), GTK_WIDGET (view->content));

  g_signal_connect (target, "drop", G_CALLBACK (on_drop_cb), view);
  gtk_widget_add_controller (view->widget, GTK_EVENT_CONTROLLER (target));

  g_signal_connect (deals, "items-changed", G_CALLBACK (on_column_items_changed_cb), view);
  g_signal_connect (column, "notify::count", G_CALLBACK (on_column_totals_cb), view);
  g_signal_connect (column, "notify::sum", G_CALLBACK (on_column_totals_cb), view);
  g_signal_connect (column, "notify::sum-withheld", G_CALLBACK (on_column_totals_cb), view);
  column_view_update_header (view);
  column_view_update_content (view);

  return view;
}

static void
on_columns_changed_cb (GListModel       *columns,
                       guint             position,
                       guint             removed,
                       guint             added,
                       CrmPipelineBoard *self)
{
  GtkWidget *child;
  guint      n = g_list_model_get_n_items (columns);

  /* The columns of another pipeline or of changed stages: all again
   * (the views first, while their widgets exist). */
  g_ptr_array_set_size (self->column_views, 0);
  while ((child = gtk_widget_get_first_child (self->columns_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->columns_box), child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmBoardColumn) column = g_list_model_get_item (columns, i);
      ColumnView *view = column_view_new (self, column);

      g_ptr_array_add (self->column_views, view);
      gtk_box_append (GTK_BOX (self->columns_box), view->widget);
    }
  update_state (self);
}

/* ---- State ---- */

static gboolean
filtered (CrmPipelineBoard *self)
{
  return crm_board_get_owner_id (self->board) != 0 || crm_board_get_period (self->board) != CRM_BOARD_PERIOD_ANY;
}

static void
update_state (CrmPipelineBoard *self)
{
  gboolean      ready = crm_board_get_ready (self->board);
  const GError *error = crm_board_get_error (self->board);
  guint         total = 0;
  const char   *page;

  for (guint i = 0; i < self->column_views->len; i++)
    {
      ColumnView *view = g_ptr_array_index (self->column_views, i);

      total += g_list_model_get_n_items (G_LIST_MODEL (crm_board_column_get_deals (view->column)));
    }

  if (!ready && error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (!ready && !self->ready)
    page = "loading";
  else if (ready && total == 0)
    {
      if (filtered (self))
        {
          adw_status_page_set_title (self->empty_page, _ ("No Deals Match"));
          adw_status_page_set_description (self->empty_page,
                                           _ ("No deal of this pipeline has the chosen responsible and period"));
          gtk_button_set_label (GTK_BUTTON (self->empty_button), _ ("Show All Deals"));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _ ("No Deals in the Pipeline"));
          adw_status_page_set_description (self->empty_page,
                                           _ ("Add a deal and follow it here from stage to stage until it is won"));
          gtk_button_set_label (GTK_BUTTON (self->empty_button), _ ("New Deal"));
        }
      page = "empty";
    }
  else
    page = "board";

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);

  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

static void
on_board_ready_cb (CrmBoard         *board,
                   GParamSpec       *pspec,
                   CrmPipelineBoard *self)
{
  update_state (self);
}

static void
on_empty_button_cb (GtkButton        *button,
                    CrmPipelineBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (filtered (self))
    {
      gtk_drop_down_set_selected (self->owner_dropdown, 0);
      gtk_drop_down_set_selected (self->period_dropdown, 0);
      return;
    }
  if (CRM_IS_WINDOW (root))
    crm_window_new_record (CRM_WINDOW (root), &crm_deal_type, NULL);
}

/* ---- Filters ---- */

static void
on_pipelines_changed_cb (GListModel       *pipelines,
                         guint             position,
                         guint             removed,
                         guint             added,
                         CrmPipelineBoard *self)
{
  guint  n = g_list_model_get_n_items (pipelines);
  gint64 current = crm_board_get_pipeline_id (self->board);
  guint  selected = 0;

  self->updating = TRUE;
  gtk_string_list_splice (self->pipeline_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pipeline_names)), NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmRecord) pipeline = g_list_model_get_item (pipelines, i);

      gtk_string_list_append (self->pipeline_names, crm_record_get_string (pipeline, "name"));
      if (crm_record_get_id (pipeline) == current)
        selected = i;
    }
  gtk_drop_down_set_selected (self->pipeline_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->pipeline_dropdown), n > 1);
  self->updating = FALSE;
}

static void
on_pipeline_id_cb (CrmBoard         *board,
                   GParamSpec       *pspec,
                   CrmPipelineBoard *self)
{
  on_pipelines_changed_cb (crm_board_get_pipelines (board), 0, 0, 0, self);
}

static void
on_pipeline_selected_cb (GtkDropDown      *dropdown,
                         GParamSpec       *pspec,
                         CrmPipelineBoard *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  g_autoptr (CrmRecord) pipeline = NULL;

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  pipeline = g_list_model_get_item (crm_board_get_pipelines (self->board), selected);
  if (pipeline != NULL)
    crm_board_set_pipeline_id (self->board, crm_record_get_id (pipeline));
}

static void
on_owner_selected_cb (GtkDropDown      *dropdown,
                      GParamSpec       *pspec,
                      CrmPipelineBoard *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected >= self->owner_ids->len)
    return;
  crm_board_set_owner_id (self->board, g_array_index (self->owner_ids, gint64, selected));
}

static const struct
{
  const char    *label;
  CrmBoardPeriod period;
  CrmBoardDate   date;
} periods[] = {
  { N_ ("Any Time"), CRM_BOARD_PERIOD_ANY, CRM_BOARD_DATE_EXPECTED_CLOSE },
  { N_ ("Closing This Month"), CRM_BOARD_PERIOD_MONTH, CRM_BOARD_DATE_EXPECTED_CLOSE },
  { N_ ("Closing This Quarter"), CRM_BOARD_PERIOD_QUARTER, CRM_BOARD_DATE_EXPECTED_CLOSE },
  { N_ ("Closing This Year"), CRM_BOARD_PERIOD_YEAR, CRM_BOARD_DATE_EXPECTED_CLOSE },
  { N_ ("Created This Month"), CRM_BOARD_PERIOD_MONTH, CRM_BOARD_DATE_CREATED },
  { N_ ("Created This Quarter"), CRM_BOARD_PERIOD_QUARTER, CRM_BOARD_DATE_CREATED },
  { N_ ("Created This Year"), CRM_BOARD_PERIOD_YEAR, CRM_BOARD_DATE_CREATED },
};

static void
on_period_selected_cb (GtkDropDown      *dropdown,
                       GParamSpec       *pspec,
                       CrmPipelineBoard *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected >= G_N_ELEMENTS (periods))
    return;
  crm_board_set_period (self->board, periods[selected].period, periods[selected].date);
}

static void
on_employees_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrmPipelineBoard *self = user_data;
  g_autoptr (GArray) ids = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (GError) error = NULL;

  if (!crm_store_list_employees_finish (CRM_STORE (source), result, &ids, &names, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the employees: %s", error->message);
      return;
    }

  self->updating = TRUE;
  for (guint i = 0; i < ids->len && names[i] != NULL; i++)
    {
      g_array_append_val (self->owner_ids, g_array_index (ids, gint64, i));
      gtk_string_list_append (self->owner_names, names[i]);
    }
  self->updating = FALSE;
}

/* ---- Moving ---- */

typedef struct
{
  CrmPipelineBoard *self;
  char             *deal_name;
  char             *stage_name;
  gint64            deal_id;
  gboolean          keyboard;
  gboolean          undo;
} MoveRequest;

static void
move_request_free (MoveRequest *request)
{
  g_object_unref (request->self);
  g_free (request->deal_name);
  g_free (request->stage_name);
  g_free (request);
}

static void
show_message (CrmPipelineBoard *self,
              const char       *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CRM_IS_WINDOW (root))
    crm_window_show_message (CRM_WINDOW (root), message);
  else
    g_message ("%s", message);
}

static void start_move (CrmPipelineBoard *self,
                        CrmRecord        *deal,
                        CrmBoardColumn   *to,
                        const char       *loss_reason,
                        gboolean          keyboard,
                        gboolean          undo);

typedef struct
{
  GWeakRef   self; /* the toast may outlive the board */
  CrmRecord *saved;
  gint64     from_stage_id;
  gboolean   done;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_weak_ref_clear (&undo->self);
  g_object_unref (undo->saved);
  g_free (undo);
}

static void
on_undo_clicked_cb (AdwToast *toast,
                    Undo     *undo)
{
  g_autoptr (CrmPipelineBoard) self = g_weak_ref_get (&undo->self);
  ColumnView *from;

  if (undo->done || self == NULL)
    return;
  undo->done = TRUE;
  from = find_column_view (self, undo->from_stage_id);
  if (from == NULL)
    {
      show_message (self, _ ("The stage the deal came from is gone"));
      return;
    }
  /* A lost stage left behind keeps the reason the deal still has. */
  start_move (self, undo->saved, from->column, NULL, FALSE, TRUE);
}

static void
on_move_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MoveRequest      *request = user_data;
  CrmPipelineBoard *self = request->self;
  g_autoptr (CrmRecord) saved = NULL;
  g_autoptr (GError) error = NULL;
  gint64 from_stage_id = 0;

  saved = crm_board_move_finish (CRM_BOARD (source), result, &from_stage_id, &error);
  self->n_moving--;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ;
      else if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONFLICT))
        {
          g_autofree char *message =
              g_strdup_printf (_ ("Someone else changed «%s» just now: it is shown where they left it"),
                               request->deal_name);

          show_message (self, message);
        }
      else if (g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *message = g_strdup_printf (_ ("«%s» was deleted meanwhile"), request->deal_name);

          show_message (self, message);
        }
      else
        {
          g_autofree char *message =
              g_strdup_printf (_ ("Could not move «%s»: %s"), request->deal_name, error->message);

          show_message (self, message);
        }
    }
  else if (!request->undo)
    {
      GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autofree char *title = g_strdup_printf (_ ("Moved «%s» to «%s»"), request->deal_name, request->stage_name);
      AdwToast        *toast = adw_toast_new (title);
      Undo            *undo = g_new0 (Undo, 1);

      g_weak_ref_init (&undo->self, self);
      undo->saved = g_object_ref (saved);
      undo->from_stage_id = from_stage_id;
      adw_toast_set_button_label (toast, _ ("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), undo,
                             (GClosureNotify) (void (*) (void)) undo_free, 0);
      /* Weak: the toast holds on to the overlay, which holds this board. */
      g_weak_ref_set (&self->last_toast, toast);
      if (CRM_IS_WINDOW (root))
        crm_window_add_toast (CRM_WINDOW (root), toast);
      else
        g_object_unref (g_object_ref_sink (toast));
    }

  if (request->keyboard && error == NULL)
    {
      ColumnView *view = find_column_view (self, crm_record_get_int (saved, "stage_id"));

      self->focus_deal_id = request->deal_id;
      if (view != NULL && column_view_focus_deal (view, request->deal_id))
        self->focus_deal_id = 0;
    }
  move_request_free (request);
}

static void
start_move (CrmPipelineBoard *self,
            CrmRecord        *deal,
            CrmBoardColumn   *to,
            const char       *loss_reason,
            gboolean          keyboard,
            gboolean          undo)
{
  MoveRequest *request = g_new0 (MoveRequest, 1);

  request->self = g_object_ref (self);
  request->deal_name = g_strdup (crm_record_get_string (deal, "name"));
  request->stage_name = g_strdup (crm_board_column_get_name (to));
  request->deal_id = crm_record_get_id (deal);
  request->keyboard = keyboard;
  request->undo = undo;
  self->n_moving++;
  crm_board_move_async (self->board, deal, crm_board_column_get_stage_id (to), loss_reason, self->cancellable,
                        on_move_done_cb, request);
}

/* What a loss reason dialog moves: weakly, so that a dialog left open
 * keeps neither the board nor the store. */
typedef struct
{
  GWeakRef   self;
  CrmRecord *deal; /* a copy */
  gint64     to_stage_id;
  GtkEntry  *entry;
  gboolean   keyboard;
} LossRequest;

static void
loss_request_free (gpointer data)
{
  LossRequest *request = data;

  g_weak_ref_clear (&request->self);
  g_object_unref (request->deal);
  g_free (request);
}

static void
on_loss_reason_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "lost", reason[0] != '\0');
}

static void
on_loss_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     LossRequest      *request)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (request->entry))));

  g_autoptr (CrmPipelineBoard) self = g_weak_ref_get (&request->self);
  ColumnView *to = self ? find_column_view (self, request->to_stage_id) : NULL;

  if (g_str_equal (response, "lost") && reason[0] != '\0' && to != NULL)
    start_move (self, request->deal, to->column, reason, request->keyboard, FALSE);
}

static void
on_loss_activate_cb (GtkEntry         *entry,
                     AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "lost"))
    adw_message_dialog_response (dialog, "lost");
}

static void
request_move (CrmPipelineBoard *self,
              CrmRecord        *deal,
              CrmBoardColumn   *to,
              gboolean          keyboard)
{
  GtkRoot          *root;
  AdwMessageDialog *dialog;
  LossRequest      *request;
  g_autofree char  *heading = NULL;

  if (crm_board_column_get_kind (to) != CRM_STAGE_LOST)
    {
      start_move (self, deal, to, NULL, keyboard, FALSE);
      return;
    }

  /* A lost deal needs its reason (the database refuses it without). */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  heading = g_strdup_printf (_ ("Why Was «%s» Lost?"), crm_record_get_string (deal, "name"));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       _ ("The reason is kept with the deal and counted in the funnel")));
  request = g_new0 (LossRequest, 1);
  g_weak_ref_init (&request->self, self);
  request->deal = crm_record_copy (deal);
  request->to_stage_id = crm_board_column_get_stage_id (to);
  request->keyboard = keyboard;
  request->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (request->entry, _ ("Loss reason"));
  gtk_editable_set_text (GTK_EDITABLE (request->entry), crm_record_get_string (deal, "loss_reason")
                                                            ? crm_record_get_string (deal, "loss_reason")
                                                            : "");
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (request->entry));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "lost", _ ("_Mark as Lost"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "lost", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "lost");
  adw_message_dialog_set_close_response (dialog, "cancel");
  on_loss_reason_changed_cb (GTK_EDITABLE (request->entry), dialog);
  g_signal_connect (request->entry, "changed", G_CALLBACK (on_loss_reason_changed_cb), dialog);
  g_signal_connect (request->entry, "activate", G_CALLBACK (on_loss_activate_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_loss_response_cb), request,
                         (GClosureNotify) (void (*) (void)) loss_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (request->entry));
}

/* The card that has the keyboard focus, and its column. */
static Card *
focused_card (CrmPipelineBoard *self,
              ColumnView      **out_view)
{
  GtkRoot   *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      Card *card = g_object_get_data (G_OBJECT (w), "crm-card");

      if (card == NULL && gtk_widget_get_first_child (w) != NULL)
        card = g_object_get_data (G_OBJECT (gtk_widget_get_first_child (w)), "crm-card");
      if (card != NULL && card->record != NULL)
        {
          *out_view = find_column_view (self, crm_record_get_int (card->record, "stage_id"));
          return *out_view != NULL ? card : NULL;
        }
    }
  return NULL;
}

static void
move_focused (CrmPipelineBoard *self,
              int               step)
{
  ColumnView *view = NULL;
  Card       *card = focused_card (self, &view);
  guint       index;

  if (card == NULL || !crm_record_get_loaded (card->record) ||
      !g_ptr_array_find (self->column_views, view, &index))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if ((step < 0 && index == 0) || (step > 0 && index + 1 >= self->column_views->len))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  view = g_ptr_array_index (self->column_views, index + step);
  request_move (self, card->record, view->column, TRUE);
}

static void
move_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_focused (CRM_PIPELINE_BOARD (widget), 1);
}

static void
move_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  move_focused (CRM_PIPELINE_BOARD (widget), -1);
}

/* ---- Building ---- */

static GtkWidget *
build_header (CrmPipelineBoard *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new (_ ("Pipeline"), NULL);
  GtkWidget *new_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  g_autoptr (GtkStringList) period_names = gtk_string_list_new (NULL);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_widget_set_tooltip_text (new_button, _ ("New Deal"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (new_button), "board.new-deal");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), new_button);

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    gtk_string_list_append (period_names, _ (periods[i].label));

  self->pipeline_names = gtk_string_list_new (NULL);
  self->pipeline_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->pipeline_names)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pipeline_dropdown), _ ("Pipeline"));
  gtk_widget_set_visible (GTK_WIDGET (self->pipeline_dropdown), FALSE);

  self->owner_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->owner_names, _ ("Everyone"));
  self->owner_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->owner_names)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->owner_dropdown), _ ("Responsible"));

  self->period_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (period_names)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->period_dropdown), _ ("Period"));
  gtk_widget_set_name (GTK_WIDGET (self->pipeline_dropdown), "pipeline");
  gtk_widget_set_name (GTK_WIDGET (self->owner_dropdown), "owner");
  gtk_widget_set_name (GTK_WIDGET (self->period_dropdown), "period");

  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->period_dropdown));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->owner_dropdown));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->pipeline_dropdown));

  g_signal_connect (self->pipeline_dropdown, "notify::selected", G_CALLBACK (on_pipeline_selected_cb), self);
  g_signal_connect (self->owner_dropdown, "notify::selected", G_CALLBACK (on_owner_selected_cb), self);
  g_signal_connect (self->period_dropdown, "notify::selected", G_CALLBACK (on_period_selected_cb), self);
  return header;
}

static void
new_deal_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (CRM_IS_WINDOW (root))
    crm_window_new_record (CRM_WINDOW (root), &crm_deal_type, NULL);
}

static void
crm_pipeline_board_constructed (GObject *object)
{
  CrmPipelineBoard *self = CRM_PIPELINE_BOARD (object);
  GtkWidget        *scrolled = gtk_scrolled_window_new ();
  GtkWidget        *spinner = gtk_spinner_new ();
  GtkWidget        *loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  G_OBJECT_CLASS (crm_pipeline_board_parent_class)->constructed (object);

  g_assert (CRM_IS_CONTEXT (self->context));
  self->board = crm_board_new (self->context);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), build_header (self));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (loading, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_stack_add_named (self->stack, loading, "loading");

  self->columns_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->columns_box, "crm-board");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->columns_box);
  gtk_stack_add_named (self->stack, scrolled, "board");

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_widget_set_name (GTK_WIDGET (self->empty_page), "empty");
  adw_status_page_set_icon_name (self->empty_page, "rapport-pipeline-symbolic");
  self->empty_button = gtk_button_new_with_label (_ ("New Deal"));
  gtk_widget_set_halign (self->empty_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->empty_button, "pill");
  gtk_widget_add_css_class (self->empty_button, "suggested-action");
  g_signal_connect (self->empty_button, "clicked", G_CALLBACK (on_empty_button_cb), self);
  adw_status_page_set_child (self->empty_page, self->empty_button);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _ ("Could Not Show the Pipeline"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");
  gtk_stack_set_visible_child_name (self->stack, "loading");

  g_signal_connect (crm_board_get_columns (self->board), "items-changed", G_CALLBACK (on_columns_changed_cb), self);
  g_signal_connect (crm_board_get_pipelines (self->board), "items-changed", G_CALLBACK (on_pipelines_changed_cb),
                    self);
  g_signal_connect (self->board, "notify::pipeline-id", G_CALLBACK (on_pipeline_id_cb), self);
  g_signal_connect (self->board, "notify::ready", G_CALLBACK (on_board_ready_cb), self);
  g_signal_connect (self->board, "notify::error", G_CALLBACK (on_board_ready_cb), self);
}

static void
crm_pipeline_board_map (GtkWidget *widget)
{
  CrmPipelineBoard *self = CRM_PIPELINE_BOARD (widget);

  GTK_WIDGET_CLASS (crm_pipeline_board_parent_class)->map (widget);

  /* Nothing is read for a section nobody opened. */
  if (!self->started)
    {
      self->started = TRUE;
      crm_board_start (self->board);
      crm_store_list_employees_async (crm_context_get_store (self->context), self->cancellable, on_employees_cb,
                                      self);
    }
}

static void
crm_pipeline_board_dispose (GObject *object)
{
  CrmPipelineBoard *self = CRM_PIPELINE_BOARD (object);

  g_cancellable_cancel (self->cancellable);
  if (self->board != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->board, self);
      g_signal_handlers_disconnect_by_data (crm_board_get_columns (self->board), self);
      g_signal_handlers_disconnect_by_data (crm_board_get_pipelines (self->board), self);
    }
  g_clear_pointer (&self->column_views, g_ptr_array_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->board);
  g_clear_object (&self->pipeline_names);
  g_clear_object (&self->owner_names);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_pipeline_board_parent_class)->dispose (object);
}

static void
crm_pipeline_board_finalize (GObject *object)
{
  CrmPipelineBoard *self = CRM_PIPELINE_BOARD (object);

  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_object (&self->cancellable);
  g_weak_ref_clear (&self->last_toast);

  G_OBJECT_CLASS (crm_pipeline_board_parent_class)->finalize (object);
}

static void
crm_pipeline_board_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CrmPipelineBoard *self = CRM_PIPELINE_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_pipeline_board_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CrmPipelineBoard *self = CRM_PIPELINE_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_pipeline_board_class_init (CrmPipelineBoardClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_pipeline_board_constructed;
  object_class->dispose = crm_pipeline_board_dispose;
  object_class->finalize = crm_pipeline_board_finalize;
  object_class->get_property = crm_pipeline_board_get_property;
  object_class->set_property = crm_pipeline_board_set_property;
  widget_class->map = crm_pipeline_board_map;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, CRM_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
      g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "board.move-next", NULL, move_next_action);
  gtk_widget_class_install_action (widget_class, "board.move-previous", NULL, move_previous_action);
  gtk_widget_class_install_action (widget_class, "board.new-deal", NULL, new_deal_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crmpipelineboard");
}

static void
crm_pipeline_board_init (CrmPipelineBoard *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  self->cancellable = g_cancellable_new ();
  g_weak_ref_init (&self->last_toast, NULL);
  self->column_views = g_ptr_array_new_with_free_func (column_view_free);
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (self->owner_ids, (gint64){ 0 });

  /* Before the list views, which move the focus with Ctrl+arrows. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Right"),
                                                          gtk_named_action_new ("board.move-next")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Left"),
                                                          gtk_named_action_new ("board.move-previous")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/* ---- Public API ---- */

GtkWidget *
crm_pipeline_board_new (CrmContext *context)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  return g_object_new (CRM_TYPE_PIPELINE_BOARD, "context", context, NULL);
}

GtkWidget *
crm_pipeline_board_create (CrmContext *context)
{
  return crm_pipeline_board_new (context);
}

CrmBoard *
crm_pipeline_board_get_board (CrmPipelineBoard *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_BOARD (self), NULL);
  return self->board;
}

gboolean
crm_pipeline_board_get_ready (CrmPipelineBoard *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_BOARD (self), FALSE);
  return self->ready;
}

gboolean
crm_pipeline_board_get_moving (CrmPipelineBoard *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_BOARD (self), FALSE);
  return self->n_moving > 0;
}

static GtkWidget *
find_card_in (GtkWidget *widget,
              gint64     deal_id)
{
  Card *card = g_object_get_data (G_OBJECT (widget), "crm-card");

  if (card != NULL && card->record != NULL && crm_record_get_id (card->record) == deal_id)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card_in (child, deal_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
crm_pipeline_board_find_card (CrmPipelineBoard *self,
                              gint64            deal_id)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_BOARD (self), NULL);
  return find_card_in (self->columns_box, deal_id);
}

const char *
crm_pipeline_board_get_header_text (CrmPipelineBoard *self,
                                    gint64            stage_id,
                                    const char       *part)
{
  ColumnView *view;

  g_return_val_if_fail (CRM_IS_PIPELINE_BOARD (self), NULL);

  view = find_column_view (self, stage_id);
  if (view == NULL)
    return NULL;
  if (g_str_equal (part, "name"))
    return gtk_label_get_text (view->title_label);
  if (g_str_equal (part, "count"))
    return gtk_label_get_text (view->count_label);
  if (g_str_equal (part, "sum"))
    return gtk_label_get_text (view->sum_label);
  return NULL;
}

AdwToast *
crm_pipeline_board_dup_undo_toast (CrmPipelineBoard *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE_BOARD (self), NULL);
  return g_weak_ref_get (&self->last_toast);
}
