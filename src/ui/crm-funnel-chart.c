/* crm-funnel-chart.c — a sales funnel drawn as centred bars narrowing
 * stage by stage
 *
 * Each stage is a row: on the left its name and, under it, how many deals
 * reached it and their sum; in the middle a bar centred on the chart's
 * axis, as wide as its count (or sum) against the widest stage's, with the
 * count inside when it fits; on the right the share of the previous
 * stage's deals that got this far. The bars take the accent blues of the
 * GNOME palette, darker stage by stage, the same on a light and a dark
 * style; text beside them takes the widget's own colour. A screen reader reads the same
 * numbers as the accessible description, and each bar has a tooltip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-funnel-chart.h"
#include "crm-funnel-stage.h"
#include "crm-money.h"

#define ROW_SPACING   6
#define COLUMN_GAP    18
#define MIN_BAR_AREA  120
#define NAT_BAR_AREA  420
#define MIN_BAR_WIDTH 6
#define BAR_RADIUS    6

struct _CrmFunnelChart
{
  GtkWidget   parent_instance;

  GListModel *model;
  gboolean    by_sum;
};

G_DEFINE_FINAL_TYPE (CrmFunnelChart, crm_funnel_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_BY_SUM,
  N_PROPS
};

static GParamSpec       *properties[N_PROPS];

/* The blues of the GNOME palette (blue 1 … 5). */
static const char *const blues[] = { "#99c1f1", "#62a0ea", "#3584e4", "#1c71d8", "#1a5fb4" };

/* Texts ------------------------------------------------------------------- */

static guint
n_stages (CrmFunnelChart *self)
{
  return self->model ? g_list_model_get_n_items (self->model) : 0;
}

static CrmFunnelStage *
get_stage (CrmFunnelChart *self,
           guint           i)
{
  return g_list_model_get_item (self->model, i);
}

/* "4 deals · 1 000,00 ₽" */
static char *
dup_detail (CrmFunnelStage *stage)
{
  guint            count = crm_funnel_stage_get_count (stage);
  g_autofree char *deals = g_strdup_printf (ngettext ("%u deal", "%u deals", count), count);
  g_autofree char *sum = NULL;

  if (crm_funnel_stage_get_sum_withheld (stage))
    return g_steal_pointer (&deals);
  sum = crm_money_format (crm_funnel_stage_get_sum (stage));
  /* TRANSLATORS: a funnel stage's deals and their sum: "4 deals · 1 000,00 ₽" */
  return g_strdup_printf (_ ("%s · %s"), deals, sum);
}

/* "75 %", or NULL for the first stage. */
static char *
dup_conversion (CrmFunnelStage *stage)
{
  double conversion = crm_funnel_stage_get_conversion (stage);

  if (conversion < 0)
    return NULL;
  /* TRANSLATORS: the share of the previous stage's deals that reached
   * this one, "75 %" */
  return g_strdup_printf (_ ("%.0f %%"), conversion);
}

/* "Бассейн: 4 deals · 1 000,00 ₽, 75 % of the previous stage" */
static char *
dup_stage_line (CrmFunnelStage *stage)
{
  g_autofree char *detail = dup_detail (stage);
  g_autofree char *conversion = dup_conversion (stage);

  if (conversion == NULL)
    /* TRANSLATORS: a funnel stage's name and its deals */
    return g_strdup_printf (_ ("%s: %s"), crm_funnel_stage_get_name (stage), detail);
  /* TRANSLATORS: a funnel stage's name, its deals and the share of the
   * previous stage's deals that reached it */
  return g_strdup_printf (_ ("%s: %s, %s of the previous stage"), crm_funnel_stage_get_name (stage), detail,
                          conversion);
}

/* Layout ------------------------------------------------------------------ */

typedef struct
{
  int label_width; /* the names and details column */
  int conv_width;  /* the conversions column */
  int name_height;
  int detail_height;
  int header_height; /* above the conversions */
  int row_height;
} Metrics;

static PangoLayout *
create_layout (CrmFunnelChart *self,
               const char     *text,
               gboolean        bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
get_metrics (CrmFunnelChart *self,
             Metrics        *m)
{
  g_autoptr (PangoLayout) sample = create_layout (self, "100 %", FALSE);
  g_autoptr (PangoLayout) header = create_layout (self, _ ("Conversion"), FALSE);
  int w, h, name_h = 0, detail_h = 0;

  memset (m, 0, sizeof *m);
  pango_layout_get_pixel_size (sample, &m->conv_width, &detail_h);
  pango_layout_get_pixel_size (header, &w, &h);
  m->conv_width = MAX (m->conv_width, w);
  m->header_height = n_stages (self) > 1 ? h + ROW_SPACING : 0;
  for (guint i = 0; i < n_stages (self); i++)
    {
      g_autoptr (CrmFunnelStage) stage = get_stage (self, i);
      g_autofree char *detail = dup_detail (stage);
      g_autoptr (PangoLayout) name = create_layout (self, crm_funnel_stage_get_name (stage), TRUE);
      g_autoptr (PangoLayout) det = create_layout (self, detail, FALSE);

      pango_layout_get_pixel_size (name, &w, &h);
      m->label_width = MAX (m->label_width, w);
      name_h = MAX (name_h, h);
      pango_layout_get_pixel_size (det, &w, &h);
      m->label_width = MAX (m->label_width, w);
      detail_h = MAX (detail_h, h);
    }
  m->name_height = name_h;
  m->detail_height = detail_h;
  m->row_height = MAX (name_h + detail_h + 8, 44);
}

void
crm_funnel_chart_compute_widths (const double *values,
                                 guint         n_values,
                                 double        available,
                                 double        min_width,
                                 double       *widths)
{
  double max = 0;

  g_return_if_fail (n_values == 0 || (values != NULL && widths != NULL));

  for (guint i = 0; i < n_values; i++)
    max = MAX (max, values[i]);
  min_width = MIN (min_width, available);
  for (guint i = 0; i < n_values; i++)
    {
      if (max <= 0 || values[i] <= 0 || available <= 0)
        widths[i] = 0;
      else
        widths[i] = CLAMP (available * values[i] / max, min_width, available);
    }
}

/* Overrides --------------------------------------------------------------- */

static GtkSizeRequestMode
crm_funnel_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
crm_funnel_chart_measure (GtkWidget     *widget,
                          GtkOrientation orientation,
                          int            for_size,
                          int           *minimum,
                          int           *natural,
                          int           *minimum_baseline,
                          int           *natural_baseline)
{
  CrmFunnelChart *self = CRM_FUNNEL_CHART (widget);
  guint           n = n_stages (self);
  Metrics         m;

  get_metrics (self, &m);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int columns = m.label_width + m.conv_width + 2 * COLUMN_GAP;

      *minimum = columns + MIN_BAR_AREA;
      *natural = columns + NAT_BAR_AREA;
    }
  else
    {
      *minimum = *natural = n ? m.header_height + (int) n * m.row_height + ((int) n - 1) * ROW_SPACING : 0;
    }
}

/* The stage at @y, or -1. */
static int
stage_at (CrmFunnelChart *self,
          double          y)
{
  Metrics m;
  int     row;

  get_metrics (self, &m);
  y -= m.header_height;
  if (y < 0)
    return -1;
  row = (int) (y / (m.row_height + ROW_SPACING));
  if (row >= (int) n_stages (self) || y - row * (m.row_height + ROW_SPACING) > m.row_height)
    return -1;
  return row;
}

static void
get_colors (CrmFunnelChart *self,
            GdkRGBA        *fg,
            GdkRGBA        *dim,
            GdkRGBA        *first,
            GdkRGBA        *last)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS /* gtk_widget_get_color() is GTK 4.10 */
      gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  *dim = *fg;
  dim->alpha *= 0.7f;
  /* Blue 3 to 5 stand out against a light and a dark window alike, and
   * the white count inside reads on each. */
  gdk_rgba_parse (first, blues[2]);
  gdk_rgba_parse (last, blues[4]);
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
crm_funnel_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CrmFunnelChart    *self = CRM_FUNNEL_CHART (widget);
  guint              n = n_stages (self);
  int                width = gtk_widget_get_width (widget);
  gboolean           rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autofree double *values = NULL;
  g_autofree double *widths = NULL;
  GdkRGBA            fg, dim, first, last, white = { 1, 1, 1, 1 };
  Metrics            m;
  double             area_x, area_w;

  if (n == 0)
    return;

  get_metrics (self, &m);
  get_colors (self, &fg, &dim, &first, &last);
  area_w = MAX (0, width - m.label_width - m.conv_width - 2 * COLUMN_GAP);
  area_x = rtl ? m.conv_width + COLUMN_GAP : m.label_width + COLUMN_GAP;

  /* The conversions' heading. */
  if (m.header_height > 0)
    {
      g_autoptr (PangoLayout) header = create_layout (self, _ ("Conversion"), FALSE);

      append_text (snapshot, header, rtl ? 0 : width - m.conv_width, 0, &dim);
    }

  values = g_new0 (double, n);
  widths = g_new0 (double, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmFunnelStage) stage = get_stage (self, i);

      values[i] = self->by_sum && !crm_funnel_stage_get_sum_withheld (stage) ? (double) crm_funnel_stage_get_sum (stage)
                                                                             : crm_funnel_stage_get_count (stage);
    }
  crm_funnel_chart_compute_widths (values, n, area_w, MIN_BAR_WIDTH, widths);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CrmFunnelStage) stage = get_stage (self, i);
      g_autofree char *detail = dup_detail (stage);
      g_autofree char *conversion = dup_conversion (stage);
      g_autofree char *count = g_strdup_printf ("%u", crm_funnel_stage_get_count (stage));
      g_autoptr (PangoLayout) name = create_layout (self, crm_funnel_stage_get_name (stage), TRUE);
      g_autoptr (PangoLayout) det = create_layout (self, detail, FALSE);
      double  y = m.header_height + i * (double) (m.row_height + ROW_SPACING);
      double  text_y = y + (m.row_height - m.name_height - 2 - m.detail_height) / 2.0;
      double  t = n > 1 ? (double) i / (n - 1) : 0;
      GdkRGBA color = {
        first.red + (last.red - first.red) * (float) t,
        first.green + (last.green - first.green) * (float) t,
        first.blue + (last.blue - first.blue) * (float) t,
        1,
      };
      graphene_rect_t bar;
      int             w, h;

      /* The name and the details, against the bar's side. */
      pango_layout_get_pixel_size (name, &w, &h);
      append_text (snapshot, name, rtl ? width - w : m.label_width - w, text_y, &fg);
      pango_layout_get_pixel_size (det, &w, NULL);
      append_text (snapshot, det, rtl ? width - w : m.label_width - w, text_y + m.name_height + 2, &dim);

      /* The bar, centred; a stage nobody reached is a hairline. */
      if (widths[i] > 0)
        {
          GskRoundedRect rounded;

          bar = GRAPHENE_RECT_INIT ((float) (area_x + (area_w - widths[i]) / 2), (float) y, (float) widths[i],
                                    (float) m.row_height);
          gsk_rounded_rect_init_from_rect (&rounded, &bar, MIN (BAR_RADIUS, (float) widths[i] / 2));
          gtk_snapshot_push_rounded_clip (snapshot, &rounded);
          gtk_snapshot_append_color (snapshot, &color, &bar);
          gtk_snapshot_pop (snapshot);
        }
      else
        {
          GdkRGBA hair = dim;

          hair.alpha *= 0.4f;
          bar = GRAPHENE_RECT_INIT ((float) area_x, (float) (y + m.row_height / 2.0), (float) area_w, 1);
          gtk_snapshot_append_color (snapshot, &hair, &bar);
        }

      /* The count inside the bar when it fits. */
      if (widths[i] > 0)
        {
          g_autoptr (PangoLayout) num = create_layout (self, count, TRUE);

          pango_layout_get_pixel_size (num, &w, &h);
          if (w + 12 <= widths[i])
            append_text (snapshot, num, area_x + (area_w - w) / 2, y + (m.row_height - h) / 2.0, &white);
        }

      /* The conversion from the previous stage. */
      if (conversion != NULL)
        {
          g_autoptr (PangoLayout) conv = create_layout (self, conversion, FALSE);

          pango_layout_get_pixel_size (conv, &w, &h);
          append_text (snapshot, conv, rtl ? m.conv_width - w : width - m.conv_width, y + (m.row_height - h) / 2.0,
                       &dim);
        }
    }
}

static gboolean
crm_funnel_chart_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  CrmFunnelChart *self = CRM_FUNNEL_CHART (widget);
  int             row = keyboard ? 0 : stage_at (self, y);
  g_autoptr (CrmFunnelStage) stage = NULL;
  g_autofree char *text = NULL;

  if (row < 0 || (guint) row >= n_stages (self))
    return FALSE;
  stage = get_stage (self, row);
  text = dup_stage_line (stage);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_accessible (CrmFunnelChart *self)
{
  g_autofree char *description = crm_funnel_chart_dup_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
on_items_changed_cb (CrmFunnelChart *self)
{
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
crm_funnel_chart_dispose (GObject *object)
{
  CrmFunnelChart *self = CRM_FUNNEL_CHART (object);

  g_clear_object (&self->model);
  G_OBJECT_CLASS (crm_funnel_chart_parent_class)->dispose (object);
}

static void
crm_funnel_chart_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmFunnelChart *self = CRM_FUNNEL_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_BY_SUM:
      g_value_set_boolean (value, self->by_sum);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_funnel_chart_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmFunnelChart *self = CRM_FUNNEL_CHART (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      crm_funnel_chart_set_model (self, g_value_get_object (value));
      break;
    case PROP_BY_SUM:
      crm_funnel_chart_set_by_sum (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_funnel_chart_class_init (CrmFunnelChartClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_funnel_chart_dispose;
  object_class->get_property = crm_funnel_chart_get_property;
  object_class->set_property = crm_funnel_chart_set_property;
  widget_class->get_request_mode = crm_funnel_chart_get_request_mode;
  widget_class->measure = crm_funnel_chart_measure;
  widget_class->snapshot = crm_funnel_chart_snapshot;
  widget_class->query_tooltip = crm_funnel_chart_query_tooltip;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BY_SUM] = g_param_spec_boolean ("by-sum", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "funnelchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
crm_funnel_chart_init (CrmFunnelChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Sales funnel"), -1);
}

GtkWidget *
crm_funnel_chart_new (void)
{
  return g_object_new (CRM_TYPE_FUNNEL_CHART, NULL);
}

void
crm_funnel_chart_set_model (CrmFunnelChart *self,
                            GListModel     *model)
{
  g_return_if_fail (CRM_IS_FUNNEL_CHART (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed_cb, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
  on_items_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
crm_funnel_chart_get_model (CrmFunnelChart *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_CHART (self), NULL);
  return self->model;
}

void
crm_funnel_chart_set_by_sum (CrmFunnelChart *self,
                             gboolean        by_sum)
{
  g_return_if_fail (CRM_IS_FUNNEL_CHART (self));

  by_sum = !!by_sum;
  if (self->by_sum == by_sum)
    return;
  self->by_sum = by_sum;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BY_SUM]);
}

gboolean
crm_funnel_chart_get_by_sum (CrmFunnelChart *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_CHART (self), FALSE);
  return self->by_sum;
}

char *
crm_funnel_chart_dup_description (CrmFunnelChart *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (CRM_IS_FUNNEL_CHART (self), NULL);

  for (guint i = 0; i < n_stages (self); i++)
    {
      g_autoptr (CrmFunnelStage) stage = get_stage (self, i);
      g_autofree char *line = dup_stage_line (stage);

      if (s->len > 0)
        g_string_append (s, "\n");
      g_string_append (s, line);
    }
  return g_string_free (s, FALSE);
}
