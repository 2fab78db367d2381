/* crm-tooltip.c — tooltips that cost nothing until they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crm-tooltip.h"

#define TEXT_KEY      "crm-tooltip-text"
#define CONNECTED_KEY "crm-tooltip-connected"

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard,
                     GtkTooltip *tooltip)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TEXT_KEY);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
crm_tooltip_set_text (GtkWidget  *widget,
                      const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), CONNECTED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (widget), CONNECTED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
      gtk_widget_set_has_tooltip (widget, TRUE);
    }
  g_object_set_data_full (G_OBJECT (widget), TEXT_KEY, text != NULL && text[0] != '\0' ? g_strdup (text) : NULL,
                          g_free);
}
