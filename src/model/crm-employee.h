/* crm-employee.h — an employee as the Users & Roles page shows it (U1)
 *
 * Each employee is a PostgreSQL login role (rapport.employees.login),
 * member of one group role (data/sql/0006-security.sql); the store reads
 * them from the rapport.employee_roles view with their team's name.
 * Plain values, read-only once built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The group roles, as rapport.role_of() names them. */
#define CRM_ROLE_ADMIN    "admin"
#define CRM_ROLE_HEAD     "head"
#define CRM_ROLE_MANAGER  "manager"
#define CRM_ROLE_READONLY "readonly"

/* "admin", "head", "manager", "readonly" in that order, NULL-terminated. */
const char *const *crm_role_names (void);
/* The role's name for people ("Administrator"), translated; "No access"
 * for NULL or an unknown role. */
const char        *crm_role_get_label (const char *role);
/* What the role may do, in one sentence, translated. */
const char        *crm_role_get_description (const char *role);

#define CRM_TYPE_EMPLOYEE (crm_employee_get_type ())
G_DECLARE_FINAL_TYPE (CrmEmployee, crm_employee, CRM, EMPLOYEE, GObject)

/* A new employee to add (id 0) or one read back. @role may be NULL (the
 * login has no group role, or there is no login). */
CrmEmployee *crm_employee_new (gint64      id,
                               const char *login,
                               const char *full_name,
                               const char *role,
                               gint64      team_id,
                               const char *team_name,
                               gboolean    active);
void         crm_employee_set_contacts (CrmEmployee *self,
                                        const char  *position,
                                        const char  *email,
                                        const char  *phone);

gint64       crm_employee_get_id (CrmEmployee *self);
const char  *crm_employee_get_login (CrmEmployee *self);
const char  *crm_employee_get_full_name (CrmEmployee *self);
const char  *crm_employee_get_role (CrmEmployee *self);
gint64       crm_employee_get_team_id (CrmEmployee *self);
const char  *crm_employee_get_team_name (CrmEmployee *self);
gboolean     crm_employee_get_active (CrmEmployee *self);
const char  *crm_employee_get_position (CrmEmployee *self);
const char  *crm_employee_get_email (CrmEmployee *self);
const char  *crm_employee_get_phone (CrmEmployee *self);

/* Whether @login may name a new employee's login role: lower-case Latin
 * letters, digits, ".", "-" and "_", starting with a letter or "_", at
 * most 63 characters, not rapport_… or pg_… (what
 * rapport.employee_add() accepts). FALSE with a translated message in
 * @message (may be NULL). */
gboolean     crm_employee_check_login (const char *login,
                                       char      **message);

/* A login for someone named @full_name ("Фамилия Имя Отчество"): the
 * surname in Latin letters and the initials, "sokolov.da"; NULL when
 * nothing usable is left. Transliterated as Russian passports do
 * (ж zh, х kh, ц ts, щ shch, ю iu, я ia). */
char        *crm_employee_suggest_login (const char *full_name);

G_END_DECLS
