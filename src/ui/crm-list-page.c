/* crm-list-page.c — a list of records of one type: search, filters,
 * sortable columns, all done by the database
 *
 * The columns, filters and labels come from the record type's descriptor,
 * so one widget serves every record type. The model is a CrmRecordList:
 * sorting and filtering change its query and happen in SQL, never in GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-lead-convert-dialog.h"
#include "crm-lead.h"
#include "crm-list-page-private.h"
#include "crm-tooltip.h"
#include "crm-window.h"
#include "rapport-ui-resources.h"

typedef struct
{
  const CrmField *field;
  GtkDropDown    *dropdown;
  GPtrArray      *values;    /* stored value per dropdown position; [0] = NULL = any */
  gboolean        requested; /* its values have been asked for */
} Filter;

struct _CrmListPage
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  AdwWindowTitle      *window_title;
  GtkButton           *new_button;
  GtkSearchEntry      *search_entry;
  GtkFlowBox          *filter_box;
  GtkSpinner          *spinner;
  GtkStack            *view_stack;
  GtkColumnView       *column_view;
  AdwStatusPage       *empty_page;
  GtkButton           *empty_button;
  AdwStatusPage       *error_page;

  CrmContext          *context;
  const CrmRecordType *type;
  CrmRecordList       *model;
  GtkMultiSelection   *selection;
  GCancellable        *cancellable;
  GArray              *filters; /* Filter */
  GObject             *probe_a; /* for reading the column view's sort */
  GObject             *probe_b;
  const char          *probed_field;
  CrmRecord           *first_item; /* watched for the "ready" state */
  gboolean             ready;
};

G_DEFINE_FINAL_TYPE (CrmListPage, crm_list_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_RECORD_TYPE,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void        update_state (CrmListPage *self);

/* Cells ------------------------------------------------------------------- */

static void
update_cell (GtkLabel   *label,
             CrmRecord  *record,
             const char *field)
{
  g_autofree char *text = NULL;

  if (crm_record_get_loaded (record))
    text = crm_record_dup_display (record, field);

  gtk_label_set_label (label, text ? text : "");
  crm_tooltip_set_text (GTK_WIDGET (label), text && g_utf8_strlen (text, -1) > 30 ? text : NULL);
}

static void
on_record_notify_cb (CrmRecord  *record,
                     GParamSpec *pspec,
                     GtkLabel   *label)
{
  update_cell (label, record, g_object_get_data (G_OBJECT (label), "field"));
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  const CrmField           *field)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (field->kind == CRM_FIELD_INN || field->kind == CRM_FIELD_PHONE || field->kind == CRM_FIELD_MONEY)
    gtk_widget_add_css_class (label, "numeric");
  if (field->kind == CRM_FIELD_MONEY)
    gtk_label_set_xalign (GTK_LABEL (label), 1);
  g_object_set_data (G_OBJECT (label), "field", (gpointer) field->name);
  gtk_list_item_set_child (item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 const CrmField           *field)
{
  GtkWidget       *label = gtk_list_item_get_child (item);
  CrmRecord       *record = gtk_list_item_get_item (item);
  g_autofree char *prop = crm_field_property_name (field);
  g_autofree char *signal = g_strconcat ("notify::", prop, NULL);

  update_cell (GTK_LABEL (label), record, field->name);
  g_signal_connect_object (record, signal, G_CALLBACK (on_record_notify_cb), label, 0);
  g_signal_connect_object (record, "notify::loaded", G_CALLBACK (on_record_notify_cb), label, 0);
}

static void
on_cell_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   const CrmField           *field)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  CrmRecord *record = gtk_list_item_get_item (item);

  if (record != NULL)
    g_signal_handlers_disconnect_by_func (record, on_record_notify_cb, label);
}

/* Sorting ----------------------------------------------------------------- */

/* GTK 4.8 has no API to ask a column view which column it sorts by
 * (gtk_column_view_sorter_get_primary_sort_column is 4.10). Each column
 * gets a sorter that only records that it was asked; comparing two probe
 * objects with the view's sorter then tells the primary column (the
 * first asked) and, from the sign, the direction. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const CrmField *field = user_data;
  CrmListPage    *self = g_object_get_data (G_OBJECT (a), "page");

  if (self != NULL && self->probed_field == NULL)
    self->probed_field = field->name;
  return GTK_ORDERING_SMALLER;
}

static void
apply_query (CrmListPage *self,
             CrmQuery    *query)
{
  /* A filter menu filling in, or a sort indicator set again, is no new
   * question for the database. */
  if (crm_query_equal (crm_record_list_get_query (self->model), query))
    return;

  crm_record_list_set_query (self->model, query);
}

static CrmQuery *
copy_query (CrmListPage *self)
{
  return crm_query_copy (crm_record_list_get_query (self->model));
}

static void
on_sorter_changed_cb (GtkSorter      *sorter,
                      GtkSorterChange change,
                      CrmListPage    *self)
{
  g_autoptr (CrmQuery) query = copy_query (self);
  GtkOrdering order;

  self->probed_field = NULL;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);

  if (self->probed_field == NULL)
    crm_query_set_sort (query, self->type->default_sort, FALSE);
  else
    crm_query_set_sort (query, self->probed_field, order == GTK_ORDERING_LARGER);

  apply_query (self, query);
}

/* Widths that fit what the columns hold: an INN, a formatted phone… */
static int
column_width (const CrmRecordType *type,
              const CrmField      *field)
{
  if (g_str_equal (field->name, type->title_field))
    return 240;

  switch (field->kind)
    {
    case CRM_FIELD_INN:
      return 124;
    case CRM_FIELD_KPP:
      return 112;
    case CRM_FIELD_CHOICE:
      /* «Запланирована», «Подготовка к…» */
      return 132;
    case CRM_FIELD_PHONE:
      return 150;
    case CRM_FIELD_EMAIL:
      return 190;
    case CRM_FIELD_DATE:
      return 100;
    case CRM_FIELD_TIMESTAMP:
      return 140;
    case CRM_FIELD_MONEY:
      return 130;
    case CRM_FIELD_TEXT:
    case CRM_FIELD_MULTILINE:
    case CRM_FIELD_INT:
    case CRM_FIELD_BOOL:
    case CRM_FIELD_REF:
    case CRM_FIELD_URL:
    case CRM_FIELD_OGRN:
    case CRM_FIELD_DIGITS:
    default:
      return 150;
    }
}

static void
build_columns (CrmListPage *self)
{
  guint           n_common;
  const CrmField *common = crm_record_type_common_fields (&n_common);
  g_autoptr (GPtrArray) fields = g_ptr_array_new ();
  GtkColumnViewColumn *default_column = NULL;

  for (guint i = 0; i < self->type->n_fields; i++)
    if (self->type->fields[i].flags & CRM_FIELD_LIST)
      g_ptr_array_add (fields, (gpointer) &self->type->fields[i]);
  for (guint i = 0; i < n_common; i++)
    if (common[i].flags & CRM_FIELD_LIST)
      g_ptr_array_add (fields, (gpointer) &common[i]);

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmField *field = g_ptr_array_index (fields, i);
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr (GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), (gpointer) field);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), (gpointer) field);
      g_signal_connect (factory, "unbind", G_CALLBACK (on_cell_unbind_cb), (gpointer) field);

      column = gtk_column_view_column_new (crm_field_get_label (field), g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (self->type, field));
      /* The title takes what room is left. */
      gtk_column_view_column_set_expand (column, g_str_equal (field->name, self->type->title_field));

      if (field->flags & CRM_FIELD_SORTABLE)
        {
          g_autoptr (GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, (gpointer) field, NULL));

          gtk_column_view_column_set_sorter (column, sorter);
        }
      if (g_strcmp0 (field->name, self->type->default_sort) == 0)
        default_column = column;

      gtk_column_view_append_column (self->column_view, column);
    }

  if (default_column != NULL)
    gtk_column_view_sort_by_column (self->column_view, default_column, GTK_SORT_ASCENDING);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, 0);
}

/* Filters ----------------------------------------------------------------- */

static void
on_filter_selected_cb (GtkDropDown *dropdown,
                       GParamSpec  *pspec,
                       CrmListPage *self)
{
  g_autoptr (CrmQuery) query = copy_query (self);

  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter     *filter = &g_array_index (self->filters, Filter, i);
      guint       pos = gtk_drop_down_get_selected (filter->dropdown);
      const char *value = pos < filter->values->len ? g_ptr_array_index (filter->values, pos) : NULL;

      crm_query_set_filter (query, filter->field->name, value);
    }

  apply_query (self, query);
}

static void
fill_filter (Filter            *filter,
             const char *const *labels,
             const char *const *values)
{
  GtkStringList *strings = GTK_STRING_LIST (gtk_drop_down_get_model (filter->dropdown));

  for (guint i = 0; labels[i] != NULL; i++)
    {
      gtk_string_list_append (strings, labels[i]);
      g_ptr_array_add (filter->values, g_strdup (values[i]));
    }
}

typedef struct
{
  CrmListPage    *self; /* a reference */
  const CrmField *field;
} DistinctRequest;

static void
on_distinct_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DistinctRequest *request = user_data;
  g_autoptr (CrmListPage) self = request->self;
  const CrmField *field = request->field;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) values = crm_store_distinct_finish (CRM_STORE (object), result, &error);

  g_free (request);

  if (values == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the values of %s: %s", field->name, error->message);
      return;
    }

  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = &g_array_index (self->filters, Filter, i);

      if (filter->field == field)
        fill_filter (filter, (const char *const *) values, (const char *const *) values);
    }
}

static void
on_employees_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrmListPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_auto (GStrv) names = NULL;
  g_autoptr (GPtrArray) values = NULL;

  if (!crm_store_list_employees_finish (CRM_STORE (object), result, &ids, &names, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the employees: %s", error->message);
      return;
    }

  values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (values, g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, i)));
  g_ptr_array_add (values, NULL);

  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = &g_array_index (self->filters, Filter, i);

      if (g_str_equal (filter->field->name, "owner_id"))
        fill_filter (filter, (const char *const *) names, (const char *const *) values->pdata);
    }
}

static void
employees_ready_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (CrmListPage) self = user_data;

  on_employees_cb (object, result, self);
}

/* The values of a text filter or the employees, asked for when its menu
 * is first opened (or focused): on a big table each SELECT DISTINCT reads
 * all of it, a second at 1M contacts, which a list that is only looked at
 * never needs. The menu fills in while it is open. */
static void
request_filter_values (CrmListPage *self,
                       Filter      *filter)
{
  const CrmField *field = filter->field;

  if (filter->requested || field->kind == CRM_FIELD_CHOICE)
    return;
  filter->requested = TRUE;

  if (g_str_equal (field->name, "owner_id"))
    crm_store_list_employees_async (crm_context_get_store (self->context), self->cancellable,
                                    employees_ready_cb, g_object_ref (self));
  else
    {
      DistinctRequest *request = g_new0 (DistinctRequest, 1);

      request->self = g_object_ref (self);
      request->field = field;
      crm_store_distinct_async (crm_context_get_store (self->context), self->type, field->name,
                                self->cancellable, on_distinct_cb, request);
    }
}

static Filter *
find_filter_for_widget (CrmListPage *self,
                        GtkWidget   *dropdown)
{
  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = &g_array_index (self->filters, Filter, i);

      if (GTK_WIDGET (filter->dropdown) == dropdown)
        return filter;
    }
  return NULL;
}

/* A press on the menu's button (before it opens) or the focus coming to
 * it from the keyboard. */
static void
on_filter_approached_cb (GtkEventController *controller,
                         CrmListPage        *self)
{
  Filter *filter = find_filter_for_widget (self, gtk_event_controller_get_widget (controller));

  if (filter != NULL)
    request_filter_values (self, filter);
}

static void
on_filter_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      CrmListPage     *self)
{
  on_filter_approached_cb (GTK_EVENT_CONTROLLER (gesture), self);
}

static void
watch_filter_opening (CrmListPage *self,
                      GtkWidget   *dropdown)
{
  GtkGesture         *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  /* Capture: the press reaches the drop-down before its button opens it. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_filter_pressed_cb), self, 0);
  gtk_widget_add_controller (dropdown, GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_filter_approached_cb), self, 0);
  gtk_widget_add_controller (dropdown, focus);
}

static char *
filter_any_label (const CrmField *field)
{
  /* Translators: the first item of a filter menu, e.g. "Status: any" */
  return g_strdup_printf (_ ("%s: any"), crm_field_get_label (field));
}

static void
add_filter (CrmListPage    *self,
            const CrmField *field)
{
  Filter filter = { field, NULL, NULL };
  g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);
  g_autofree char *any = filter_any_label (field);

  gtk_string_list_append (strings, any);
  filter.values = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (filter.values, NULL);
  filter.dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (strings)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (filter.dropdown), crm_field_get_label (field));
  gtk_widget_set_name (GTK_WIDGET (filter.dropdown), field->name);
  gtk_flow_box_append (self->filter_box, GTK_WIDGET (filter.dropdown));
  g_array_append_val (self->filters, filter);

  if (field->kind == CRM_FIELD_CHOICE)
    {
      Filter *f = &g_array_index (self->filters, Filter, self->filters->len - 1);

      for (const CrmChoice *c = field->choices; c->value; c++)
        {
          gtk_string_list_append (strings, g_dgettext (GETTEXT_PACKAGE, c->label));
          g_ptr_array_add (f->values, g_strdup (c->value));
        }
    }

  g_signal_connect_object (filter.dropdown, "notify::selected", G_CALLBACK (on_filter_selected_cb), self, 0);
  watch_filter_opening (self, GTK_WIDGET (filter.dropdown));
}

static void
build_filters (CrmListPage *self)
{
  for (guint i = 0; i < self->type->n_fields; i++)
    {
      const CrmField *field = &self->type->fields[i];

      if ((field->flags & CRM_FIELD_FILTERABLE) && (field->kind == CRM_FIELD_CHOICE || field->kind == CRM_FIELD_TEXT))
        add_filter (self, field);
    }
  add_filter (self, crm_record_type_get_field (self->type, "owner_id"));
}

/* State ------------------------------------------------------------------- */

static void
on_first_item_loaded_cb (CrmRecord   *record,
                         GParamSpec  *pspec,
                         CrmListPage *self)
{
  update_state (self);
}

static void
watch_first_item (CrmListPage *self)
{
  g_autoptr (CrmRecord) first = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);

  if (first == self->first_item)
    return;

  if (self->first_item != NULL)
    g_signal_handlers_disconnect_by_func (self->first_item, on_first_item_loaded_cb, self);
  g_set_object (&self->first_item, first);
  if (first != NULL)
    g_signal_connect (first, "notify::loaded", G_CALLBACK (on_first_item_loaded_cb), self);
}

static gboolean
query_is_narrowed (CrmListPage *self)
{
  const CrmQuery *query = crm_record_list_get_query (self->model);
  const char     *search = crm_query_get_search (query);

  if (search != NULL && search[0] != '\0')
    return TRUE;
  for (guint i = 0; i < self->filters->len; i++)
    if (crm_query_get_filter (query, g_array_index (self->filters, Filter, i).field->name) != NULL)
      return TRUE;
  return FALSE;
}

static void
update_state (CrmListPage *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean         loading = crm_record_list_get_loading (self->model);
  const GError    *error = crm_record_list_get_error (self->model);
  g_autofree char *count = crm_record_type_format_count (self->type, n);
  gboolean         ready;

  if (loading)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  adw_window_title_set_subtitle (self->window_title, loading ? "" : count);

  /* A lost server keeps the rows on screen: the window says it is gone. */
  if (error != NULL && !loading && !(n > 0 && g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_CONNECTION)))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->view_stack, "error");
    }
  else if (n > 0)
    gtk_stack_set_visible_child_name (self->view_stack, "list");
  else if (!loading)
    gtk_stack_set_visible_child_name (self->view_stack, query_is_narrowed (self) ? "no-results" : "empty");
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "list") != 0)
    gtk_stack_set_visible_child_name (self->view_stack, "loading");

  watch_first_item (self);

  /* The first page of the current query is enough: the rest of a big list
   * (its count, further pages) follows. */
  ready = (!loading || crm_record_list_get_partial (self->model)) &&
          (n == 0 || error != NULL || (self->first_item && crm_record_get_loaded (self->first_item)));
  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

static void
on_model_items_changed_cb (GListModel  *model,
                           guint        position,
                           guint        removed,
                           guint        added,
                           CrmListPage *self)
{
  update_state (self);
}

static void
on_model_notify_cb (GObject     *object,
                    GParamSpec  *pspec,
                    CrmListPage *self)
{
  update_state (self);
}

/* Callbacks --------------------------------------------------------------- */

static void
on_search_changed_cb (CrmListPage    *self,
                      GtkSearchEntry *entry)
{
  g_autoptr (CrmQuery) query = copy_query (self);

  crm_query_set_search (query, gtk_editable_get_text (GTK_EDITABLE (entry)));
  apply_query (self, query);
}

static void
on_stop_search_cb (CrmListPage    *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
open_position (CrmListPage *self,
               guint        position)
{
  g_autoptr (CrmRecord) record = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  if (record != NULL && window != NULL)
    crm_window_open_record (CRM_WINDOW (window), self->type, crm_record_get_id (record));
}

static void
on_search_activate_cb (CrmListPage    *self,
                       GtkSearchEntry *entry)
{
  /* Enter in the search box opens the best match. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    open_position (self, 0);
}

static void
on_column_view_activate_cb (CrmListPage   *self,
                            guint          position,
                            GtkColumnView *view)
{
  open_position (self, position);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrmListPage *self = CRM_LIST_PAGE (widget);
  GtkWidget   *window = gtk_widget_get_ancestor (widget, CRM_TYPE_WINDOW);

  if (window != NULL)
    crm_window_new_record (CRM_WINDOW (window), self->type, NULL);
}

/* At most this many records are deleted with one key press. */
#define MAX_BULK_DELETE 500

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmListPage *self = CRM_LIST_PAGE (widget);
  GtkWidget   *window = gtk_widget_get_ancestor (widget, CRM_TYPE_WINDOW);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr (GPtrArray) records = NULL;
  GtkBitsetIter iter;
  guint         position;

  if (window == NULL || gtk_bitset_is_empty (selected))
    return;

  if (gtk_bitset_get_size (selected) > MAX_BULK_DELETE)
    {
      g_autofree char *message = g_strdup_printf (_ ("Select at most %u records to delete at once"), MAX_BULK_DELETE);

      crm_window_show_message (CRM_WINDOW (window), message);
      return;
    }

  records = g_ptr_array_new_with_free_func (g_object_unref);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (self->model), position));

  crm_window_delete_records (CRM_WINDOW (window), records);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  crm_list_page_focus_search (CRM_LIST_PAGE (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  crm_list_page_reload (CRM_LIST_PAGE (widget));
}

/* Data → Convert Lead…: the one selected lead (a converted one shows
 * where it went). */
static void
convert_lead_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmListPage *self = CRM_LIST_PAGE (widget);
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr (CrmRecord) lead = NULL;
  GtkWidget *window = gtk_widget_get_ancestor (widget, CRM_TYPE_WINDOW);
  GtkWidget *dialog;

  if (self->type != &crm_lead_type || gtk_bitset_get_size (selected) != 1)
    return;
  lead = g_list_model_get_item (G_LIST_MODEL (self->model), gtk_bitset_get_nth (selected, 0));
  if (lead == NULL || !crm_record_get_loaded (lead))
    return;
  dialog = crm_lead_convert_dialog_new (self->context, lead);
  if (window != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_selection_changed_cb (CrmListPage *self)
{
  g_autoptr (GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.convert-lead",
                                 self->type == &crm_lead_type && gtk_bitset_get_size (selected) == 1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete", !gtk_bitset_is_empty (selected));
  _crm_list_page_update_export_actions (self);
}

/* GObject ----------------------------------------------------------------- */

static void
crm_list_page_constructed (GObject *object)
{
  CrmListPage *self = CRM_LIST_PAGE (object);
  g_autoptr (CrmQuery) query = NULL;

  G_OBJECT_CLASS (crm_list_page_parent_class)->constructed (object);

  g_assert (self->context != NULL && self->type != NULL);

  adw_window_title_set_title (self->window_title, g_dgettext (GETTEXT_PACKAGE, self->type->plural));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_button), g_dgettext (GETTEXT_PACKAGE, self->type->new_label));
  g_object_set (self->search_entry, "placeholder-text",
                g_dgettext (GETTEXT_PACKAGE, self->type->search_placeholder), NULL);
  adw_status_page_set_title (self->empty_page, g_dgettext (GETTEXT_PACKAGE, self->type->empty_title));
  adw_status_page_set_description (self->empty_page, g_dgettext (GETTEXT_PACKAGE, self->type->empty_description));
  adw_status_page_set_icon_name (self->empty_page, self->type->icon_name);
  gtk_button_set_label (self->empty_button, g_dgettext (GETTEXT_PACKAGE, self->type->new_label));

  query = crm_query_new (self->type);
  crm_query_set_sort (query, self->type->default_sort, FALSE);
  /* Fetched when first shown: the section on screen comes first. */
  self->model = crm_record_list_new_deferred (crm_context_get_store (self->context), query);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_items_changed_cb), self, 0);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_notify_cb), self, 0);
  g_signal_connect_object (self->model, "notify::partial", G_CALLBACK (on_model_notify_cb), self, 0);
  g_signal_connect_object (self->model, "notify::error", G_CALLBACK (on_model_notify_cb), self, 0);

  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  on_selection_changed_cb (self);

  build_columns (self);
  build_filters (self);
  update_state (self);
}


static void
crm_list_page_map (GtkWidget *widget)
{
  CrmListPage *self = CRM_LIST_PAGE (widget);

  GTK_WIDGET_CLASS (crm_list_page_parent_class)->map (widget);

  crm_record_list_start (self->model);
}

static void
crm_list_page_dispose (GObject *object)
{
  CrmListPage *self = CRM_LIST_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->first_item != NULL)
    g_signal_handlers_disconnect_by_func (self->first_item, on_first_item_loaded_cb, self);
  g_clear_object (&self->first_item);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_LIST_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (crm_list_page_parent_class)->dispose (object);
}

static void
crm_list_page_finalize (GObject *object)
{
  CrmListPage *self = CRM_LIST_PAGE (object);

  for (guint i = 0; i < self->filters->len; i++)
    g_ptr_array_unref (g_array_index (self->filters, Filter, i).values);
  g_array_unref (self->filters);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);

  G_OBJECT_CLASS (crm_list_page_parent_class)->finalize (object);
}

static void
crm_list_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrmListPage *self = CRM_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_RECORD_TYPE:
      g_value_set_pointer (value, (gpointer) self->type);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_list_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CrmListPage *self = CRM_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_RECORD_TYPE:
      self->type = g_value_get_pointer (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_list_page_class_init (CrmListPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_list_page_constructed;
  widget_class->map = crm_list_page_map;
  object_class->dispose = crm_list_page_dispose;
  object_class->finalize = crm_list_page_finalize;
  object_class->get_property = crm_list_page_get_property;
  object_class->set_property = crm_list_page_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, CRM_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_TYPE] =
      g_param_spec_pointer ("record-type", NULL, NULL,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
      g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  (void) rapport_ui_get_resource (); /* links the static library's resources in */
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, box);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, CrmListPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "list.new", NULL, new_action);
  _crm_list_page_class_init_export (widget_class);
  gtk_widget_class_install_action (widget_class, "list.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "list.convert-lead", NULL, convert_lead_action);
  gtk_widget_class_install_action (widget_class, "list.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "list.reload", NULL, reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "list.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "list.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "list.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "list.reload", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crmlistpage");
}

static void
crm_list_page_init (CrmListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (self->probe_a, "page", self);
  g_object_set_data (self->probe_b, "page", self);
}

GtkWidget *
crm_list_page_new (CrmContext          *context,
                   const CrmRecordType *type)
{
  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  return g_object_new (CRM_TYPE_LIST_PAGE, "context", context, "record-type", type, NULL);
}

const CrmRecordType *
crm_list_page_get_record_type (CrmListPage *self)
{
  g_return_val_if_fail (CRM_IS_LIST_PAGE (self), NULL);

  return self->type;
}

CrmRecordList *
crm_list_page_get_model (CrmListPage *self)
{
  g_return_val_if_fail (CRM_IS_LIST_PAGE (self), NULL);

  return self->model;
}

GtkColumnView *
crm_list_page_get_column_view (CrmListPage *self)
{
  g_return_val_if_fail (CRM_IS_LIST_PAGE (self), NULL);

  return self->column_view;
}

gboolean
crm_list_page_get_ready (CrmListPage *self)
{
  g_return_val_if_fail (CRM_IS_LIST_PAGE (self), FALSE);

  return self->ready;
}

void
crm_list_page_reload (CrmListPage *self)
{
  g_return_if_fail (CRM_IS_LIST_PAGE (self));

  crm_record_list_reload (self->model);
}

void
crm_list_page_focus_search (CrmListPage *self)
{
  g_return_if_fail (CRM_IS_LIST_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
crm_list_page_set_search_text (CrmListPage *self,
                               const char  *text)
{
  g_return_if_fail (CRM_IS_LIST_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Do not wait for the entry's typing delay. */
  on_search_changed_cb (self, self->search_entry);
}

gboolean
crm_list_page_set_filter (CrmListPage *self,
                          const char  *field,
                          const char  *value)
{
  g_return_val_if_fail (CRM_IS_LIST_PAGE (self), FALSE);

  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = &g_array_index (self->filters, Filter, i);

      if (!g_str_equal (filter->field->name, field))
        continue;
      /* As if its menu were opened: the values come later. */
      request_filter_values (self, filter);
      for (guint pos = 0; pos < filter->values->len; pos++)
        if (g_strcmp0 (g_ptr_array_index (filter->values, pos), value) == 0)
          {
            gtk_drop_down_set_selected (filter->dropdown, pos);
            return TRUE;
          }
    }
  return FALSE;
}

void
crm_list_page_set_record_hidden (CrmListPage *self,
                                 gint64       id,
                                 gboolean     hidden)
{
  g_return_if_fail (CRM_IS_LIST_PAGE (self));

  crm_record_list_set_hidden (self->model, id, hidden);
}

GArray *
crm_list_page_dup_selected_ids (CrmListPage *self)
{
  g_autoptr (GtkBitset) selected = NULL;
  GArray       *ids;
  GtkBitsetIter iter;
  guint         position;

  g_return_val_if_fail (CRM_IS_LIST_PAGE (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), gtk_bitset_get_size (selected));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = crm_record_list_get_id (self->model, position);

      g_array_append_val (ids, id);
    }
  return ids;
}

CrmContext *
_crm_list_page_get_context (CrmListPage *self)
{
  return self->context;
}
