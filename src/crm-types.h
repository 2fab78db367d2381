/* crm-types.h — forward declarations shared by every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _CrmRecord      CrmRecord;
typedef struct _CrmAccount     CrmAccount;
typedef struct _CrmContact     CrmContact;
typedef struct _CrmRecordType  CrmRecordType;
typedef struct _CrmField       CrmField;
typedef struct _CrmQuery       CrmQuery;
typedef struct _CrmStore       CrmStore;
typedef struct _CrmRecordList  CrmRecordList;
typedef struct _CrmLocalServer CrmLocalServer;
typedef struct _CrmContext     CrmContext;
typedef struct _CrmChangeFeed  CrmChangeFeed;

G_END_DECLS
