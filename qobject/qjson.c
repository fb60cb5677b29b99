/*
 * JSON text -> QObject entry points (see include/qobject/qjson.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "json-parser-int.h"

QObject *qobject_from_json(const char *string, Error **errp)
{
    if (!string) {
        error_setg(errp, "Expecting a JSON value");
        return NULL;
    }
    return json_parser_parse(string, strlen(string), NULL, errp);
}

QObject *qobject_from_vjsonf_nofail(const char *string, va_list ap)
{
    Error *err = NULL;
    QObject *obj;
    va_list ap_copy;

    /* va_copy: the parser walks the list through a pointer */
    va_copy(ap_copy, ap);
    obj = json_parser_parse(string, strlen(string), &ap_copy, &err);
    va_end(ap_copy);
    if (!obj) {
        g_error("qobject_from_jsonf_nofail: %s in: %s",
                error_get_pretty(err), string);
    }
    return obj;
}

QObject *qobject_from_jsonf_nofail(const char *string, ...)
{
    QObject *obj;
    va_list ap;

    va_start(ap, string);
    obj = qobject_from_vjsonf_nofail(string, ap);
    va_end(ap);
    return obj;
}

QDict *qdict_from_vjsonf_nofail(const char *string, va_list ap)
{
    QObject *obj = qobject_from_vjsonf_nofail(string, ap);
    QDict *qdict = qobject_to(QDict, obj);

    if (!qdict) {
        g_error("qdict_from_jsonf_nofail: not a JSON object: %s", string);
    }
    return qdict;
}

QDict *qdict_from_jsonf_nofail(const char *string, ...)
{
    QDict *qdict;
    va_list ap;

    va_start(ap, string);
    qdict = qdict_from_vjsonf_nofail(string, ap);
    va_end(ap);
    return qdict;
}
