/* crm-screenshot.h — render a widget as it is on screen into a PNG file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* G_IO_ERROR_PENDING when the widget has nothing drawn yet: try again on
 * the next frame. */
gboolean crm_screenshot_widget (GtkWidget *widget,
                                GFile     *file,
                                GError   **error);

G_END_DECLS
