/* crm-test-ui.h — what the UI test programs share: waiting on the main
 * loop, the pages' ready states, saving a record page, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crm-record-page.h"
#include "crm-window.h"

G_BEGIN_DECLS

typedef gboolean (*CrmTestCondition) (gpointer data);

/* g_test_init(), the test database, GTK and libadwaita with the app's
 * style sheet; with $RAPPORT_LOCALEDIR set, translations from there
 * (screenshots in another language: LANGUAGE=ru
 * RAPPORT_LOCALEDIR=_build/po). */
void        crm_test_ui_init (int    *argc,
                              char ***argv);

/* A database of its own (crm_test_db_create (@name), its conninfo in
 * @conninfo) holding the demo data, and a context on it. */
CrmContext *crm_test_ui_open_demo (const char *name,
                                   char      **conninfo);
/* Drop what crm_test_ui_open_demo() made, taking both: the store must go
 * with @context (nothing may keep it), then the database. */
void        crm_test_ui_close_demo (CrmContext *context,
                                    char       *conninfo);

/* A 1280×860 window on @context showing @section's list once it has its
 * data. */
CrmWindow  *crm_test_open_window (CrmContext *context,
                                  const char *section);

/* The widget under @root (itself included) of @type and, unless NULL,
 * named @name; or NULL. */
GtkWidget  *crm_test_find_widget (GtkWidget  *root,
                                  GType       type,
                                  const char *name);

/* A condition: @count's model holds exactly count->n items. */
typedef struct
{
  GListModel *model;
  guint       n;
} CrmTestCount;

gboolean   crm_test_count_reached (gpointer count);

/* Run the main loop until @condition holds; fail after 30 s naming @what. */
void       crm_test_wait_until (CrmTestCondition condition,
                                gpointer         data,
                                const char      *what);

/* Conditions: a CrmListPage or CrmRecordPage shows its data; a CrmRecord
 * is loaded; an int flag is non-zero. */
gboolean   crm_test_list_page_ready (gpointer page);
gboolean   crm_test_record_page_ready (gpointer page);
gboolean   crm_test_record_loaded (gpointer record);
gboolean   crm_test_flag_set (gpointer flag);

/* Save @page as the Save button does: 1 saved, -1 refused. */
int        crm_test_save_page (CrmRecordPage *page);

/* With $RAPPORT_TEST_SCREENSHOTS set, keep what @window shows as
 * <dir>/<name>.png, for a person to look at. */
void       crm_test_keep_screenshot (CrmWindow  *window,
                                     const char *name);

/* The widget under @root (itself included) whose name is @name, or NULL. */
GtkWidget *crm_test_find_widget_named (GtkWidget  *root,
                                       const char *name);
/* The visible toplevel window of @type (a dialog), or NULL. */
GtkWidget *crm_test_find_toplevel (GType type);
/* With $RAPPORT_TEST_SCREENSHOTS set, keep what @widget (a dialog's
 * window) shows as <dir>/<name>.png once it has drawn. */
void       crm_test_keep_widget_screenshot (GtkWidget  *widget,
                                            const char *name);

G_END_DECLS
