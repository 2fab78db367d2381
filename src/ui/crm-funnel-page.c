/* crm-funnel-page.c — the Funnel section: the sales funnel by month
 *
 * What it counts is said in crm-funnel.h: the deals of a pipeline created
 * in a month, how many of them reached each open stage, their sums, and
 * how many were won and lost. The month chooser offers the last twelve
 * months and any older month with deals, newest first, and "All months"
 * for the whole period; the pipeline chooser shows when there are
 * several; the owner chooser narrows to one employee's deals. The page
 * reads the funnel again when deals, stages or pipelines change (the
 * change feed), keeping the choices made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-change-feed.h"
#include "crm-funnel-page.h"
#include "crm-funnel-reader.h"
#include "crm-funnel.h"
#include "rapport-ui-resources.h"

struct _CrmFunnelPage
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  AdwWindowTitle  *window_title;
  GtkWidget       *measure_box;
  GtkToggleButton *by_sum_button;
  GtkDropDown     *month_dropdown;
  GtkDropDown     *pipeline_dropdown;
  GtkDropDown     *owner_dropdown;
  GtkSpinner      *spinner;
  GtkStack        *view_stack;
  GtkLabel        *summary_label;
  GtkLabel        *outcome_label;
  CrmFunnelChart  *chart;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *error_page;

  CrmContext      *context;
  CrmChangeFeed   *feed;
  GCancellable    *cancellable;
  CrmFunnel       *funnel;
  GArray          *months;    /* guint per month_dropdown position */
  GArray          *pipelines; /* gint64 per pipeline_dropdown position */
  GArray          *owners;    /* gint64 per owner_dropdown position; [0] = 0 = everybody */
  guint            month;     /* chosen */
  gboolean         month_chosen;
  gint64           pipeline_id;
  gint64           owner_id;
  gboolean         filling; /* the code, not the person, sets the choosers */
  gboolean         ready;
};

G_DEFINE_FINAL_TYPE (CrmFunnelPage, crm_funnel_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void        reload (CrmFunnelPage *self);

/* Months ------------------------------------------------------------------ */

char *
crm_funnel_page_dup_month_name (guint month)
{
  static const char *const names[] = {
    NC_ ("month", "January"),
    NC_ ("month", "February"),
    NC_ ("month", "March"),
    NC_ ("month", "April"),
    NC_ ("month", "May"),
    NC_ ("month", "June"),
    NC_ ("month", "July"),
    NC_ ("month", "August"),
    NC_ ("month", "September"),
    NC_ ("month", "October"),
    NC_ ("month", "November"),
    NC_ ("month", "December"),
  };
  guint m = month % 100;

  if (month == CRM_FUNNEL_ALL_MONTHS || m < 1 || m > 12)
    return g_strdup (_ ("All months"));
  /* TRANSLATORS: a month and its year, "February 2020" */
  return g_strdup_printf (_ ("%s %u"), g_dpgettext2 (GETTEXT_PACKAGE, "month", names[m - 1]), month / 100);
}

static guint
this_month (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return (guint) (g_date_time_get_year (now) * 100 + g_date_time_get_month (now));
}

static guint
month_before (guint month)
{
  return month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1;
}

static gint
compare_months_desc (gconstpointer a,
                     gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? 1 : x > y ? -1
                           : 0;
}

/* Showing ----------------------------------------------------------------- */

static void
set_ready (CrmFunnelPage *self,
           gboolean       ready)
{
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static const char *
pipeline_name (CrmFunnelPage *self)
{
  const char *name = NULL;

  for (guint i = 0; self->funnel && i < crm_funnel_get_n_pipelines (self->funnel); i++)
    if (crm_funnel_get_pipeline (self->funnel, i, &name) == crm_funnel_get_pipeline_id (self->funnel))
      return name;
  return NULL;
}

static void
show_month (CrmFunnelPage *self)
{
  g_autoptr (GListModel) stages = NULL;
  g_autofree char *period = crm_funnel_page_dup_month_name (self->month);
  g_autofree char *summary = NULL;
  g_autofree char *outcome = NULL;
  guint            deals = 0, won = 0, lost = 0;

  adw_window_title_set_subtitle (self->window_title, pipeline_name (self) ? pipeline_name (self) : "");
  gtk_widget_set_visible (self->measure_box, !crm_funnel_get_sums_withheld (self->funnel));

  if (!crm_funnel_get_outcome (self->funnel, self->month, &deals, &won, &lost))
    {
      g_autofree char *description = NULL;

      crm_funnel_chart_set_model (self->chart, NULL);
      if (crm_funnel_get_pipeline_id (self->funnel) == 0)
        description = g_strdup (_ ("There is no pipeline yet: an administrator adds one under Pipelines."));
      else if (self->month == CRM_FUNNEL_ALL_MONTHS)
        /* TRANSLATORS: %s is a pipeline's name */
        description = g_strdup_printf (_ ("Deals that enter the pipeline «%s» show here, month by month."),
                                       pipeline_name (self));
      else
        /* TRANSLATORS: %s is a month, "February 2020" */
        description = g_strdup_printf (_ ("No deal entered the funnel in %s."), period);
      adw_status_page_set_title (self->empty_page, _ ("No Deals"));
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->view_stack, "empty");
      return;
    }

  stages = crm_funnel_dup_stages (self->funnel, self->month);
  if (self->month == CRM_FUNNEL_ALL_MONTHS)
    {
      g_autofree char *since =
          crm_funnel_page_dup_month_name (crm_funnel_get_month (self->funnel, crm_funnel_get_n_months (self->funnel) - 1));

      /* TRANSLATORS: "38 deals entered the funnel since February 2020" */
      summary = g_strdup_printf (ngettext ("%u deal entered the funnel since %s", "%u deals entered the funnel since %s",
                                           deals),
                                 deals, since);
    }
  else
    {
      /* TRANSLATORS: "6 deals entered the funnel in February 2020" */
      summary = g_strdup_printf (ngettext ("%u deal entered the funnel in %s", "%u deals entered the funnel in %s", deals),
                                 deals, period);
    }
  /* TRANSLATORS: of the deals that entered the funnel in a month */
  outcome = g_strdup_printf (_ ("Won: %u · Lost: %u · Still open: %u"), won, lost, deals - won - lost);
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->outcome_label, outcome);
  crm_funnel_chart_set_model (self->chart, stages);
  gtk_stack_set_visible_child_name (self->view_stack, "chart");
}

/* Fills @dropdown with @names, selecting @selected, without reacting. */
static void
fill_dropdown (CrmFunnelPage *self,
               GtkDropDown   *dropdown,
               GPtrArray     *names,
               guint          selected)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (names, i));
  self->filling = TRUE;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
  self->filling = FALSE;
}

static void
fill_choosers (CrmFunnelPage *self)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;
  guint month = this_month ();

  /* Months: every one with deals and the last twelve, newest first. */
  g_array_set_size (self->months, 0);
  for (guint i = 0; i < 12; i++, month = month_before (month))
    g_array_append_val (self->months, month);
  for (guint i = 0; i < crm_funnel_get_n_months (self->funnel); i++)
    {
      guint    m = crm_funnel_get_month (self->funnel, i);
      gboolean have = FALSE;

      for (guint j = 0; j < self->months->len && !have; j++)
        have = g_array_index (self->months, guint, j) == m;
      if (!have)
        g_array_append_val (self->months, m);
    }
  g_array_sort (self->months, compare_months_desc);
  month = CRM_FUNNEL_ALL_MONTHS;
  g_array_prepend_val (self->months, month);

  /* First shown: the newest month with deals (all months when none). */
  if (!self->month_chosen)
    self->month = crm_funnel_get_n_months (self->funnel) ? crm_funnel_get_month (self->funnel, 0) : CRM_FUNNEL_ALL_MONTHS;
  for (guint i = 0; i < self->months->len; i++)
    {
      g_ptr_array_add (names, crm_funnel_page_dup_month_name (g_array_index (self->months, guint, i)));
      if (g_array_index (self->months, guint, i) == self->month)
        selected = i;
    }
  self->month = g_array_index (self->months, guint, selected);
  fill_dropdown (self, self->month_dropdown, names, selected);

  /* Pipelines, when there are several. */
  g_ptr_array_set_size (names, 0);
  g_array_set_size (self->pipelines, 0);
  selected = 0;
  for (guint i = 0; i < crm_funnel_get_n_pipelines (self->funnel); i++)
    {
      const char *name = NULL;
      gint64      id = crm_funnel_get_pipeline (self->funnel, i, &name);

      g_array_append_val (self->pipelines, id);
      g_ptr_array_add (names, g_strdup (name));
      if (id == crm_funnel_get_pipeline_id (self->funnel))
        selected = i;
    }
  self->pipeline_id = crm_funnel_get_pipeline_id (self->funnel);
  fill_dropdown (self, self->pipeline_dropdown, names, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->pipeline_dropdown), self->pipelines->len > 1);

  /* Owners: everybody, then each employee owning deals. */
  g_ptr_array_set_size (names, 0);
  g_array_set_size (self->owners, 1);
  g_ptr_array_add (names, g_strdup (_ ("All employees")));
  selected = 0;
  for (guint i = 0; i < crm_funnel_get_n_owners (self->funnel); i++)
    {
      const char *name = NULL;
      gint64      id = crm_funnel_get_owner (self->funnel, i, &name);

      g_array_append_val (self->owners, id);
      g_ptr_array_add (names, g_strdup (name));
      if (id == self->owner_id)
        selected = i + 1;
    }
  fill_dropdown (self, self->owner_dropdown, names, selected);
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CrmFunnelPage *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CrmFunnel) funnel = crm_funnel_read_finish (CRM_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  if (funnel == NULL)
    {
      g_warning ("Could not read the funnel: %s", error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->view_stack, "error");
      set_ready (self, TRUE);
      return;
    }

  g_set_object (&self->funnel, funnel);
  fill_choosers (self);
  show_month (self);
  set_ready (self, TRUE);
}

static void
reload (CrmFunnelPage *self)
{
  if (self->context == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_ready (self, FALSE);
  gtk_spinner_start (self->spinner);
  if (self->funnel == NULL)
    gtk_stack_set_visible_child_name (self->view_stack, "loading");
  /* The page lives as long as the window; the read is cancelled first. */
  crm_funnel_read_async (crm_context_get_store (self->context), self->pipeline_id, self->owner_id,
                         self->cancellable, on_read_cb, self);
}

/* Callbacks --------------------------------------------------------------- */

static void
on_month_selected_cb (CrmFunnelPage *self)
{
  guint i = gtk_drop_down_get_selected (self->month_dropdown);

  if (self->filling || self->funnel == NULL || i >= self->months->len)
    return;
  self->month = g_array_index (self->months, guint, i);
  self->month_chosen = TRUE;
  show_month (self);
}

static void
on_pipeline_selected_cb (CrmFunnelPage *self)
{
  guint i = gtk_drop_down_get_selected (self->pipeline_dropdown);

  if (self->filling || i >= self->pipelines->len || g_array_index (self->pipelines, gint64, i) == self->pipeline_id)
    return;
  self->pipeline_id = g_array_index (self->pipelines, gint64, i);
  self->owner_id = 0;
  reload (self);
}

static void
on_owner_selected_cb (CrmFunnelPage *self)
{
  guint i = gtk_drop_down_get_selected (self->owner_dropdown);

  if (self->filling || i >= self->owners->len || g_array_index (self->owners, gint64, i) == self->owner_id)
    return;
  self->owner_id = g_array_index (self->owners, gint64, i);
  reload (self);
}

static void
on_by_sum_toggled_cb (CrmFunnelPage *self)
{
  crm_funnel_chart_set_by_sum (self->chart, gtk_toggle_button_get_active (self->by_sum_button));
}

static void
on_retry_clicked_cb (CrmFunnelPage *self)
{
  reload (self);
}

static void
on_feed_changes_cb (CrmFunnelPage *self,
                    GPtrArray     *changes)
{
  for (guint i = 0; i < changes->len; i++)
    {
      CrmChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->table, "deals") || g_str_equal (change->table, "pipeline_stages") ||
          g_str_equal (change->table, "pipelines") || g_str_equal (change->table, "employees"))
        {
          reload (self);
          return;
        }
    }
}

static void
on_feed_resync_cb (CrmFunnelPage *self)
{
  reload (self);
}

/* Overrides --------------------------------------------------------------- */

static void
crm_funnel_page_constructed (GObject *object)
{
  CrmFunnelPage *self = CRM_FUNNEL_PAGE (object);

  G_OBJECT_CLASS (crm_funnel_page_parent_class)->constructed (object);

  if (self->context == NULL)
    return;
  self->feed = g_object_ref (crm_store_get_change_feed (crm_context_get_store (self->context)));
  g_signal_connect_object (self->feed, "changes", G_CALLBACK (on_feed_changes_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feed, "resync", G_CALLBACK (on_feed_resync_cb), self, G_CONNECT_SWAPPED);
  crm_change_feed_start (self->feed);
  reload (self);
}

static void
crm_funnel_page_dispose (GObject *object)
{
  CrmFunnelPage *self = CRM_FUNNEL_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_FUNNEL_PAGE);
  g_clear_object (&self->feed);
  g_clear_object (&self->funnel);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (crm_funnel_page_parent_class)->dispose (object);
}

static void
crm_funnel_page_finalize (GObject *object)
{
  CrmFunnelPage *self = CRM_FUNNEL_PAGE (object);

  g_array_unref (self->months);
  g_array_unref (self->pipelines);
  g_array_unref (self->owners);
  G_OBJECT_CLASS (crm_funnel_page_parent_class)->finalize (object);
}

static void
crm_funnel_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmFunnelPage *self = CRM_FUNNEL_PAGE (object);

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
crm_funnel_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrmFunnelPage *self = CRM_FUNNEL_PAGE (object);

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
crm_funnel_page_class_init (CrmFunnelPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_funnel_page_constructed;
  object_class->dispose = crm_funnel_page_dispose;
  object_class->finalize = crm_funnel_page_finalize;
  object_class->get_property = crm_funnel_page_get_property;
  object_class->set_property = crm_funnel_page_set_property;

  properties[PROP_CONTEXT] = g_param_spec_object ("context", NULL, NULL, CRM_TYPE_CONTEXT,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRM_TYPE_FUNNEL_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/rapportcrm/Rapport/ui/crm-funnel-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, box);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, measure_box);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, by_sum_button);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, chart);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrmFunnelPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_month_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_owner_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_by_sum_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
crm_funnel_page_init (CrmFunnelPage *self)
{
  self->months = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pipelines = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->owners = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (self->owners, 1);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
crm_funnel_page_new (CrmContext *context)
{
  static gsize icons = 0;

  g_return_val_if_fail (CRM_IS_CONTEXT (context), NULL);

  /* The section's icon, also where no GtkApplication adds its resources. */
  if (g_once_init_enter (&icons))
    {
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                        "/org/rapportcrm/Rapport/icons");
      g_once_init_leave (&icons, 1);
    }
  return g_object_new (CRM_TYPE_FUNNEL_PAGE, "context", context, NULL);
}

gboolean
crm_funnel_page_get_ready (CrmFunnelPage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_PAGE (self), FALSE);
  return self->ready;
}

CrmFunnelChart *
crm_funnel_page_get_chart (CrmFunnelPage *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_PAGE (self), NULL);
  return self->chart;
}

gboolean
crm_funnel_page_select_month (CrmFunnelPage *self,
                              guint          month)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_PAGE (self), FALSE);

  for (guint i = 0; i < self->months->len; i++)
    if (g_array_index (self->months, guint, i) == month)
      {
        gtk_drop_down_set_selected (self->month_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
crm_funnel_page_select_owner (CrmFunnelPage *self,
                              gint64         owner_id)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_PAGE (self), FALSE);

  for (guint i = 0; i < self->owners->len; i++)
    if (g_array_index (self->owners, gint64, i) == owner_id)
      {
        gtk_drop_down_set_selected (self->owner_dropdown, i);
        return TRUE;
      }
  return FALSE;
}
