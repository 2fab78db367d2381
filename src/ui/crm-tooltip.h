/* crm-tooltip.h — tooltips that cost nothing until they are shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* As gtk_widget_set_tooltip_text(), for widgets that are bound over and
 * over (list cells, board cards, history rows): GTK 4.8 asks the display
 * where the pointer is on every gtk_widget_set_tooltip_text() call (a
 * round trip to the X server), which for the cells of one page held up
 * its first frame by 400 ms. Here the text is only kept, and given to GTK
 * when the pointer rests on the widget. NULL or "": no tooltip. */
void crm_tooltip_set_text (GtkWidget  *widget,
                           const char *text);

G_END_DECLS
