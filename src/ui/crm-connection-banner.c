/* crm-connection-banner.c — "the server cannot be reached" across the
 * window while the store's change feed is cut off and reconnecting
 *
 * The feed retries by itself with back-off; Try Now asks it to try at
 * once. Nothing on the pages is touched: unsaved edits stay where they are,
 * and lists and records catch up when the feed is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "Rapport"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-connection-banner.h"
#include "rapport-ui-resources.h"

struct _CrmConnectionBanner
{
  GtkWidget      parent_instance;

  GtkRevealer   *revealer;
  GtkLabel      *label;

  CrmChangeFeed *feed;
};

G_DEFINE_FINAL_TYPE (CrmConnectionBanner, crm_connection_banner, GTK_TYPE_WIDGET)

static void
update (CrmConnectionBanner *self)
{
  gboolean shown = self->feed != NULL && crm_change_feed_get_unreachable (self->feed);

  gtk_revealer_set_reveal_child (self->revealer, shown);
}

static void
on_unreachable_cb (CrmChangeFeed       *feed,
                   GParamSpec          *pspec,
                   CrmConnectionBanner *self)
{
  update (self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmConnectionBanner *self = CRM_CONNECTION_BANNER (widget);

  if (self->feed != NULL)
    crm_change_feed_reconnect_now (self->feed);
}

static void
crm_connection_banner_dispose (GObject *object)
{
  CrmConnectionBanner *self = CRM_CONNECTION_BANNER (object);

  crm_connection_banner_set_feed (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONNECTION_BANNER);

  G_OBJECT_CLASS (crm_connection_banner_parent_class)->dispose (object);
}

static void
crm_connection_banner_class_init (CrmConnectionBannerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_connection_banner_dispose;

  (void) rapport_ui_get_resource (); /* links the static library's resources in */
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-connection-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmConnectionBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmConnectionBanner, label);
  gtk_widget_class_install_action (widget_class, "connection.reconnect", NULL, reconnect_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "crmconnectionbanner");
}

static void
crm_connection_banner_init (CrmConnectionBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
crm_connection_banner_set_feed (CrmConnectionBanner *self,
                                CrmChangeFeed       *feed)
{
  g_return_if_fail (CRM_IS_CONNECTION_BANNER (self));
  g_return_if_fail (feed == NULL || CRM_IS_CHANGE_FEED (feed));

  if (self->feed == feed)
    return;
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_set_object (&self->feed, feed);
  if (feed != NULL)
    g_signal_connect (feed, "notify::unreachable", G_CALLBACK (on_unreachable_cb), self);
  update (self);
}

gboolean
crm_connection_banner_get_shown (CrmConnectionBanner *self)
{
  g_return_val_if_fail (CRM_IS_CONNECTION_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
