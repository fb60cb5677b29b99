/*
 * query-qmp-schema: the marshaller written by hand ('gen': false) that
 * returns the introspection data generated from the schema.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "qapi/qapi-introspect.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"

void qmp_marshal_query_qmp_schema(QDict *args, QObject **ret, Error **errp)
{
    /* parsed once; every caller gets a reference to the same value */
    static QObject *schema;
    const QDictEntry *e = qdict_first(args);

    if (e) {
        error_setg(errp, "Parameter '%s' is unexpected", qdict_entry_key(e));
        return;
    }
    if (!schema) {
        schema = qobject_from_json(qmp_schema_json, &error_abort);
    }
    *ret = qobject_ref(schema);
}
