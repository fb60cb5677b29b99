/*
 * QMP commands of qapi/qom.json: qom-list, qom-get, qom-set,
 * qom-list-types, qom-list-properties, object-add, object-del, and
 * device-list-properties of qapi/qdev.json.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "hw/qdev-core.h"
#include "qobject/qdict.h"
#include "qom/object.h"
#include "qom/object_interfaces.h"
#include "qom/qom-qobject.h"

static ObjectPropertyInfo *property_info_new(ObjectProperty *prop)
{
    ObjectPropertyInfo *info = g_new0(ObjectPropertyInfo, 1);

    info->name = g_strdup(prop->name);
    info->type = g_strdup(prop->type);
    info->description = g_strdup(prop->description);
    info->default_value = prop->defval ? qobject_ref(prop->defval) : NULL;
    return info;
}

ObjectPropertyInfoList *qmp_qom_list(const char *path, Error **errp)
{
    Object *obj;
    bool ambiguous = false;
    ObjectPropertyInfoList *props = NULL, **tail = &props;
    ObjectProperty *prop;
    ObjectPropertyIterator iter;

    obj = object_resolve_path(path, &ambiguous);
    if (obj == NULL) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
        return NULL;
    }

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        QAPI_LIST_APPEND(tail, property_info_new(prop));
    }
    return props;
}

void qmp_qom_set(const char *path, const char *property, QObject *value,
                 Error **errp)
{
    Object *obj = object_resolve_path(path, NULL);

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", path);
        return;
    }
    object_property_set_qobject(obj, property, value, errp);
}

QObject *qmp_qom_get(const char *path, const char *property, Error **errp)
{
    Object *obj = object_resolve_path(path, NULL);

    if (!obj) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", path);
        return NULL;
    }
    return object_property_get_qobject(obj, property, errp);
}

static void qom_list_types_tramp(ObjectClass *klass, void *data)
{
    ObjectTypeInfoList ***tail = data;
    ObjectTypeInfo *info;
    ObjectClass *parent = object_class_get_parent(klass);

    info = g_new0(ObjectTypeInfo, 1);
    info->name = g_strdup(object_class_get_name(klass));
    info->has_abstract = info->abstract = object_class_is_abstract(klass);
    if (parent) {
        info->parent = g_strdup(object_class_get_name(parent));
    }
    QAPI_LIST_APPEND(*tail, info);
}

ObjectTypeInfoList *qmp_qom_list_types(const char *implements,
                                       bool has_abstract, bool abstract,
                                       Error **errp)
{
    ObjectTypeInfoList *ret = NULL, **tail = &ret;

    object_class_foreach(qom_list_types_tramp, implements, abstract, &tail);
    return ret;
}

/*
 * The class of argument 'typename', which must be a @parent; @what
 * names it when there is no such class.
 */
static ObjectClass *typename_class(const char *typename, const char *parent,
                                   const char *what, Error **errp)
{
    ObjectClass *klass = object_class_by_name(typename);

    if (!klass) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "%s '%s' not found",
                  what, typename);
        return NULL;
    }
    if (!object_class_dynamic_cast(klass, parent)) {
        error_setg(errp, "Parameter '%s' expects %s", "typename", parent);
        return NULL;
    }
    return klass;
}

ObjectPropertyInfoList *qmp_device_list_properties(const char *typename,
                                                   Error **errp)
{
    ObjectClass *klass;
    Object *obj;
    ObjectProperty *prop;
    ObjectPropertyIterator iter;
    ObjectPropertyInfoList *prop_list = NULL, **tail = &prop_list;

    klass = typename_class(typename, TYPE_DEVICE, "Device", errp);
    if (!klass) {
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "Parameter '%s' expects %s", "typename",
                   "non-abstract device type");
        return NULL;
    }

    obj = object_new(typename);

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        /* Properties every device has, that users do not set. */
        if (strcmp(prop->name, "type") == 0 ||
            strcmp(prop->name, "realized") == 0 ||
            strcmp(prop->name, "hotpluggable") == 0 ||
            strcmp(prop->name, "hotplugged") == 0 ||
            strcmp(prop->name, "parent_bus") == 0 ||
            g_str_has_prefix(prop->name, "legacy-")) {
            continue;
        }

        QAPI_LIST_APPEND(tail, property_info_new(prop));
    }

    object_unref(obj);
    return prop_list;
}

ObjectPropertyInfoList *qmp_qom_list_properties(const char *typename,
                                                Error **errp)
{
    ObjectClass *klass;
    Object *obj = NULL;
    ObjectProperty *prop;
    ObjectPropertyIterator iter;
    ObjectPropertyInfoList *prop_list = NULL, **tail = &prop_list;

    klass = typename_class(typename, TYPE_OBJECT, "Class", errp);
    if (!klass) {
        return NULL;
    }

    if (object_class_is_abstract(klass)) {
        object_class_property_iter_init(&iter, klass);
    } else {
        obj = object_new(typename);
        object_property_iter_init(&iter, obj);
    }
    while ((prop = object_property_iter_next(&iter))) {
        QAPI_LIST_APPEND(tail, property_info_new(prop));
    }

    object_unref(obj);
    return prop_list;
}

void qmp_object_add(QDict *qdict, QObject **ret_data, Error **errp)
{
    QDict *args = qdict_clone_shallow(qdict);
    QObject *props = qdict_get(args, "props");
    Object *obj;

    /* Older form: the properties in a "props" member. */
    if (props) {
        QDict *pdict = qobject_to(QDict, props);
        const QDictEntry *e;

        if (!pdict) {
            error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                       "props", "dict");
            qobject_unref(args);
            return;
        }
        qobject_ref(pdict);
        qdict_del(args, "props");
        for (e = qdict_first(pdict); e; e = qdict_next(pdict, e)) {
            if (qdict_haskey(args, qdict_entry_key(e))) {
                error_setg(errp, "Option in 'props' conflicts with top "
                           "level");
                qobject_unref(pdict);
                qobject_unref(args);
                return;
            }
            qdict_put_obj(args, qdict_entry_key(e),
                          qobject_ref(qdict_entry_value(e)));
        }
        qobject_unref(pdict);
    }

    obj = user_creatable_add_qdict(args, false, errp);
    object_unref(obj);
    qobject_unref(args);
}

void qmp_object_del(const char *id, Error **errp)
{
    user_creatable_del(id, errp);
}

/* 'gen': false: the generated registry calls this marshaller. */
void qmp_marshal_object_add(QDict *args, QObject **ret, Error **errp)
{
    qmp_object_add(args, ret, errp);
}
